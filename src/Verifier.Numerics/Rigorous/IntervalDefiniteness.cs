using Verifier.Numerics.Exact;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Numerics.Rigorous;

/// <summary>
/// An exact, sufficient test that every symmetric matrix in an interval enclosure H (upper triangle read) is positive
/// or negative definite.
/// </summary>
/// <remarks>
/// With the midpoint matrix M and the radius matrix R (|H − M| ≤ R entrywise, both rational: the endpoints are
/// doubles), every eigenvalue of every symmetric H in the enclosure lies within ‖H − M‖₂ ≤ ‖R‖_F ≤ r of one of M's
/// (Weyl). So ±M − r·I positive definite proves that every H is positive (negative) definite. The bound r is a
/// rational upper bound of √(Σ R²ᵢⱼ). Whether ±M − r·I is positive definite is decided by a floating Cholesky
/// certificate checked a posteriori in outward-rounded interval arithmetic (<see cref="CholeskyCertificate"/>), and,
/// only when that cannot decide, by exact rational inertia (Sylvester's law).
/// </remarks>
public static class IntervalDefiniteness
{
    /// <summary>
    /// Above this order the test is not attempted and the answer is <see cref="Definiteness.Inconclusive"/>, with a
    /// reason that says the test was skipped. The floating certificate (<see cref="CholeskyCertificate"/>) costs about
    /// p³ double operations and p³·2/3 outward-rounded ones; measured on tanh-network Hessian enclosures on a 2-core
    /// x86-64 container (median of 3): 0.25 s at p = 300, 1.2 s at 600, 5.4 s at 1000. The exact rational elimination
    /// behind it runs only when the certificate cannot decide, under the caller's work budget; a caller reports a
    /// skipped or unfinished test as such, never as "not definite".
    /// </summary>
    public const int MaxOrder = 1000;

    /// <summary>
    /// Whether every symmetric matrix in <paramref name="h"/> (upper triangle read) is definite with sign
    /// <paramref name="sign"/> (+1 positive, −1 negative): proved, not proved, or inconclusive when the order exceeds
    /// <see cref="MaxOrder"/> or an entry is unbounded.
    /// </summary>
    /// <param name="h">The enclosure; only its upper triangle is read.</param>
    /// <param name="sign">+1 for positive definite, −1 for negative definite.</param>
    /// <param name="budget">Charged by the exact elimination before each pivot step, or null for no limit.</param>
    /// <exception cref="ArgumentException">H is not square.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sign is neither +1 nor −1.</exception>
    /// <exception cref="Budgets.WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Definiteness Test(Interval[,] h, int sign, Budgets.WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (sign is not (1 or -1))
        {
            throw new ArgumentOutOfRangeException(nameof(sign), $"The sign must be +1 or −1, not {sign}.");
        }

        int p = h.GetLength(0);
        if (p != h.GetLength(1))
        {
            throw new ArgumentException($"The enclosure is {p}×{h.GetLength(1)}; definiteness needs a square matrix.", nameof(h));
        }

        if (p > MaxOrder)
        {
            return new Definiteness.Inconclusive(sign,
                $"the exact definiteness test was skipped: the matrix has order {p}, above the test's limit of {MaxOrder}");
        }

        var m = new Rational[p, p];
        Rational sumSquares = Rational.Zero;
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                var cell = h[Math.Min(i, j), Math.Max(i, j)];
                if (!cell.IsBounded)
                {
                    return new Definiteness.Inconclusive(sign,
                        $"the exact definiteness test was skipped: entry ({Math.Min(i, j)}, {Math.Max(i, j)}) of the enclosure is unbounded");
                }

                var lo = Rational.FromDouble(cell.Lo);
                var hi = Rational.FromDouble(cell.Hi);
                var mid = (lo + hi) / 2;
                var r = hi - mid;
                m[i, j] = sign * mid;
                sumSquares += r * r;
            }
        }

        var bound = UpperSquareRoot(sumSquares);
        for (int i = 0; i < p; i++)
        {
            m[i, i] -= bound;
        }

        // First the floating certificate, checked in outward-rounded arithmetic over an enclosure of the exact ±M − r·I:
        // either of its proofs is a proof about that exact matrix. Only when it cannot decide (an eigenvalue within
        // rounding of 0) does the exact elimination run.
        var target = new Interval[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = i; j < p; j++)
            {
                target[i, j] = Interval.FromRational(m[i, j]);
            }
        }

        switch (CholeskyCertificate.Decide(target, budget))
        {
            case CholeskyVerdict.PositiveDefinite:
                return new Definiteness.Proved(sign, bound);
            case CholeskyVerdict.NotPositiveDefinite:
                return new Definiteness.NotProved(sign, bound);
        }

        return ExactLinearAlgebra.Inertia(m, budget).IsPositiveDefinite
            ? new Definiteness.Proved(sign, bound)
            : new Definiteness.NotProved(sign, bound);
    }

    /// <summary>The growth factor of the search for a rational r ≥ √s from a double guess: 1.001 per step overshoots √s by at most 0.1%.</summary>
    private static readonly Rational SquareRootStep = new(1001, 1000);

    // A rational r ≥ √s: the double square root one ulp up, raised by SquareRootStep until its square reaches s.
    private static Rational UpperSquareRoot(Rational s)
    {
        if (s.IsZero)
        {
            return Rational.Zero;
        }

        double guess = Math.Sqrt(s.ToDouble());
        var r = Rational.FromDouble(Math.BitIncrement(guess));
        while (r * r < s)
        {
            r *= SquareRootStep;
        }

        return r;
    }
}
