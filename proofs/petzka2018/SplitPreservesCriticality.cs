using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Intervals;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.split-preserves-criticality</c> (PS-2): when θ* is a critical point, so is every γ_λ. θ* is proved
/// critical (exactly, or a unique critical point θ̂ within ρ by Krawczyk's test); the gradient of the larger network at
/// γ_λ(θ̂) is (λ∇_uE, (1 − λ)∇_uE, ∇_vE, ∇_vE, the rest of ∇E) = 0, and the interval gradient over the split box
/// must contain 0 in every coordinate (a check of that identity). A point that is not critical is refuted: the interval
/// gradient of the larger network at γ_λ(θ*) excludes 0 in a coordinate.
/// </summary>
public sealed class SplitPreservesCriticality : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.split-preserves-criticality", PaperKey.Petzka2018,
        "PS-2: at the instance's point θ*, every split γ_λ (unit 0 of the last hidden layer, λ ∈ {−1/2, 0, 1/4, 1/2, 3/4, 1, 3/2, 2/7, 5/2, −3}) is a critical point of the larger network.",
        PetzkaClaims.Hypotheses, Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 2;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("§8.3, B positive definite", () => PetzkaInstances.Positive, Expectation.Verified),
        new("§8.3, B negative definite, inputs shifted by 3/4", () => PetzkaInstances.Shifted(PetzkaInstances.Negative, new(3, 4)), Expectation.Verified),
        new("deep 2-2-2-1 sigmoid", () => PetzkaInstances.Deep, Expectation.Verified),
        new("§8.3 with the output bias moved by 1/1000 (not critical)", () => PetzkaInstances.Moved(PetzkaInstances.Positive, new(1, 1000)), Expectation.Refuted),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (PetzkaClaims.Gate(instance) is { } gate)
        {
            return gate;
        }

        var site = PetzkaClaims.Site(instance.Network);
        var result = PetzkaClaims.Analyze(instance, site, []);
        var lambdas = PetzkaClaims.Lambdas;
        if (result is SplitAnalysisResult.NotCritical nc)
        {
            foreach (var lambda in lambdas)
            {
                var big = NeuronSplit.Split(instance, site.Layer, site.Unit, lambda);
                var g = new NetworkCalculus<Interval, IntervalOps>(big).Gradient([.. big.Weights!.Select(Interval.FromRational)]);
                int k = Array.FindIndex(g, x => x.Lo > 0 || x.Hi < 0);
                if (k >= 0)
                {
                    return new Verdict.Refuted(
                        string.Create(CultureInfo.InvariantCulture, $"θ* is not critical (gradient norm {nc.GradientNorm:G3}), and at λ = {lambda} the gradient of the larger network has ∂E/∂{big.Network.ParameterName(k)} ∈ [{g[k].Lo:G6}, {g[k].Hi:G6}], excluding 0"),
                        PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [lambda], [$"∂E/∂{big.Network.ParameterName(k)} ∈ [{g[k].Lo:R}, {g[k].Hi:R}]"]));
                }
            }

            return new Verdict.Inconclusive("θ* is not proved critical (" + nc.Reason + "), and no split's gradient enclosure excludes 0");
        }

        var a = (SplitAnalysisResult.Analysed)result;
        var facts = new List<string> { $"θ*: {a.Critical}" };
        foreach (var lambda in lambdas)
        {
            var big = NeuronSplit.Split(instance, site.Layer, site.Unit, lambda);
            var g = new NetworkCalculus<Interval, IntervalOps>(big).Gradient(NeuronSplit.SplitBox(instance.Network, a.Box, site.Layer, site.Unit, lambda));
            int k = Array.FindIndex(g, x => x.Lo > 0 || x.Hi < 0);
            if (k >= 0)
            {
                return new Verdict.Refuted(
                    $"θ* is critical, yet at λ = {lambda} the gradient enclosure of the larger network over the split box excludes 0 in {big.Network.ParameterName(k)}",
                    PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [lambda], facts));
            }

            double floatNorm = Math.Sqrt(new NetworkCalculus<double, DoubleOps>(big).Gradient(big.WeightsDouble()).Sum(x => x * x));
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"λ = {lambda}: the gradient enclosure over the split box holds 0 in every coordinate (widest {g.Max(x => x.Width):G3}); float gradient norm at γ_λ(θ*) {floatNorm:G3}"));
        }

        return new Verdict.Verified(
            $"θ* is critical ({a.Critical}), so every γ_λ(θ̂) is: its gradient is (λ∇_uE, (1 − λ)∇_uE, ∇_vE, ∇_vE, the rest of ∇E) = 0, and the interval gradient over each split box contains 0",
            PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, lambdas, facts));
    }
}
