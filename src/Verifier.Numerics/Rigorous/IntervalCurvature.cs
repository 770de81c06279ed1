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
}
