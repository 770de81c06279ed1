using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;

namespace Verifier.Landscape.Optimization;

/// <summary>
/// The built-in witness search for <c>bad-local-min</c>: the optimiser from seeded random starts, keeping the
/// lowest-loss point found (its loss is then compared rigorously by the claim; the search itself proves nothing).
/// </summary>
public sealed class RandomStartWitnessSearch : IWitnessSearch
{
    /// <summary>Random starts tried.</summary>
    public const int Starts = 8;

    /// <summary>Seed of the starts (reported in the evidence so the search can be replayed).</summary>
    public const int Seed = 1;

    /// <summary>
    /// Iteration limit of each run: a trust-region run on the small networks claims are checked on converges in tens
    /// of iterations, so 2000 only stops runs that wander (e.g. towards infinity along a flat valley).
    /// </summary>
    public const int MaxIterations = 2000;

    /// <summary>The optimiser's name in the evidence.</summary>
    public const string Method = "trust-region";

    private RandomStartWitnessSearch()
    {
    }

    /// <summary>The search (it holds no state).</summary>
    public static RandomStartWitnessSearch Instance { get; } = new();

    /// <inheritdoc/>
    public WitnessSearchOutcome Search(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var options = OptimizationOptions.Default with { MaxIterations = MaxIterations };
        Instance? best = null;
        double bestLoss = double.PositiveInfinity;
        var rng = new Random(Seed);
        for (int s = 0; s < Starts; s++)
        {
            var start = RandomInstance.RandomWeights(instance.Network, rng).Select(r => r.ToDouble()).ToArray();
            var result = Optimizer.Optimize(instance, start, null, options);
            if (double.IsFinite(result.Loss) && result.Loss < bestLoss)
            {
                bestLoss = result.Loss;
                best = Optimizer.ResultInstance(instance, result);
            }
        }

        return new WitnessSearchOutcome(best, new EvidenceItem.WitnessSearch(Seed, Starts, Method, bestLoss));
    }
}
