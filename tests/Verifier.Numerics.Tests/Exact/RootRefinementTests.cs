using System.Numerics;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Exact;

/// <summary>
/// Root refinement with Newton-proposed brackets and the continued-fraction search for rational roots: enclosures
/// hold the true root at any width, rational roots with long denominators are found exactly, and the simplest rational
/// of an interval is the one a brute-force search finds.
/// </summary>
public class RootRefinementTests
{
    [Test]
    public void TheSquareRootOfTwoIsEnclosedToAThousandDigits()
    {
        // x² − 2: the enclosure [lo, hi] must satisfy lo² < 2 < hi² (the defining property of √2) at the width asked.
        var width = new Rational(BigInteger.One, BigInteger.Pow(10, 1000));
        var roots = ExactPolynomial.RealRoots([new Rational(-2), Rational.Zero, Rational.One], width);
        Assert.That(roots, Has.Count.EqualTo(2));
        var positive = roots[1];
        Assert.That(positive.Upper - positive.Lower, Is.LessThanOrEqualTo(width));
        Assert.That(positive.Lower * positive.Lower, Is.LessThan(new Rational(2)));
        Assert.That(positive.Upper * positive.Upper, Is.GreaterThan(new Rational(2)));
    }

    [Test]
    public void ARationalRootWithAThousandBitDenominatorIsFoundExactly()
    {
        // (q·x − p)(x² − 3) with p/q a fraction of about 300 digits each: its rational root must come back with
        // Lower = Upper = p/q, the irrational ones as enclosures of ±√3.
        var rng = new Random(11);
        var p = RandomInteger(rng, 300);
        var q = RandomInteger(rng, 300) | BigInteger.One;
        var r = new Rational(p, q);
        // (q·x − p)(x² − 3) = q·x³ − p·x² − 3q·x + 3p, coefficients from the constant up.
        Rational[] product = [new Rational(3 * p), new Rational(-3 * q), new Rational(-p), new Rational(q)];
        var roots = ExactPolynomial.RealRoots(product, new Rational(1, BigInteger.Pow(10, 30)));
        Assert.That(roots, Has.Count.EqualTo(3));
        Assert.That(roots.Where(x => x.Lower == x.Upper).Select(x => x.Lower), Is.EquivalentTo(new[] { r }));
        foreach (var x in roots.Where(x => x.Lower != x.Upper))
        {
            // x² − 3 changes sign across the enclosure: it holds √3 or −√3.
            var atLower = (x.Lower * x.Lower) - new Rational(3);
            var atUpper = (x.Upper * x.Upper) - new Rational(3);
            Assert.That(atLower.Sign * atUpper.Sign, Is.LessThan(0), $"[{x.Lower}, {x.Upper}]");
        }
    }

    [Test]
    public void TheSimplestRationalMatchesABruteForceSearch()
    {
        // The smallest denominator first: for random intervals, the answer has the least q with a multiple of 1/q
        // inside, and among those the least |p|.
        var rng = new Random(17);
        for (int trial = 0; trial < 500; trial++)
        {
            var a = new Rational(rng.Next(-2000, 2000), rng.Next(1, 300));
            var b = a + new Rational(rng.Next(0, 50), rng.Next(1, 2000));
            var simplest = ExactPolynomial.SimplestBetween(a, b);
            Assert.That(simplest >= a && simplest <= b, Is.True, $"{simplest} outside [{a}, {b}]");
            for (var q = BigInteger.One; q < simplest.Denominator; q++)
            {
                var lowest = (a * new Rational(q)).Floor() + 1;
                Assert.That(new Rational(lowest, q) > b || new Rational(lowest - 1, q) == a, Is.True,
                    $"[{a}, {b}] holds a fraction with denominator {q} < {simplest.Denominator}");
            }
        }
    }

    [Test]
    public void AContinuedFractionOfTenThousandTermsDoesNotExhaustTheStack()
    {
        // Consecutive Fibonacci ratios have all-ones expansions: the longest for their size.
        BigInteger f0 = 1, f1 = 1;
        for (int i = 0; i < 10_000; i++)
        {
            (f0, f1) = (f1, f0 + f1);
        }

        var x = new Rational(f1, f0);
        Assert.That(ExactPolynomial.SimplestBetween(x, x), Is.EqualTo(x));
    }

    private static BigInteger RandomInteger(Random rng, int digits)
    {
        var text = string.Concat(Enumerable.Range(0, digits).Select(i => (char)('0' + (i == 0 ? rng.Next(1, 10) : rng.Next(10)))));
        return BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
