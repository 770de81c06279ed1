using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Symbolic;
using static Verifier.Proofs.SafranShamir2016.SafranShamirInstances;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.positive-homogeneity</c>: SS-1 (papers.md §1.1). For every layer i and c ≥ 0, scaling W_i by c
/// scales the output by c: N_{(…, cW_i, …)}(x) = c·N_W(x), exactly, on every sample. It holds for ReLU and linear layers
/// without biases (the paper's setting); a hidden bias breaks it, and the claim is then refuted by an exact
/// counterexample.
/// </summary>
public sealed class PositiveHomogeneity : ICatalogueClaim
{
    /// <summary>The scales c tried on every layer.</summary>
    public static IReadOnlyList<Rational> Scales { get; } = [0, new Rational(1, 3), 2, new Rational(7, 2)];

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.positive-homogeneity", PaperKey.SafranShamir2016,
        "SS-1: scaling any one layer's weights (and bias) by c ≥ 0 scales the network's output by c on every sample, exactly.",
        [SafranShamirClaims.Setting], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 1;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-4-1 ReLU, no biases, seed 1", () => Random([2, 4, 1], 6, 1), Expectation.Verified),
        new("3-5-4-2 ReLU, no biases (depth 3), seed 2", () => Random([3, 5, 4, 2], 5, 2), Expectation.Verified),
        new("2-3-3-3-1 ReLU, no biases (depth 4), seed 3", () => Random([2, 3, 3, 3, 1], 4, 3), Expectation.Verified),
        new("2-4-1 ReLU with biases (hidden biases break it), seed 4", () => Random([2, 4, 1], 6, 4, bias: true), Expectation.Refuted),
        new("2-4-1 sigmoid (not positively homogeneous), seed 5", () => Random([2, 4, 1], 6, 5, activation: Landscape.Networks.Activation.Sigmoid), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (SafranShamirClaims.Gate(instance, Claim.Hypotheses) is { } gate)
        {
            return gate;
        }

        var net = instance.Network;
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!;
        var output = calculus.Outputs(theta);
        for (int layer = 1; layer <= net.Depth; layer++)
        {
            foreach (var c in Scales)
            {
                var scaled = theta.ToArray();
                int end = layer == net.Depth ? net.ParameterCount : net.WeightOffset(layer + 1);
                for (int k = net.WeightOffset(layer); k < end; k++)
                {
                    scaled[k] *= c;
                }

                var moved = calculus.Outputs(scaled);
                int bad = Enumerable.Range(0, moved.Length).FirstOrDefault(k => moved[k] != c * output[k], -1);
                if (bad >= 0)
                {
                    return new Verdict.Refuted(
                        $"scaling layer {layer} by {c} gives output {moved[bad]} on sample {bad / net.OutputWidth}, not {c}·{output[bad]}",
                        Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Counterexample($"layer {layer} scaled by {c}", scaled, null)));
                }
            }
        }

        return new Verdict.Verified($"for each of the {net.Depth} layers and c ∈ {{{string.Join(", ", Scales)}}}, the output on all {instance.Data.Count} samples scales by c exactly",
            Evidence.Of(EvidenceMethod.ExactRational));
    }
}
