using Verifier.Landscape.Claims;
using static Verifier.Proofs.Swirszcz2016.SwirszczInstances;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.d2-local-minimum</c>: Prop 2 (papers.md SCP-2). The paper's D2 points are local minima only with
/// the second unit's input weight w₂ = +1: the global point then has L = 0 and the suboptimal one L = 4/3 (the paper's
/// 8/3), region I fitted by the least-squares line and region II exactly. As printed (w₂ = −1) the second unit is dead
/// on every sample, neither point is even critical, and the exact gradient gives the descent. The catalogue encodes
/// both signs and lets the checker show which holds.
/// </summary>
public sealed class D2LocalMinima : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.d2-local-minimum", PaperKey.Swirszcz2016,
        "SCP-2 (Prop 2): the point is a local minimum of the 1-2-1 ReLU network on D2 — true for both points with w₂ = +1 (L = 0 and L = 4/3, the paper's 8/3), false for both as printed with w₂ = −1.",
        SwirszczClaims.PointHypotheses, Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 2;

    /// <summary>Suite cases: both corrected points (and variants) hold; both printed points do not.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("D2 global point, w₂ = +1 (L = 0)", () => At("swirszcz-d2-global", D2, D2Global), Expectation.Verified),
        new("D2 suboptimal point, w₂ = +1 (L = 4/3)", () => At("swirszcz-d2-local", D2, D2Local), Expectation.Verified),
        new("D2 suboptimal point on the orbit of unit 1 (a = 3)", () => At("swirszcz-d2-local-orbit", D2, D2Local.Rescaled(0, 3)), Expectation.Verified),
        new("D2 suboptimal point, inputs shifted by 5", () => Variant(Shifted(D2, D2Local, 5)), Expectation.Verified),
        new("D2 global point as printed, w₂ = −1 (L = 29/2)", () => At("swirszcz-d2-global-printed", D2, D2GlobalPrinted), Expectation.Refuted),
        new("D2 suboptimal point as printed, w₂ = −1 (L = 23/6)", () => At("swirszcz-d2-local-printed", D2, D2LocalPrinted), Expectation.Refuted),
        new("D2 suboptimal point with the output bias moved by 1/7", () => At("swirszcz-d2-local-moved", D2, D2Local.MovedBias(new(1, 7))), Expectation.Refuted),
    ];

    private static Landscape.Instances.Instance Variant(((Symbolic.Rational[] X, Symbolic.Rational[] Y) Data, Point Point) v) => At("swirszcz-d2-variant", v.Data, v.Point);

    private static Verdict Decide(ClaimInput input) => SwirszczClaims.Gate(input.Instance) ?? SwirszczClaims.LocalMin(input);
}
