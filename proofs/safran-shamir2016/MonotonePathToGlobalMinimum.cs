using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Paths;
using static Verifier.Proofs.SafranShamir2016.SafranShamirInstances;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.monotone-path</c>: SS-3, the paper's main result A (papers.md §1.2). From W0 with
/// L(W0) &gt; L(0) there is a path along which the loss never increases, ending at c*·W* for the critical point W* that
/// the trust-region optimiser reaches from W0: the rescaled straight line, then the rescaling of W*. Proved by
/// <see cref="MonotonePath"/> (the output never vanishes on the base line, by interval bisection). Where L(W0) ≤ L(0)
/// the construction does not apply: hypotheses not met.
/// </summary>
public sealed class MonotonePathToGlobalMinimum : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.monotone-path", PaperKey.SafranShamir2016,
        "SS-3 (main result A): from the point W0 with L(W0) > L(0) a path along which the loss never increases leads to c*·W*, W* the critical point the optimiser reaches from W0.",
        [SafranShamirClaims.Setting, "L(W0) > L(0), the zero predictor's loss"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 3;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-4-1 ReLU, no biases, m = 6, high-loss start, seed 3", () => HighLossStart(Random([2, 4, 1], 6, 3)), Expectation.Verified),
        new("3-6-4-1 ReLU, no biases (depth 3), m = 8, high-loss start, seed 8", () => HighLossStart(Random([3, 6, 4, 1], 8, 8)), Expectation.Verified),
        new("2-8-1 ReLU with biases, m = 10, high-loss start, seed 9", () => HighLossStart(Random([2, 8, 1], 10, 9, bias: true)), Expectation.Verified),
        new("2-4-1 ReLU at its optimum (L(W0) < L(0))", () => Optimised(Random([2, 4, 1], 6, 3)), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var start = input.Instance;
        if (SafranShamirClaims.Gate(start, Claim.Hypotheses) is { } gate)
        {
            return gate;
        }

        if (MonotonePath.ZeroPredictorLoss(start) >= new Landscape.Derivatives.NetworkCalculus<Symbolic.Rational, Landscape.Derivatives.RationalOps>(start).Loss(start.Weights!))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[1]]);
        }

        Instance target = Optimised(start);
        return MonotonePath.Build(start, target, input.Work) switch
        {
            MonotonePathOutcome.Built { Monotone: true } b => new Verdict.Verified(b.Reason,
                Evidence.Of(EvidenceMethod.IntervalBisection, new EvidenceItem.MonotonePathProof(b.StartLoss, b.ZeroLoss, b.FinalLoss, b.CStar, b.C2, b.Pieces, target.Weights!))),
            MonotonePathOutcome.Built b => new Verdict.Inconclusive(b.Reason),
            MonotonePathOutcome.Refused r => new Verdict.Refuted("the construction fails: " + r.Reason, Evidence.Of(EvidenceMethod.ExactRational)),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
    }
}
