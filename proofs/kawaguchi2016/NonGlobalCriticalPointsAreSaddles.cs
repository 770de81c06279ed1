using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.non-global-critical-points-are-saddles</c>: Kawaguchi (2016), Theorem 2.3 (iii). Every examined
/// exact critical point that is not a global minimum is proved a saddle (a decreasing and an increasing direction or
/// curve, the bad saddles included).
/// </summary>
public static class NonGlobalCriticalPointsAreSaddles
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.non-global-critical-points-are-saddles", Paper.Kawaguchi2016,
        "Every critical point that is not a global minimum is a saddle (Theorem 2.3 iii), checked at every exact critical point examined on the instance.",
        DeepLinearClaims.KawaguchiHypothesisNames, Decide, NeedsPoint: false);

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], "verified"),
        KawaguchiCase([2, 2, 2, 2], "verified"),
        new("KAW-5 point: widths 2-1-1-2, W₁=(0,1), W₂=1, W₃=(0,1)ᵀ", KawaguchiRankConditionSaddle, "verified"),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, "verified"),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, "verified"),
        GeneratedCase([4, 1, 1, 3], LinearDataKind.MeetsHypotheses, 4, "verified"),
        .. FailingHypothesisCases("hypotheses-not-met"),
    ];

    private static Verdict Decide(ClaimInput input) => DeepLinearClaims.Decide(
        input,
        (survey, point) => survey.IsGlobal(point) ? null : point.Saddle switch
        {
            Verdict.Verified => null,
            Verdict.Refuted r => $"a critical point above the global minimum that is not a saddle: {r.Why}",
            _ => DeepLinearClaims.Undecided,
        },
        "every examined critical point is a global minimum or a proven saddle");
}
