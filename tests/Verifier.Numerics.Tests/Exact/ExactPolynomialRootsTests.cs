using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Exact;

/// <summary>Exact polynomial arithmetic and Sturm root isolation against polynomials built from known roots.</summary>
public class ExactPolynomialRootsTests
{
    private static readonly Rational Width = new(1, 1_000_000_000_000);

    // Π (t − rᵢ) as coefficients.
    private static Rational[] WithRoots(params Rational[] roots)
    {
        Rational[] p = [Rational.One];
        foreach (var r in roots)
        {
            p = Times(p, [-r, Rational.One]);
        }

        return p;
    }

    private static Rational[] Times(Rational[] a, Rational[] b)
    {
        var c = new Rational[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                c[i + j] += a[i] * b[j];
            }
        }

        return c;
    }

    [Test]
    public void RationalRootsAreFoundExactlyWithMultiplicities()
    {
        var p = WithRoots(new Rational(1, 3), 2, 2, -5, new Rational(-7, 4), new Rational(-7, 4), new Rational(-7, 4));
        var roots = ExactPolynomial.RealRoots(p, Width);
        Assert.That(roots.Select(r => (r.Value, r.Multiplicity)), Is.EqualTo(new[]
        {
            ((Rational)(-5), 1), (new Rational(-7, 4), 3), (new Rational(1, 3), 1), ((Rational)2, 2),
        }));
    }

    [Test]
    public void IrrationalRootsAreEnclosedAndSeparated()
    {
        // (t² − 2)(t² − 2.0001)·(t − 1): roots ±√2, ±√2.0001 (close pairs) and 1.
        Rational[] p = Times(Times([-2, 0, 1], [Rational.Parse("-2.0001"), 0, 1]), [-1, 1]);
        var roots = ExactPolynomial.RealRoots(p, Width);
        double[] expected = [-Math.Sqrt(2.0001), -Math.Sqrt(2), 1, Math.Sqrt(2), Math.Sqrt(2.0001)];
        Assert.That(roots, Has.Count.EqualTo(5));
        for (int i = 0; i < 5; i++)
        {
            Assert.That(roots[i].Lower.ToDouble(), Is.LessThanOrEqualTo(expected[i]));
            Assert.That(roots[i].Upper.ToDouble(), Is.GreaterThanOrEqualTo(expected[i]));
            Assert.That(roots[i].Upper - roots[i].Lower, Is.LessThanOrEqualTo(Width));
        }

        Assert.That(roots[2].IsExact, Is.True);
        Assert.That(roots.Count(r => r.IsExact), Is.EqualTo(1), "√2 is irrational: it must not be reported as exact");
    }

    [Test]
    public void SquareFreeTestSeesRepeatedRootsWithoutComputingThem()
    {
        Assert.That(ExactPolynomial.IsSquareFree(WithRoots(1, 2, 3)), Is.True);
        Assert.That(ExactPolynomial.IsSquareFree(WithRoots(1, 2, 2)), Is.False);
        // (t² − 3)² has irrational double roots.
        Assert.That(ExactPolynomial.IsSquareFree(Times([-3, 0, 1], [-3, 0, 1])), Is.False);
    }

    [Test]
    public void DivisionIdentityHolds()
    {
        var a = WithRoots(1, -2, 5, new Rational(3, 7));
        Rational[] b = [1, 2, 3];
        var (q, r) = ExactPolynomial.DivRem(a, b);
        var back = Times(q, b);
        for (int k = 0; k < r.Length; k++)
        {
            back[k] += r[k];
        }

        Assert.That(ExactPolynomial.Trim(back), Is.EqualTo(ExactPolynomial.Trim(a)));
        Assert.That(ExactPolynomial.Degree(r), Is.LessThan(2));
    }

    [TestCase("1/3", "1/2", "1/2")]
    [TestCase("0.31", "0.32", "5/16")]
    [TestCase("-0.32", "-0.31", "-5/16")]
    [TestCase("-1", "1", "0")]
    [TestCase("7/3", "7/3", "7/3")]
    public void SimplestRationalInAnInterval(string a, string b, string expected) =>
        Assert.That(ExactPolynomial.SimplestBetween(Rational.Parse(a), Rational.Parse(b)), Is.EqualTo(Rational.Parse(expected)));

    [Test]
    public void NoRealRootsGivesAnEmptyList() =>
        Assert.That(ExactPolynomial.RealRoots([1, 0, 1], Width), Is.Empty);
}
