using Verifier.Landscape.Claims;
using Verifier.Landscape.Optimization;
using static Verifier.Proofs.Swirszcz2016.SwirszczInstances;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.d3-bad-local-minimum</c>: Prop 3 (papers.md SCP-3). On D3 both printed points are local minima at
/// ReLU kinks, proved piece by piece: the better one with L = 1/12 and the worse with L = 1/3 (the paper's 1/6 and
/// 2/3). Each fits one region with one unit's least-squares line and the other exactly with two units. Both are bad:
/// the network has a zero-loss point (claim <c>swirszcz2016.d3-zero-loss-point</c>), and a seeded search exhibits a
/// point of lower loss.
/// </summary>
public sealed class D3LocalMinima : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.d3-bad-local-minimum", PaperKey.Swirszcz2016,
        "SCP-3 (Prop 3): the point is a local minimum of the 1-3-1 ReLU network and a point of lower loss exists (both of the paper's points on D3: L = 1/12 and 1/3, the paper's 1/6 and 2/3).",
        SwirszczClaims.PointHypotheses, Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 3;

    /// <summary>Suite cases: both points and variants hold; moved points do not.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("D3 better point (L = 1/12)", () => At("swirszcz-d3-better", D3, D3Better), Expectation.Verified),
        new("D3 worse point (L = 1/3)", () => At("swirszcz-d3-worse", D3, D3Worse), Expectation.Verified),
        new("D3 worse point, unit 3 on its orbit (a = 1/4)", () => At("swirszcz-d3-worse-orbit", D3, D3Worse.Rescaled(2, new(1, 4))), Expectation.Verified),
        new("D3 better point, inputs scaled by 1/3", () => Variant(Scaled(D3, D3Better, new(1, 3), 1)), Expectation.Verified),
        new("D3 better point with the third unit's kink moved (b₃ = −13)", () => At("swirszcz-d3-better-moved", D3, D3Better with { B = [1, 0, -13] }), Expectation.Refuted),
        new("D3 worse point with the output bias moved by −1/5", () => At("swirszcz-d3-worse-moved", D3, D3Worse.MovedBias(new(-1, 5))), Expectation.Refuted),
    ];

    private static Landscape.Instances.Instance Variant(((Symbolic.Rational[] X, Symbolic.Rational[] Y) Data, Point Point) v) => At("swirszcz-d3-variant", v.Data, v.Point);

    private static Verdict Decide(ClaimInput input) =>
        SwirszczClaims.Gate(input.Instance) ?? GenericClaims.BadLocalMin.Decider(input with { Theories = input.Theories with { WitnessSearch = ExactRefitSearch.Instance } });
}
