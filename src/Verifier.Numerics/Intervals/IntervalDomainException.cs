namespace Verifier.Numerics.Intervals;

/// <summary>
/// An interval operation whose result is undefined somewhere on its operands (division by an interval
/// containing 0, the logarithm of an interval reaching 0 or below, the square root of one reaching below 0):
/// thrown instead of returning a NaN, an infinite or a silently wrong interval.
/// </summary>
public sealed class IntervalDomainException : ArithmeticException
{
    /// <summary>Creates the error with a default message.</summary>
    public IntervalDomainException()
        : base("An interval operation is undefined on part of its operands.")
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public IntervalDomainException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and an inner exception.</summary>
    public IntervalDomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
