using Verifier.Landscape.Claims;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.BaldiHornik1989;

/// <summary>
/// <c>baldi-hornik1989.critical-points</c>: Baldi and Hornik (1989), papers.md §6 and BH-1. For every subset I of Σ's
/// eigenvectors with |I| ≤ p, A = U_I·C and B = C⁻¹(U_IᵀU_I)⁻¹U_IᵀW* is a critical point with loss
/// κ·½(tr YYᵀ − Σ_{i∈I} λᵢ): checked with exactly zero gradient and exact loss, with C = I and a seeded random C.
/// Instances outside the theorem's hypotheses (<see cref="BaldiHornik.Hypotheses"/>, all decided exactly before
/// anything else) give hypotheses-not-met naming each that fails.
/// </summary>
public sealed class CriticalPoints : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "baldi-hornik1989.critical-points", PaperKey.BaldiHornik1989,
        "For every subset I of Σ's eigenvectors (|I| ≤ p), A = U_I·C, B = C⁻¹U_I⁺W* is a critical point with loss κ·½(tr YYᵀ − Σ_{i∈I} λᵢ) (BH-1).",
        BaldiHornik.HypothesisNames, Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 1;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        .. BaldiHornikCases(Expectation.Verified),
        IrrationalSpectrumCase(Expectation.Inconclusive),
        .. OutsideBaldiHornik(Expectation.HypothesesNotMet).Select(c => c.Case),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        if (BaldiHornik.Prepare(input.Instance, input.Work, out var points) is { } early)
        {
            return early;
        }

        var exact = new Landscape.Derivatives.NetworkCalculus<Symbolic.Rational, Landscape.Derivatives.RationalOps>(input.Instance);
        var listed = new List<LabelledPoint>();
        foreach (var (label, point) in points)
        {
            var gradient = exact.Gradient(point.Theta);
            var loss = exact.Loss(point.Theta);
            if (gradient.Any(g => !g.IsZero) || loss != point.Loss)
            {
                return new Verdict.Refuted($"{label}: gradient {(gradient.All(g => g.IsZero) ? "zero" : "not zero")}, loss {loss} where {point.Loss} was predicted",
                    Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Point(label, point.Theta)));
            }

            listed.Add(new LabelledPoint(label, loss));
        }

        return new Verdict.Verified($"all {points.Count} subset points have exactly zero gradient and the predicted loss",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.CriticalPoints([.. listed], BaldiHornik.ChangeOfBasisSeed)));
    }
}
