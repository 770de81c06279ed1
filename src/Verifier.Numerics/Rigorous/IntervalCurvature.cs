using Verifier.Numerics.Eigen;
using Verifier.Numerics.Intervals;

namespace Verifier.Numerics.Rigorous;

/// <summary>Enclosures of the curvature dᵀ·H·d along a fixed direction d over every symmetric H of an interval enclosure.</summary>
public static class IntervalCurvature
{
    /// <summary>
    /// An enclosure of dᵀ·H·d over every symmetric H in <paramref name="h"/> (upper triangle read): its upper end below
    /// 0 proves negative curvature along d over the whole enclosure, its lower end above 0 positive curvature.
    /// </summary>
    /// <exception cref="ArgumentException">H is not square of the direction's dimension.</exception>
    public static Interval Along(Interval[,] h, IReadOnlyList<double> d)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(d);
        int p = d.Count;
        if (h.GetLength(0) != p || h.GetLength(1) != p)
        {
            throw new ArgumentException($"The enclosure is {h.GetLength(0)}×{h.GetLength(1)} but the direction has {p} entries.", nameof(d));
        }

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

    /// <summary>
    /// A direction of proved curvature sign over the whole enclosure: the eigenvector of the smallest (sign &lt; 0) or
    /// largest (sign &gt; 0) eigenvalue of the midpoint matrix (upper triangle read), kept when dᵀHd excludes 0 with that
    /// sign over every H in <paramref name="h"/>; null otherwise. The float eigen-solver only proposes the direction.
    /// </summary>
    /// <returns>The unit direction and the proved bound (the upper end of dᵀHd when negative, the lower end when positive).</returns>
    public static (double[] Direction, double Bound)? ProvedDirection(Interval[,] h, int sign, ISymmetricEigenSolver solver)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(solver);
        int p = h.GetLength(0);
        var mid = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                mid[i, j] = h[Math.Min(i, j), Math.Max(i, j)].Midpoint;
            }
        }

        var d = solver.Decompose(mid, vectors: true).Vector(sign < 0 ? 0 : p - 1);
        var q = Along(h, d);
        return sign < 0 ? (q.Hi < 0 ? (d, q.Hi) : null) : (q.Lo > 0 ? (d, q.Lo) : null);
    }
}
