using Verifier.Numerics.Krylov;

namespace Verifier.Numerics.Tests.Krylov;

/// <summary>Hutchinson's estimator against exact traces: exact for diagonal operators, within a few standard errors otherwise.</summary>
public class HutchinsonTraceTests
{
    [Test]
    public void ADiagonalOperatorIsEstimatedExactlyByEveryProbe()
    {
        // zᵀDz = Σ dᵢ zᵢ² = tr D for z ∈ {±1}ⁿ: no variance at all.
        double[] d = [3, -1, 0.5, 7, 2];
        var op = new DelegateOperator(d.Length, (x, y) =>
        {
            for (int i = 0; i < d.Length; i++)
            {
                y[i] = d[i] * x[i];
            }
        });
        var estimate = HutchinsonTrace.Estimate(op, 7, seed: 3);
        Assert.That(estimate.Trace, Is.EqualTo(d.Sum()).Within(1e-12));
        Assert.That(estimate.StandardError, Is.EqualTo(0).Within(1e-12));
        Assert.That(estimate.Products, Is.EqualTo(7));
    }

    [Test]
    public void TheEstimateOfARandomMatrixLiesWithinFourStandardErrorsOfItsTrace([Values(1, 2, 3)] int seed)
    {
        // Four standard errors: a 6e-5 two-sided chance for a normal mean; the seeds are fixed, so the test is repeatable.
        var a = Symmetric(40, seed);
        double trace = Enumerable.Range(0, 40).Sum(i => a[i, i]);
        var estimate = HutchinsonTrace.Estimate(DelegateOperator.FromMatrix(a), 400, seed);
        Assert.That(estimate.StandardError, Is.GreaterThan(0));
        Assert.That(Math.Abs(estimate.Trace - trace), Is.LessThanOrEqualTo(4 * estimate.StandardError), $"estimate {estimate.Trace} ± {estimate.StandardError}, trace {trace}");
    }

    [Test]
    public void TheSameSeedGivesTheSameEstimateAndNoProbeIsRefused()
    {
        var a = DelegateOperator.FromMatrix(Symmetric(10, 5));
        var first = HutchinsonTrace.Estimate(a, 20, 9);
        var second = HutchinsonTrace.Estimate(a, 20, 9);
        Assert.That(second, Is.EqualTo(first));
        Assert.Throws<ArgumentOutOfRangeException>(() => HutchinsonTrace.Estimate(a, 0, 1));
    }

    private static double[,] Symmetric(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i, j] = a[j, i] = (2 * rng.NextDouble()) - 1;
            }
        }

        return a;
    }
}
