using Verifier.Symbolic;
using Interval = Verifier.Numerics.Intervals.Interval;

namespace Verifier.Numerics.Tests.Intervals;

/// <summary>
/// π, sin and cos enclosures: against exact oracles (π's first 50 decimals, sin(π/6) = 1/2, sin² + cos² = 1, the
/// values at 0 and π), against the runtime's sin and cos on seeded random points and intervals, and for tightness.
/// </summary>
public class TrigonometricTests
{
    /// <summary>Seed of the random points (printed in the failure messages).</summary>
    private const int Seed = 20170101;

    /// <summary>Random points and intervals drawn per test.</summary>
    private const int Draws = 20000;

    /// <summary>
    /// How far (in ulps of the result) the runtime's Math.Sin and Math.Cos may be from the exact value: they are
    /// documented to no bound, but are within one ulp on every platform we run; containment is checked after widening
    /// the enclosure by this many ulps (the enclosure itself is never widened when it is used).
    /// </summary>
    private const int RuntimeUlps = 1;

    /// <summary>
    /// Width of a point enclosure, in ulps of 1 (absolute, since sin and cos vanish at irrational points): the reduced
    /// argument is a few ulps of |x| − k·C1 wide plus k times the 2⁻⁸⁵-wide C2, and the Horner evaluation adds a few
    /// roundings of numbers below 1; for |x| ≤ 100 that is a handful of ulps of 1, and 128 leaves a wide margin while
    /// still catching a reduction that loses precision in proportion to |x| (which gave 128 ulps at |x| ≈ 74).
    /// </summary>
    private const double PointWidthUlpsOfOne = 128;

    // π to 50 decimals (truncated): a well-known constant, an exact oracle for the rational bounds.
    private static readonly Rational Pi50 = Rational.Parse("3.14159265358979323846264338327950288419716939937510");

    [Test]
    public void PisRationalBoundsBracketPiTightly()
    {
        var (lower, upper) = Interval.PiRationalBounds;
        var ulp50 = Rational.Parse("0.00000000000000000000000000000000000000000000000001");
        Assert.That(lower < Pi50 + ulp50, Is.True, "π < π₅₀ + 10⁻⁵⁰, so the lower bound is below it");
        Assert.That(upper > Pi50, Is.True, "π > π₅₀, so the upper bound is above it");
        Assert.That(upper - lower < Rational.Parse("0.0000000000000000000000000000000000000001"), Is.True, "within 10⁻⁴⁰");
        Assert.That(Interval.Pi.Contains(Pi50), Is.True);
        Assert.That(Interval.Pi.Lo, Is.EqualTo(Math.PI), "Math.PI is the double just below π");
        Assert.That(Interval.Pi.Hi, Is.EqualTo(Math.BitIncrement(Math.PI)));
    }

    [Test]
    public void ExactValuesAreEnclosed()
    {
        var pi = Interval.Pi;
        Assert.That(Interval.Sin(pi / Interval.Point(6)).Contains(0.5), Is.True, "sin(π/6) = 1/2");
        Assert.That(Interval.Cos(pi / Interval.Point(3)).Contains(0.5), Is.True, "cos(π/3) = 1/2");
        Assert.That(Interval.Sin(pi).Contains(0.0), Is.True, "sin π = 0");
        Assert.That(Interval.Cos(pi).Contains(-1.0), Is.True, "cos π = −1");
        Assert.That(Interval.Sin(Interval.Zero), Is.EqualTo(Interval.Zero), "sin 0 = 0 exactly");
        Assert.That(Interval.Cos(Interval.Zero).Contains(1.0), Is.True, "cos 0 = 1");
        Assert.That(Interval.Sin(pi * Interval.Point(0.5)).Contains(1.0), Is.True, "sin π/2 = 1");
        Assert.That(Interval.Sin(pi * Interval.Point(-0.5)).Contains(-1.0), Is.True, "sin(−π/2) = −1");
        var quarter = Interval.Sin(pi / Interval.Point(4));
        Assert.That(Interval.Square(quarter).Contains(0.5), Is.True, "sin²(π/4) = 1/2");
    }

    [Test]
    public void SineSquaredPlusCosineSquaredContainsOne()
    {
        var rng = new Random(Seed);
        for (int k = 0; k < Draws; k++)
        {
            double x = (rng.NextDouble() - 0.5) * 200;
            var a = Interval.Point(x);
            var sum = Interval.Square(Interval.Sin(a)) + Interval.Square(Interval.Cos(a));
            Assert.That(sum.Contains(1.0), Is.True, $"x = {x:R} (seed {Seed}): sin² + cos² = {sum}");
        }
    }

    [Test]
    public void PointEnclosuresHoldTheRuntimesValuesAndAreTight()
    {
        var rng = new Random(Seed + 1);
        for (int k = 0; k < Draws; k++)
        {
            double x = k % 3 == 0 ? (rng.NextDouble() - 0.5) * 200 : rng.NextDouble() * Math.PI;
            var s = Interval.Sin(Interval.Point(x));
            var c = Interval.Cos(Interval.Point(x));
            Assert.That(Widened(s).Contains(Math.Sin(x)), Is.True, $"sin {x:R} (seed {Seed + 1}): {s} vs {Math.Sin(x):R}");
            Assert.That(Widened(c).Contains(Math.Cos(x)), Is.True, $"cos {x:R} (seed {Seed + 1}): {c} vs {Math.Cos(x):R}");
            double allowed = PointWidthUlpsOfOne * Math.ScaleB(1.0, -52);
            Assert.That(s.Width <= allowed && c.Width <= allowed, Is.True, $"x = {x:R}: widths {s.Width:E2}, {c.Width:E2}");
        }
    }

    [Test]
    public void IntervalImagesHoldEveryPointsValue()
    {
        var rng = new Random(Seed + 2);
        for (int k = 0; k < Draws / 10; k++)
        {
            double lo = (rng.NextDouble() - 0.5) * 20;
            double hi = lo + (rng.NextDouble() * (k % 2 == 0 ? 0.1 : 7));
            var a = new Interval(lo, hi);
            var s = Widened(Interval.Sin(a));
            var c = Widened(Interval.Cos(a));
            for (int t = 0; t <= 16; t++)
            {
                double x = lo + ((hi - lo) * t / 16);
                Assert.That(s.Contains(Math.Sin(x)), Is.True, $"sin on {a} at {x:R} (seed {Seed + 2})");
                Assert.That(c.Contains(Math.Cos(x)), Is.True, $"cos on {a} at {x:R} (seed {Seed + 2})");
            }
        }
    }

    [Test]
    public void SineIsIncreasingOnTheFirstQuarterAndTheImageIsTheEndpointHull()
    {
        var rng = new Random(Seed + 3);
        for (int k = 0; k < Draws / 10; k++)
        {
            double x = rng.NextDouble() * 1.5, y = x + (rng.NextDouble() * (1.5 - x));
            var image = Interval.Sin(new Interval(x, y));
            var atX = Interval.Sin(Interval.Point(x));
            var atY = Interval.Sin(Interval.Point(y));
            Assert.That(image, Is.EqualTo(Interval.Hull(atX, atY)), $"[{x:R}, {y:R}] (seed {Seed + 3}) holds no extremum");
            Assert.That(atX.Lo <= atY.Hi, Is.True, "sin x ≤ sin y for x ≤ y ≤ π/2");
        }
    }

    [Test]
    public void WideAndUnboundedIntervalsGiveTheWholeRange()
    {
        Assert.That(Interval.Sin(new Interval(0, 7)), Is.EqualTo(new Interval(-1, 1)));
        Assert.That(Interval.Cos(Interval.Entire), Is.EqualTo(new Interval(-1, 1)));
        Assert.That(Interval.Sin(Interval.Point(1e300)), Is.EqualTo(new Interval(-1, 1)), "no reduction of huge arguments: the whole range, soundly");
        var nearMax = Interval.Sin(new Interval(1, 2));
        Assert.That(nearMax.Hi, Is.EqualTo(1.0), "π/2 ∈ [1, 2], so the maximum 1 is included");
    }

    private static Interval Widened(Interval a)
    {
        double lo = a.Lo, hi = a.Hi;
        for (int k = 0; k < RuntimeUlps; k++)
        {
            lo = Math.BitDecrement(lo);
            hi = Math.BitIncrement(hi);
        }

        return new Interval(lo, hi);
    }
}
