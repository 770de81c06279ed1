using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Numerics.Rigorous;

/// <summary>Boxes (vectors of intervals) around exact rational points, and the interior test Krawczyk's theorem needs.</summary>
public static class IntervalBox
{
    /// <summary>The box [cₖ − r, cₖ + r] around an exact centre c, each endpoint rounded outward to a double.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The radius is negative.</exception>
    public static Interval[] Around(IReadOnlyList<Rational> center, Rational radius)
    {
        ArgumentNullException.ThrowIfNull(center);
        if (radius.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(radius), $"The radius {radius} is negative.");
        }

        var box = new Interval[center.Count];
        for (int k = 0; k < box.Length; k++)
        {
            box[k] = new Interval(Interval.FromRational(center[k] - radius).Lo, Interval.FromRational(center[k] + radius).Hi);
        }

        return box;
    }

    /// <summary>True when every component of <paramref name="inner"/> lies in the interior of the same component of <paramref name="outer"/>.</summary>
    /// <exception cref="ArgumentException">The boxes have different dimensions.</exception>
    public static bool InInterior(IReadOnlyList<Interval> inner, IReadOnlyList<Interval> outer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(outer);
        if (inner.Count != outer.Count)
        {
            throw new ArgumentException($"The boxes have dimensions {inner.Count} and {outer.Count}.", nameof(inner));
        }

        for (int k = 0; k < inner.Count; k++)
        {
            if (!(outer[k].Lo < inner[k].Lo && inner[k].Hi < outer[k].Hi))
            {
                return false;
            }
        }

        return true;
    }
}
