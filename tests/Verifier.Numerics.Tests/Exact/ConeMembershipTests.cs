using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Exact;

/// <summary>
/// Exact cone membership: every answer carries its certificate, checked here by the test's own dot products (λ ≥ 0 with
/// Σλₖaₖ = g, or y with y·aₖ ≥ 0 and y·g &lt; 0), and points built inside a cone are found inside it.
/// </summary>
public class ConeMembershipTests
{
    [Test]
    public void EveryAnswerCarriesACertificateThatHolds([Values(1, 2, 3, 4, 5)] int seed)
    {
        // Random small integer generators and targets in dimensions 1–4 with 0–6 generators: both answers occur.
        var rng = new Random(seed);
        int members = 0, separated = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(1, 5), m = rng.Next(0, 7);
            var a = Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-3, 4)).ToArray()).ToArray();
            var g = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-3, 4)).ToArray();
            switch (ConeMembership.Decide(a, g))
            {
                case ConeAnswer.Member member:
                    members++;
                    Assert.That(member.Multipliers.All(l => l.Sign >= 0));
                    for (int r = 0; r < n; r++)
                    {
                        Assert.That(Enumerable.Range(0, m).Aggregate(Rational.Zero, (s, k) => s + (member.Multipliers[k] * a[k][r])), Is.EqualTo(g[r]));
                    }

                    break;
                case ConeAnswer.Separated sep:
                    separated++;
                    Assert.That(a.All(ak => Dot(sep.Direction, ak).Sign >= 0), "y·aₖ ≥ 0 for every generator");
                    Assert.That(Dot(sep.Direction, g).Sign, Is.LessThan(0), "y·g < 0");
                    break;
            }
        }

        Assert.That(members, Is.GreaterThan(20), "the draw must exercise membership");
        Assert.That(separated, Is.GreaterThan(20), "the draw must exercise separation");
    }

    [Test]
    public void PointsBuiltInsideTheConeAreMembers([Values(7, 8, 9)] int seed)
    {
        // g = Σ λₖaₖ with λₖ ≥ 0 drawn at random: the answer must be Member (the converse would contradict Farkas).
        var rng = new Random(seed);
        for (int trial = 0; trial < 100; trial++)
        {
            int n = rng.Next(1, 5), m = rng.Next(1, 7);
            var a = Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-5, 6)).ToArray()).ToArray();
            var lambda = Enumerable.Range(0, m).Select(_ => new Rational(rng.Next(0, 5), rng.Next(1, 4))).ToArray();
            var g = Enumerable.Range(0, n).Select(r => Enumerable.Range(0, m).Aggregate(Rational.Zero, (s, k) => s + (lambda[k] * a[k][r]))).ToArray();
            Assert.That(ConeMembership.Decide(a, g), Is.TypeOf<ConeAnswer.Member>());
        }
    }

    [Test]
    public void TheEmptyConeHoldsOnlyZero()
    {
        Assert.That(ConeMembership.Decide([], [Rational.Zero, Rational.Zero]), Is.TypeOf<ConeAnswer.Member>());
        var answer = ConeMembership.Decide([], [Rational.One, new Rational(-2)]);
        Assert.That(answer, Is.TypeOf<ConeAnswer.Separated>());
    }

    private static Rational Dot(Rational[] a, Rational[] b) => a.Zip(b).Aggregate(Rational.Zero, (s, p) => s + (p.First * p.Second));
}
