using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.one-hidden-layer-no-bad-saddles</c>: Kawaguchi (2016), Corollary 2.4 (i). With one hidden layer
/// (depth 2) every examined critical point that is not a global minimum has a strictly negative exact Hessian
/// eigenvalue: there are no bad saddles.
/// </summary>
public sealed class OneHiddenLayerHasNoBadSaddles : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.one-hidden-layer-no-bad-saddles", PaperKey.Kawaguchi2016,
        "With one hidden layer every saddle has a strictly negative Hessian eigenvalue (Corollary 2.4 i), checked by exact inertia at every exact critical point examined.",
        [.. DeepLinearClaims.KawaguchiHypothesisNames, "one hidden layer (depth 2)"], Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 6;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2], Expectation.Verified),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([4, 2, 3], LinearDataKind.MeetsHypotheses, 3, Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.HypothesesNotMet),
        .. FailingHypothesisCases(Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        if (input.Instance.Network.Depth != 2)
        {
            return new Verdict.HypothesesNotMet([$"one hidden layer (depth 2) (the network has depth {input.Instance.Network.Depth})"]);
        }

        return DeepLinearClaims.Decide(
            input,
            (survey, point) => survey.IsGlobal(point) || point.Exact.Inertia.Negative > 0 ? null
                : survey.AboveGlobalMinimum(point) ? $"a critical point with loss {point.Loss} above the minimum whose exact Hessian has no negative eigenvalue (a bad saddle)"
                : DeepLinearClaims.Undecided,
            "every examined non-global critical point has an exact negative Hessian eigenvalue");
    }
}
