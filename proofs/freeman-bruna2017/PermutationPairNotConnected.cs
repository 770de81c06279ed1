using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.permutation-pair-not-connected</c>: papers.md FB-5, the paper's disconnection sanity check
/// (Appendix A), as evidence. A ReLU network with one hidden layer fits three points in R² with the cyclic target
/// x₁ → x₂ → x₃ → x₁; the point θ and θ with hidden units 1 and 2 swapped (the same function, another point) are joined
/// by DSS (the scripts' variant, depth ≤ 10, seeded, with proofs) at the level <see cref="Level"/>. Verified, as
/// evidence, when no string is found within the limits; refuted when DSS finds one and proves every segment at or
/// below the level, since that proves the pair connected at that level.
/// </summary>
public sealed class PermutationPairNotConnected : ICatalogueClaim
{
    /// <summary>The level: low against the loss of the zero predictor on this data (1/6 under mse).</summary>
    public const double Level = 0.01;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.permutation-pair-not-connected", PaperKey.FreemanBruna2017,
        "FB-5 (evidence): a 2-3-2 ReLU network fit to 3 points with a cyclic target and the same network with hidden units 1 and 2 swapped are not connected by DSS within depth 10 at L₀ = 0.01 — not found, which is never a proof of disconnection.",
        ["a network 2-h-2 (h ≥ 2) with one ReLU hidden layer, biases, a linear output and a squared loss", "a point whose loss is at most L₀ = 0.01"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 6;

    /// <summary>
    /// The Appendix A construction: hidden unit 1 fires on x₁ = (0, 0) alone and sends x₂ = (1, 0), unit 2 fires on x₂ alone
    /// and sends x₃ = (0, 1), unit 3 fires on x₃ and sends x₁ = (0, 0); zero loss exactly.
    /// </summary>
    public static readonly Rational[] Distinct = [-2, -2, 2, -2, -2, 2, 1, -1, -1, 1, 0, 0, 0, 1, 0, 0, 0];

    /// <summary>Units 1 and 2 are z and 2z with equal outgoing weights (1/3, 0): the swapped point is joined by a zero-loss straight segment.</summary>
    public static readonly Rational[] Proportional = [-2, -2, -4, -4, 2, -2, 1, 2, -1, new(1, 3), new(1, 3), 0, 0, 0, 1, 0, 0];

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("units 1 and 2 fire on x₁ and x₂ alone (Appendix A)", () => Cyclic(Distinct), Expectation.Verified),
        new("units 1 and 2 proportional with equal outgoing weights (the swap path is flat)", () => Cyclic(Proportional), Expectation.Refuted),
        new("a sigmoid hidden layer", PaperInstances.Sigmoid, Expectation.HypothesesNotMet),
    ];

    /// <summary>The 2-3-2 ReLU network with biases on x₁ = (0, 0), x₂ = (1, 0), x₃ = (0, 1), targets x₂, x₃, x₁, at θ.</summary>
    public static Instance Cyclic(Rational[] theta) =>
        new("cyclic-permutation-2-3-2", new NetworkSpec([2, 3, 2], Activation.Relu, Activation.Linear, bias: true), LossKind.Mse,
            new Dataset(3, 2, 2, [0, 0, 1, 0, 0, 1], [1, 0, 0, 1, 0, 0]), theta);

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        var failed = new List<string>();
        if (net.Depth != 2 || net.Layers[0] != 2 || net.Layers[2] != 2 || net.Layers[1] < 2 || net.Activation != Activation.Relu || !net.Bias
            || net.Output != Activation.Linear || instance.Loss is not (LossKind.Mse or LossKind.Sse) || instance.Weights is null)
        {
            failed.Add(Claim.Hypotheses[0]);
            return new Verdict.HypothesesNotMet(failed);
        }

        var theta = instance.WeightsDouble();
        double loss = new NetworkCalculus<double, DoubleOps>(instance).Loss(theta);
        if (!(loss <= Level))
        {
            return new Verdict.HypothesesNotMet([$"{Claim.Hypotheses[1]} (the loss is {loss:G6})"]);
        }

        var swapped = Strings.SwapUnits(net, theta, 1, 0, 1);
        var options = Strings.Options(DssVariant.Scripts, Level);
        var result = StringSampling.Run(instance, theta, swapped, options);
        var evidence = Strings.EvidenceOf(result, options);
        return result.Connected
            ? new Verdict.Refuted($"DSS connected the pair, every segment proved at or below L₀: {Strings.Describe(result, options)}", evidence)
            : new Verdict.Verified($"no string found within the limits ({result.Reason}); evidence, not a proof of disconnection: {Strings.Describe(result, options)}", evidence);
    }
}
