using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Splitting;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.deep-split-saddle</c> (PS-6): when the split unit feeds two or more units and M ≠ 0 (proved: an entry
/// of M's enclosure excludes 0), γ_λ is a saddle for every λ, 0 and 1 included: the (t, s) block of the split and
/// outgoing directions has determinant −(cᵀMη)² &lt; 0. At each λ of the grid a negative-curvature direction is proved
/// over the interval Hessian of the split box, at a critical point (θ̂ proved within ρ, PS-2).
/// </summary>
public sealed class DeepSplitSaddle : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.deep-split-saddle", PaperKey.Petzka2018,
        "PS-6: splitting unit 0 of the first hidden layer that feeds two or more units, at a critical θ* where M ≠ 0, gives a saddle γ_λ for every λ (checked at λ ∈ {−1/2, 0, 1/4, 1/2, 3/4, 1, 3/2, 2/7, 5/2, −3}, each with a proved negative-curvature direction).",
        [.. PetzkaClaims.Hypotheses, "a hidden unit feeds two or more units", "M ≠ 0 at the critical point"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 6;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("deep 2-2-2-1 sigmoid", () => PetzkaInstances.Deep, Expectation.Verified),
        new("§8.3, B positive definite (scalar next layer: M = 0)", () => PetzkaInstances.Positive, Expectation.HypothesesNotMet),
        new("deep 2-2-2-1 sigmoid with its output bias moved by 1/100 (not critical)", () => PetzkaInstances.Moved(PetzkaInstances.Deep, new(1, 100)), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        int layer = Enumerable.Range(1, Math.Max(0, net.Depth - 1)).FirstOrDefault(l => net.Layers[l + 1] >= 2);
        if (PetzkaClaims.Gate(instance, layer == 0 ? [Claim.Hypotheses[2]] : []) is { } gate)
        {
            return gate;
        }

        var site = (layer, 0);
        var result = SplitAnalysis.Analyze(instance, layer, 0, []);
        if (result is SplitAnalysisResult.NotCritical nc)
        {
            return nc.Reason.StartsWith("no critical point is proved", StringComparison.Ordinal)
                ? new Verdict.Inconclusive($"θ* is not proved a critical point ({nc.Reason})")
                : new Verdict.HypothesesNotMet([$"θ* is not a critical point ({nc.Reason})"]);
        }

        var a = (SplitAnalysisResult.Analysed)result;
        if (a.MStatus != "nonzero")
        {
            return new Verdict.HypothesesNotMet([$"M ≠ 0 is not proved ({a.MStatus}: {a.MWhy})"]);
        }

        var facts = new List<string> { $"θ*: {a.Critical}", $"M ≠ 0: {a.MWhy}" };
        foreach (var lambda in PetzkaClaims.Lambdas)
        {
            if (SplitAnalysis.NegativeCurvature(instance, a.Box, layer, 0, lambda) is not { } down)
            {
                return new Verdict.Inconclusive($"at λ = {lambda} no negative-curvature direction could be proved over the split box", PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [lambda], facts));
            }

            facts.Add(string.Create(CultureInfo.InvariantCulture, $"λ = {lambda}: dᵀHd ≤ {down.Bound:G4} < 0 over the interval Hessian of the split box"));
        }

        return new Verdict.Verified(
            "M ≠ 0 at the critical point, and at every λ checked (0 and 1 included) γ_λ has a proved negative-curvature direction: a saddle",
            PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, PetzkaClaims.Lambdas, facts));
    }
}
