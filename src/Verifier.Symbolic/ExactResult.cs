namespace Verifier.Symbolic;

/// <summary>
/// The outcome of evaluating an expression exactly at a rational point: a rational value, a value the exact
/// path cannot express as a rational, or a point where the expression is undefined.
/// </summary>
public abstract record ExactResult
{
    private ExactResult()
    {
    }

    /// <summary>Whether this is a <see cref="Value"/>; only the nested cases can implement it, which keeps the union closed.</summary>
    private protected abstract bool IsRational { get; }

    /// <summary>Returns the rational value when there is one.</summary>
    public bool TryGetValue(out Rational value)
    {
        if (this is Value v)
        {
            value = v.Number;
            return true;
        }

        value = Rational.Zero;
        return false;
    }

    /// <summary>The exact rational value of the expression at the point.</summary>
    /// <param name="Number">The exact value.</param>
    public sealed record Value(Rational Number) : ExactResult
    {
        private protected override bool IsRational => true;
    }

    /// <summary>
    /// A value the exact path cannot certify as rational: it involves a transcendental such as e^c for a
    /// rational c ≠ 0 (irrational by Lindemann's theorem). Whether it is defined is not decided either,
    /// e.g. ln(e^x − e^y) at x = y.
    /// </summary>
    /// <param name="Reason">Which subexpression left the rationals, e.g. "exp(1) is irrational".</param>
    public sealed record NotRational(string Reason) : ExactResult
    {
        private protected override bool IsRational => false;
    }

    /// <summary>
    /// The expression has no value at the point: a division by zero, a logarithm of a non-positive number, or
    /// the Heaviside step at exactly 0 (the ReLU kink).
    /// </summary>
    /// <param name="Reason">Why the value is undefined.</param>
    public sealed record Undefined(string Reason) : ExactResult
    {
        private protected override bool IsRational => false;
    }
}
