using Verifier.Landscape.Claims;
using Verifier.Landscape.Optimization;
using static Verifier.Proofs.Swirszcz2016.SwirszczInstances;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.d1-bad-local-minimum</c>: Prop 1 and Remark 1 (papers.md SCP-1). On D1 the point (w, b, v, c) =
/// (1, −3, 1, 0) sits at a ReLU kink (x = 3) and is a local minimum, proved piece by piece; it is not strict (rescaling
/// (w, b, v) to (a, −3a, 1/a) keeps the loss), and not global: a point of lower loss exists. Loss 9 here is the paper's
/// 18 (Verifier's sse has the ½), the better point's 7 the paper's 14.
/// </summary>
public sealed class D1BadLocalMinimum : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.d1-bad-local-minimum", PaperKey.Swirszcz2016,
        "SCP-1 (Prop 1, Remark 1): the point is a local minimum at a ReLU kink, not strict (it lies on a constant-loss rescaling orbit) and not global (a point of lower loss exists: the given witness or one found by a seeded search).",
        SwirszczClaims.PointHypotheses, Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 1;

    /// <summary>Suite cases: the paper's point and its variants, and points that are not bad minima.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("D1 at (1, −3, 1, 0), L = 9", () => At("swirszcz-d1", D1, D1Minimum), Expectation.Verified),
        new("D1 on the orbit a = 5/2: (5/2, −15/2, 2/5, 0)", () => At("swirszcz-d1-orbit", D1, D1Minimum.Rescaled(0, new(5, 2))), Expectation.Verified),
        new("D1 with inputs shifted by −7/3", () => Variant(Shifted(D1, D1Minimum, new(-7, 3))), Expectation.Verified),
        new("D1 with inputs scaled by 3/2, targets by 2", () => Variant(Scaled(D1, D1Minimum, new(3, 2), 2)), Expectation.Verified),
        new("D1 with the output bias moved to 1/10 (off the minimum)", () => At("swirszcz-d1-moved", D1, D1Minimum.MovedBias(new(1, 10))), Expectation.Refuted),
        new("D1 with the kink moved to x = 5/2 (b = −5/2)", () => At("swirszcz-d1-kink-moved", D1, D1Minimum with { B = [new(-5, 2)] }), Expectation.Refuted),
    ];

    private static Landscape.Instances.Instance Variant(((Symbolic.Rational[] X, Symbolic.Rational[] Y) Data, Point Point) v) => At("swirszcz-d1-variant", v.Data, v.Point);

    private static Verdict Decide(ClaimInput input)
    {
        if (SwirszczClaims.Gate(input.Instance) is { } gate)
        {
            return gate;
        }

        var strict = GenericClaims.StrictLocalMin.Decider(input);
        if (strict is Verdict.Refuted notStrict && notStrict.Evidence.Find<EvidenceItem.ConstantLossCurve>() is null)
        {
            // Not even a local minimum: the refutation carries the descent.
            return new Verdict.Refuted(notStrict.Why, notStrict.Evidence);
        }

        var bad = GenericClaims.BadLocalMin.Decider(input with { Theories = input.Theories with { WitnessSearch = ExactRefitSearch.Instance } });
        if (bad is not Verdict.Verified verified)
        {
            return bad;
        }

        return strict is Verdict.Refuted { Evidence: var orbit }
            ? new Verdict.Verified(verified.Why + "; not strict: " + ((Verdict.Refuted)strict).Why, verified.Evidence.With(orbit.Find<EvidenceItem.ConstantLossCurve>()!))
            : new Verdict.Inconclusive("a bad local minimum, but no constant-loss curve through it was found: " + strict.Reason, verified.Evidence);
    }
}
