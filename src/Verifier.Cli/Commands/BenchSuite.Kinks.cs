using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using static Verifier.Proofs.Swirszcz2016.SwirszczInstances;

namespace Verifier.Cli.Commands;

/// <summary>The exact local-minimum decision at the Swirszcz points (papers.md §5.2), against the digest's perturbation test.</summary>
internal static partial class BenchSuite
{
    /// <summary>Random perturbations of the baseline (papers.md §0: about 2·10⁴, |δᵢ| ≤ 10⁻³), which proves nothing.</summary>
    public const int Perturbations = 20_000;

    /// <summary>
    /// One row per point (D1, D2's suboptimal point, D3's two minima): <see cref="KinkMinimum.LocalMinimum"/> in exact
    /// arithmetic, and the baseline: the float64 loss at <see cref="Perturbations"/> seeded random perturbations.
    /// </summary>
    public static IEnumerable<BenchCase> KinkDecisions()
    {
        const string Operation = "kink-local-min";
        const string Title = "local minimum at a ReLU kink";
        const string Baseline = "perturbation-2e4";
        (string Size, Instance Instance)[] points =
        [
            ("D1 1-1-1, N=5", At("d1", D1, D1Minimum)),
            ("D2 local 1-2-1, N=6", At("d2", D2, D2Local)),
            ("D3 better 1-3-1, N=6", At("d3b", D3, D3Better)),
            ("D3 worse 1-3-1, N=6", At("d3w", D3, D3Worse)),
        ];
        foreach (var (size, instance) in points)
        {
            yield return new BenchCase(Operation, Title, size, Baseline, Baseline, () =>
            {
                var calculus = new NetworkCalculus<double, DoubleOps>(instance);
                var theta = instance.WeightsDouble();
                var moved = new double[theta.Length];
                return new BenchWork(() =>
                {
                    var rng = new Random(Seed);
                    double least = double.PositiveInfinity, at = calculus.Loss(theta);
                    for (int k = 0; k < Perturbations; k++)
                    {
                        for (int i = 0; i < theta.Length; i++)
                        {
                            moved[i] = theta[i] + (1e-3 * ((2 * rng.NextDouble()) - 1));
                        }

                        least = Math.Min(least, calculus.Loss(moved) - at);
                    }

                    GC.KeepAlive(least);
                });
            });
            yield return new BenchCase(Operation, Title, size, "exact-pieces", Baseline, () => new BenchWork(() =>
            {
                if (KinkMinimum.LocalMinimum(instance) is not KinkDecision.Minimum)
                {
                    throw new InvalidOperationException("the paper's point should be proved a local minimum");
                }
            }));
        }
    }
}
