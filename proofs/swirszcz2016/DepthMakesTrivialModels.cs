using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Statistics;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.depth-makes-trivial-models</c>: Prop 5's trend (papers.md §5.3, SCP-6), as statistical evidence.
/// With zero-mean initialisation (weights N(0, 2/fan_in), biases 0) a hidden layer that is dead on every sample is
/// absorbing (Lemma 2: its gradient is 0, so training ends at a constant output), and each extra layer adds a chance
/// of one. The claim runs a seeded Monte Carlo over networks of the instance's hidden width at depths
/// <see cref="Depths"/> on the instance's inputs and reports, per depth, the fraction of initialisations with a layer
/// dead on the whole dataset and its 95% Wilson interval. Verified (method <c>monte-carlo</c>: evidence about this
/// seeded experiment, not a proof of the limit) when the deepest estimate's interval lies wholly above the shallowest's
/// and no estimate falls significantly (disjoint intervals) below a shallower one; refuted on a significant fall.
/// </summary>
public sealed class DepthMakesTrivialModels : ICatalogueClaim
{
    /// <summary>The numbers of hidden layers sampled.</summary>
    public static IReadOnlyList<int> Depths { get; } = [1, 2, 4, 8, 16, 32, 50];

    /// <summary>Initialisations drawn per depth.</summary>
    public const int Draws = 400;

    /// <summary>Seed of the draws.</summary>
    public const int Seed = 1;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.depth-makes-trivial-models", PaperKey.Swirszcz2016,
        "SCP-6 (Prop 5, statistical): with zero-mean initialisation, the probability that some hidden layer is dead on the whole dataset (so training ends at a constant output) grows with depth — seeded Monte Carlo with 95% Wilson intervals.",
        ["ReLU hidden layers (the instance gives the inputs and the hidden width)"], Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 8;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("D1 inputs, width 3", () => SwirszczInstances.Data("swirszcz-d1-width3", SwirszczInstances.D1, 3), Expectation.Verified),
        new("jellyfish inputs, width 3", () => new Instance("jellyfish-width3", new NetworkSpec([2, 3, 1], Activation.Relu), LossKind.Sse, JellyfishNotSeparable.Jellyfish, null), Expectation.Verified),
        new("D1 inputs, a linear network (no ReLU: nothing dies)", () => new Instance("d1-linear", new NetworkSpec([1, 3, 1], Activation.Linear), LossKind.Sse, SwirszczInstances.Data("d1", SwirszczInstances.D1, 3).Data, null), Expectation.HypothesesNotMet),
    ];

    /// <summary>Per depth: the count of draws with a layer dead on every sample, and its Wilson interval.</summary>
    public static IReadOnlyList<(int Depth, BinomialInterval Interval)> Estimate(Dataset data, int width, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var rng = new Random(seed);
        var x = data.XExact.Select(r => r.ToDouble()).ToArray();
        int n = data.Count, d0 = data.InputWidth;
        var result = new List<(int, BinomialInterval)>();
        foreach (int depth in Depths)
        {
            int dead = 0;
            for (int draw = 0; draw < Draws; draw++)
            {
                dead += HasDeadLayer(x, n, d0, width, depth, rng) ? 1 : 0;
            }

            result.Add((depth, BinomialInterval.Wilson(dead, Draws)));
        }

        return result;
    }

    // One initialisation: layers drawn one after another; true as soon as a layer's outputs are 0 on every sample.
    private static bool HasDeadLayer(double[] x, int n, int fanIn, int width, int depth, Random rng)
    {
        var a = x;
        for (int l = 0; l < depth; l++)
        {
            double sd = Math.Sqrt(2.0 / fanIn);
            var w = new double[width * fanIn];
            for (int k = 0; k < w.Length; k++)
            {
                w[k] = sd * RandomInstance.Gaussian(rng);
            }

            var next = new double[n * width];
            bool any = false;
            for (int i = 0; i < n; i++)
            {
                for (int r = 0; r < width; r++)
                {
                    double z = 0;
                    for (int c = 0; c < fanIn; c++)
                    {
                        z += w[(r * fanIn) + c] * a[(i * fanIn) + c];
                    }

                    next[(i * width) + r] = Math.Max(0, z);
                    any |= z > 0;
                }
            }

            if (!any)
            {
                return true;
            }

            a = next;
            fanIn = width;
        }

        return false;
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (instance.Network.Activation != Activation.Relu || instance.Network.Depth < 2)
        {
            return new Verdict.HypothesesNotMet([.. Claim.Hypotheses]);
        }

        var estimates = Estimate(instance.Data, instance.Network.Layers[1], Seed);
        var table = string.Join("; ", estimates.Select(e => string.Create(CultureInfo.InvariantCulture, $"depth {e.Depth}: {e.Interval.Estimate:0.000} [{e.Interval.Lower:0.000}, {e.Interval.Upper:0.000}]")));
        var evidence = Evidence.Of(EvidenceMethod.MonteCarlo, new EvidenceItem.DeadLayerFrequencies(Seed, Draws, instance.Network.Layers[1],
            [.. estimates.Select(e => new DepthFrequency(e.Depth, e.Interval.Successes, e.Interval.Trials, e.Interval.Lower, e.Interval.Upper))]));
        for (int i = 0; i < estimates.Count; i++)
        {
            for (int j = i + 1; j < estimates.Count; j++)
            {
                if (estimates[j].Interval.Upper < estimates[i].Interval.Lower)
                {
                    return new Verdict.Refuted($"the frequency falls significantly from depth {estimates[i].Depth} to {estimates[j].Depth} (seed {Seed}, {Draws} draws per depth): {table}", evidence);
                }
            }
        }

        return estimates[^1].Interval.Lower > estimates[0].Interval.Upper
            ? new Verdict.Verified($"the frequency of a layer dead on the whole dataset grows with depth (seed {Seed}, {Draws} draws per depth, 95% Wilson intervals): {table}", evidence)
            : new Verdict.Inconclusive($"no significant growth between depth {Depths[0]} and {Depths[^1]} at this width (seed {Seed}, {Draws} draws): {table}", evidence);
    }
}
