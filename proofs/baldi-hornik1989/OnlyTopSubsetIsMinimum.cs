using Verifier.Landscape.Claims;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.BaldiHornik1989;

/// <summary>
/// <c>baldi-hornik1989.only-top-subset-is-minimum</c>: Baldi and Hornik (1989), papers.md §6 and BH-2. Among the
/// subset critical points (plain and after a change of basis C), the rigorous <c>local-min</c> decision verifies the
/// top-p subset (its loss equals the proven global minimum value) and refutes every other subset with a descent
/// direction or negative curvature.
/// Instances outside the theorem's hypotheses (<see cref="BaldiHornik.Hypotheses"/>, all decided exactly before
/// anything else) give hypotheses-not-met naming each that fails.
/// </summary>
public sealed class OnlyTopSubsetIsMinimum : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "baldi-hornik1989.only-top-subset-is-minimum", PaperKey.BaldiHornik1989,
        "Only the top-p eigenvector subset (up to C ∈ GL(p)) is a local minimum, and it is global; every other subset point is a saddle (BH-2).",
        BaldiHornik.HypothesisNames, Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 2;

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

        var listed = new List<LabelledVerdict>();
        var progress = new ProgressReporter(input.Progress);
        foreach (var (label, point) in points)
        {
            progress.Report(() => $"decided local-min at {listed.Count} of {points.Count} subset points");
            var verdict = GenericClaims.LocalMin.Decide(new ClaimInput(input.Instance.WithWeights(point.Theta), input.Theories, Work: input.Work));
            listed.Add(new LabelledVerdict(label, point.Loss, GenericClaims.LocalMin.Id, verdict.Word));
            var evidence = Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.PointVerdicts([.. listed], BaldiHornik.ChangeOfBasisSeed), new EvidenceItem.Point(label, point.Theta));
            switch (verdict)
            {
                case Verdict.Verified when !point.IsTop:
                    return new Verdict.Refuted($"{label} is not the top subset, yet local-min is verified: {verdict.Reason}", evidence);
                case Verdict.Refuted when point.IsTop:
                    return new Verdict.Refuted($"{label} is the top subset, yet local-min is refuted: {verdict.Reason}", evidence);
                case Verdict.Inconclusive or Verdict.HypothesesNotMet:
                    return new Verdict.Inconclusive($"{label}: local-min is undecided ({verdict.Reason})", evidence);
            }
        }

        return new Verdict.Verified($"local-min is verified at the top subset and refuted at every other subset ({points.Count} points, with and without a change of basis)",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.PointVerdicts([.. listed], BaldiHornik.ChangeOfBasisSeed)));
    }
}
