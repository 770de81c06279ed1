using Verifier.Numerics.Krylov;

namespace Verifier.Numerics.Tests.Krylov;

/// <summary>
/// Stochastic Lanczos quadrature held to its defining identity: for a diagonal operator and Rademacher probes
/// (zᵢ² = 1), each probe's Gauss quadrature reproduces the spectral moments (1/n)·Σλᵢᵏ exactly for k ≤ 2m − 1.
/// </summary>
public class SpectralDensityTests
{
    [Test]
    public void EachProbeReproducesTheSpectralMomentsOfADiagonalOperator()
    {
        var spectrum = Enumerable.Range(0, 400).Select(i => Math.Sin(i) * 3 + (i % 7 == 0 ? 5 : 0)).ToArray();
        var op = DelegateOperator.FromDiagonal(spectrum);
        int steps = 12;
        var result = SpectralDensity.Compute(op, new SpectralDensityOptions { Probes = 3, Steps = steps, Seed = 9 });

        Assert.That(result.Nodes, Has.Count.EqualTo(3 * steps));
        for (int probe = 0; probe < 3; probe++)
        {
            var nodes = result.Nodes.Skip(probe * steps).Take(steps).ToArray();
            var weights = result.Weights.Skip(probe * steps).Take(steps).ToArray();
            for (int k = 0; k <= (2 * steps) - 1; k++)
            {
                double quadrature = nodes.Zip(weights).Sum(z => z.Second * Math.Pow(z.First, k));
                double moment = spectrum.Average(x => Math.Pow(x, k));
                double scale = spectrum.Average(x => Math.Pow(Math.Abs(x), k));
                Assert.That(quadrature, Is.EqualTo(moment).Within(SlqTolerance.Moment * scale), $"probe {probe}, moment {k}");
            }
        }
    }

    [Test]
    public void TheDensityIntegratesToOneAndPeaksAtAnIsolatedCluster()
    {
        var spectrum = Enumerable.Range(0, 500).Select(i => i < 100 ? 10.0 : i / 400.0).ToArray();
        var result = SpectralDensity.Compute(DelegateOperator.FromDiagonal(spectrum), new SpectralDensityOptions { Probes = 4, Steps = 30, GridPoints = 400 });

        double integral = 0;
        for (int g = 1; g < result.Grid.Count; g++)
        {
            integral += 0.5 * (result.Density[g] + result.Density[g - 1]) * (result.Grid[g] - result.Grid[g - 1]);
        }

        // The Gaussians are cut 3σ beyond the extreme nodes, which loses 0.13% of the mass of each extreme node.
        Assert.That(integral, Is.EqualTo(1).Within(SlqTolerance.Integral));
        int peak = result.Density.Select((d, i) => (d, i)).MaxBy(t => t.d).i;
        Assert.That(result.Grid[peak], Is.EqualTo(10).Within(2 * result.Sigma));
    }
}

/// <summary>The tolerances of the spectral-density tests, with why they have their size.</summary>
internal static class SlqTolerance
{
    /// <summary>
    /// A quadrature moment against the exact one, relative to the mean of |λ|ᵏ: the nodes and weights carry the
    /// Lanczos rounding (~m·ε·‖A‖ on the nodes, amplified k-fold in the k-th power, k ≤ 23) and the 12×12
    /// eigen-solve; 1e-9 allows for that with a wide margin while any wrong node or weight fails by far.
    /// </summary>
    public const double Moment = 1e-9;

    /// <summary>The trapezoid integral over 400 points of a density normalised to 1, less the tails cut at 3σ.</summary>
    public const double Integral = 5e-3;
}
