using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Splitting;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.split-classification</c> (PS-4): at a strict local minimum θ* of a network whose split unit feeds a
/// single unit (M = 0), with B definite, γ_λ is a (non-strict) local minimum where κ(λ)·B ≻ 0 and a saddle where
/// κ(λ)·B ≺ 0 (B ≻ 0: minima on (0, 1), saddles outside [0, 1]; B ≺ 0 the reverse). The prediction rests on proved
/// facts (θ* a strict minimum over its Krawczyk box, B's sign over its enclosure, M = 0 by v·M = ∂E/∂u) and Sylvester's
/// law; it is checked against the float Hessian's inertia at every λ of the grid and at λ the digest does not list.
/// </summary>
public sealed class SplitClassification : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.split-classification", PaperKey.Petzka2018,
        "PS-4: at a strict local minimum θ* with B definite and M = 0, the Hessian at γ_λ has the inertia of diag(H(θ*), λ(1 − λ)·B, 0): B ≻ 0 gives local minima for λ ∈ (0, 1) and saddles for λ ∉ [0, 1], B ≺ 0 the reverse (checked at λ ∈ {−1/2, 1/4, 1/2, 3/4, 3/2, 2/7, 5/2, −3}).",
        [.. PetzkaClaims.Hypotheses, "θ* is a strict local minimum", "B is definite and M = 0 (the split unit feeds a single unit)"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 4;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("§8.3, B positive definite", () => PetzkaInstances.Positive, Expectation.Verified),
        new("§8.3, B negative definite", () => PetzkaInstances.Negative, Expectation.Verified),
        new("§8.3, B positive definite, inputs shifted by −1/2", () => PetzkaInstances.Shifted(PetzkaInstances.Positive, new(-1, 2)), Expectation.Verified),
        new("§8.3, B negative definite, targets scaled by 2", () => PetzkaInstances.Scaled(PetzkaInstances.Negative, 2), Expectation.Verified),
        new("deep 2-2-2-1 sigmoid (M ≠ 0)", () => PetzkaInstances.Deep, Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (PetzkaClaims.Gate(instance) is { } gate)
        {
            return gate;
        }

        var site = PetzkaClaims.Site(instance.Network);
        var (analysis, notMet) = PetzkaClaims.DefiniteMinimum(instance, site, PetzkaClaims.RegularLambdas);
        if (analysis is not { } a)
        {
            return notMet!;
        }

        var facts = new List<string> { $"θ*: {a.Critical}; strict local minimum", $"B {a.BSign} over its enclosure; M = 0: {a.MWhy}" };
        foreach (var c in a.Checks)
        {
            string type = c.Predicted!.Negative > 0 ? "saddle" : "local minimum (non-strict)";
            string line = string.Create(CultureInfo.InvariantCulture, $"λ = {c.Lambda} (κ = {c.Kappa:G4}): predicted {type}, inertia {c.Predicted}; float Hessian {c.Observed}; lowest {string.Join(", ", c.Lowest.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}");
            if (!c.Agrees)
            {
                return new Verdict.Refuted($"at λ = {c.Lambda} the float Hessian's inertia {c.Observed} is not the predicted {c.Predicted}", PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [c.Lambda], [.. facts, line]));
            }

            facts.Add(line);
        }

        return new Verdict.Verified(
            $"θ* is a strict local minimum, B is {(a.BSign == SplitSign.PositiveDefinite ? "positive" : "negative")} definite and M = 0, so by Sylvester's law γ_λ is a local minimum where κ(λ)·B ≻ 0 and a saddle where κ(λ)·B ≺ 0; the float Hessian's inertia agrees at all {a.Checks.Count} λ",
            PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [.. a.Checks.Select(c => c.Lambda)], facts));
    }
}
