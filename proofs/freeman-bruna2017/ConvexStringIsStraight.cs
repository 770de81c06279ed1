using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.dss-convex-string-is-straight</c>: papers.md FB-2, the invariants of Dynamic String Sampling. On a
/// convex problem (a network without hidden layers, a linear output and a squared loss: the loss is a convex quadratic
/// of the weights) DSS between the instance's point and a second minimiser (L-BFGS from a seeded start), at the level
/// L₀ = max(L(A), L(B))/<see cref="LevelFactor"/> so that both endpoints lie below the scripts' bead target a·L₀, returns
/// 3 beads (the endpoints and an untrained midpoint) and ℓ = 1 within <see cref="LengthTolerance"/>, in both variants,
/// with every segment proved at or below L₀; every string has ℓ ≥ 1. A string with more beads, ℓ ≠ 1, ℓ &lt; 1 or an
/// unproved segment refutes it.
/// </summary>
public sealed class ConvexStringIsStraight : ICatalogueClaim
{
    /// <summary>L₀ = max(L(A), L(B)) / 0.9: both ends sit below a·L₀ = 0.95·L₀ with room to spare.</summary>
    public const double LevelFactor = 0.9;

    /// <summary>|ℓ − 1| allowed: the midpoint of two doubles is exact to a few ulps, so ℓ − 1 is of the order of 1e-16; 1e-6 is the issue's bound.</summary>
    public const double LengthTolerance = 1e-6;

    /// <summary>The level used when both endpoints have zero loss: a positive level is needed, and any is above both.</summary>
    public const double ZeroLossLevel = 1e-6;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.dss-convex-string-is-straight", PaperKey.FreemanBruna2017,
        "FB-2: on a convex problem, Dynamic String Sampling between two points below the bead target returns 3 beads and normalized length ℓ = 1 (both the paper's and the scripts' variant), every segment proved at or below L₀; ℓ ≥ 1 for every string.",
        ["a convex problem: no hidden layer, a linear output, a squared loss (mse or sse), and a point"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 4;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("under-determined linear regression, 3 inputs, 2 samples, at a minimiser", () => Regression([1, 2, 0]), Expectation.Verified),
        new("over-determined linear regression with a bias, 4 samples, away from the minimum", OverDetermined, Expectation.Verified),
        new("a sigmoid hidden layer (not convex)", PaperInstances.Sigmoid, Expectation.HypothesesNotMet),
    ];

    /// <summary>Linear regression y = Wx on x = e₁, e₂ in R³ with targets 1, 2, at the point W = <paramref name="w"/>.</summary>
    public static Instance Regression(Rational[] w) =>
        new("regression-3-1", new NetworkSpec([3, 1], Activation.Linear, Activation.Linear, bias: false), LossKind.Mse,
            new Dataset(2, 3, 1, [1, 0, 0, 0, 1, 0], [1, 2]), w);

    private static Instance OverDetermined() =>
        new("regression-2-1-bias", new NetworkSpec([2, 1], Activation.Linear, Activation.Linear, bias: true), LossKind.Mse,
            new Dataset(4, 2, 1, [0, 0, 1, 0, 0, 1, 1, 1], [1, 2, 0, 4]), [new Rational(1, 2), -1, 3]);

    /// <summary>
    /// Runs both variants between <paramref name="a"/> and <paramref name="b"/> and checks FB-2's conclusion (3 beads,
    /// |ℓ − 1| ≤ tolerance, ℓ ≥ 1, proved), without checking that the problem is convex: on a non-convex pair whose
    /// straight segment rises above the level the conclusion fails and the verdict is refuted.
    /// </summary>
    public static Verdict DecideStraightString(Instance instance, double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        double top = Math.Max(calculus.Loss(a), calculus.Loss(b));
        double level = top > 0 ? top / LevelFactor : ZeroLossLevel;
        var runs = new List<string>();
        Evidence? evidence = null;
        foreach (var variant in new[] { DssVariant.Paper, DssVariant.Scripts })
        {
            var options = Strings.Options(variant, level);
            var result = StringSampling.Run(instance, a, b, options);
            evidence = evidence is null ? Strings.EvidenceOf(result, options) : evidence.With([.. Strings.EvidenceOf(result, options).Items]);
            string line = Strings.Describe(result, options);
            runs.Add(line);
            if (result.NormalizedLength is { } l && l < 1 - LengthTolerance)
            {
                return new Verdict.Refuted($"ℓ = {l.ToString("R", CultureInfo.InvariantCulture)} < 1: {line}", evidence);
            }

            if (!result.Connected || result.Beads.Count != 3 || result.NormalizedLength is { } length && Math.Abs(length - 1) > LengthTolerance)
            {
                return new Verdict.Refuted($"the string is not straight: {line} ({result.Reason})", evidence);
            }
        }

        return new Verdict.Verified($"3 beads and ℓ = 1 within {LengthTolerance:G2}, every segment proved ≤ L₀: {string.Join("; ", runs)}", evidence!);
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Depth != 1 || net.Output != Activation.Linear || instance.Loss is not (LossKind.Mse or LossKind.Sse) || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([.. Claim.Hypotheses]);
        }

        if (Strings.Minimiser(instance, Strings.Seed) is not { } b)
        {
            return new Verdict.Inconclusive($"L-BFGS from seed {Strings.Seed} did not converge to a second minimiser");
        }

        var a = instance.WeightsDouble();
        return a.All(double.IsFinite) ? DecideStraightString(instance, a, b) : new Verdict.Inconclusive("the point is beyond float64");
    }
}
