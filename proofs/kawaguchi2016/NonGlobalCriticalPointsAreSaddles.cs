using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.non-global-critical-points-are-saddles</c>: Kawaguchi (2016), Theorem 2.3 (iii). Every examined
/// exact critical point that is not a global minimum is proved a saddle (a decreasing and an increasing direction or
/// curve, the bad saddles included).
/// </summary>
public sealed class NonGlobalCriticalPointsAreSaddles : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.non-global-critical-points-are-saddles", PaperKey.Kawaguchi2016,
        "Every critical point that is not a global minimum is a saddle (Theorem 2.3 iii), checked at every exact critical point examined on the instance.",
        DeepLinearClaims.KawaguchiHypothesisNames, Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 4;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.Verified),
        RankConditionSaddleCase(Expectation.Verified),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        GeneratedCase([4, 1, 1, 3], LinearDataKind.MeetsHypotheses, 4, Expectation.Verified),
        .. FailingHypothesisCases(Expectation.HypothesesNotMet),
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
