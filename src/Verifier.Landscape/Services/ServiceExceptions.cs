using System.Globalization;
using Verifier.Numerics.Eigen;

namespace Verifier.Landscape.Services;

/// <summary>
/// A matrix-free computation (Krylov vectors plus the kept passes of the Hessian-vector products) would need more
/// memory than is available: refused before anything is allocated. The message says how much and for what.
/// </summary>
public sealed class MatrixFreeTooLargeException : Exception
{
    /// <summary>Creates the exception with the numbers behind it.</summary>
    /// <param name="krylovBytes">The bytes of the Krylov vectors.</param>
    /// <param name="what">What those vectors are, e.g. "a basis of 20 vectors of P = 9".</param>
    /// <param name="passesBytes">The bytes of the passes kept for the products.</param>
    /// <param name="samples">The samples the passes run over.</param>
    /// <param name="availableBytes">The bytes available.</param>
    public MatrixFreeTooLargeException(long krylovBytes, string what, long passesBytes, int samples, long availableBytes)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"needs about {DenseHessianBudget.Format(krylovBytes + passesBytes)} here ({DenseHessianBudget.Format(krylovBytes)} for {what}; {DenseHessianBudget.Format(passesBytes)} for the passes over {samples} samples) and {DenseHessianBudget.Format(availableBytes)} is available"))
    {
        RequiredBytes = krylovBytes + passesBytes;
        AvailableBytes = availableBytes;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public MatrixFreeTooLargeException()
        : base("needs more memory than is available")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public MatrixFreeTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MatrixFreeTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The bytes needed.</summary>
    public long RequiredBytes { get; }

    /// <summary>The bytes available.</summary>
    public long AvailableBytes { get; }
}

/// <summary>
/// A float64 computation on an instance produced a number that is not finite: the instance's numbers are too large
/// for double precision at its point. A property of the input, not a bug; the message says which step failed.
/// </summary>
public sealed class DoublePrecisionException : ArithmeticException
{
    /// <summary>Creates the exception with a default message.</summary>
    public DoublePrecisionException()
        : base("not representable in double precision")
    {
    }

    /// <summary>Creates the exception; the message names the step, e.g. "cannot form the Hessian in double precision: …".</summary>
    /// <param name="message">The message.</param>
    public DoublePrecisionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the arithmetic failure behind it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DoublePrecisionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The instance is outside what a service handles (e.g. a non-linear network for the deep linear theory); the message says what it needs.</summary>
public sealed class UnsupportedInstanceException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public UnsupportedInstanceException()
        : base("the instance is not supported")
    {
    }

    /// <summary>Creates the exception; the message starts with "needs", e.g. "needs a linear network without biases (…)".</summary>
    /// <param name="message">The message.</param>
    public UnsupportedInstanceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnsupportedInstanceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
