using Verifier.Numerics.Exact;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// The rigorous tests every proof and every certificate check rests on: boxes around exact points, the Krawczyk
/// image, definiteness of interval Hessians and interval curvature bounds. Intervals and rationals only.
/// </summary>
public static class Rigorous
{
    /// <summary>Above this many parameters the exact definiteness test (rational elimination) is not attempted.</summary>
    public const int MaxExactDefinitenessParameters = 300;

    /// <summary>The box [cₖ − r, cₖ + r] around an exact centre, rounded outward to doubles.</summary>
    public static Interval[] Box(IReadOnlyList<Rational> center, Rational radius)
    {
        ArgumentNullException.ThrowIfNull(center);
        var box = new Interval[center.Count];
        for (int k = 0; k < box.Length; k++)
        {
            box[k] = new Interval(Interval.FromRational(center[k] - radius).Lo, Interval.FromRational(center[k] + radius).Hi);
        }

        return box;
    }

    /// <summary>True when every component of <paramref name="inner"/> lies in the interior of <paramref name="outer"/>.</summary>
    public static bool InInterior(IReadOnlyList<Interval> inner, IReadOnlyList<Interval> outer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(outer);
        for (int k = 0; k < inner.Count; k++)
        {
            if (!(outer[k].Lo < inner[k].Lo && inner[k].Hi < outer[k].Hi))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Proves that every symmetric matrix in the enclosure has the sign pattern asked for: positive definite
    /// (sign +1) or negative definite (−1). Exact: with midpoint M and radius matrix R (|H − M| ≤ R entrywise),
    /// every eigenvalue of every H moves from M's by at most ‖R‖_F ≤ r, so ±M − r·I positive definite (exact
    /// rational inertia) proves the claim.
    /// </summary>
    public static bool IsDefinite(Interval[,] h, int sign)
    {
        ArgumentNullException.ThrowIfNull(h);
        int p = h.GetLength(0);
        if (p > MaxExactDefinitenessParameters)
        {
            return false;
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
                    return false;
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

        return ExactLinearAlgebra.Inertia(m).IsPositiveDefinite;
    }

    /// <summary>An upper bound of dᵀ·H·d (sign −1: proves negative curvature over the box) or a lower bound (sign +1).</summary>
    public static Interval Curvature(Interval[,] h, IReadOnlyList<double> d)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(d);
        int p = d.Count;
        var sum = Interval.Zero;
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                sum += Interval.Point(d[i]) * h[Math.Min(i, j), Math.Max(i, j)] * Interval.Point(d[j]);
            }
        }

        return sum;
    }

    // A rational r ≥ √s.
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
            r *= new Rational(1001, 1000);
        }

        return r;
    }

    /// <summary>
    /// The Krawczyk image K(X) = M − Y·g(M) + (I − Y·J)·(X − M) for point enclosures M ⊆ X, the gradient enclosure
    /// g(M), a Hessian enclosure J over X (upper triangle read) and any preconditioner Y.
    /// </summary>
    /// <exception cref="ArgumentException">Some component of M is not inside X (the theorem needs m ∈ X).</exception>
    public static Interval[] KrawczykImage(Interval[] m, Interval[] gm, Interval[,] j, Interval[] x, double[,] y)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(x);
        int p = m.Length;
        for (int k = 0; k < p; k++)
        {
            if (!x[k].Contains(m[k]))
            {
                throw new ArgumentException($"The point's enclosure is not inside the box in coordinate {k}: the box is too small.", nameof(m));
            }
        }

        var result = new Interval[p];
        for (int r = 0; r < p; r++)
        {
            // (m − Y·g(m))_r
            var acc = m[r];
            for (int c = 0; c < p; c++)
            {
                acc -= Interval.Point(y[r, c]) * gm[c];
            }

            // ((I − Y·J)(X − m))_r
            for (int c = 0; c < p; c++)
            {
                var entry = r == c ? Interval.One : Interval.Zero;
                for (int k = 0; k < p; k++)
                {
                    entry -= Interval.Point(y[r, k]) * j[Math.Min(k, c), Math.Max(k, c)];
                }

                acc += entry * (x[c] - m[c]);
            }

            result[r] = acc;
        }

        return result;
    }
}
