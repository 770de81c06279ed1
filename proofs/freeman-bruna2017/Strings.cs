using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>What the paper's DSS claims share: one seeded, proved DSS run, its evidence, and hidden-unit permutations.</summary>
public static class Strings
{
    /// <summary>The seed of the claims' DSS runs (bead k trains with seed + k).</summary>
    public const int Seed = 1;

    /// <summary>The most epochs a claim's bead is trained.</summary>
    public const int BeadEpochs = 5000;

    /// <summary>The Adam step size of the claims' bead training (small problems; the Figure 1 runs use the paper's 1e-3).</summary>
    public const double BeadRate = 1e-2;

    /// <summary>The options of a claim's DSS run: the given variant at level L₀, proved, depth 10, the scripts' a, b and K.</summary>
    public static DssOptions Options(DssVariant variant, double level) =>
        new(variant, level, new TrainingOptions(TrainingMethod.Adam, BeadRate, BeadEpochs, Seed), MaxDepth: 10, Prove: true, Seed: Seed);

    /// <summary>The evidence of a DSS run.</summary>
    public static Evidence EvidenceOf(DssResult result, DssOptions options) =>
        Evidence.Of(EvidenceMethod.StringSampling, new EvidenceItem.StringOfBeads(
            options.Variant == DssVariant.Paper ? "paper" : "scripts", options.Level, result.Connected, result.Beads.Count, result.NormalizedLength,
            result.MaxLoss, result.ProvedMaxLoss, result.Depth, options.Seed, result.Reason));

    /// <summary>One line on a run: beads, ℓ, the sampled and proved maxima.</summary>
    public static string Describe(DssResult result, DssOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"{(options.Variant == DssVariant.Paper ? "paper" : "scripts")} variant at L₀ = {options.Level:G6}: {result.Beads.Count} beads, ℓ = {(result.NormalizedLength is { } l ? l.ToString("G10", CultureInfo.InvariantCulture) : "—")}, sampled max {result.MaxLoss:G6}, proved max {(result.ProvedMaxLoss is { } p ? p.ToString("G6", CultureInfo.InvariantCulture) : "—")}, seed {options.Seed}");

    /// <summary>θ with hidden units <paramref name="i"/> and <paramref name="j"/> of hidden layer <paramref name="layer"/> swapped (incoming weights, bias, outgoing weights): the same function.</summary>
    /// <exception cref="ArgumentException">The layer is not hidden or a unit is out of range.</exception>
    public static double[] SwapUnits(NetworkSpec net, IReadOnlyList<double> theta, int layer, int i, int j)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(theta);
        if (layer < 1 || layer >= net.Depth || i < 0 || j < 0 || i >= net.Layers[layer] || j >= net.Layers[layer])
        {
            throw new ArgumentException($"Units {i} and {j} of hidden layer {layer} do not exist in {string.Join('-', net.Layers)}.");
        }

        var swapped = theta.ToArray();
        int nIn = net.Layers[layer - 1], nOut = net.Layers[layer], nNext = net.Layers[layer + 1];
        int w = net.WeightOffset(layer), next = net.WeightOffset(layer + 1);
        for (int c = 0; c < nIn; c++)
        {
            (swapped[w + (i * nIn) + c], swapped[w + (j * nIn) + c]) = (swapped[w + (j * nIn) + c], swapped[w + (i * nIn) + c]);
        }

        if (net.Bias)
        {
            int b = net.BiasOffset(layer);
            (swapped[b + i], swapped[b + j]) = (swapped[b + j], swapped[b + i]);
        }

        for (int r = 0; r < nNext; r++)
        {
            (swapped[next + (r * nOut) + i], swapped[next + (r * nOut) + j]) = (swapped[next + (r * nOut) + j], swapped[next + (r * nOut) + i]);
        }

        return swapped;
    }

    /// <summary>A point of the instance's problem reached by L-BFGS from a seeded random start (null when it did not converge).</summary>
    public static double[]? Minimiser(Instance instance, int seed)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var free = new Instance(instance.Name, instance.Network, instance.Loss, instance.Data, null);
        var start = RandomInstance.RandomWeights(instance.Network, new Random(seed)).Select(r => r.ToDouble()).ToArray();
        var result = Optimizer.Optimize(free, start, null, OptimizationOptions.Default);
        return result.StopReason == StopReason.Converged ? result.Theta : null;
    }
}
