using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.hypotheses</c>: the assumptions of Kawaguchi (2016), Theorem 2.3, decided exactly on the data:
/// a linear network without biases and squared loss, XXᵀ and XYᵀ of full rank, d_y ≤ d_x, and Σ = YXᵀ(XXᵀ)⁻¹XYᵀ
/// with d_y distinct eigenvalues (a square-free characteristic polynomial). Verified when all hold; refuted naming
/// each that fails.
/// </summary>
public sealed class Hypotheses : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.hypotheses", PaperKey.Kawaguchi2016,
        "The instance meets every hypothesis of Kawaguchi (2016), Theorem 2.3.",
        DeepLinearClaims.KawaguchiHypothesisNames, Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 1;

    /// <summary>Suite cases: the paper's instance and generated data meeting them, and data failing each one.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.Verified),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([4, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        .. FailingHypothesisCases(Expectation.Refuted),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var hypotheses = DeepLinearTheory.KawaguchiHypotheses(input.Instance, input.Work);
        var failed = hypotheses.Where(h => h.Status == HypothesisStatus.Fails).ToList();
        bool exact = DeepLinearTheory.UseExact(input.Instance);
        var evidence = Evidence.Of(exact ? EvidenceMethod.ExactRational : EvidenceMethod.FloatingPoint, new EvidenceItem.Hypotheses([.. hypotheses.Select(h => h.Outcome)]));
        if (hypotheses.Where(h => h.Margin == HypothesisMargin.NearTolerance).ToList() is { Count: > 0 } unclear)
        {
            return new Verdict.Inconclusive("decided in float64 (data too large for exact elimination), and too close to its tolerance to trust: " + string.Join("; ", unclear.Select(h => $"{h.Name} ({h.Detail})")), evidence);
        }

        return failed.Count == 0
            ? new Verdict.Verified(exact
                ? "every hypothesis of Theorem 2.3 holds (ranks by exact elimination, distinct eigenvalues by a square-free characteristic polynomial)"
                : "every hypothesis of Theorem 2.3 holds in float64, each by more than 100 times its stated tolerance (data too large for exact elimination)", evidence)
            : new Verdict.Refuted("fails: " + string.Join("; ", failed.Select(h => $"{h.Name} ({h.Detail})")), evidence);
    }
}
