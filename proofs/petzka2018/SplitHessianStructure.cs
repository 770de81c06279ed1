using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Splitting;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.split-hessian-structure</c> (PS-3), for one hidden layer and a scalar output at a critical θ*: the
/// Hessian at γ_λ restricted to the split subspace S is κ(λ)·B; S is H-orthogonal to the common, v̄ and other directions;
/// the line direction (v, −v) is a null vector; at λ = ½ the Hessian's eigenvalues on S are ½·μ(B). Checked on the
/// float64 Hessian at γ_λ(θ*) against B at θ*, each within <see cref="Tolerance"/> (absolute). A point that is not
/// critical is refuted: the line direction couples to S (|sᵀHℓ| = |∂E/∂u·η|/‖·‖ > <see cref="Coupled"/>).
/// </summary>
public sealed class SplitHessianStructure : ICatalogueClaim
{
    /// <summary>
    /// Absolute tolerance of the identities on the float Hessian (papers.md PS-3: 1e-10): the entries are O(1) to O(10)
    /// here, so rounding leaves about 1e-15, and B's entries (about 1e-6) are far above it.
    /// </summary>
    public const double Tolerance = 1e-10;

    /// <summary>A coupling of the line direction above this is no rounding error: the point is not critical.</summary>
    public const double Coupled = 1e-8;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.split-hessian-structure", PaperKey.Petzka2018,
        "PS-3: at γ_λ of a critical θ* (one hidden layer, scalar output), SᵀHS = κ(λ)·B on the split subspace, S is H-orthogonal to the other directions, the line direction (v, −v) is a null vector, and at λ = ½ the Hessian's eigenvalues on S are ½·μ(B) (float64 Hessian, absolute tolerance 1e-10).",
        [.. PetzkaClaims.Hypotheses, "one hidden layer and a scalar output (the Fukumizu–Amari setting)"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 3;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("§8.3, B positive definite", () => PetzkaInstances.Positive, Expectation.Verified),
        new("§8.3, B negative definite, targets scaled by 3/2", () => PetzkaInstances.Scaled(PetzkaInstances.Negative, new(3, 2)), Expectation.Verified),
        new("§8.3 with the output bias moved by 1/100 (not critical)", () => PetzkaInstances.Moved(PetzkaInstances.Positive, new(1, 100)), Expectation.Refuted),
        new("deep 2-2-2-1 sigmoid (outside the setting)", () => PetzkaInstances.Deep, Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (PetzkaClaims.Gate(instance, net.Depth == 2 && net.OutputWidth == 1 ? [] : [Claim.Hypotheses[^1]]) is { } gate)
        {
            return gate;
        }

        var site = PetzkaClaims.Site(net);
        var lambdas = PetzkaClaims.RegularLambdas;
        var facts = new List<string>();
        var a = SplitAnalysis.Analyze(instance, site.Layer, site.Unit, lambdas);
        if (a is SplitAnalysisResult.NotCritical nc)
        {
            // The float checks still run at the point itself, to show where the identities fail.
            var check = lambdas.Select(l => SplitAnalysis.FloatCheck(instance, site.Layer, site.Unit, l)).MaxBy(c => c.LineCurvature.Coupling)!;
            return check.LineCurvature.Coupling > Coupled
                ? new Verdict.Refuted(
                    string.Create(CultureInfo.InvariantCulture, $"θ* is not critical (gradient norm {nc.GradientNorm:G3}): at λ = {check.Lambda} the line direction (v, −v) couples to the split subspace, |sᵀHℓ| = {check.LineCurvature.Coupling:G3}, so it is not a null vector"),
                    PetzkaClaims.Facts(EvidenceMethod.FloatingPoint, site, [check.Lambda], [string.Create(CultureInfo.InvariantCulture, $"|sᵀHℓ| = {check.LineCurvature.Coupling:G3}")]))
                : new Verdict.Inconclusive("θ* is not proved critical: " + nc.Reason);
        }

        foreach (var c in ((SplitAnalysisResult.Analysed)a).Checks)
        {
            var errors = new[] { ("|SᵀHS − κB|", c.SubspaceError), ("|sᵀHt|", c.CrossTerm), ("|ℓᵀHℓ|", Math.Abs(c.LineCurvature.Curvature)), ("|sᵀHℓ|", c.LineCurvature.Coupling), ("|eig − ½μ(B)|", c.HalfEigenvalueError ?? 0) };
            var bad = errors.Where(e => e.Item2 > Tolerance).ToArray();
            string line = string.Create(CultureInfo.InvariantCulture, $"λ = {c.Lambda}: {string.Join(", ", errors.Where(e => e.Item1 != "|eig − ½μ(B)|" || c.HalfEigenvalueError is not null).Select(e => $"{e.Item1} ≤ {e.Item2:G3}"))}");
            if (bad.Length > 0)
            {
                return new Verdict.Refuted($"at λ = {c.Lambda} an identity fails beyond {Tolerance}: {string.Join(", ", bad.Select(b => b.Item1))}", PetzkaClaims.Facts(EvidenceMethod.FloatingPoint, site, [c.Lambda], [line]));
            }

            facts.Add(line);
        }

        return new Verdict.Verified($"at every λ checked, the Hessian at γ_λ has κ(λ)·B on S, no coupling of S to the other directions, the line direction null, and ½·μ(B) among its eigenvalues at λ = ½ (each within {Tolerance})", PetzkaClaims.Facts(EvidenceMethod.FloatingPoint, site, lambdas, facts));
    }
}
