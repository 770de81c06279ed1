using Verifier.Numerics.Intervals;

namespace Verifier.Numerics.Rigorous;

/// <summary>
/// An approximate inverse Y ≈ mid(J)⁻¹ of the midpoint of a symmetric interval matrix, in doubles: the preconditioner
/// of Krawczyk's test. Any Y keeps that test sound; a good one makes the Krawczyk image small.
/// </summary>
public static class ApproximateInverse
{
    /// <summary>
    /// A pivot of at most this fraction of the largest entry of mid(J) counts as zero, so the matrix as singular. It
    /// is about 450·ε: Gauss–Jordan elimination with partial pivoting on an n×n matrix carries rounding errors of a few
    /// n·ε relative to the largest entry, so a pivot of that order is indistinguishable from rounding noise; it is a
    /// condition number beyond about 10¹³, where the computed inverse has no correct digit left and I − Y·J would not
    /// be small enough for the Krawczyk image to fall inside the box anyway.
    /// </summary>
    public const double SingularPivotFactor = 1e-13;

    /// <summary>
    /// Y ≈ mid(J)⁻¹ for a symmetric interval matrix J of which only the upper triangle is read, by Gauss–Jordan
    /// elimination with partial pivoting in doubles; null when mid(J) is zero, not finite or (numerically) singular
    /// (a pivot at most <see cref="SingularPivotFactor"/> times its largest entry), or when the inverse overflows the
    /// double range (an entry of Y would not be finite).
    /// </summary>
    /// <exception cref="ArgumentException">J is not square.</exception>
    public static double[,]? OfMidpoint(Interval[,] j)
    {
        ArgumentNullException.ThrowIfNull(j);
        int p = j.GetLength(0);
        if (p != j.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {p}×{j.GetLength(1)}; an inverse needs a square matrix.", nameof(j));
        }

        var a = new double[p, 2 * p];
        double scale = 0;
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                a[r, c] = j[Math.Min(r, c), Math.Max(r, c)].Midpoint;
                scale = Math.Max(scale, Math.Abs(a[r, c]));
            }

            a[r, p + r] = 1;
        }

        if (scale == 0 || !double.IsFinite(scale))
        {
            return null;
        }

        for (int c = 0; c < p; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < p; r++)
            {
                if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[pivot, c]) <= SingularPivotFactor * scale)
            {
                return null;
            }

            for (int k = 0; k < 2 * p; k++)
            {
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            }

            double inv = 1 / a[c, c];
            for (int k = 0; k < 2 * p; k++)
            {
                a[c, k] *= inv;
            }

            for (int r = 0; r < p; r++)
            {
                if (r == c || a[r, c] == 0)
                {
                    continue;
                }

                double f = a[r, c];
                for (int k = 0; k < 2 * p; k++)
                {
                    a[r, k] -= f * a[c, k];
                }
            }
        }

        var y = new double[p, p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                y[r, c] = a[r, p + c];
                if (!double.IsFinite(y[r, c]))
                {
                    // The inverse overflowed (a tiny but non-negligible pivot, e.g. a saturated activation's
                    // curvature): no preconditioner in doubles, which the caller reports as precision exhausted.
                    return null;
                }
            }
        }

        return y;
    }
}
