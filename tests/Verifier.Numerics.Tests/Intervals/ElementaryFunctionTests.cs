using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Intervals;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Intervals;

/// <summary>An argument of exp and the activations: anywhere in [−800, 800], with tiny, threshold and fine-grained values.</summary>
public sealed record Argument(double Value)
{
    public override string ToString() => $"{Value:R} (0x{BitConverter.DoubleToInt64Bits(Value):X16})";
}

/// <summary>A positive double of any magnitude (subnormal to MaxValue), or one next to 1.</summary>
public sealed record PositiveDouble(double Value)
{
    public override string ToString() => $"{Value:R} (0x{BitConverter.DoubleToInt64Bits(Value):X16})";
}

public static class ElementaryArbitraries
{
    private static readonly double[] Thresholds =
    [
        709.78, 709.7827128933839, 709.7827128933841, -708.39, -708.3964185322641, -745.1332191019411,
        -745.1332191019412, -744.44, -746, 710, 0.5, -0.5, 0.34657359027997264, -0.34657359027997264, 40, -40, 19.06,
    ];

    public static Arbitrary<Argument> Arguments() => Arb.From(Gen.Frequency(
        (4, IntervalGenerators.ModerateDoubles()),
        (3, from k in Gen.Choose(-800_000, 800_000) from f in Gen.Choose(0, 1 << 20) select k / 1000.0 + Math.ScaleB(f, -40)),
        (2, from m in Gen.Choose(1, 1 << 30) from e in Gen.Choose(-1074, -20) from sign in Gen.Elements(1.0, -1.0) select sign * Math.ScaleB(m, e - 30)),
        (1, from x in Gen.Elements(Thresholds) from k in Gen.Choose(-2, 2) select x + k * Math.ScaleB(Math.Abs(x), -52)))
        .Select(x => new Argument(x)));

    public static Arbitrary<PositiveDouble> PositiveDoubles() => Arb.From(Gen.Frequency(
        (4, IntervalGenerators.Doubles().Select(Math.Abs).Where(x => x > 0)),
        (2, from k in Gen.Choose(-1000, 1000) select 1.0 + k * Math.ScaleB(1.0, -52)),
        (1, Gen.Elements(double.Epsilon, double.MaxValue, 1.0, 2.0, 0.5, 0.1, 10.0, Math.Sqrt(2), Math.Sqrt(0.5))))
        .Select(x => new PositiveDouble(x)));
}

/// <summary>
/// exp, expm1, log, σ, tanh and the activation derivatives contain the exact value, computed independently
/// by <see cref="Reference"/> (exact rationals, Taylor series with exact remainders, ~2⁻²³⁰ relative), at
/// points of every regime and at points of random intervals; and they are tight enough to be useful.
/// </summary>
public class ElementaryFunctionTests
{
    private const int PointCases = 300;
    private const int IntervalCases = 100;

    private static readonly (string Name, Func<Interval, Interval> Enclosure, Func<Rational, Bracket> Exact)[] Functions =
    [
        ("exp", Interval.Exp, Reference.Exp),
        ("expm1", Interval.Expm1, Reference.Expm1),
        ("sigmoid", Interval.Sigmoid, Reference.Sigmoid),
        ("tanh", Interval.Tanh, Reference.Tanh),
        ("sigmoid'", Interval.SigmoidDerivative, Reference.SigmoidDerivative),
        ("sigmoid''", Interval.SigmoidSecondDerivative, Reference.SigmoidSecondDerivative),
        ("tanh'", Interval.TanhDerivative, Reference.TanhDerivative),
        ("tanh''", Interval.TanhSecondDerivative, Reference.TanhSecondDerivative),
    ];

    [Property(Arbitrary = new[] { typeof(ElementaryArbitraries) }, MaxTest = PointCases)]
    public Property EveryFunctionContainsTheExactValueAtAPoint(Argument x)
    {
        var point = Interval.Point(x.Value);
        var q = Rational.FromDouble(x.Value);
        foreach (var (name, enclosure, exact) in Functions)
        {
            var value = enclosure(point);
            var reference = exact(q);
            if (!Contains(value, reference))
            {
                return false.Label($"{name}({x}) = {value} misses {reference}");
            }
        }

        return true.ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(ModerateIntervalArbitraries) }, MaxTest = IntervalCases)]
    public Property EveryFunctionContainsTheExactValueAtEveryPointOfAnInterval(IntervalCase a)
    {
        foreach (var (name, enclosure, exact) in Functions)
        {
            var value = enclosure(a.Value);
            foreach (var q in a.Points())
            {
                var reference = exact(q);
                if (!Contains(value, reference))
                {
                    return false.Label($"{name}({a.Value}) = {value} misses {reference} at {q.ToDouble():R}");
                }
            }
        }

        return true.ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(ElementaryArbitraries) }, MaxTest = PointCases)]
    public Property LogContainsTheExactValue(PositiveDouble x)
    {
        // ln x ∈ [lo, hi]  ⇔  e^lo ≤ x ≤ e^hi (exp increasing), checked with the reference exp.
        var value = Interval.Log(Interval.Point(x.Value));
        var q = Rational.FromDouble(x.Value);
        bool below = Reference.Exp(Rational.FromDouble(value.Lo)).Hi <= q;
        bool above = q <= Reference.Exp(Rational.FromDouble(value.Hi)).Lo;
        return (below && above).Label($"log {x} = {value}");
    }

    [Property(Arbitrary = new[] { typeof(ModerateIntervalArbitraries) }, MaxTest = IntervalCases)]
    public Property LogOfAnIntervalContainsTheExactValueAtItsPointsOrRefusesNonPositiveOnes(IntervalCase a)
    {
        if (a.Value.Lo <= 0)
        {
            return IntervalArithmeticTests.Refuses<IntervalDomainException>(() => Interval.Log(a.Value)).Label("no exception");
        }

        var value = Interval.Log(a.Value);
        var lo = Reference.Exp(Rational.FromDouble(value.Lo)).Hi;
        var hi = Reference.Exp(Rational.FromDouble(value.Hi)).Lo;
        return a.Points().All(q => lo <= q && q <= hi).Label($"log {a.Value} = {value}");
    }

    [Property(Arbitrary = new[] { typeof(ElementaryArbitraries) }, MaxTest = PointCases)]
    public Property EnclosuresAtPointsAreAFewUlpsWide(Argument x)
    {
        var point = Interval.Point(x.Value);
        var checks = new List<(string Name, Interval Value, long Ulps)>
        {
            ("sigmoid", Interval.Sigmoid(point), IntervalTolerance.SigmoidUlps),
            ("tanh", Interval.Tanh(point), IntervalTolerance.TanhUlps),
            ("expm1", Interval.Expm1(point), IntervalTolerance.Expm1Ulps),
            ("sigmoid'", Interval.SigmoidDerivative(point), IntervalTolerance.FirstDerivativeUlps),
            ("tanh'", Interval.TanhDerivative(point), IntervalTolerance.FirstDerivativeUlps),
            ("sigmoid''", Interval.SigmoidSecondDerivative(point), IntervalTolerance.SecondDerivativeUlps),
            ("tanh''", Interval.TanhSecondDerivative(point), IntervalTolerance.SecondDerivativeUlps),
        };

        // Only where the exact value is a normal double: near underflow the ulp is absolute, and beyond
        // overflow the enclosure is necessarily [MaxValue, ∞].
        if (Math.Abs(x.Value) < 708)
        {
            checks.Add(("exp", Interval.Exp(point), IntervalTolerance.ExpUlps));
        }

        foreach (var (name, value, ulps) in checks)
        {
            bool normal = value.IsBounded && Math.Min(Math.Abs(value.Lo), Math.Abs(value.Hi)) >= Math.ScaleB(1.0, -1000);
            if (normal && Ulps.Between(value.Lo, value.Hi) > ulps)
            {
                return false.Label($"{name}({x}) = {value} is {Ulps.Between(value.Lo, value.Hi)} ulps wide (allowed {ulps})");
            }
        }

        return true.ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(ElementaryArbitraries) }, MaxTest = PointCases)]
    public Property LogAtAPointIsAFewUlpsWide(PositiveDouble x)
    {
        var value = Interval.Log(Interval.Point(x.Value));
        return (value.IsPoint || Ulps.Between(value.Lo, value.Hi) <= IntervalTolerance.LogUlps)
            .Label($"log {x} = {value} is {Ulps.Between(value.Lo, value.Hi)} ulps wide");
    }

    [Test]
    public void ExtremeArgumentsGiveTheLimitsOfTheDoubleRange()
    {
        Assert.That(Interval.Exp(Interval.Point(1000)), Is.EqualTo(new Interval(double.MaxValue, double.PositiveInfinity)));
        Assert.That(Interval.Exp(Interval.Point(-1000)), Is.EqualTo(new Interval(0, double.Epsilon)));
        var sigmoid = Interval.Sigmoid(Interval.Point(-750));
        Assert.That(sigmoid.Lo, Is.EqualTo(0.0));
        Assert.That(sigmoid.Hi, Is.GreaterThan(0.0).And.LessThan(1e-320));
        var nearOne = Interval.Sigmoid(Interval.Point(750));
        Assert.That(nearOne.Hi, Is.EqualTo(1.0));
        Assert.That(Ulps.Between(nearOne.Lo, nearOne.Hi), Is.LessThanOrEqualTo(IntervalTolerance.BasicOperationUlps), "1/(1 + [0, ε]) costs a sum and a quotient");
        Assert.That(Interval.Tanh(Interval.Point(1e308)).Hi, Is.EqualTo(1.0));
        Assert.That(Interval.Tanh(Interval.Point(1e308)).Lo, Is.LessThan(1.0), "tanh < 1 for every finite argument");
        Assert.That(Interval.Log(Interval.Point(double.Epsilon)).Contains(-744.4400719213812), Is.True);
    }

    [Test]
    public void UnboundedIntervalsMapToTheRangeOfEachFunction()
    {
        Assert.That(Interval.Exp(Interval.Entire), Is.EqualTo(new Interval(0, double.PositiveInfinity)));
        Assert.That(Interval.Exp(new Interval(double.NegativeInfinity, 0)), Is.EqualTo(new Interval(0, 1)));
        Assert.That(Interval.Expm1(Interval.Entire), Is.EqualTo(new Interval(-1, double.PositiveInfinity)));
        Assert.That(Interval.Sigmoid(Interval.Entire), Is.EqualTo(new Interval(0, 1)));
        Assert.That(Interval.Tanh(Interval.Entire), Is.EqualTo(new Interval(-1, 1)));
        Assert.That(Interval.SigmoidDerivative(Interval.Entire), Is.EqualTo(new Interval(0, 0.25)));
        Assert.That(Interval.TanhDerivative(Interval.Entire), Is.EqualTo(new Interval(0, 1)));
        Assert.That(Interval.Log(new Interval(1, double.PositiveInfinity)), Is.EqualTo(new Interval(0, double.PositiveInfinity)));
    }

    [Test]
    public void ExactValuesAtZeroAndOneArePoints()
    {
        Assert.That(Interval.Exp(Interval.Zero), Is.EqualTo(Interval.One));
        Assert.That(Interval.Log(Interval.One), Is.EqualTo(Interval.Zero));
        Assert.That(Interval.Sigmoid(Interval.Zero), Is.EqualTo(Interval.Point(0.5)));
        Assert.That(Interval.Tanh(Interval.Zero), Is.EqualTo(Interval.Zero));
        Assert.That(Interval.SigmoidDerivative(Interval.Zero), Is.EqualTo(Interval.Point(0.25)));
        Assert.That(Interval.SigmoidSecondDerivative(Interval.Zero), Is.EqualTo(Interval.Zero));
        Assert.That(Interval.TanhDerivative(Interval.Zero), Is.EqualTo(Interval.One));
    }

    [Test]
    public void LogRefusesIntervalsReachingZeroOrBelow()
    {
        Assert.That(() => Interval.Log(new Interval(0, 1)), Throws.TypeOf<IntervalDomainException>());
        Assert.That(() => Interval.Log(new Interval(-1, 1)), Throws.TypeOf<IntervalDomainException>());
        Assert.That(() => Interval.Log(Interval.Point(-2)), Throws.TypeOf<IntervalDomainException>());
    }

    [Test]
    public void TheDerivativeEnclosuresOverABoxContainTheirExtremes()
    {
        // σ″ has its minimum −√3/18 at x = ln(2 + √3) ≈ 1.317; σ′ its maximum 1/4 at 0.
        var box = new Interval(-1, 2);
        Assert.That(Interval.SigmoidDerivative(box).Contains(0.25), Is.True);
        Assert.That(Interval.SigmoidSecondDerivative(box).Lo, Is.LessThanOrEqualTo(-Math.Sqrt(3) / 18));
        Assert.That(Interval.TanhDerivative(box).Hi, Is.EqualTo(1.0));
    }

    private static bool Contains(Interval value, Bracket exact) =>
        (double.IsNegativeInfinity(value.Lo) || Rational.FromDouble(value.Lo) <= exact.Lo)
        && (double.IsPositiveInfinity(value.Hi) || exact.Hi <= Rational.FromDouble(value.Hi));
}
