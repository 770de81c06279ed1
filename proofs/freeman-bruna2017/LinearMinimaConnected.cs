using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.linear-no-bottleneck-minima-connected</c>: Freeman and Bruna's Prop 2.2 (papers.md §3.2) on an
/// instance. For a deep linear network without a bottleneck (every hidden width ≥ min(d_x, d_y)) the level sets are
/// connected, so DSS (the paper's Algorithm 1, seeded) between two global minima (L-BFGS from seeds 1 and 2) finds a
/// string at the level L₀ = L* + <see cref="Margin"/>·(L(0) − L*) above the exact global value L*, and every segment is
/// proved at or below L₀. Verified when it does; inconclusive when no string is found within the limits (not found is
/// not disconnected). Refuted, by an exact proof of disconnection (<see cref="SignBarrier"/>), when a square weight
/// matrix's determinant has opposite signs at the two minima and every rank-deficient end-to-end map costs more than
/// L₀: with a hidden width equal to d_x = d_y the sublevel sets near the global value are not connected, so the
/// paper's "n_j ≥ min(n_1, n_K)" needs a strict inequality there.
/// </summary>
public sealed class LinearMinimaConnected : ICatalogueClaim
{
    /// <summary>How far above the global value the level sits, as a fraction of the gap to the zero predictor's loss.</summary>
    public const double Margin = 0.01;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.linear-no-bottleneck-minima-connected", PaperKey.FreemanBruna2017,
        "Prop 2.2: two global minima of a deep linear network without a bottleneck are joined by a DSS string (the paper's Algorithm 1) at L₀ = L* + 1% of L(0) − L*, every segment proved at or below L₀ (refuted by an exact barrier when a square layer's determinant changes sign between them).",
        ["the network is linear without biases, with a squared loss", "no bottleneck: every hidden width ≥ min(d_x, d_y)"],
        Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 5;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 2, 2], Expectation.Refuted),
        KawaguchiCase([2, 3, 2], Expectation.Verified),
        GeneratedCase([3, 4, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([3, 3, 3, 3], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        KawaguchiCase([2, 1, 2], Expectation.HypothesesNotMet),
        SigmoidCase(Expectation.HypothesesNotMet),
    ];

    /// <summary>
    /// The proof that two points lie in different components of the sublevel set {L ≤ L₀}, when one exists: a square
    /// weight matrix W_j (n×n) whose determinant has opposite signs at the two points, while every end-to-end map of rank
    /// ≤ n − 1 has loss above L₀. Along any path det W_j passes through 0, where the end-to-end map has rank ≤ n − 1, so
    /// the loss exceeds L₀ there. The determinants are exact (the doubles' exact values), the barrier is the exact
    /// Eckart–Young value. Null when no layer gives such a proof.
    /// </summary>
    public static Verdict? SignBarrier(DeepLinearProblem problem, Landscape.Networks.NetworkSpec net, double[] a, double[] b, double level)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(net);
        for (int l = 1; l <= net.Depth; l++)
        {
            int n = net.Layers[l];
            if (net.Layers[l - 1] != n)
            {
                continue;
            }

            var barrier = DeepLinearTheory.RankConstrainedMinimum(problem, n - 1);
            if (Rational.FromDouble(level) >= barrier.Lower)
            {
                continue;
            }

            int sa = Determinant(net, a, l).Sign, sb = Determinant(net, b, l).Sign;
            if (sa * sb < 0)
            {
                return new Verdict.Refuted(
                    $"the two global minima lie in different components of the sublevel set at L₀ = {level:G6}: det W_{l} is {(sa > 0 ? "positive" : "negative")} at one and {(sb > 0 ? "positive" : "negative")} at the other, so every path between them passes a singular W_{l}, where the end-to-end map has rank ≤ {n - 1} and the loss is at least {barrier.Lower} > L₀ (exact determinants, Eckart–Young bound)",
                    Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.GlobalMinimum(barrier.Lower, $"least loss over end-to-end maps of rank ≤ {n - 1}")));
            }
        }

        return null;
    }

    private static Rational Determinant(Landscape.Networks.NetworkSpec net, double[] theta, int layer)
    {
        int n = net.Layers[layer], w = net.WeightOffset(layer);
        var m = new Rational[n, n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                m[r, c] = Rational.FromDouble(theta[w + (r * n) + c]);
            }
        }

        return Numerics.Exact.ExactMatrices.Determinant(m);
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (DeepLinearProblem.TryCreate(instance, input.Work) is not { } problem || instance.Loss is not (Landscape.Networks.LossKind.Mse or Landscape.Networks.LossKind.Sse))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        var layers = instance.Network.Layers;
        int bound = Math.Min(layers[0], layers[^1]);
        if (layers.Skip(1).Take(layers.Count - 2).Any(w => w < bound))
        {
            return new Verdict.HypothesesNotMet([$"{Claim.Hypotheses[1]} (widths {string.Join('-', layers)})"]);
        }

        var global = DeepLinearTheory.GlobalMinimum(problem)!;
        double best = global.Upper.ToDouble();
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        double zero = calculus.Loss(new double[instance.Network.ParameterCount]);
        if (Strings.Minimiser(instance, Strings.Seed) is not { } a || Strings.Minimiser(instance, Strings.Seed + 1) is not { } b)
        {
            return new Verdict.Inconclusive($"L-BFGS from seeds {Strings.Seed} and {Strings.Seed + 1} did not both converge");
        }

        double level = best + (Margin * Math.Max(zero - best, 1e-12));
        if (!(calculus.Loss(a) <= level) || !(calculus.Loss(b) <= level))
        {
            return new Verdict.Inconclusive($"an L-BFGS end point is above L₀ = {level:G6} (losses {calculus.Loss(a):G6}, {calculus.Loss(b):G6}; L* = {best:G6})");
        }

        if (SignBarrier(problem, instance.Network, a, b, level) is { } barrier)
        {
            return barrier;
        }

        var options = Strings.Options(DssVariant.Paper, level);
        var result = StringSampling.Run(instance, a, b, options);
        var evidence = Strings.EvidenceOf(result, options);
        return result.Connected
            ? new Verdict.Verified($"two global minima joined, every segment proved ≤ L₀ (L* = {global}): {Strings.Describe(result, options)}", evidence)
            : new Verdict.Inconclusive($"no string found within the limits ({result.Reason}): {Strings.Describe(result, options)}", evidence);
    }
}
