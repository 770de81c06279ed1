using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Symbolic;
using static Verifier.Proofs.Swirszcz2016.SwirszczInstances;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.d3-zero-loss-point</c>: papers.md SCP-3, the part the paper does not state: the 1-3-1 ReLU network
/// fits D3 exactly, so its global minimum is 0 and both of Prop 3's local minima are bad. The point is found by the
/// optimiser from seeded starts and snapped to exact numbers by refitting its activation pattern by exact least
/// squares; the verdict rests only on the snapped point's exactly computed loss.
/// </summary>
public sealed class D3ZeroLossPoint : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.d3-zero-loss-point", PaperKey.Swirszcz2016,
        "SCP-3: the network fits the data exactly: some point has loss exactly 0 (on D3 with three units, the global minimum is 0).",
        ["one hidden ReLU layer and a linear scalar output", "a squared loss (sse or mse) on exact data"], Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 4;

    /// <summary>Suite cases: D3 with three units fits; with one unit D3 and D1 cannot (the search must not claim it).</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("D3, 1-3-1", () => Data("swirszcz-d3", D3, 3), Expectation.Verified),
        new("D2, 1-2-1", () => Data("swirszcz-d2", D2, 2), Expectation.Verified),
        new("D1, 1-1-1 (no exact fit: the global minimum is about 7)", () => Data("swirszcz-d1", D1, 1), Expectation.Inconclusive),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || net.OutputWidth != 1 || instance.Loss is not (Landscape.Networks.LossKind.Sse or Landscape.Networks.LossKind.Mse))
        {
            return new Verdict.HypothesesNotMet([.. Claim.Hypotheses]);
        }

        var outcome = ExactRefitSearch.Instance.Search(instance);
        if (outcome.Best is not { Weights: { } theta } best)
        {
            return new Verdict.Inconclusive("the search found no point with a finite loss", Evidence.Of(EvidenceMethod.OptimisationExact, outcome.Report));
        }

        var loss = new NetworkCalculus<Rational, RationalOps>(best).Loss(theta);
        var evidence = Evidence.Of(EvidenceMethod.OptimisationExact, outcome.Report, new EvidenceItem.Point("zero-loss point", theta), new EvidenceItem.ExactPoint(loss, GradientIsZero: loss.IsZero));
        return loss.IsZero
            ? new Verdict.Verified($"the snapped point has loss exactly 0 (search seed {outcome.Report.Seed}, {outcome.Report.Starts} starts)", evidence)
            : new Verdict.Inconclusive($"the lowest exact loss found is {loss} (search seed {outcome.Report.Seed}, {outcome.Report.Starts} starts): no exact fit was exhibited, which proves nothing either way", evidence);
    }
}
