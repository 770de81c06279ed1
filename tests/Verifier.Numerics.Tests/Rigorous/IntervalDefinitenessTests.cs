using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Exact;
using Verifier.Numerics.Intervals;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Numerics.Rigorous;
using Verifier.Numerics.Tests.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Rigorous;

/// <summary>
/// The interval definiteness test against exact rational inertia: whenever it proves every matrix of an enclosure
/// definite, the exact inertia of sampled matrices of the enclosure (its exact midpoint, its lower and upper corners,
/// random corners, the matrix it was built around) agrees; and it proves thin enclosures of matrices with a clear
/// margin, so the property is not vacuous.
/// </summary>
public class IntervalDefinitenessTests
{
    private const int Cases = 300;

    /// <summary>A symmetric rational matrix, the enclosure around it, and a seed for the corners sampled from it.</summary>
    public sealed record EnclosureCase(Rational[,] Center, Interval[,] Enclosure, int CornerSeed)
    {
        public override string ToString() => $"M = {RationalMatrices.Show(Center)}, corner seed {CornerSeed}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<EnclosureCase> Enclosures() => Arb.From(
            from n in Gen.Choose(1, 5)
            from center in Gen.Frequency((1, RationalMatrices.Symmetric(n)), (2, Definite(n)))
            from width in Gen.Elements(Rational.Zero, new Rational(1, 1 << 20), new Rational(1, 64), new Rational(1, 8), new Rational(1, 2))
            from radii in Gen.Choose(0, 16).ArrayOf(n * n)
            from seed in Gen.Choose(0, int.MaxValue)
            select new EnclosureCase(center, Around(center, width, radii), seed));
    }

    /// <summary>±(LᵀL + δ·I) with integer L and δ ∈ {1/4, 1, 2}: definite with smallest |eigenvalue| at least δ.</summary>
    public static Gen<Rational[,]> Definite(int n) =>
        from l in Gen.Choose(-3, 3).ArrayOf(n * n)
        from delta in Gen.Elements(new Rational(1, 4), Rational.One, (Rational)2)
        from sign in Gen.Elements(1, -1)
        select Definite(n, l, delta, sign);

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = "16180,33989")]
    public Property AProofOfDefinitenessHoldsForEveryExactMatrixSampledFromTheEnclosure(EnclosureCase c)
    {
        int n = c.Center.GetLength(0);
        var positive = IntervalDefiniteness.Test(c.Enclosure, +1);
        var negative = IntervalDefiniteness.Test(c.Enclosure, -1);
        var failures = new List<string>();
        foreach (var (result, sign) in new[] { (positive, 1), (negative, -1) })
        {
            if (result is not Definiteness.Proved)
            {
                continue;
            }

            foreach (var (name, sample) in Samples(c))
            {
                var inertia = ExactLinearAlgebra.Inertia(sample);
                if ((sign > 0 ? inertia.Positive : inertia.Negative) != n)
                {
                    failures.Add($"proved {(sign > 0 ? "positive" : "negative")} definite, but the {name} {RationalMatrices.Show(sample)} has inertia {inertia}");
                }
            }
        }

        return (failures.Count == 0 && !(positive is Definiteness.Proved && negative is Definiteness.Proved))
            .Label(string.Join("; ", failures))
            .Classify(positive is Definiteness.Proved || negative is Definiteness.Proved, "proved");
    }

    [Property(MaxTest = Cases, Replay = "27182,81829")]
    public Property ThinEnclosuresOfMatricesWithAClearMarginAreProved(PositiveInt size, int[] entries, bool negative)
    {
        int n = 1 + (size.Get % 6);
        var l = Enumerable.Range(0, n * n).Select(k => entries.Length == 0 ? 0 : entries[k % entries.Length] % 4).ToArray();
        int sign = negative ? -1 : 1;
        var m = Definite(n, l, new Rational(1, 4), sign);
        var result = IntervalDefiniteness.Test(IntervalMatrix.FromRationals(m), sign);
        return (result is Definiteness.Proved p && p.Sign == sign && IntervalDefiniteness.Test(IntervalMatrix.FromRationals(m), -sign) is Definiteness.NotProved)
            .Label($"M = {RationalMatrices.Show(m)}: {result}");
    }

    [Test]
    public void AboveTheOrderLimitTheTestIsInconclusiveAndSaysWhy()
    {
        int limit = IntervalDefiniteness.MaxOrder;
        var atLimit = IntervalMatrix.Identity(limit);
        var beyond = IntervalMatrix.Identity(limit + 1);
        var result = IntervalDefiniteness.Test(beyond, +1);
        Assert.Multiple(() =>
        {
            Assert.That(IntervalDefiniteness.Test(atLimit, +1), Is.InstanceOf<Definiteness.Proved>());
            Assert.That(result, Is.InstanceOf<Definiteness.Inconclusive>());
            var reason = ((Definiteness.Inconclusive)result).Reason;
            Assert.That(reason, Does.Contain("skipped").And.Contain($"{limit + 1}").And.Contain($"{limit}"));
        });
    }

    [Test]
    public void AnUnboundedEntryMakesTheTestInconclusiveAndASingularMatrixIsNotProved()
    {
        var unbounded = new[,] { { Interval.One, Interval.Entire }, { Interval.Entire, Interval.One } };
        var singular = IntervalMatrix.FromRationals(new Rational[,] { { 1, 1 }, { 1, 1 } });
        Assert.Multiple(() =>
        {
            Assert.That(IntervalDefiniteness.Test(unbounded, +1), Is.InstanceOf<Definiteness.Inconclusive>());
            Assert.That(IntervalDefiniteness.Test(singular, +1), Is.InstanceOf<Definiteness.NotProved>());
            Assert.Throws<ArgumentOutOfRangeException>(() => IntervalDefiniteness.Test(singular, 0));
        });
    }

    [Test]
    public void CurvatureEnclosesTheExactQuadraticFormOfEveryCorner()
    {
        // A fixed 2×2 enclosure and direction: dᵀHd over the four symmetric corners lies in the enclosure.
        var h = new[,] { { new Interval(1, 2), new Interval(-0.5, 0.25) }, { new Interval(-0.5, 0.25), new Interval(-3, -1) } };
        double[] d = [0.75, -1.25];
        var q = IntervalCurvature.Along(h, d);
        foreach (double a in new[] { 1.0, 2.0 })
        {
            foreach (double b in new[] { -0.5, 0.25 })
            {
                foreach (double e in new[] { -3.0, -1.0 })
                {
                    var exact = ExactLinearAlgebra.QuadraticForm(
                        new[,] { { Rational.FromDouble(a), Rational.FromDouble(b) }, { Rational.FromDouble(b), Rational.FromDouble(e) } },
                        [Rational.FromDouble(d[0]), Rational.FromDouble(d[1])]);
                    Assert.That(q.Contains(exact), Is.True, $"corner ({a}, {b}, {e}): {exact} not in {q}");
                }
            }
        }
    }

    private static Rational[,] Definite(int n, int[] l, Rational delta, int sign)
    {
        var lower = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                lower[i, j] = l[(i * n) + j];
            }
        }

        var m = ExactMatrices.Add(ExactMatrices.Multiply(ExactMatrices.Transpose(lower), lower), ExactMatrices.Scale(ExactMatrices.Identity(n), delta));
        return ExactMatrices.Scale(m, sign);
    }

    // Entry (i, j) becomes [mᵢⱼ − rᵢⱼ, mᵢⱼ + rᵢⱼ] rounded outward, rᵢⱼ = width·k/16, the same interval on both sides.
    private static Interval[,] Around(Rational[,] m, Rational width, int[] radii)
    {
        int n = m.GetLength(0);
        var h = new Interval[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                var r = width * new Rational(radii[(i * n) + j], 16);
                h[i, j] = h[j, i] = new Interval(Interval.FromRational(m[i, j] - r).Lo, Interval.FromRational(m[i, j] + r).Hi);
            }
        }

        return h;
    }

    // The exact symmetric matrices of the enclosure that are checked: the exact midpoint of the double endpoints, the
    // lower and upper corners, eight random corners, and the matrix the enclosure was built around.
    private static IEnumerable<(string Name, Rational[,] Matrix)> Samples(EnclosureCase c)
    {
        int n = c.Center.GetLength(0);
        var random = new Random(c.CornerSeed);
        Rational[,] Pick(Func<int, int, Interval, Rational> choose)
        {
            var a = new Rational[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    a[i, j] = a[j, i] = choose(i, j, c.Enclosure[i, j]);
                }
            }

            return a;
        }

        yield return ("midpoint", Pick((_, _, x) => (Rational.FromDouble(x.Lo) + Rational.FromDouble(x.Hi)) / 2));
        yield return ("lower corner", Pick((_, _, x) => Rational.FromDouble(x.Lo)));
        yield return ("upper corner", Pick((_, _, x) => Rational.FromDouble(x.Hi)));
        for (int k = 0; k < 8; k++)
        {
            yield return ("random corner", Pick((_, _, x) => Rational.FromDouble(random.Next(2) == 0 ? x.Lo : x.Hi)));
        }

        yield return ("centre", c.Center);
    }
}
