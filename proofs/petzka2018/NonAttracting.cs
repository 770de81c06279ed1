using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.non-attracting</c> (PS-5, papers.md §2.4): with B positive definite, the minima γ_λ (0 &lt; λ &lt; 1) are
/// not attracting. (1) The loss is constant along the line from γ_{1/2} to γ_{3/2}: proved over the whole segment, since
/// at every λ both copies carry u exactly and the pre-activations of the next layer do not depend on λ (their slope is
/// v·(φ(u·õ) − φ(u·õ)) = 0). (2) At γ_{3/2} (a proved critical point: PS-2) there is a proved negative-curvature
/// direction: κ(3/2) = −3/10 and B ≻ 0 over its enclosure give κ·μ_max(B) &lt; 0, and dᵀHd &lt; 0 is enclosed over the
/// interval Hessian of the split box. (3) An interval step from γ_{3/2} to a rigorously lower loss illustrates it, and
/// (4) a descent run from there ends at a loss rigorously below E(θ*). With B negative definite the roles of (0, 1) and
/// its outside swap, and the line runs from γ_{3/2} to γ_{1/2}.
/// </summary>
public sealed class NonAttracting : ICatalogueClaim
{
    /// <summary>The steps tried from the saddle end, along ±d (the first whose loss enclosure lies below E's is kept).</summary>
    public static IReadOnlyList<double> Steps { get; } = [1e-2, -1e-2, 5e-2, -5e-2, 0.1, -0.1];

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.non-attracting", PaperKey.Petzka2018,
        "PS-5: the split minima are non-attracting: the loss is constant along the line from the minimum γ_{1/2} (B ≻ 0; γ_{3/2} when B ≺ 0) to the saddle end, where a proved negative-curvature direction (κ·μ_max(B) < 0) leads to a strictly lower loss.",
        [.. PetzkaClaims.Hypotheses, "θ* is a strict local minimum", "B is definite and M = 0"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 5;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("§8.3, B positive definite", () => PetzkaInstances.Positive, Expectation.Verified),
        new("§8.3, B negative definite", () => PetzkaInstances.Negative, Expectation.Verified),
        new("§8.3 with the output bias moved by 1/1000 (not critical)", () => PetzkaInstances.Moved(PetzkaInstances.Positive, new(1, 1000)), Expectation.HypothesesNotMet),
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
        var (analysis, notMet) = PetzkaClaims.DefiniteMinimum(instance, site, []);
        if (analysis is not { } a)
        {
            return notMet!;
        }

        bool positive = a.BSign == SplitSign.PositiveDefinite;
        Rational half = new(1, 2), threeHalves = new(3, 2);
        var (minimum, saddle) = positive ? (half, threeHalves) : (threeHalves, half);
        var facts = new List<string>();

        // (1) The line: the same u on both copies at every λ, so the next layer's pre-activations are constant in λ.
        var ends = new[] { NeuronSplit.Split(instance, site.Layer, site.Unit, minimum), NeuronSplit.Split(instance, site.Layer, site.Unit, saddle) };
        var c = NeuronSplit.Coordinates(instance.Network, site.Layer, site.Unit);
        foreach (var end in ends)
        {
            if (c.IncomingA.Where((k, i) => end.Weights![k] != end.Weights![c.IncomingB[i]]).Any())
            {
                return new Verdict.Refuted("the copies' incoming weights differ on the line, so the loss need not be constant", PetzkaClaims.Facts(EvidenceMethod.ExactRational, site, [minimum, saddle], facts));
            }
        }

        var lossAtMinimum = new NetworkCalculus<Interval, IntervalOps>(ends[0]).Loss([.. ends[0].Weights!.Select(Interval.FromRational)]);
        facts.Add($"line γ_λ, λ from {minimum} to {saddle}: the copies carry the same u exactly and the outgoing shares are affine in λ, so d/dλ of every next-layer pre-activation is v·(φ(u·õ) − φ(u·õ)) = 0: the loss is E(θ*) ∈ {lossAtMinimum} on the whole segment");

        // (2) Proved negative curvature at the saddle end, at the proved critical point.
        facts.Add(string.Create(CultureInfo.InvariantCulture, $"κ({saddle}) = {NeuronSplit.Kappa(saddle)} and B is {(positive ? "positive" : "negative")} definite over its enclosure (eigenvalues {string.Join(", ", a.BEigenvalues.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}), so κ·μ(B) < 0 on the split subspace"));
        if (SplitAnalysis.NegativeCurvature(instance, a.Box, site.Layer, site.Unit, saddle) is not { } down)
        {
            return new Verdict.Inconclusive($"no negative-curvature direction at γ_{saddle} could be proved over the split box", PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [minimum, saddle], facts));
        }

        facts.Add(string.Create(CultureInfo.InvariantCulture, $"at γ_{saddle}(θ̂), a critical point (PS-2), dᵀHd ≤ {down.Bound:G4} < 0 over the interval Hessian of the split box"));

        // (3) An interval step to a lower loss, (4) a descent run from it.
        var saddleEnd = ends[1];
        var gamma = saddleEnd.Weights!;
        Instance? stepped = null;
        foreach (var t in Steps)
        {
            var point = gamma.Select((g, k) => g + Rational.FromDouble(t * down.Direction[k])).ToArray();
            var loss = new NetworkCalculus<Interval, IntervalOps>(saddleEnd).Loss([.. point.Select(Interval.FromRational)]);
            if (loss.Hi < lossAtMinimum.Lo)
            {
                stepped = saddleEnd.WithWeights(point);
                facts.Add(string.Create(CultureInfo.InvariantCulture, $"a step t = {t} along d gives a loss ≤ {loss.Hi:R} < E(θ*) ≥ {lossAtMinimum.Lo:R} (interval arithmetic; an illustration)"));
                break;
            }
        }

        if (stepped is null)
        {
            return new Verdict.Inconclusive("no step along the negative-curvature direction gave a rigorously lower loss", PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [minimum, saddle], facts));
        }

        var run = Optimizer.Optimize(stepped, stepped.WeightsDouble(), null, OptimizationOptions.Default with { MaxIterations = 2000 });
        var final = Optimizer.ResultInstance(stepped, run);
        var finalLoss = new NetworkCalculus<Interval, IntervalOps>(final).Loss([.. final.Weights!.Select(Interval.FromRational)]);
        if (!(finalLoss.Hi < lossAtMinimum.Lo))
        {
            return new Verdict.Inconclusive("the descent run did not end rigorously below E(θ*)", PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [minimum, saddle], facts));
        }

        facts.Add(string.Create(CultureInfo.InvariantCulture, $"descent (trust-region, {run.Iterations} iterations) from the step ends at a loss ≤ {finalLoss.Hi:R}, below E(θ*) by {lossAtMinimum.Lo - finalLoss.Hi:G4}"));
        return new Verdict.Verified(
            $"the loss is constant along the line from the minimum γ_{minimum} to γ_{saddle}, where a proved negative-curvature direction leads to a loss rigorously below E(θ*): the minima are not attracting",
            PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [minimum, saddle], facts));
    }
}
