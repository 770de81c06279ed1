using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Paths;
using Verifier.Numerics.Statistics;
using Verifier.Symbolic;
using static Verifier.Proofs.SafranShamir2016.SafranShamirInstances;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.sign-flip-identity</c>: SS-5 (papers.md §1.3). With W⁻ the point with the last layer's sign
/// flipped, L(W) + L(W⁻) = 2L(0) + s·Σ N² (under Verifier's mse, 2L(0) + mean(N²)), exactly, so one of the two is at
/// least L(0): for a sign-symmetric last-layer initialisation P[L(W0) ≥ L(0)] ≥ ½. The identity is checked exactly at
/// the point; the probability by a seeded Monte Carlo over random points of the same network (its 95% Wilson interval
/// must reach ½).
/// </summary>
public sealed class SignFlipIdentity : ICatalogueClaim
{
    /// <summary>Random initialisations of the Monte Carlo part.</summary>
    public const int Draws = 400;

    /// <summary>Seed of the draws.</summary>
    public const int Seed = 1;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.sign-flip-identity", PaperKey.SafranShamir2016,
        "SS-5: L(W) + L(W⁻) = 2L(0) + s·Σ N² exactly (W⁻: the last layer negated), hence P[L(W0) ≥ L(0)] ≥ ½ for sign-symmetric initialisations (seeded Monte Carlo, 95% Wilson interval).",
        [SafranShamirClaims.Setting], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 5;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-4-1 ReLU, no biases, seed 1", () => Random([2, 4, 1], 6, 1), Expectation.Verified),
        new("3-6-4-2 ReLU with biases (two outputs), seed 12", () => Random([3, 6, 4, 2], 5, 12, bias: true), Expectation.Verified),
        new("2-4-1 sigmoid, seed 5", () => Random([2, 4, 1], 6, 5, activation: Landscape.Networks.Activation.Sigmoid), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (SafranShamirClaims.Gate(instance, Claim.Hypotheses) is { } gate)
        {
            return gate;
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!;
        var flipped = MonotonePath.ScaleLastLayer(instance.Network, theta, -1);
        var zero = MonotonePath.ZeroPredictorLoss(instance);
        var (_, b) = MonotonePath.Coefficients(instance, calculus.Outputs(theta));
        var left = calculus.Loss(theta) + calculus.Loss(flipped);
        var right = (2 * zero) + (2 * b);
        if (left != right)
        {
            return new Verdict.Refuted($"L(W) + L(W⁻) = {left.ToDouble():G10} but 2L(0) + s·ΣN² = {right.ToDouble():G10}", Evidence.Of(EvidenceMethod.ExactRational));
        }

        // Monte Carlo over seeded random points (Gaussian weights: sign-symmetric), each loss compared with L(0) exactly.
        var rng = new Random(Seed);
        int atLeast = 0;
        for (int k = 0; k < Draws; k++)
        {
            var w = RandomInstance.RandomWeights(instance.Network, rng);
            atLeast += calculus.Loss(w) >= zero ? 1 : 0;
        }

        var ci = BinomialInterval.Wilson(atLeast, Draws);
        var evidence = Evidence.Of(EvidenceMethod.ExactRationalMonteCarlo);
        var text = $"the identity holds exactly at the point (both sides {left.ToDouble():G10}); P[L(W0) ≥ L(0)] ≈ {ci.Estimate:0.000}, 95% Wilson [{ci.Lower:0.000}, {ci.Upper:0.000}] over {Draws} seeded draws (seed {Seed})";
        return ci.Upper >= 0.5
            ? new Verdict.Verified(text, evidence)
            : new Verdict.Refuted(text + ": the interval lies below ½", evidence);
    }
}
