using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Intervals;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Numerics.Rigorous;
using Verifier.Numerics.Exact;
using Verifier.Numerics.Tests.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Rigorous;

/// <summary>
/// The floating-point Cholesky certificate against exact rational inertia: whenever it says positive definite (or
/// not), the exact matrices sampled from the interval matrix agree; it decides thin enclosures with a clear margin,
/// so the property is not vacuous; and matrices on or within rounding of the boundary are never given the wrong
/// answer.
/// </summary>
public class CholeskyCertificateTests
{
    private const int Cases = 300;

    [Property(Arbitrary = new[] { typeof(IntervalDefinitenessTests.Arbitraries) }, MaxTest = Cases, Replay = "14142,13563")]
    public Property EitherVerdictHoldsForEveryExactMatrixSampledFromTheIntervals(IntervalDefinitenessTests.EnclosureCase c)
    {
        var verdict = CholeskyCertificate.Decide(c.Enclosure);
        var failures = new List<string>();
        if (verdict != CholeskyVerdict.Undecided)
        {
            bool claimed = verdict == CholeskyVerdict.PositiveDefinite;
            foreach (var (name, sample) in Samples(c))
            {
                var inertia = ExactLinearAlgebra.Inertia(sample);
                if (inertia.IsPositiveDefinite != claimed)
                {
                    failures.Add($"{verdict}, but the {name} {RationalMatrices.Show(sample)} has inertia {inertia}");
                }
            }
        }

        return (failures.Count == 0).Label(string.Join("; ", failures)).Classify(verdict != CholeskyVerdict.Undecided, "decided");
    }

    [Property(MaxTest = Cases, Replay = "17320,50807")]
    public Property ThinEnclosuresOfDefiniteAndIndefiniteMatricesAreDecided(PositiveInt size, int[] entries, bool negate)
    {
        // ±(LᵀL + I/4) with L in −3…3: the smallest eigenvalue of ± is at least 1/4 in magnitude, far above rounding.
        int n = 1 + (size.Get % 12);
        var m = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Rational sum = i == j ? new Rational(1, 4) : Rational.Zero;
                for (int k = 0; k < n; k++)
                {
                    sum += L(k, i) * L(k, j);
                }

                m[i, j] = negate ? -sum : sum;
            }
        }

        var verdict = CholeskyCertificate.Decide(IntervalMatrix.FromRationals(m));
        var expected = negate ? CholeskyVerdict.NotPositiveDefinite : CholeskyVerdict.PositiveDefinite;
        return (verdict == expected).Label($"M = {RationalMatrices.Show(m)}: {verdict}");

        int L(int i, int j) => entries.Length == 0 ? 0 : entries[((i * n) + j) % entries.Length] % 4;
    }

    [Test]
    public void BoundaryMatricesAreNeverGivenTheWrongAnswer()
    {
        var e = Math.ScaleB(1.0, -52);
        var cases = new (string Name, Interval[,] A, CholeskyVerdict Wrong)[]
        {
            ("singular [[1, 1], [1, 1]]", Point(new[,] { { 1.0, 1 }, { 1, 1 } }), CholeskyVerdict.PositiveDefinite),
            ("det −2⁻¹⁰⁴, the float factorisation meets a zero pivot", Point(new[,] { { 1.0, 1 + e }, { 1 + e, 1 + (2 * e) } }), CholeskyVerdict.PositiveDefinite),
            ("det 2⁻⁵² − 2⁻¹⁰⁴ > 0", Point(new[,] { { 1.0, 1 + e }, { 1 + e, 1 + (3 * e) } }), CholeskyVerdict.NotPositiveDefinite),
            ("zero matrix", Point(new double[3, 3]), CholeskyVerdict.PositiveDefinite),
            ("diag(1, 0, 1)", Point(new[,] { { 1.0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 1 } }), CholeskyVerdict.PositiveDefinite),
            ("diag(1, −2⁻¹⁰⁰⁰)", Point(new[,] { { 1.0, 0 }, { 0, -Math.ScaleB(1.0, -1000) } }), CholeskyVerdict.PositiveDefinite),
            ("diag(1, 2⁻¹⁰⁰⁰)", Point(new[,] { { 1.0, 0 }, { 0, Math.ScaleB(1.0, -1000) } }), CholeskyVerdict.NotPositiveDefinite),
            ("an interval holding a singular matrix", new[,] { { new Interval(1, 1), new Interval(0.5, 1) }, { new Interval(0.5, 1), new Interval(1, 1) } }, CholeskyVerdict.PositiveDefinite),
            ("an interval holding a definite matrix", new[,] { { new Interval(1, 1), new Interval(0.5, 1) }, { new Interval(0.5, 1), new Interval(1, 1) } }, CholeskyVerdict.NotPositiveDefinite),
        };

        Assert.Multiple(() =>
        {
            foreach (var (name, a, wrong) in cases)
            {
                Assert.That(CholeskyCertificate.Decide(a), Is.Not.EqualTo(wrong), name);
            }
        });
    }

    [Test]
    public void HugeOrUnboundedEntriesAreLeftUndecidedAndTheShapeIsChecked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CholeskyCertificate.Decide(Point(new[,] { { 1e300, 0 }, { 0, 1 } })), Is.EqualTo(CholeskyVerdict.Undecided));
            Assert.That(CholeskyCertificate.Decide(new[,] { { Interval.One, Interval.Entire }, { Interval.Entire, Interval.One } }), Is.EqualTo(CholeskyVerdict.Undecided));
            Assert.That(CholeskyCertificate.Decide(new Interval[0, 0]), Is.EqualTo(CholeskyVerdict.PositiveDefinite));
            Assert.Throws<ArgumentException>(() => CholeskyCertificate.Decide(new Interval[2, 3]));
        });
    }

    [Test]
    public void TheBudgetIsChargedForEveryStepAndCanStopTheWork()
    {
        var a = IntervalMatrix.Identity(20);
        var budget = new Verifier.Numerics.Budgets.WorkBudget(new Verifier.Numerics.Budgets.WorkLimits(long.MaxValue / 2, Verifier.Numerics.Budgets.WorkLimits.DefaultMaxRationalBits, TimeSpan.FromDays(1)));
        var verdict = CholeskyCertificate.Decide(a, budget);
        var tiny = new Verifier.Numerics.Budgets.WorkBudget(new Verifier.Numerics.Budgets.WorkLimits(100, Verifier.Numerics.Budgets.WorkLimits.DefaultMaxRationalBits, TimeSpan.FromDays(1)));
        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.EqualTo(CholeskyVerdict.PositiveDefinite));

            // Two factorisations (unshifted, then shifted) of 20 steps, about n³/6 multiply-adds each, and the check.
            Assert.That(budget.Spent, Is.GreaterThanOrEqualTo(2L * 20 * 20 * 20 / 6));
            Assert.Throws<Verifier.Numerics.Budgets.WorkBudgetExhaustedException>(() => CholeskyCertificate.Decide(a, tiny));
        });
    }

    private static Interval[,] Point(double[,] a) => IntervalMatrix.Point(a);

    // The exact midpoint, the two corners and the centre the enclosure was built around.
    private static IEnumerable<(string Name, Rational[,] Matrix)> Samples(IntervalDefinitenessTests.EnclosureCase c)
    {
        int n = c.Center.GetLength(0);
        Rational[,] Pick(Func<Interval, Rational> choose)
        {
            var a = new Rational[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    a[i, j] = a[j, i] = choose(c.Enclosure[i, j]);
                }
            }

            return a;
        }

        yield return ("midpoint", Pick(x => (Rational.FromDouble(x.Lo) + Rational.FromDouble(x.Hi)) / 2));
        yield return ("lower corner", Pick(x => Rational.FromDouble(x.Lo)));
        yield return ("upper corner", Pick(x => Rational.FromDouble(x.Hi)));
        yield return ("centre", c.Center);
    }
}
