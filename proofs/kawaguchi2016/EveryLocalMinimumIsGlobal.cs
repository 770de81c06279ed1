using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.every-local-min-is-global</c>: Kawaguchi (2016), Theorem 2.3 (ii). At every exact critical point
/// examined (the instance's point, the origin and every Baldi–Hornik subset point, also after a change of basis), a
/// point the rigorous <c>local-min</c> decision proves a local minimum has the global minimum value. Points it cannot
/// decide are counted and reported, never counted as minima.
/// </summary>
public sealed class EveryLocalMinimumIsGlobal : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.every-local-min-is-global", PaperKey.Kawaguchi2016,
        "Every local minimum is a global minimum (Theorem 2.3 ii), checked at every exact critical point examined on the instance.",
        DeepLinearClaims.KawaguchiHypothesisNames, Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 3;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2], Expectation.Verified),
        KawaguchiCase([2, 1, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.Verified),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        GeneratedCase([4, 2, 3], LinearDataKind.MeetsHypotheses, 3, Expectation.Verified),
        .. FailingHypothesisCases(Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input) => DeepLinearClaims.Decide(
        input,
        (survey, point) => point.LocalMin switch
        {
            Verdict.Verified when survey.AboveGlobalMinimum(point) => $"a proven local minimum with loss {point.Loss} above the global minimum value {survey.GlobalMinimum}",
            Verdict.Verified when !survey.IsGlobal(point) => DeepLinearClaims.Undecided,
            Verdict.Inconclusive => DeepLinearClaims.Undecided,
            _ => null,
        },
        "every examined point proven a local minimum has the global minimum value",
        (survey, _) => survey.Points.Any(p => p.LocalMin is Verdict.Verified) ? null : "no examined point was proven a local minimum, so the conclusion was never put to the test");
}
