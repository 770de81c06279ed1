using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Symbolic;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.dead-layer-theorem</c>: Theorem 1 with the corrected hypothesis (papers.md §5.3, SCP-4). If some
/// hidden layer j is inactive on every sample (W_j h_{j−1}(xᵢ) &lt; −b_j, not the printed W_j h_j) and the constant
/// output equals the targets' mean (the output bias is optimal; without it ∂L/∂b_k ≠ 0), then (i) θ is a local
/// minimum with loss of the best constant, and (ii) when the first layer has at least three units and the data are
/// decent (y not constant on average), θ is not a global minimum: a strictly lower point exists, exhibited by a seeded
/// search and compared exactly.
/// </summary>
public sealed class DeadLayerTheorem : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.dead-layer-theorem", PaperKey.Swirszcz2016,
        "SCP-4 (Theorem 1, corrected): a point with a hidden layer dead on every sample and the mean as its constant output is a local minimum, and not a global one when the first layer has ≥ 3 units and the data are decent.",
        [
            "a ReLU network (≥ 1 hidden layer), linear output, squared loss, with a point",
            "some hidden layer has every pre-activation < 0 on every sample",
            "the output equals the targets' mean (optimal output bias)",
        ], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 5;

    /// <summary>Suite cases: generated networks of depth 2–5, each with a dead layer.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("depth 2, widths 2-3-1, layer 1 dead, seed 1", () => Generated([2, 3, 1], 1, 1, optimalBias: true), Expectation.Verified),
        new("depth 3, widths 2-4-3-1, layer 2 dead, seed 2", () => Generated([2, 4, 3, 1], 2, 2, optimalBias: true), Expectation.Verified),
        new("depth 4, widths 2-3-3-3-1, layer 1 dead, seed 3", () => Generated([2, 3, 3, 3, 1], 1, 3, optimalBias: true), Expectation.Verified),
        new("depth 5, widths 2-3-2-2-2-1, layer 3 dead, seed 4", () => Generated([2, 3, 2, 2, 2, 1], 3, 4, optimalBias: true), Expectation.Verified),
        new("depth 3, widths 2-3-2-1, output bias not optimal (the printed hypothesis alone), seed 5", () => Generated([2, 3, 2, 1], 1, 5, optimalBias: false), Expectation.HypothesesNotMet),
        new("depth 2, widths 2-3-1, no dead layer, seed 6", () => Generated([2, 3, 1], 0, 6, optimalBias: true), Expectation.HypothesesNotMet),
    ];

    /// <summary>
    /// A seeded network on seeded decent data (8 samples in [−3, 3]²): layer <paramref name="dead"/> (0: none) has
    /// weights in [−1, 1] and biases −20, so it is dead on every sample; the output bias makes the output the mean of the
    /// targets (or that mean plus 1/2).
    /// </summary>
    public static Instance Generated(int[] layers, int dead, int seed, bool optimalBias)
    {
        var rng = new Random(seed);
        var net = new NetworkSpec(layers, Activation.Relu, Activation.Linear, bias: true);
        int n = 8;
        var x = Enumerable.Range(0, n * layers[0]).Select(_ => new Rational(rng.Next(-12, 13), 4)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => new Rational(rng.Next(-8, 9), 2)).ToArray();
        var theta = new Rational[net.ParameterCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            int w0 = net.WeightOffset(l), b0 = net.BiasOffset(l);
            for (int k = w0; k < b0; k++)
            {
                theta[k] = new Rational(rng.Next(-4, 5), 4);
            }

            for (int r = 0; r < layers[l]; r++)
            {
                theta[b0 + r] = l == dead ? -20 : new Rational(rng.Next(0, 5), 4);
            }
        }

        var data = new Dataset(n, layers[0], 1, x, y);
        var instance = new Instance($"dead-layer-{string.Join('-', layers)}-seed{seed}", net, LossKind.Sse, data, theta);
        var output = new NetworkCalculus<Rational, RationalOps>(instance).Outputs(theta)[0];
        var mean = y.Aggregate(Rational.Zero, (a, b) => a + b) / n;
        theta[net.BiasOffset(net.Depth)] += mean - output + (optimalBias ? Rational.Zero : new Rational(1, 2));
        return instance.WithWeights(theta);
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Activation != Activation.Relu || net.Depth < 2 || net.Output != Activation.Linear || instance.Loss is not (LossKind.Sse or LossKind.Mse) || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights;
        var z = calculus.PreActivations(theta);
        var dead = Enumerable.Range(1, net.Depth - 1).FirstOrDefault(l => z[l - 1].All(v => v.Sign < 0));
        var failed = new List<string>();
        if (dead == 0)
        {
            failed.Add(Claim.Hypotheses[1]);
        }

        var loss = calculus.Loss(theta);
        var best = ConstantOutput.BestLoss(instance);
        if (dead != 0 && loss != best)
        {
            failed.Add(Claim.Hypotheses[2]);
        }

        if (failed.Count > 0)
        {
            return new Verdict.HypothesesNotMet(failed);
        }

        // (i): the exact decision at the point (the dead-layer route).
        if (KinkMinimum.LocalMinimum(instance, input.Work) is not KinkDecision.Minimum { Proof: var proof })
        {
            return new Verdict.Refuted("the point with a dead layer and optimal output bias is not proved a local minimum", Evidence.Of(EvidenceMethod.ExactRational));
        }

        var evidence = Evidence.Of(EvidenceMethod.ExactRational, proof);
        bool decent = instance.Data.YExact.Distinct().Skip(1).Any();
        if (net.Layers[1] < 3 || !decent)
        {
            return new Verdict.Verified($"(i) holds: a local minimum with the best constant loss {best}; (ii) does not apply (first layer {net.Layers[1]} units, data {(decent ? "decent" : "not decent")})", evidence);
        }

        // (ii): a strictly lower point, found by a seeded search and compared exactly.
        var outcome = RandomStartWitnessSearch.Instance.Search(instance);
        var lower = outcome.Best is { Weights: { } w } found ? new NetworkCalculus<Rational, RationalOps>(found).Loss(w) : (Rational?)null;
        evidence = evidence.With(outcome.Report);
        return lower is { } l && l < loss
            ? new Verdict.Verified($"(i) a local minimum with the best constant loss {best}; (ii) not global: a point with exact loss ≈ {l.ToDouble():G6} < {loss} (the exact value is in the evidence) (search seed {outcome.Report.Seed}, {outcome.Report.Starts} starts)", evidence.With(new EvidenceItem.Point("lower point", outcome.Best!.Weights!)))
            : new Verdict.Inconclusive($"(i) holds, but the search (seed {outcome.Report.Seed}, {outcome.Report.Starts} starts) found no point below {loss}, so (ii) is not shown", evidence);
    }
}
