using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Intervals;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Numerics.Rigorous;
using Verifier.Numerics.Tests.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Rigorous;

/// <summary>
/// Krawczyk's theorem on functions whose zeros are all known exactly (<see cref="KnownZeros"/>): every zero in the box
/// lies in K(X), whatever the preconditioner; "no zero" means none is in the box and "unique zero" exactly one.
/// Containment is checked exactly (rational zeros against double endpoints): no tolerance.
/// </summary>
public class KrawczykOperatorTests
{
    private const int Cases = 300;

    /// <summary>A function with known zeros, a box (exact centre, radius) and a preconditioner.</summary>
    public sealed record KrawczykCase(KnownZeros Function, Rational[] Center, Rational Radius, int PreconditionerKind, double[] Noise)
    {
        public override string ToString() =>
            $"{Function}; centre [{string.Join(", ", Center)}], radius {Radius}, preconditioner {PreconditionerKind}, noise [{string.Join(", ", Noise)}]";
    }

    public static class Arbitraries
    {
        public static Arbitrary<KrawczykCase> Cases() => Arb.From(
            from n in Gen.Choose(1, 3)
            from f in Functions(n)
            from mask in Gen.Choose(0, (1 << n) - 1)
            from offsets in Gen.Choose(-64, 64).ArrayOf(n)
            from offsetScale in Gen.Elements(0, 1, 1, 16, 256)
            from radius in Gen.Elements(new Rational(1, 1 << 20), new Rational(1, 1000), new Rational(1, 64), new Rational(1, 8), new Rational(1, 2), (Rational)2)
            from kind in Gen.Choose(0, 3)
            from noise in Gen.Choose(-1000, 1000).Select(k => k / 500.0).ArrayOf(n * n)
            let zero = f.Zero(mask)
            let center = zero.Select((z, i) => z + (radius * offsetScale * new Rational(offsets[i], 64 * 16))).ToArray()
            select new KrawczykCase(f, center, radius, kind, noise));
    }

    /// <summary>Functions of dimension n: S = L·U unit triangular (invertible), aᵢ ≠ 0, roots on a grid of quarters.</summary>
    private static Gen<KnownZeros> Functions(int n) =>
        from s in RationalMatrices.Invertible(n)
        from a in RationalMatrices.NonZero().ArrayOf(n)
        from z in Gen.Choose(-8, 8).ArrayOf(n)
        from w in Gen.Choose(-8, 8).ArrayOf(n)
        select new KnownZeros(s, a, [.. z.Select(k => new Rational(k, 4))], [.. w.Select(k => new Rational(k, 4))]);

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = "2718,28183")]
    public Property EveryZeroInTheBoxLiesInTheImageAndTheVerdictCountsTheZeros(KrawczykCase c)
    {
        var (result, box) = Run(c);
        var inBox = c.Function.Zeros().Where(z => IntervalVector.Contains(box, z)).ToArray();
        var missed = inBox.Where(z => !IntervalVector.Contains(result.Image, z)).ToArray();
        bool verdict = result switch
        {
            KrawczykResult.NoZero => inBox.Length == 0,
            KrawczykResult.UniqueZero => inBox.Length == 1,
            KrawczykResult.Undecided => true,
            _ => false,
        };
        return (missed.Length == 0 && verdict)
            .Label($"{result.GetType().Name}: {inBox.Length} zero(s) in the box, {missed.Length} missed by K(X) = [{string.Join(", ", result.Image)}]")
            .Classify(result is KrawczykResult.UniqueZero, "unique")
            .Classify(result is KrawczykResult.NoZero, "no zero");
    }

    [Test]
    public void ANewtonPreconditionedSmallBoxAroundASimpleZeroProvesItUniqueAndAFarBoxProvesNone()
    {
        // Not vacuous: with Y ≈ mid(J)⁻¹ the test decides small boxes. Simple roots (zᵢ ≠ wᵢ) keep J non-singular.
        var random = new Random(20240611);
        int unique = 0, none = 0;
        const int Trials = 60;
        for (int trial = 0; trial < Trials; trial++)
        {
            int n = 1 + (trial % 3);
            var f = SimpleRoots(random, n);
            var zero = f.Zero(random.Next(1 << n));
            var radius = new Rational(1, 1 << 20);
            var at = Run(new KrawczykCase(f, zero, radius, 0, new double[n * n])).Result;
            unique += at is KrawczykResult.UniqueZero ? 1 : 0;

            // A box of the same size at distance 1/3 beyond every root in the first coordinate direction.
            var far = zero.Select((z, i) => i == 0 ? z + new Rational(1, 3) + f.Zeros().Select(x => (x[0] - z).Abs()).Aggregate(Rational.Zero, Rational.Max) : z).ToArray();
            var away = Run(new KrawczykCase(f, far, radius, 0, new double[n * n])).Result;
            none += away is KrawczykResult.NoZero ? 1 : 0;
        }

        Assert.Multiple(() =>
        {
            Assert.That(unique, Is.EqualTo(Trials), "unique zero proved around each simple zero");
            Assert.That(none, Is.EqualTo(Trials), "no zero proved in each box away from every zero");
        });
    }

    [Test]
    public void TheImageNeedsThePointInsideTheBox()
    {
        var box = new[] { new Interval(0, 1) };
        var outside = new[] { Interval.Point(2) };
        Assert.Throws<ArgumentException>(() => KrawczykOperator.Image(outside, [Interval.Zero], new[,] { { Interval.One } }, box, new double[,] { { 1 } }));
    }

    [Test]
    public void ApproximateInverseIsNoneForASingularMidpointAndInvertsAWellConditionedOne()
    {
        var singular = new[,] { { Interval.Point(1), Interval.Point(2) }, { Interval.Point(2), Interval.Point(4) } };
        var regular = new[,] { { Interval.Point(4), Interval.Point(1) }, { Interval.Point(1), Interval.Point(3) } };
        var y = ApproximateInverse.OfMidpoint(regular);
        Assert.Multiple(() =>
        {
            Assert.That(ApproximateInverse.OfMidpoint(singular), Is.Null);
            Assert.That(ApproximateInverse.OfMidpoint(new Interval[2, 2]), Is.Null);
            Assert.That(y, Is.Not.Null);
        });

        // Y·M = I up to the rounding of a 2×2 elimination: a few ulps of entries of size 1 (cond(M) ≈ 2.2).
        var m = new double[,] { { 4, 1 }, { 1, 3 } };
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                double product = (y![i, 0] * m[0, j]) + (y[i, 1] * m[1, j]);
                Assert.That(product, Is.EqualTo(i == j ? 1.0 : 0.0).Within(Tolerance.Residual(2, 5.0)));
            }
        }
    }

    private static KnownZeros SimpleRoots(Random random, int n)
    {
        var s = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            s[i, i] = Rational.One;
            for (int j = i + 1; j < n; j++)
            {
                s[i, j] = random.Next(-2, 3);
            }
        }

        var a = Enumerable.Range(0, n).Select(_ => new Rational(random.Next(1, 5) * (random.Next(2) * 2 - 1), random.Next(1, 3))).ToArray();
        var z = Enumerable.Range(0, n).Select(_ => new Rational(random.Next(-8, 9), 4)).ToArray();
        var w = z.Select(v => v + new Rational(random.Next(1, 9) * (random.Next(2) * 2 - 1), 4)).ToArray();
        return new KnownZeros(s, a, z, w);
    }

    // Builds the box and the preconditioner of a case and runs the test: kind 0 the approximate inverse of mid(J(X)),
    // 1 a random matrix, 2 the zero matrix, 3 the approximate inverse with every entry changed by up to 200%.
    private static (KrawczykResult Result, Interval[] Box) Run(KrawczykCase c)
    {
        var f = c.Function;
        int n = f.Dimension;
        var box = IntervalBox.Around(c.Center, c.Radius);
        var m = IntervalVector.FromRationals(c.Center);
        var inverse = ApproximateInverse.OfMidpoint(f.Jacobian(box));
        var y = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double noise = c.Noise[(i * n) + j];
                y[i, j] = c.PreconditionerKind switch
                {
                    0 => inverse?[i, j] ?? noise,
                    1 => noise,
                    2 => 0.0,
                    _ => (inverse?[i, j] ?? 1.0) * (1 + noise),
                };
            }
        }

        return (KrawczykOperator.Test(f.Gradient, f.Jacobian, m, box, y), box);
    }
}
