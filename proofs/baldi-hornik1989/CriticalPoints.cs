using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Exact;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.BaldiHornik1989;

/// <summary>
/// <c>baldi-hornik1989.critical-points</c>: Baldi and Hornik (1989), papers.md §6 and BH-1. For every subset I of Σ's
/// eigenvectors with |I| ≤ p, A = U_I·C and B = C⁻¹(U_IᵀU_I)⁻¹U_IᵀW* is a critical point with loss
/// κ·½(tr YYᵀ − Σ_{i∈I} λᵢ): checked with exactly zero gradient and exact loss, with C = I and a seeded random C.
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
        KawaguchiCase([2, 2, 2, 2], Expectation.HypothesesNotMet),
        GeneratedCase([3, 2, 3], LinearDataKind.RepeatedEigenvalues, 1, Expectation.HypothesesNotMet),
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

/// <summary>The Baldi–Hornik setting shared by its claims: one hidden layer, linear, no biases, invertible XXᵀ, distinct eigenvalues of Σ.</summary>
internal static class BaldiHornik
{
    /// <summary>Seed of the random changes of basis C.</summary>
    public const int ChangeOfBasisSeed = 1;

    public static readonly string[] HypothesisNames =
    [
        "the network is linear without biases with one hidden layer (depth 2)",
        "Σ_XX = XXᵀ is invertible",
        "Σ = Σ_YXΣ_XX⁻¹Σ_XY has distinct eigenvalues",
    ];

    /// <summary>The gate and the subset points: a verdict when the claim cannot go on (hypotheses, irrational spectrum), else null.</summary>
    public static Verdict? Prepare(Instance instance, Verifier.Numerics.Budgets.WorkBudget? budget, out List<(string Label, SubsetPoint Point)> points)
    {
        points = [];
        if (!DeepLinearProblem.IsDeepLinear(instance.Network) || instance.Network.Depth != 2)
        {
            return new Verdict.HypothesesNotMet([$"{HypothesisNames[0]} (depth {instance.Network.Depth}, activation {instance.Network.Activation.ToString().ToLowerInvariant()}, bias {(instance.Network.Bias ? "true" : "false")})"]);
        }

        var problem = DeepLinearProblem.TryCreate(instance, budget)!;
        if (!problem.InputsFullRank)
        {
            return new Verdict.HypothesesNotMet([HypothesisNames[1] + " (it is singular)"]);
        }

        if (!ExactPolynomial.IsSquareFree(ExactLinearAlgebra.CharacteristicPolynomial(problem.Sigma, problem.Budget)))
        {
            return new Verdict.HypothesesNotMet([HypothesisNames[2] + " (its characteristic polynomial has a repeated root)"]);
        }

        if (Points(problem) is not { } found)
        {
            return Irrational(problem);
        }

        points = found;
        return null;
    }

    /// <summary>Every subset point, plain and after a seeded change of basis; null without rational eigenvectors.</summary>
    public static List<(string Label, SubsetPoint Point)>? Points(DeepLinearProblem problem)
    {
        var plain = DeepLinearTheory.SubsetCriticalPoints(problem);
        if (plain is null)
        {
            return null;
        }

        var rng = new Random(ChangeOfBasisSeed);
        var changed = DeepLinearTheory.SubsetCriticalPoints(problem, k => RationalLinearInstances.RandomInvertible(k, rng))!;
        return
        [
            .. plain.Select(p => ($"I = {p.SubsetText}", p)),
            .. changed.Where(p => p.Subset.Length > 0).Select(p => ($"I = {p.SubsetText}, C random", p)),
        ];
    }

    public static Verdict.Inconclusive Irrational(DeepLinearProblem problem) =>
        new("Σ has irrational eigenvalues, so its eigenvectors (and the subset points) are not rational and cannot be built exactly",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Eigenvalues([.. problem.Spectrum!.Select(r => new RationalEnclosure(r.Lower, r.Upper))])));
}
