using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;
using static Verifier.Proofs.SafranShamir2016.SafranShamirInstances;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.critical-root-is-two</c>: SS-4 (papers.md §1.2). At an exactly critical W* (squared loss)
/// stationarity under last-layer scaling gives A = 2B, so g₁(c) = L(0) − (2c − c²)(L(0) − L(W*)) and the larger root of
/// g₁(c) = L(0) is exactly c₂ = 2. Checked in exact arithmetic at the instance's point; a point whose gradient is not
/// exactly zero is outside the hypothesis.
/// </summary>
public sealed class CriticalScaleRootIsTwo : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.critical-root-is-two", PaperKey.SafranShamir2016,
        "SS-4: at an exactly critical point W*, g₁(c) = L(0) − (2c − c²)(L(0) − L(W*)), so the larger root of g₁(c) = L(0) is exactly c₂ = 2.",
        [SafranShamirClaims.Setting, "the gradient is exactly zero at the point"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 4;

    /// <summary>Suite cases: exactly critical points from the exact refit of an optimised point.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-4-1 ReLU, no biases, exact refit of an optimum, seed 3", () => ExactCritical(Random([2, 4, 1], 6, 3)), Expectation.Verified),
        new("2-3-1 ReLU with biases, exact refit of an optimum, seed 11", () => ExactCritical(Random([2, 3, 1], 8, 11, bias: true)), Expectation.Verified),
        new("2-4-1 ReLU at a random point (not critical)", () => Random([2, 4, 1], 6, 3), Expectation.HypothesesNotMet),
    ];

    /// <summary>The exact least-squares refit of the pattern the optimiser ends in (exactly critical when no unit is tied).</summary>
    public static Landscape.Instances.Instance ExactCritical(Landscape.Instances.Instance instance) =>
        ExactRefitSearch.Refit(Optimised(instance)) ?? throw new InvalidOperationException("the refit needs one hidden ReLU layer");

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (SafranShamirClaims.Gate(instance, Claim.Hypotheses) is { } gate)
        {
            return gate;
        }

        var exact = ExactPointAnalysis.TryCreate(instance, input.Work);
        if (exact is not ExactPointAnalysis.Critical critical)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[1]]);
        }

        var (a, b) = MonotonePath.Coefficients(instance, new NetworkCalculus<Rational, RationalOps>(instance).Outputs(critical.Theta));
        if (b.IsZero)
        {
            return new Verdict.Inconclusive("the output vanishes at the point: g₁ is constant");
        }

        var c2 = a / b;
        var evidence = Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.ExactPoint(critical.Loss, GradientIsZero: true));
        return c2 == 2
            ? new Verdict.Verified($"A = 2B exactly at the critical point, so c₂ = A/B = 2 (L(W*) = {critical.Loss.ToDouble():G6})", evidence)
            : new Verdict.Refuted($"c₂ = {c2} at an exactly critical point", evidence);
    }
}
