using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.rank-condition-gives-negative-curvature</c>: Kawaguchi (2016), Theorem 2.3 (iv). At every
/// examined critical point that is not a global minimum and where rank(W_H⋯W_2) = p, the exact Hessian has a strictly
/// negative eigenvalue (exact inertia). Points where the rank condition fails are outside the statement and only counted.
/// </summary>
public sealed class SaddlesHaveNegativeCurvature : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.rank-condition-gives-negative-curvature", PaperKey.Kawaguchi2016,
        "At a saddle with rank(W_H⋯W_2) = p the Hessian has a strictly negative eigenvalue (Theorem 2.3 iv), checked by exact inertia at every exact critical point examined.",
        DeepLinearClaims.KawaguchiHypothesisNames, Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 5;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 1, 1, 2], Expectation.Verified),
        RankConditionSaddleCase(Expectation.Verified),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        GeneratedCase([4, 2, 3, 3], LinearDataKind.MeetsHypotheses, 5, Expectation.Verified),
        .. FailingHypothesisCases(Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input) => DeepLinearClaims.Decide(
        input,
        (survey, point) =>
        {
            if (survey.IsGlobal(point) || DeepLinearClaims.MiddleRank(survey.Problem, point.Exact.Theta) != survey.Problem.NarrowestHidden)
            {
                return null;
            }

            if (point.Exact.Inertia.Negative > 0)
            {
                return null;
            }

            return survey.AboveGlobalMinimum(point)
                ? $"rank(W_H⋯W_2) = p and loss {point.Loss} above the minimum, yet the exact Hessian has no negative eigenvalue"
                : DeepLinearClaims.Undecided;
        },
        "every examined non-global critical point meeting the rank condition has an exact negative Hessian eigenvalue");
}
