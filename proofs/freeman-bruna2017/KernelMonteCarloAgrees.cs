using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;
using static Verifier.Proofs.FreemanBruna2017.FreemanBrunaInstances;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.relu-kernel-monte-carlo</c>: the closed form behind FB-1, checked by simulation. For the
/// instance's first two hidden units w₁, w₂ (rows of W₁) and X ~ N(0, I_n), a seeded Monte Carlo mean of
/// relu(w₁·X)·relu(w₂·X) lies within <see cref="ZLimit"/> standard errors of ‖w₁‖‖w₂‖·k(α) (k the degree-1 arc-cosine
/// kernel, α the angle between the units). This is statistical evidence for the closed form, not a proof (the
/// inequality itself is proved by <see cref="KernelBoundsHold"/>); a deviation is inconclusive, never a refutation.
/// </summary>
public sealed class KernelMonteCarloAgrees : ICatalogueClaim
{
    /// <summary>Gaussian draws.</summary>
    public const int Samples = 200_000;

    /// <summary>Seed of the draws.</summary>
    public const int Seed = 2017;

    /// <summary>Largest tolerated |mean − closed form| / SE: 3, the digest's FB-1 (a 0.27% two-sided chance under the closed form).</summary>
    public const double ZLimit = 3;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.relu-kernel-monte-carlo", PaperKey.FreemanBruna2017,
        $"FB-1's closed form by simulation: for the first two hidden units w₁, w₂ and X ~ N(0, I), a seeded Monte Carlo mean of relu(w₁·X)relu(w₂·X) ({Samples} draws) lies within {ZLimit} standard errors of ‖w₁‖‖w₂‖(sin α + (π−α)cos α)/(2π) (evidence, not proof).",
        ["the hidden units are ReLU units without biases, at least two of them, and the first two are non-zero"],
        Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 3;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-2-1 ReLU, units at angle 2·atan(1/2)", () => TwoUnitsAtAngle(new Rational(1, 2)), Expectation.Verified),
        new("2-2-1 ReLU, units at angle 2·atan(3) (obtuse)", () => TwoUnitsAtAngle(3), Expectation.Verified),
        new("3-4-1 ReLU without biases, seed 1", () => ReluLayer(3, 4, 1), Expectation.Verified),
        new("3-4-1 sigmoid (not ReLU units), seed 1", () => ReluLayer(3, 4, 1, Landscape.Networks.Activation.Sigmoid), Expectation.HypothesesNotMet),
        new("3-1-1 ReLU (one hidden unit), seed 1", () => ReluLayer(3, 1, 1), Expectation.HypothesesNotMet),
    ];

    /// <summary>
    /// The seeded Monte Carlo comparison of E[relu(w₁·X)relu(w₂·X)], X ~ N(0, I_n), with a closed form of (‖w₁‖, ‖w₂‖, α).
    /// </summary>
    /// <param name="w1">The first unit.</param>
    /// <param name="w2">The second unit.</param>
    /// <param name="closedForm">The closed form to compare with, given (‖w₁‖, ‖w₂‖, α).</param>
    /// <param name="samples">Gaussian draws.</param>
    /// <param name="seed">Their seed.</param>
    public static EvidenceItem.KernelMonteCarlo Compare(double[] w1, double[] w2, Func<double, double, double, double> closedForm, int samples = Samples, int seed = Seed)
    {
        ArgumentNullException.ThrowIfNull(w1);
        ArgumentNullException.ThrowIfNull(w2);
        ArgumentNullException.ThrowIfNull(closedForm);
        int n = w1.Length;
        double n1 = Math.Sqrt(w1.Sum(v => v * v)), n2 = Math.Sqrt(w2.Sum(v => v * v));
        double cos = Math.Clamp(w1.Zip(w2, (a, b) => a * b).Sum() / (n1 * n2), -1, 1);
        double alpha = Math.Acos(cos);
        var rng = new Random(seed);
        var x = new double[n];
        double mean = 0, square = 0;
        for (int s = 0; s < samples; s++)
        {
            for (int k = 0; k < n; k++)
            {
                x[k] = RandomInstance.Gaussian(rng);
            }

            double a = 0, b = 0;
            for (int k = 0; k < n; k++)
            {
                a += w1[k] * x[k];
                b += w2[k] * x[k];
            }

            double v = Math.Max(0, a) * Math.Max(0, b);
            mean += v;
            square += v * v;
        }

        mean /= samples;
        double variance = Math.Max(0, (square / samples) - (mean * mean)) * samples / (samples - 1);
        return new EvidenceItem.KernelMonteCarlo(alpha, closedForm(n1, n2, alpha), mean, Math.Sqrt(variance / samples), samples, seed);
    }

    /// <summary>The closed form ‖w₁‖‖w₂‖·k(α).</summary>
    public static double ClosedForm(double norm1, double norm2, double alpha) => norm1 * norm2 * ArcCosineKernel.Value(alpha);

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (!KernelBoundsHold.InSetting(net) || net.Layers[1] < 2 || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        int n = net.InputWidth, offset = net.WeightOffset(1);
        var w1 = Enumerable.Range(0, n).Select(k => instance.Weights[offset + k].ToDouble()).ToArray();
        var w2 = Enumerable.Range(0, n).Select(k => instance.Weights[offset + n + k].ToDouble()).ToArray();
        if (w1.All(v => v == 0) || w2.All(v => v == 0))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        var result = Compare(w1, w2, ClosedForm);
        double z = result.StandardError > 0 ? Math.Abs(result.Estimate - result.ClosedForm) / result.StandardError : double.PositiveInfinity;
        var evidence = Evidence.Of(EvidenceMethod.MonteCarlo, result);
        string summary = $"α = {result.Alpha:F4}: Monte Carlo mean {result.Estimate:G6} ± {result.StandardError:G3} (SE, {Samples} draws, seed {Seed}) against the closed form {result.ClosedForm:G6}, {z:F2} standard errors apart";
        return z <= ZLimit
            ? new Verdict.Verified($"{summary} (limit {ZLimit}); statistical evidence, not a proof", evidence)
            : new Verdict.Inconclusive($"{summary}, beyond the limit {ZLimit}: rerun with another seed or more draws", evidence);
    }
}
