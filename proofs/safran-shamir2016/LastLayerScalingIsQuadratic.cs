using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;
using static Verifier.Proofs.SafranShamir2016.SafranShamirInstances;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.last-layer-scaling-is-convex</c>: SS-2 (papers.md §1.1). With the lower layers fixed,
/// g(c) = L(W₁, …, c·W_h) is the convex quadratic L(0) − A·c + B·c² (A = s·Σ y·N, B = (s/2)·Σ N² ≥ 0), so g(0) = L(0):
/// checked exactly at c = 0, 1/2, 1, 2, 3 against the closed form.
/// </summary>
public sealed class LastLayerScalingIsQuadratic : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.last-layer-scaling-is-convex", PaperKey.SafranShamir2016,
        "SS-2: g(c) = L(W₁, …, W_{h−1}, c·W_h) is the convex quadratic L(0) − A·c + B·c² with B = (s/2)·Σ N² ≥ 0; in particular g(0) = L(0).",
        [SafranShamirClaims.Setting], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 2;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-4-1 ReLU, no biases, seed 1", () => Random([2, 4, 1], 6, 1), Expectation.Verified),
        new("3-5-4-1 ReLU with biases (the last bias scales too), seed 6", () => Random([3, 5, 4, 1], 5, 6, bias: true), Expectation.Verified),
        new("2-4-1 tanh, seed 7", () => Random([2, 4, 1], 6, 7, activation: Landscape.Networks.Activation.Tanh), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (SafranShamirClaims.Gate(instance, Claim.Hypotheses) is { } gate)
        {
            return gate;
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!;
        var (a, b) = MonotonePath.Coefficients(instance, calculus.Outputs(theta));
        var zero = MonotonePath.ZeroPredictorLoss(instance);
        foreach (var c in new Rational[] { 0, new(1, 2), 1, 2, 3 })
        {
            var g = calculus.Loss(MonotonePath.ScaleLastLayer(instance.Network, theta, c));
            if (g != zero - (a * c) + (b * c * c))
            {
                return new Verdict.Refuted($"g({c}) = {g} differs from L(0) − A·c + B·c²", Evidence.Of(EvidenceMethod.ExactRational));
            }
        }

        return b.Sign >= 0
            ? new Verdict.Verified($"g(c) = L(0) − A·c + B·c² exactly at c = 0, 1/2, 1, 2, 3 with B = {b.ToDouble():G6} ≥ 0 (convex) and g(0) = L(0) = {zero.ToDouble():G6}", Evidence.Of(EvidenceMethod.ExactRational))
            : new Verdict.Refuted("B < 0", Evidence.Of(EvidenceMethod.ExactRational));
    }
}
