using Verifier.Numerics.Statistics;

namespace Verifier.Numerics.Tests.Statistics;

/// <summary>The Wilson interval against its definition and known values.</summary>
public class BinomialIntervalTests
{
    [Test]
    public void MatchesThePublishedValueForTenOfTwenty()
    {
        // k = 10, n = 20, z = 1.96: [0.2993, 0.7007] (the interval is symmetric about 1/2 here).
        var ci = BinomialInterval.Wilson(10, 20);
        Assert.That(ci.Lower, Is.EqualTo(0.29930).Within(5e-5));
        Assert.That(ci.Upper, Is.EqualTo(0.70070).Within(5e-5));
    }

    [Test]
    public void TheEndsSolveTheScoreEquation([Values(0, 1, 7, 19, 20)] int k)
    {
        // Each end p satisfies |k/n − p| = z·√(p(1−p)/n), the score test's boundary (tolerance: double rounding).
        const int n = 20;
        var ci = BinomialInterval.Wilson(k, n);
        foreach (var p in new[] { ci.Lower, ci.Upper })
        {
            Assert.That(Math.Abs(((double)k / n) - p), Is.EqualTo(BinomialInterval.Z95 * Math.Sqrt(p * (1 - p) / n)).Within(1e-12));
        }
    }

    [Test]
    public void BadCountsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.Wilson(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.Wilson(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinomialInterval.Wilson(-1, 2));
    }
}
