using Verifier.Symbolic;

namespace Verifier.Numerics.Rigorous;

/// <summary>
/// The outcome of the exact test that every symmetric matrix in an interval enclosure is positive (sign +1) or
/// negative (sign −1) definite: proved, not proved, or not attempted, with its reason.
/// </summary>
public abstract record Definiteness
{
    private Definiteness()
    {
    }

    /// <summary>Every symmetric matrix in the enclosure is definite with the sign asked for.</summary>
    /// <param name="Sign">+1 (positive definite) or −1 (negative definite).</param>
    /// <param name="RadiusBound">The rational bound r ≥ ‖R‖_F of the radius matrix R that ±mid − r·I cleared.</param>
    public sealed record Proved(int Sign, Rational RadiusBound) : Definiteness;

    /// <summary>
    /// The test ran and ±mid − r·I is not positive definite: the enclosure may hold a matrix that is not definite, or
    /// it is too wide for this sufficient test.
    /// </summary>
    /// <param name="Sign">+1 (positive definite) or −1 (negative definite).</param>
    /// <param name="RadiusBound">The rational bound r ≥ ‖R‖_F of the radius matrix R.</param>
    public sealed record NotProved(int Sign, Rational RadiusBound) : Definiteness;

    /// <summary>The test was not attempted; <paramref name="Reason"/> says why (the order beyond the limit, an unbounded entry).</summary>
    /// <param name="Sign">+1 (positive definite) or −1 (negative definite).</param>
    /// <param name="Reason">Why the test was skipped, in one clause.</param>
    public sealed record Inconclusive(int Sign, string Reason) : Definiteness;
}
