using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// Seeded instances for Safran and Shamir (2016) (papers.md §1, §8.4): ReLU networks without biases (the paper's
/// setting) with Gaussian data and a random teacher, loss mse (Verifier's mse is (1/(2m))Σ, so L(0) = ½·mean(y²), half
/// the paper's mean loss; c₂ = 2 is unaffected).
/// </summary>
public static class SafranShamirInstances
{
    /// <summary>A bias-free ReLU network of the given widths on <paramref name="samples"/> seeded samples, at a seeded random point.</summary>
    public static Instance Random(int[] layers, int samples, int seed, bool bias = false, Activation activation = Activation.Relu) =>
        RandomInstance.Mlp(new NetworkSpec(layers, activation, Activation.Linear, bias), samples, LossKind.Mse, seed, $"ss-{string.Join('-', layers)}-seed{seed}");

    /// <summary>
    /// The instance's point with its last layer scaled by ±<paramref name="scale"/>, the sign making the loss larger:
    /// by the sign-flip identity (SS-5) one of the two is at least L(0), and a large scale makes it exceed L(0).
    /// </summary>
    public static Instance HighLossStart(Instance instance, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var up = MonotonePath.ScaleLastLayer(instance.Network, instance.Weights!, scale);
        var down = MonotonePath.ScaleLastLayer(instance.Network, instance.Weights!, -scale);
        return instance.WithWeights(calculus.Loss(up) >= calculus.Loss(down) ? up : down);
    }

    /// <summary>A critical point reached by the trust-region optimiser from the instance's point (its float end point, exactly as written).</summary>
    public static Instance Optimised(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var result = Optimizer.Optimize(instance, OptimizationOptions.Default);
        return Optimizer.ResultInstance(instance, result);
    }
}
