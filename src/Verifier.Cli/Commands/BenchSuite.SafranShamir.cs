using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Proofs.SafranShamir2016;

namespace Verifier.Cli.Commands;

/// <summary>Safran and Shamir's path and basin, for comparison with tools/safran_shamir_peer.py (the same computations in NumPy/SciPy).</summary>
internal static partial class BenchSuite
{
    /// <summary>
    /// <see cref="MonotonePath.Build"/> on a bias-free 10-64-1 ReLU network, N = 256 (seed 1), from the point with its
    /// last layer scaled to a high loss to the optimiser's end point (prepared outside the timing); and the exact basin
    /// value at the random point of <c>verifier generate mlp --layers 2,12,1 --activation relu --samples 12 --bias false --seed 1</c>.
    /// </summary>
    public static IEnumerable<BenchCase> SafranShamir()
    {
        yield return new BenchCase("path-monotone", "monotone path, built and proved", "10-64-1 relu, N=256, no biases", "exact+interval", "exact+interval", () =>
        {
            var instance = RandomInstance.Mlp(new NetworkSpec([10, 64, 1], Activation.Relu, Activation.Linear, bias: false), 256, LossKind.Mse, Seed);
            var start = SafranShamirInstances.HighLossStart(instance);
            var target = Optimizer.ResultInstance(instance, Optimizer.Optimize(instance, OptimizationOptions.Default with { MaxIterations = 200 }));
            return new BenchWork(() => MonotonePath.Build(start, target));
        });
        yield return new BenchCase("basin-qp", "basin value (exact QP)", "2-12-1 relu, N=12, no biases", "exact", "exact", () =>
        {
            var point = RandomInstance.Mlp(new NetworkSpec([2, 12, 1], Activation.Relu, Activation.Linear, bias: false), 12, LossKind.Mse, Seed);
            return new BenchWork(() => BasinValue.Compute(point));
        });
    }
}
