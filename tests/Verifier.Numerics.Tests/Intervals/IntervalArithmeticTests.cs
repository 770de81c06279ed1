using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Intervals;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Intervals;

/// <summary>
/// The basic interval operations hold every exact result: for random intervals of every magnitude and sign,
/// exact rational points inside the operands (endpoints, the exact midpoint, an interior double) give exact
/// rational results that must lie in the computed interval.
/// </summary>
public class IntervalArithmeticTests
{
    private const int Cases = 400;

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property SumsContainEveryExactSum(IntervalCase a, IntervalCase b) =>
        Encloses(a.Value + b.Value, a, b, (x, y) => x + y);

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property DifferencesContainEveryExactDifference(IntervalCase a, IntervalCase b) =>
        Encloses(a.Value - b.Value, a, b, (x, y) => x - y);

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property ProductsContainEveryExactProduct(IntervalCase a, IntervalCase b) =>
        Encloses(a.Value * b.Value, a, b, (x, y) => x * y);

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property QuotientsContainEveryExactQuotientOrRefuseADivisorContainingZero(IntervalCase a, IntervalCase b)
    {
        if (b.Value.Contains(0.0))
        {
            return Refuses<IntervalDomainException>(() => _ = a.Value / b.Value).Label($"{a.Value} / {b.Value} did not throw");
        }

        return Encloses(a.Value / b.Value, a, b, (x, y) => x / y);
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property SquaresAndIntegerPowersContainEveryExactPower(IntervalCase a)
    {
        var square = Interval.Square(a.Value);
        foreach (var x in a.Points())
        {
            if (!square.Contains(x * x))
            {
                return false.Label($"square {square} misses {x}²");
            }
        }

        if (a.Value.Contains(0.0) && square.Lo != 0)
        {
            return false.Label($"square {square} of an interval containing 0 does not start at 0");
        }

        for (int n = -3; n <= 5; n++)
        {
            if (n < 0 && a.Value.Contains(0.0))
            {
                if (!Refuses<IntervalDomainException>(() => Interval.Pow(a.Value, n)))
                {
                    return false.Label($"Pow({a.Value}, {n}) did not throw");
                }

                continue;
            }

            var power = Interval.Pow(a.Value, n);
            foreach (var x in a.Points())
            {
                if (!power.Contains(x.Pow(n)))
                {
                    return false.Label($"Pow({a.Value}, {n}) = {power} misses ({x})^{n}");
                }
            }
        }

        return true.ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property SquareRootsBracketEveryExactRoot(IntervalCase a)
    {
        if (a.Value.Lo < 0)
        {
            return Refuses<IntervalDomainException>(() => Interval.Sqrt(a.Value)).Label("no exception");
        }

        var root = Interval.Sqrt(a.Value);
        var lo = Rational.FromDouble(root.Lo);
        foreach (var x in a.Points())
        {
            // lo ≤ √x ≤ hi  ⇔  lo² ≤ x ≤ hi² for 0 ≤ lo ≤ hi.
            bool below = root.Lo >= 0 && lo * lo <= x;
            bool above = double.IsPositiveInfinity(root.Hi) || x <= Rational.FromDouble(root.Hi) * Rational.FromDouble(root.Hi);
            if (!below || !above)
            {
                return false.Label($"√{a.Value} = {root} misses √{x}");
            }
        }

        return true.ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property AbsMinMaxHullAndIntersectionAreExactSetOperations(IntervalCase a, IntervalCase b)
    {
        var abs = Interval.Abs(a.Value);
        var min = Interval.Min(a.Value, b.Value);
        var max = Interval.Max(a.Value, b.Value);
        var hull = Interval.Hull(a.Value, b.Value);
        var meet = Interval.Intersect(a.Value, b.Value);
        foreach (var x in a.Points())
        {
            if (!abs.Contains(x.Abs()) || !hull.Contains(x) || (b.Value.Contains(x) && meet?.Contains(x) != true))
            {
                return false.Label($"abs {abs}, hull {hull} or intersection {meet} misses {x}");
            }

            foreach (var y in b.Points())
            {
                if (!min.Contains(Rational.Min(x, y)) || !max.Contains(Rational.Max(x, y)))
                {
                    return false.Label($"min {min} or max {max} misses ({x}, {y})");
                }
            }
        }

        bool meetIsRight = meet is { } m
            ? a.Value.Contains(m) && b.Value.Contains(m)
            : a.Value.Hi < b.Value.Lo || b.Value.Hi < a.Value.Lo;
        return meetIsRight.Label($"intersection {meet} of {a.Value} and {b.Value}");
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property WidthMidpointRadiusMagAndMigBoundTheirExactValues(IntervalCase a)
    {
        var v = a.Value;
        double mid = v.Midpoint;
        if (!v.Contains(mid))
        {
            return false.Label($"midpoint {mid:R} outside {v}");
        }

        if (!v.IsBounded)
        {
            return (double.IsPositiveInfinity(v.Width) && double.IsPositiveInfinity(v.Radius) && double.IsPositiveInfinity(v.Mag)).Label("unbounded");
        }

        var lo = Rational.FromDouble(v.Lo);
        var hi = Rational.FromDouble(v.Hi);
        var m = Rational.FromDouble(mid);
        bool width = double.IsPositiveInfinity(v.Width) || Rational.FromDouble(v.Width) >= hi - lo;
        bool radius = double.IsPositiveInfinity(v.Radius) || Rational.FromDouble(v.Radius) >= Rational.Max(m - lo, hi - m);
        bool mag = Rational.FromDouble(v.Mag) == Rational.Max(lo.Abs(), hi.Abs());
        bool mig = v.Contains(0.0) ? v.Mig == 0 : Rational.FromDouble(v.Mig) == Rational.Min(lo.Abs(), hi.Abs());
        return (width && radius && mag && mig).Label($"width {v.Width:R}, radius {v.Radius:R}, mag {v.Mag:R}, mig {v.Mig:R}");
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property OperationsOnPointsAreAtMostTwoUlpsWide(AnyDouble a, AnyDouble b)
    {
        var x = Interval.Point(a.Value);
        var y = Interval.Point(b.Value);
        var results = new List<(string Name, Interval Value)> { ("+", x + y), ("−", x - y), ("×", x * y) };
        if (b.Value != 0)
        {
            results.Add(("÷", x / y));
        }

        if (a.Value >= 0)
        {
            results.Add(("√", Interval.Sqrt(x)));
        }

        foreach (var (name, value) in results)
        {
            if (value.IsBounded && Ulps.Between(value.Lo, value.Hi) > IntervalTolerance.BasicOperationUlps)
            {
                return false.Label($"{a.Value:R} {name} {b.Value:R} = {value} is {Ulps.Between(value.Lo, value.Hi)} ulps wide");
            }
        }

        return true.ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property SumsThatAreExactInBinary64ArePointIntervals(AnyDouble a, AnyDouble b)
    {
        // TwoSum proves exactness whenever nothing overflows, whatever the magnitudes.
        double s = a.Value + b.Value;
        bool exact = double.IsFinite(s) && Rational.FromDouble(s) == Rational.FromDouble(a.Value) + Rational.FromDouble(b.Value);
        var sum = Interval.Point(a.Value) + Interval.Point(b.Value);
        return (!exact || sum == Interval.Point(s)).Label($"exact sum {s:R} gave {sum}");
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property FromRationalIsTheTightestEnclosure(AnyDouble numerator, int denominatorSeed, int exponent)
    {
        // A random rational: a double over a small integer, scaled by a power of ten (decimals such as 0.1 = 1/10).
        var q = new BigInteger(Math.Abs(denominatorSeed % 1000) + 1) * BigInteger.Pow(10, Math.Abs(exponent % 30));
        var r = Rational.FromDouble(numerator.Value) / new Rational(q);
        var e = Interval.FromRational(r);
        if (!e.Contains(r))
        {
            return false.Label($"{e} misses {r}");
        }

        bool tight = e.IsPoint
            ? Rational.FromDouble(e.Lo) == r
            : Math.BitIncrement(e.Lo) == e.Hi && Rational.FromDouble(e.Lo) != r && (double.IsInfinity(e.Hi) || Rational.FromDouble(e.Hi) != r);
        return tight.Label($"{e} is not the tightest enclosure of {r}");
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property BoxesFromACentreAndRadiusContainTheExactBox(AnyDouble centre, AnyDouble radius)
    {
        double r = Math.Abs(radius.Value);
        var box = Interval.FromDoubleRadius(centre.Value, r);
        var c = Rational.FromDouble(centre.Value);
        var rr = Rational.FromDouble(r);
        return (box.Contains(c - rr) && box.Contains(c + rr)).Label($"{box}");
    }

    [Property(Arbitrary = new[] { typeof(IntervalGenerators) }, MaxTest = Cases)]
    public Property DirectedRoundingBracketsEveryExactResult(AnyDouble a, AnyDouble b, int k)
    {
        double x = a.Value, y = b.Value;
        var p = Rational.FromDouble(x);
        var q = Rational.FromDouble(y);
        bool Brackets(double down, double up, Rational exact) =>
            (double.IsNegativeInfinity(down) || Rational.FromDouble(down) <= exact) && (double.IsPositiveInfinity(up) || exact <= Rational.FromDouble(up));
        var failures = new List<string>();
        if (!Brackets(DirectedRounding.AddDown(x, y), DirectedRounding.AddUp(x, y), p + q))
        {
            failures.Add("sum");
        }

        if (!Brackets(DirectedRounding.SubDown(x, y), DirectedRounding.SubUp(x, y), p - q))
        {
            failures.Add("difference");
        }

        if (!Brackets(DirectedRounding.MulDown(x, y), DirectedRounding.MulUp(x, y), p * q))
        {
            failures.Add("product");
        }

        if (y != 0 && !Brackets(DirectedRounding.DivDown(x, y), DirectedRounding.DivUp(x, y), p / q))
        {
            failures.Add("quotient");
        }

        // Scaling by 2^k with k spanning overflow and the whole subnormal range.
        int shift = k % 2200;
        var (sDown, sUp) = DirectedRounding.ScaleB(x, shift);
        var scaled = shift >= 0 ? p * new Rational(System.Numerics.BigInteger.One << shift) : p / new Rational(System.Numerics.BigInteger.One << -shift);
        if (!Brackets(sDown, sUp, scaled))
        {
            failures.Add($"scaling by 2^{shift}");
        }

        double ax = Math.Abs(x);
        double rootDown = DirectedRounding.SqrtDown(ax), rootUp = DirectedRounding.SqrtUp(ax);
        var root2Down = Rational.FromDouble(rootDown) * Rational.FromDouble(rootDown);
        bool rootOk = rootDown >= 0 && root2Down <= p.Abs() && (double.IsPositiveInfinity(rootUp) || p.Abs() <= Rational.FromDouble(rootUp) * Rational.FromDouble(rootUp));
        if (!rootOk)
        {
            failures.Add("square root");
        }

        return (failures.Count == 0).Label($"not bracketed: {string.Join(", ", failures)}");
    }

    [Test]
    public void ScalingJustBelowTheSmallestNormalIsWidened()
    {
        // (1 − 2⁻⁵³)·2⁻¹⁰²² = 2⁻¹⁰²² − 2⁻¹⁰⁷⁵ is a tie on the subnormal grid and rounds up to the normal 2⁻¹⁰²²:
        // a normal result is not proof of exactness.
        var (down, up) = DirectedRounding.ScaleB(Math.BitDecrement(1.0), -1022);
        var exact = Rational.FromDouble(Math.BitDecrement(1.0)) / new Rational(System.Numerics.BigInteger.One << 1022);
        Assert.That(Rational.FromDouble(down) <= exact && exact <= Rational.FromDouble(up), Is.True, $"[{down:R}, {up:R}]");
        Assert.That(DirectedRounding.ScaleB(1.5, -1000), Is.EqualTo((Math.ScaleB(1.5, -1000), Math.ScaleB(1.5, -1000))), "exact in the normal range");
    }

    [Test]
    public void ExactDecimalsAreEnclosedNotReplacedByTheirNearestDouble()
    {
        var tenth = Interval.FromRational(new Rational(1, 10));
        Assert.That(tenth.Contains(new Rational(1, 10)), Is.True);
        Assert.That(tenth, Is.EqualTo(new Interval(Math.BitDecrement(0.1), 0.1)), "0.1 (double) is just above 1/10");
        Assert.That(Interval.FromRational(new Rational(3, 4)), Is.EqualTo(Interval.Point(0.75)));
        Assert.That(Interval.FromRational(Rational.FromDouble(double.MaxValue) * 2), Is.EqualTo(new Interval(double.MaxValue, double.PositiveInfinity)));
        Assert.That(Interval.FromRational(-Rational.FromDouble(double.MaxValue) * 2), Is.EqualTo(new Interval(double.NegativeInfinity, -double.MaxValue)));
    }

    [Test]
    public void ExactResultsStayPointIntervals()
    {
        Assert.That(Interval.Point(0.5) + Interval.Point(0.25), Is.EqualTo(Interval.Point(0.75)));
        Assert.That(Interval.Point(7) - Interval.Point(7), Is.EqualTo(Interval.Zero));
        Assert.That(Interval.Point(1e300) + Interval.Zero, Is.EqualTo(Interval.Point(1e300)));
        Assert.That(Interval.Point(3) * Interval.One, Is.EqualTo(Interval.Point(3)));
        Assert.That(Interval.Zero * Interval.Point(1e300), Is.EqualTo(Interval.Zero));
        Assert.That(Interval.Square(Interval.Point(-3)), Is.EqualTo(Interval.Point(9)));
        if (Fused.IsHardware)
        {
            Assert.That(Interval.Point(1.5) * Interval.Point(-3), Is.EqualTo(Interval.Point(-4.5)));
            Assert.That(Interval.Point(1) / Interval.Point(8), Is.EqualTo(Interval.Point(0.125)));
            Assert.That(Interval.Sqrt(Interval.Point(2.25)), Is.EqualTo(Interval.Point(1.5)));
        }
    }

    [Test]
    public void InexactResultsAreWidenedOnlyOnTheSideOfTheError()
    {
        // 0.1 + 0.2 rounds up to 0.30000000000000004, so the exact sum lies just below it.
        var sum = Interval.Point(0.1) + Interval.Point(0.2);
        Assert.That(sum, Is.EqualTo(new Interval(0.3, 0.30000000000000004)));
        Assert.That(sum.Contains(Rational.FromDouble(0.1) + Rational.FromDouble(0.2)), Is.True);
        var third = Interval.One / Interval.Point(3);
        Assert.That(third.Contains(new Rational(1, 3)), Is.True);
        Assert.That(Ulps.Between(third.Lo, third.Hi), Is.LessThanOrEqualTo(Fused.IsHardware ? 1 : 2));
    }

    [Test]
    public void OverflowAndUnderflowKeepTheExactValueInside()
    {
        var max = Interval.Point(double.MaxValue);
        Assert.That(max + max, Is.EqualTo(new Interval(double.MaxValue, double.PositiveInfinity)));
        Assert.That(-(max * max), Is.EqualTo(new Interval(double.NegativeInfinity, -double.MaxValue)));
        var tiny = Interval.Point(double.Epsilon);
        var product = tiny * tiny;
        Assert.That(product.Lo, Is.EqualTo(0.0));
        Assert.That(product.Hi, Is.EqualTo(double.Epsilon));
        Assert.That((-tiny * tiny).Contains(-Rational.FromDouble(double.Epsilon) * Rational.FromDouble(double.Epsilon)), Is.True);
    }

    [Test]
    public void InfiniteEndpointsNeverProduceNaN()
    {
        var unbounded = new Interval(1, double.PositiveInfinity);
        Assert.That(Interval.Zero * Interval.Entire, Is.EqualTo(Interval.Zero), "the set {0} times any set of reals is {0}");
        Assert.That(new Interval(0, 1) * unbounded, Is.EqualTo(new Interval(0, double.PositiveInfinity)));
        Assert.That(unbounded / unbounded, Is.EqualTo(new Interval(0, double.PositiveInfinity)));
        Assert.That(Interval.Entire - Interval.Entire, Is.EqualTo(Interval.Entire));
        Assert.That(Interval.Square(Interval.Entire), Is.EqualTo(new Interval(0, double.PositiveInfinity)));
    }

    [Test]
    public void UndefinedOperationsThrowRatherThanGuess()
    {
        Assert.That(() => Interval.One / new Interval(-1, 1), Throws.TypeOf<IntervalDomainException>());
        Assert.That(() => Interval.One / Interval.Zero, Throws.TypeOf<IntervalDomainException>());
        Assert.That(() => Interval.One / new Interval(0, 1), Throws.TypeOf<IntervalDomainException>());
        Assert.That(() => Interval.Sqrt(new Interval(-1e-300, 1)), Throws.TypeOf<IntervalDomainException>());
        Assert.That(() => Interval.Pow(new Interval(-1, 1), -2), Throws.TypeOf<IntervalDomainException>());
    }

    [Test]
    public void TheInvariantsAreEnforced()
    {
        Assert.That(() => new Interval(double.NaN, 1), Throws.ArgumentException);
        Assert.That(() => new Interval(2, 1), Throws.ArgumentException);
        Assert.That(() => new Interval(double.PositiveInfinity, double.PositiveInfinity), Throws.ArgumentException);
        Assert.That(() => new Interval(double.NegativeInfinity, double.NegativeInfinity), Throws.ArgumentException);
        Assert.That(() => Interval.Point(double.PositiveInfinity), Throws.ArgumentException);
        Assert.That(() => Interval.FromDoubleRadius(0, -1), Throws.ArgumentException);
        Assert.That(double.IsNegative(new Interval(-0.0, -0.0).Lo), Is.False, "−0 is stored as +0");
        Assert.That(default(Interval), Is.EqualTo(Interval.Zero));
    }

    [Test]
    public void TheRuntimeRoundsToNearestEven()
    {
        // The premise of the whole module: binary64 results are rounded to nearest, ties to even, with no
        // extended intermediate precision. A platform that broke it would fail here first.
        // The operands go through a non-inlined call so that no compiler folds the arithmetic.
        double one = Opaque(1.0), half = Opaque(Math.ScaleB(1.0, -53));
        Assert.That(one + half, Is.EqualTo(1.0), "a tie rounds to even (down)");
        Assert.That(Math.BitIncrement(one) + half, Is.EqualTo(Math.BitIncrement(Math.BitIncrement(1.0))), "a tie rounds to even (up)");
        Assert.That((one + Opaque(Math.ScaleB(1.0, -60))) - one, Is.EqualTo(0.0), "no extended precision in between");
        Assert.That(Opaque(0.1) + Opaque(0.2), Is.EqualTo(0.30000000000000004));
        Assert.That(one / Opaque(3.0), Is.EqualTo(0.3333333333333333));
        Assert.That(Opaque(double.MaxValue) * Opaque(2.0), Is.EqualTo(double.PositiveInfinity));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double Opaque(double x) => x;

    internal static bool Refuses<TException>(Action action)
        where TException : Exception
    {
        try
        {
            action();
            return false;
        }
        catch (TException)
        {
            return true;
        }
    }

    private static Property Encloses(Interval result, IntervalCase a, IntervalCase b, Func<Rational, Rational, Rational> exact)
    {
        foreach (var x in a.Points())
        {
            foreach (var y in b.Points())
            {
                var z = exact(x, y);
                if (!result.Contains(z))
                {
                    return false.Label($"result {result} misses the exact value {z.ToDouble():R} at ({x.ToDouble():R}, {y.ToDouble():R})");
                }
            }
        }

        return true.ToProperty();
    }
}

/// <summary>Distances between doubles in units in the last place.</summary>
internal static class Ulps
{
    /// <summary>The number of doubles from lo to hi (lo ≤ hi, finite), across zero too.</summary>
    public static long Between(double lo, double hi) => Ordered(hi) - Ordered(lo);

    private static long Ordered(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : long.MinValue - bits;
    }
}

/// <summary>Whether the runtime has a hardware fused multiply-add (which tightens products, quotients and roots).</summary>
internal static class Fused
{
    public static bool IsHardware => DirectedRounding.HardwareFma;
}
