using Verifier.Landscape.Claims;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;
using static Verifier.Proofs.FreemanBruna2017.FreemanBrunaInstances;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.relu-kernel-bounds</c>: Freeman and Bruna (2017), Prop 2.3 for X ~ N(0, I), papers.md FB-1.
/// For every α ∈ (0, π), (1 + cos α)/4 − 2((1 − cos α)/2 + sin²α) ≤ k(α) ≤ (1 + cos α)/4 with
/// k(α) = (sin α + (π − α)cos α)/(2π), the degree-1 arc-cosine kernel E[relu(w₁·X)relu(w₂·X)] of unit vectors at
/// angle α. Proved for all α at once (<see cref="ArcCosineKernel.Decide"/>: exact Taylor bounds near the ends, interval
/// bisection in between); the instance only has to be in the proposition's setting (ReLU hidden units without biases),
/// and its data and weights are not used.
/// </summary>
public sealed class KernelBoundsHold : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.relu-kernel-bounds", PaperKey.FreemanBruna2017,
        "FB-1 (Prop 2.3, X ~ N(0, I)): for every α ∈ (0, π), (1+cos α)/4 − 2((1−cos α)/2 + sin²α) ≤ (sin α + (π−α)cos α)/(2π) ≤ (1+cos α)/4; proved for all α by exact Taylor bounds near the ends and interval bisection in between.",
        ["the hidden units are ReLU units z(w) = max(0, ⟨w, x⟩) without biases (the proposition's kernel); X ~ N(0, I) is the claim's assumption, not the instance's data"],
        Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 2;

    /// <summary>Suite cases: the statement does not depend on the instance beyond its setting.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-2-1 ReLU without biases, units at angle 2·atan(1/2)", () => TwoUnitsAtAngle(new Rational(1, 2)), Expectation.Verified),
        new("3-4-1 ReLU without biases, seed 1", () => ReluLayer(3, 4, 1), Expectation.Verified),
        new("3-4-1 sigmoid (not ReLU units), seed 1", () => ReluLayer(3, 4, 1, Activation.Sigmoid), Expectation.HypothesesNotMet),
    ];

    /// <summary>True when the network's hidden units are ReLU without biases (the one hypothesis).</summary>
    internal static bool InSetting(NetworkSpec net) => net.Depth >= 2 && net.Activation == Activation.Relu && !net.Bias;

    private static Verdict Decide(ClaimInput input)
    {
        if (!InSetting(input.Instance.Network))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        return ArcCosineKernel.Decide(KernelBoundVariant.Paper, input.Work);
    }
}
