using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.global-minimum-value</c>: the global minimum value κ·½(tr YYᵀ − Σ_{i≤r} λᵢ) of a deep linear
/// network (papers.md §4.1) is attained: the minimiser U_rU_rᵀW* factorised through the widths has exactly zero
/// gradient and exactly that loss, and the exact global-minimum proof accepts it. With singular XXᵀ the formula holds
/// with the pseudo-inverse (W* = YXᵀ(XXᵀ)⁺), so the claim needs only the linear setting. Inconclusive (with the enclosure)
/// when Σ's top eigenvalues are irrational, so that no rational minimiser exists to exhibit.
/// </summary>
public sealed class GlobalMinimumValue : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.global-minimum-value", PaperKey.Kawaguchi2016,
        "The global minimum value is κ·½(tr YYᵀ − Σ_{i≤r} λᵢ(Σ)), r the narrowest width, attained by U_rU_rᵀ·YXᵀ(XXᵀ)⁻¹ factorised through the widths.",
        [DeepLinearClaims.KawaguchiHypothesisNames[0]], Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 2;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2], Expectation.Verified),
        KawaguchiCase([2, 1, 1, 2], Expectation.Verified),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([4, 2, 2, 3], LinearDataKind.RepeatedEigenvalues, 2, Expectation.Verified),
        IrrationalSpectrumCase(Expectation.Inconclusive),
        RankDeficientInputsCase(Expectation.Verified),
        SigmoidCase(Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (DeepLinearProblem.TryCreate(instance, input.Work) is not { } problem)
        {
            return DeepLinearClaims.NotDeepLinear(instance);
        }

        var value = DeepLinearTheory.GlobalMinimum(problem)!;

        if (DeepLinearTheory.GlobalMinimiser(problem) is not { } theta)
        {
            return new Verdict.Inconclusive($"the global minimum value is enclosed in {value}, but Σ's top eigenvalues are irrational, so no rational minimiser can be exhibited",
                Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.MinimumValue(value.Enclosure, value.Rank)));
        }

        var exact = ExactPointAnalysis.TryCreate(instance.WithWeights(theta), input.Work)!;
        bool critical = exact is ExactPointAnalysis.Critical;
        var proof = DeepLinearTheory.ProveGlobalMinimum(problem, theta);
        var facts = Evidence.Of(EvidenceMethod.ExactRational,
            new EvidenceItem.MinimumValue(value.Enclosure, value.Rank),
            new EvidenceItem.Point("minimiser", theta),
            new EvidenceItem.ExactPoint(exact.Loss, critical));
        return (proof, critical && value.IsExact && exact.Loss == value.Lower) switch
        {
            (GlobalMinimumAttempt.Proved proved, true) => new Verdict.Verified($"the minimiser has exactly zero gradient and loss {exact.Loss}, the global minimum value", facts.With(proved.Evidence)),
            _ => new Verdict.Refuted($"the constructed minimiser has loss {exact.Loss} (value {value}, gradient {(critical ? "zero" : "not zero")}): {Reason(proof)}", facts),
        };
    }

    private static string Reason(GlobalMinimumAttempt proof) => proof switch
    {
        GlobalMinimumAttempt.Proved p => p.Argument,
        GlobalMinimumAttempt.NotProved n => n.Reason,
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
