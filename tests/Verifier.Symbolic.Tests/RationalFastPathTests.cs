using System.Globalization;
using System.Numerics;

namespace Verifier.Symbolic.Tests;

/// <summary>
/// The 64-bit fast paths of <see cref="Rational.Parse"/> (decimals of at most 19 digits) and <see cref="Rational.ToDouble"/>
/// (numerator and denominator below 2⁶⁴) held to their definitions: Parse gives exactly p/10ˢ in lowest terms, and
/// ToDouble gives the double nearest to the exact value, ties to even, checked with exact rational comparisons.
/// </summary>
public class RationalFastPathTests
{
    [Test]
    public void DecimalsParseToTheirExactValueInLowestTerms()
    {
        var rng = new Random(11);
        for (int t = 0; t < 3000; t++)
        {
            int digits = rng.Next(1, 20);
            int fraction = rng.Next(0, digits + 1);
            var mantissa = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + rng.Next(10))));
            bool negative = rng.Next(2) == 0;
            string text = (negative ? "-" : "") + (fraction == 0 ? mantissa : mantissa[..(digits - fraction)] + "." + mantissa[(digits - fraction)..]);
            if (text.EndsWith('.') || text.StartsWith('.') || text.StartsWith("-.", StringComparison.Ordinal))
            {
                text = text.Replace(".", "", StringComparison.Ordinal);
                fraction = 0;
            }

            var expected = new Rational(BigInteger.Parse((negative ? "-" : "") + mantissa, CultureInfo.InvariantCulture), BigInteger.Pow(10, fraction));
            var actual = Rational.Parse(text);
            Assert.That(actual, Is.EqualTo(expected), text);
            Assert.That(BigInteger.GreatestCommonDivisor(actual.Numerator, actual.Denominator), Is.EqualTo(BigInteger.One).Or.EqualTo(BigInteger.Zero), text);
        }
    }

    [Test]
    public void PlainDecimalsParseAsTheGeneralParserDoes()
    {
        // A leading space sends the text through the general parser; the allocation-free path must agree exactly.
        var rng = new Random(17);
        var texts = new List<string> { "0", "-0", "1.", ".5", "-.5", "0000123.4500", "9999999999999999999", "0.0000000000000000001", "-1234567890.123456789" };
        for (int k = 0; k < 2000; k++)
        {
            int whole = rng.Next(0, 10), fraction = rng.Next(0, 10);
            string digits = string.Concat(Enumerable.Range(0, whole + fraction).Select(_ => (char)('0' + rng.Next(10))));
            string text = (rng.Next(2) == 0 ? "-" : "") + digits[..whole] + (fraction > 0 || rng.Next(2) == 0 ? "." : "") + digits[whole..];
            if (text.Any(char.IsAsciiDigit))
            {
                texts.Add(text);
            }
        }

        foreach (var text in texts)
        {
            Assert.That(Rational.Parse(text), Is.EqualTo(Rational.Parse(" " + text)), text);
        }
    }

    [Test]
    public void ToDoubleOfDecimalsIsTheCorrectlyRoundedDoubleOfTheText()
    {
        // .NET's double.Parse rounds decimal text correctly (IEEE 754), so it is an independent oracle.
        var rng = new Random(12);
        for (int t = 0; t < 5000; t++)
        {
            int digits = rng.Next(1, 20);
            var mantissa = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + rng.Next(10))));
            int point = rng.Next(1, digits + 1);
            string text = (rng.Next(2) == 0 ? "-" : "") + mantissa[..point] + (point < digits ? "." + mantissa[point..] : "");
            Assert.That(Rational.Parse(text).ToDouble(), Is.EqualTo(double.Parse(text, CultureInfo.InvariantCulture)), text);
        }
    }

    [Test]
    public void ToDoubleOfSixtyFourBitFractionsRoundsToNearestTiesToEven()
    {
        var rng = new Random(13);
        for (int t = 0; t < 5000; t++)
        {
            ulong p = RandomBits(rng), q = Math.Max(1UL, RandomBits(rng));
            var r = new Rational(new BigInteger(p), new BigInteger(q));
            AssertNearestTiesToEven(r, r.ToDouble());
            AssertNearestTiesToEven(-r, (-r).ToDouble());
        }

        // Exact ties: (2⁵³ + 1)/1 lies halfway between 2⁵³ and 2⁵³ + 2 and rounds to the even 2⁵³; (2⁵³ + 3) rounds up.
        Assert.That(new Rational(new BigInteger((1UL << 53) + 1)).ToDouble(), Is.EqualTo(9007199254740992.0));
        Assert.That(new Rational(new BigInteger((1UL << 53) + 3)).ToDouble(), Is.EqualTo(9007199254740996.0));
        Assert.That(new Rational(new BigInteger(ulong.MaxValue), new BigInteger(3)).ToDouble(), Is.EqualTo(ulong.MaxValue / 3.0));
    }

    // A random value with a random number of significant bits (1 to 64), so that every size of the fast path is hit.
    private static ulong RandomBits(Random rng)
    {
        int bits = rng.Next(1, 65);
        ulong x = ((ulong)(uint)rng.Next() << 33) ^ ((ulong)(uint)rng.Next() << 2) ^ (ulong)(uint)rng.Next(4);
        return bits == 64 ? x | (1UL << 63) : (x & ((1UL << bits) - 1)) | (1UL << (bits - 1));
    }

    // d is the double nearest to r, and on a tie the one with an even significand.
    private static void AssertNearestTiesToEven(Rational r, double d)
    {
        var exact = Rational.FromDouble(d);
        var up = Rational.FromDouble(Math.BitIncrement(d));
        var down = Rational.FromDouble(Math.BitDecrement(d));
        var error = (r - exact).Abs();
        var errorUp = (r - up).Abs();
        var errorDown = (r - down).Abs();
        Assert.That(error <= errorUp && error <= errorDown, Is.True, $"{r} → {d:R}");
        if (error == errorUp || error == errorDown)
        {
            Assert.That(BitConverter.DoubleToInt64Bits(d) & 1, Is.EqualTo(0), $"tie {r} → {d:R} must be even");
        }
    }
}
