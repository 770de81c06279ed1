using FsCheck;
using FsCheck.Fluent;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Intervals;

/// <summary>A random interval with the exact points of it that a property checks (endpoints, exact midpoint, an interior double).</summary>
public sealed record IntervalCase(Interval Value, double Inner)
{
    /// <summary>The finite endpoints, the exact midpoint when both are finite, and the interior double, as exact rationals.</summary>
    public IEnumerable<Rational> Points()
    {
        var points = new List<Rational>();
        if (double.IsFinite(Value.Lo))
        {
            points.Add(Rational.FromDouble(Value.Lo));
        }

        if (double.IsFinite(Value.Hi))
        {
            points.Add(Rational.FromDouble(Value.Hi));
        }

        if (Value.IsBounded)
        {
            points.Add((Rational.FromDouble(Value.Lo) + Rational.FromDouble(Value.Hi)) / 2);
        }

        points.Add(Rational.FromDouble(Inner));
        return points.Distinct();
    }

    /// <summary>The finite endpoints and the interior double, as doubles.</summary>
    public IEnumerable<double> DoublePoints() =>
        new[] { Value.Lo, Value.Hi, Inner }.Where(double.IsFinite).Distinct();

    public override string ToString() =>
        $"{Value} (bits 0x{BitConverter.DoubleToInt64Bits(Value.Lo):X16}, 0x{BitConverter.DoubleToInt64Bits(Value.Hi):X16}), inner {Inner:R}";
}

/// <summary>A random finite double of any magnitude (the symbolic suite's FiniteDouble has its own assembly).</summary>
public sealed record AnyDouble(double Value)
{
    public override string ToString() => $"{Value:R} (0x{BitConverter.DoubleToInt64Bits(Value):X16})";
}

/// <summary>
/// FsCheck generators of doubles and intervals that reach every regime: random bit patterns (huge, tiny and
/// subnormal magnitudes), special values (±0, ±1, ±MaxValue, ±ε, the normal/subnormal boundary), short
/// decimals and dyadics (exact sums and products), values next to 1, and occasional infinite endpoints.
/// </summary>
public static class IntervalGenerators
{
    private static readonly double[] Specials =
    [
        0.0, -0.0, 1.0, -1.0, 2.0, 0.5, double.MaxValue, -double.MaxValue, double.Epsilon, -double.Epsilon,
        Math.ScaleB(1.0, -1022), -Math.ScaleB(1.0, -1022), Math.BitDecrement(Math.ScaleB(1.0, -1022)),
        Math.ScaleB(1.0, 1023), Math.ScaleB(1.0, -537), 1e308, -1e-308, 0.1, -0.1, 3.0,
    ];

    /// <summary>Finite doubles from every regime.</summary>
    public static Gen<double> Doubles() => Gen.Frequency(
        (4, RandomBits().Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite)),
        (2, Gen.Elements(Specials)),
        (3, from k in Gen.Choose(-2000, 2000) from e in Gen.Choose(-8, 8) select Math.ScaleB(k, e)),
        (2, from k in Gen.Choose(-1000, 1000) select k / 10.0),
        (2, from k in Gen.Choose(-8, 8) from sign in Gen.Elements(1.0, -1.0) select sign * (1.0 + k * Math.ScaleB(1.0, -52))),
        (2, (from m in Gen.Choose(1, 1 << 20) from e in Gen.Choose(-1074, 1023) from sign in Gen.Elements(1.0, -1.0) select sign * Math.ScaleB(m, e - 20))
            .Where(double.IsFinite)));

    /// <summary>Doubles of moderate size, where the elementary functions are neither 0 nor overflowing.</summary>
    public static Gen<double> ModerateDoubles() => Gen.Frequency(
        (4, from k in Gen.Choose(-2_000_000, 2_000_000) select k / 10_000.0),
        (2, from k in Gen.Choose(-1000, 1000) select k / 10.0),
        (2, from m in Gen.Choose(1, 1 << 30) from e in Gen.Choose(-80, 0) from sign in Gen.Elements(1.0, -1.0) select sign * Math.ScaleB(m, e - 30)),
        (1, Gen.Elements(0.0, 1.0, -1.0, 0.5, -0.5, 1e-300, -1e-300, double.Epsilon)));

    /// <summary>Intervals: two doubles sorted, a point, a narrow interval, or one with infinite endpoints.</summary>
    public static Gen<IntervalCase> Intervals(Gen<double> doubles, bool infinite) =>
        from a in doubles
        from b in doubles
        from ulps in Gen.Choose(0, 4)
        from shape in infinite
            ? Gen.Frequency((5, Gen.Constant(0)), (2, Gen.Constant(1)), (2, Gen.Constant(2)), (1, Gen.Constant(3)))
            : Gen.Frequency((5, Gen.Constant(0)), (2, Gen.Constant(1)), (2, Gen.Constant(2)))
        from side in Gen.Choose(0, 2)
        from t in Gen.Choose(0, 1000)
        let value = shape switch
        {
            0 => new Interval(Math.Min(a, b), Math.Max(a, b)),
            1 => Interval.Point(a),
            2 => new Interval(a, Step(a, ulps)),
            _ => side switch
            {
                0 => new Interval(double.NegativeInfinity, a),
                1 => new Interval(a, double.PositiveInfinity),
                _ => Interval.Entire,
            },
        }
        select new IntervalCase(value, Inside(value, b, t));

    public static Arbitrary<AnyDouble> AnyDoubles() => Arb.From(Doubles().Select(x => new AnyDouble(x)));

    public static Arbitrary<IntervalCase> IntervalCases() => Arb.From(Intervals(Doubles(), infinite: true));

    private static double Step(double x, int ulps)
    {
        for (int i = 0; i < ulps && x < double.MaxValue; i++)
        {
            x = Math.BitIncrement(x);
        }

        return x;
    }

    // A double inside the interval: a convex combination for bounded ones, the other drawn double clamped in otherwise.
    private static double Inside(Interval v, double other, int t)
    {
        if (v.IsBounded)
        {
            double w = t / 1000.0;
            double x = v.Lo * (1 - w) + v.Hi * w;
            return double.IsFinite(x) ? Math.Clamp(x, v.Lo, v.Hi) : v.Midpoint;
        }

        return Math.Clamp(other, Math.Max(v.Lo, -double.MaxValue), Math.Min(v.Hi, double.MaxValue));
    }

    private static Gen<long> RandomBits() =>
        from a in Gen.Choose(0, 0xFFFF)
        from b in Gen.Choose(0, 0xFFFF)
        from c in Gen.Choose(0, 0xFFFF)
        from d in Gen.Choose(0, 0xFFFF)
        select (long)(((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d);
}

/// <summary>Arbitraries of moderate intervals (for the elementary functions), registered separately.</summary>
public static class ModerateIntervalArbitraries
{
    public static Arbitrary<IntervalCase> IntervalCases() => Arb.From(IntervalGenerators.Intervals(IntervalGenerators.ModerateDoubles(), infinite: false));

    public static Arbitrary<AnyDouble> AnyDoubles() => Arb.From(IntervalGenerators.ModerateDoubles().Select(x => new AnyDouble(x)));
}
