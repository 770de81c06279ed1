using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

public class RationalTests
{
    private static Rational R(long p, long q = 1) => new(p, q);

    [Test]
    public void NormalisesToLowestTermsWithPositiveDenominator()
    {
        var r = new Rational(6, -4);
        Assert.Multiple(() =>
        {
            Assert.That(r.Numerator, Is.EqualTo(new BigInteger(-3)));
            Assert.That(r.Denominator, Is.EqualTo(new BigInteger(2)));
            Assert.That(new Rational(0, -7), Is.EqualTo(Rational.Zero));
            Assert.That(new Rational(0, -7).Denominator, Is.EqualTo(BigInteger.One));
            Assert.That(default(Rational), Is.EqualTo(Rational.Zero));
            Assert.That(default(Rational).Denominator, Is.EqualTo(BigInteger.One));
            Assert.That(new Rational(-10, -15), Is.EqualTo(R(2, 3)));
        });
    }

    [Test]
    public void ReportsSignAndPredicates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(R(-1, 3).Sign, Is.EqualTo(-1));
            Assert.That(Rational.Zero.Sign, Is.EqualTo(0));
            Assert.That(R(5, 7).Sign, Is.EqualTo(1));
            Assert.That(R(4, 4).IsOne, Is.True);
            Assert.That(R(-4, 2).IsInteger, Is.True);
            Assert.That(R(1, 2).IsInteger, Is.False);
            Assert.That(R(0, 5).IsZero, Is.True);
            Assert.That(Rational.MinusOne, Is.EqualTo(R(-1)));
            Assert.That(R(-3, 4).Abs(), Is.EqualTo(R(3, 4)));
        });
    }

    [Test]
    public void RejectsZeroDenominator()
    {
        Assert.That(() => new Rational(1, 0), Throws.TypeOf<DivideByZeroException>());
        Assert.That(() => R(1) / Rational.Zero, Throws.TypeOf<DivideByZeroException>());
        Assert.That(() => Rational.Zero.Reciprocal(), Throws.TypeOf<DivideByZeroException>());
        Assert.That(() => Rational.Zero.Pow(-1), Throws.TypeOf<DivideByZeroException>());
    }

    [Test]
    public void ComputesArithmeticExactly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(R(1, 3) + R(1, 6), Is.EqualTo(R(1, 2)));
            Assert.That(R(1, 3) - R(1, 2), Is.EqualTo(R(-1, 6)));
            Assert.That(R(2, 3) * R(9, 4), Is.EqualTo(R(3, 2)));
            Assert.That(R(2, 3) / R(-4, 9), Is.EqualTo(R(-3, 2)));
            Assert.That(R(-2, 3).Pow(3), Is.EqualTo(R(-8, 27)));
            Assert.That(R(-2, 3).Pow(-2), Is.EqualTo(R(9, 4)));
            Assert.That(R(0).Pow(0), Is.EqualTo(Rational.One));
            Assert.That(R(-7, 2).Floor(), Is.EqualTo(new BigInteger(-4)));
            Assert.That(R(7, 2).Floor(), Is.EqualTo(new BigInteger(3)));
            Assert.That(R(-4).Floor(), Is.EqualTo(new BigInteger(-4)));
        });
    }

    [TestCase("3/4", "3", 4)]
    [TestCase("-6/8", "-3", 4)]
    [TestCase(" 10 / -4 ", "-5", 2)]
    [TestCase("-0.125", "-1", 8)]
    [TestCase("1.5e-3", "3", 2000)]
    [TestCase("1E+2", "100", 1)]
    [TestCase("+.5", "1", 2)]
    [TestCase("7.", "7", 1)]
    [TestCase("0", "0", 1)]
    [TestCase("-0.0", "0", 1)]
    [TestCase("12345678901234567890", "12345678901234567890", 1)]
    public void ParsesIntegersFractionsAndDecimals(string text, string p, long q)
    {
        Assert.That(Rational.Parse(text), Is.EqualTo(new Rational(BigInteger.Parse(p, CultureInfo.InvariantCulture), q)));
    }

    [TestCase("abc")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("-Infinity")]
    [TestCase("")]
    [TestCase("1/")]
    [TestCase("/2")]
    [TestCase("1.5/2")]
    [TestCase("1e")]
    [TestCase("1e+")]
    [TestCase("--1")]
    [TestCase("1.2.3")]
    [TestCase("0x10")]
    [TestCase("1e100000")]
    [TestCase("1e-99999999999999999999")]
    public void RejectsMalformedOrHugeText(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Rational.Parse(text), Throws.TypeOf<FormatException>());
            Assert.That(Rational.TryParse(text, out _), Is.False);
        });
    }

    [Test]
    public void RejectsZeroDenominatorInText()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Rational.Parse("1/0"), Throws.TypeOf<DivideByZeroException>());
            Assert.That(Rational.TryParse("1/0", out _), Is.False);
        });
    }

    [Test]
    public void AcceptsExponentAtTheLimit()
    {
        Assert.That(Rational.Parse("1e10000"), Is.EqualTo(new Rational(BigInteger.Pow(10, 10000))));
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public bool OrdersTotallyAndConsistentlyWithSubtraction(Rational a, Rational b, Rational c)
    {
        bool antisymmetric = Math.Sign(a.CompareTo(b)) == -Math.Sign(b.CompareTo(a));
        bool matchesDifference = Math.Sign(a.CompareTo(b)) == (a - b).Sign;
        bool transitive = !(a <= b && b <= c) || a <= c;
        bool equalityAgrees = (a.CompareTo(b) == 0) == (a == b) && (a == b) == a.Equals((object)b);
        bool hashAgrees = a != b || a.GetHashCode() == b.GetHashCode();
        return antisymmetric && matchesDifference && transitive && equalityAgrees && hashAgrees;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public bool SatisfiesFieldIdentities(Rational a, Rational b, Rational c)
    {
        bool inverse = a.IsZero || a * a.Reciprocal() == Rational.One;
        return a + b == b + a && a * (b + c) == a * b + a * c && a - a == Rational.Zero && -(-a) == a && inverse
            && (b.IsZero || (a / b) * b == a);
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(Generators)])]
    public Property ConvertsDecimalTextToTheCorrectlyRoundedDouble(DecimalText numeral)
    {
        // .NET Core 3.0+ parses decimal text to the correctly rounded double (IEEE 754), so it is the oracle.
        double expected = double.Parse(numeral.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
        double actual = Rational.Parse(numeral.Text).ToDouble();
        return (BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected) || (actual == 0 && expected == 0))
            .Label($"expected {expected:R}, got {actual:R}");
    }

    [Property(MaxTest = 2000, Arbitrary = [typeof(Generators)])]
    public Property RoundTripsEveryFiniteDoubleExactly(FiniteDouble x)
    {
        var exact = Rational.FromDouble(x.Value);
        double back = exact.ToDouble();
        return (back == x.Value && (x.Value != 0 || exact.IsZero)).Label($"came back as {back:R}");
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Generators)])]
    public Property RoundsHalfwayCasesToEvenAndNearHalfwayToNearest(FiniteDouble x)
    {
        double lower = Math.Abs(x.Value);
        double upper = Math.BitIncrement(lower);
        if (double.IsInfinity(upper))
        {
            return true.ToProperty();
        }

        var a = Rational.FromDouble(lower);
        var b = Rational.FromDouble(upper);
        var midpoint = (a + b) / 2;
        var nudge = (b - a) / new Rational(BigInteger.Pow(2, 70));
        double even = (BitConverter.DoubleToInt64Bits(lower) & 1) == 0 ? lower : upper;
        double viaText = double.Parse(midpoint.ToExactDecimalString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
        return (midpoint.ToDouble() == even
                && (-midpoint).ToDouble() == -even
                && viaText == even
                && (midpoint - nudge).ToDouble() == lower
                && (midpoint + nudge).ToDouble() == upper)
            .Label($"between {lower:R} and {upper:R}: midpoint gave {midpoint.ToDouble():R}, text oracle {viaText:R}");
    }

    [Test]
    public void ConvertsExtremesToDouble()
    {
        var minSubnormal = Rational.FromDouble(double.Epsilon);
        Assert.Multiple(() =>
        {
            Assert.That(minSubnormal.ToDouble(), Is.EqualTo(double.Epsilon));
            Assert.That((minSubnormal / 2).ToDouble(), Is.EqualTo(0.0), "exactly half the least subnormal ties to even (0)");
            Assert.That((minSubnormal * new Rational(3, 4)).ToDouble(), Is.EqualTo(double.Epsilon));
            Assert.That((minSubnormal / 4).ToDouble(), Is.EqualTo(0.0));
            Assert.That((minSubnormal * new Rational(3, 8)).ToDouble(), Is.EqualTo(0.0));
            Assert.That(new Rational(BigInteger.One, BigInteger.Pow(2, 5000)).ToDouble(), Is.EqualTo(0.0));
            Assert.That(Rational.FromDouble(double.MaxValue).ToDouble(), Is.EqualTo(double.MaxValue));
            Assert.That(Rational.FromDouble(-double.MaxValue).ToDouble(), Is.EqualTo(-double.MaxValue));
            Assert.That(new Rational(1, 3).ToDouble(), Is.EqualTo(1.0 / 3.0));
            Assert.That(new Rational(-2, 3).ToDouble(), Is.EqualTo(-2.0 / 3.0));
            Assert.That(Rational.FromDouble(0.1), Is.EqualTo(new Rational(3602879701896397, 36028797018963968)));
        });
        // The spacing of doubles at double.MaxValue is 2^971: a quarter of it rounds down, half of it ties to even (up, to ∞).
        var justBelowInfinity = Rational.FromDouble(double.MaxValue) + new Rational(BigInteger.Pow(2, 969));
        Assert.That(justBelowInfinity.ToDouble(), Is.EqualTo(double.MaxValue));
        var halfwayToInfinity = Rational.FromDouble(double.MaxValue) + new Rational(BigInteger.Pow(2, 970));
        Assert.That(() => halfwayToInfinity.ToDouble(), Throws.TypeOf<OverflowException>());
        Assert.That(() => new Rational(BigInteger.Pow(10, 400)).ToDouble(), Throws.TypeOf<OverflowException>());
        Assert.That(justBelowInfinity.ToDoubleOrNull(), Is.EqualTo(double.MaxValue), "ToDoubleOrNull agrees with ToDouble in range");
        Assert.That(new Rational(-2, 3).ToDoubleOrNull(), Is.EqualTo(-2.0 / 3.0));
        Assert.That(halfwayToInfinity.ToDoubleOrNull(), Is.Null, "and is null exactly where ToDouble throws");
        Assert.That((-new Rational(BigInteger.Pow(10, 400))).ToDoubleOrNull(), Is.Null);
        Assert.That(() => Rational.FromDouble(double.NaN), Throws.ArgumentException);
        Assert.That(() => Rational.FromDouble(double.NegativeInfinity), Throws.ArgumentException);
    }

    [Property(MaxTest = 500, Arbitrary = [typeof(Generators)])]
    public Property RoundTripsExactDecimalStrings(FiniteDouble x, int scale)
    {
        // Every dyadic rational, and every rational whose denominator is 2^a·5^b, has a finite decimal expansion.
        var value = Rational.FromDouble(x.Value) / new Rational(BigInteger.Pow(5, Math.Abs(scale % 40)));
        var text = value.ToExactDecimalString();
        return (text is not null && Rational.Parse(text) == value).Label($"text {text}");
    }

    [Test]
    public void WritesExactDecimalsOnlyForTerminatingExpansions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new Rational(-1, 8).ToExactDecimalString(), Is.EqualTo("-0.125"));
            Assert.That(new Rational(3, 1).ToExactDecimalString(), Is.EqualTo("3"));
            Assert.That(new Rational(1, 50).ToExactDecimalString(), Is.EqualTo("0.02"));
            Assert.That(new Rational(1, 3).ToExactDecimalString(), Is.Null);
            Assert.That(new Rational(-7, 2).ToString(), Is.EqualTo("-7/2"));
            Assert.That(new Rational(12).ToString(), Is.EqualTo("12"));
        });
    }
}
