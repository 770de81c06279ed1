using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.dead-first-layer-gradient</c>: Lemma 2 (papers.md §5.3, SCP-5). When every first-layer unit is
/// inactive on every sample (W₁xᵢ &lt; −b₁ coordinate-wise), the output is constant and the gradient of the loss with
/// respect to W₁ and b₁ is exactly 0, so gradient-based training never moves them. Checked by the exact gradient.
/// </summary>
public sealed class DeadFirstLayerGradient : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.dead-first-layer-gradient", PaperKey.Swirszcz2016,
        "SCP-5 (Lemma 2): with every first-layer unit inactive on every sample, ∂L/∂W₁ = 0 and ∂L/∂b₁ = 0 exactly.",
        ["a ReLU network with a point", "every first-layer pre-activation is < 0 on every sample"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 6;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("depth 3, widths 2-4-3-1, first layer dead, seed 7", () => DeadLayerTheorem.Generated([2, 4, 3, 1], 1, 7, optimalBias: false), Expectation.Verified),
        new("depth 2, widths 2-3-1, first layer dead, seed 8", () => DeadLayerTheorem.Generated([2, 3, 1], 1, 8, optimalBias: true), Expectation.Verified),
        new("depth 3, widths 2-3-2-1, second layer dead (the first is alive), seed 9", () => DeadLayerTheorem.Generated([2, 3, 2, 1], 2, 9, optimalBias: true), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (instance.Network.Activation != Activation.Relu || instance.Network.Depth < 2 || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights;
        if (!calculus.PreActivations(theta)[0].All(z => z.Sign < 0))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[1]]);
        }

        var gradient = calculus.Gradient(theta);
        int end = instance.Network.WeightOffset(2);
        var first = gradient.Take(end).ToArray();
        var evidence = Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Gradient(gradient));
        return first.All(g => g.IsZero)
            ? new Verdict.Verified($"the exact gradient in the {end} first-layer parameters is 0", evidence)
            : new Verdict.Refuted("some first-layer derivative is not zero", evidence);
    }
}
