using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.rank-condition-gives-negative-curvature</c>: Kawaguchi (2016), Theorem 2.3 (iv). At every
/// examined critical point that is not a global minimum and where rank(W_H⋯W_2) = p, the exact Hessian has a strictly
/// negative eigenvalue (exact inertia). Points where the rank condition fails are outside the statement and only counted.
/// </summary>
public static class SaddlesHaveNegativeCurvature
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.rank-condition-gives-negative-curvature", Paper.Kawaguchi2016,
        "At a saddle with rank(W_H⋯W_2) = p the Hessian has a strictly negative eigenvalue (Theorem 2.3 iv), checked by exact inertia at every exact critical point examined.",
        DeepLinearClaims.KawaguchiHypothesisNames, Decide, NeedsPoint: false);

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], "verified"),
        KawaguchiCase([2, 1, 1, 2], "verified"),
        new("KAW-5 point: widths 2-1-1-2, W₁=(0,1), W₂=1, W₃=(0,1)ᵀ", KawaguchiRankConditionSaddle, "verified"),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, "verified"),
        GeneratedCase([4, 2, 3, 3], LinearDataKind.MeetsHypotheses, 5, "verified"),
        .. FailingHypothesisCases("hypotheses-not-met"),
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
