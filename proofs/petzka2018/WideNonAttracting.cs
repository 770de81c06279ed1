using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Search;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.wide-non-attracting-evidence</c> (PS-7, an unverified theorem, so evidence only): on a network with a
/// hidden layer at least as wide as the number of samples and decreasing widths after it, the instance's point (a
/// non-global critical point, e.g. a bad minimum of a narrower network split until the layer is wide) and every
/// non-global converged point of a seeded multistart on the same data are tested for an escape: a move along a Hessian
/// null direction that does not raise the loss (checked at <see cref="PathSamples"/> points of the segment), then a
/// descent run that ends strictly lower. Points whose weights exceed <see cref="SaturationBound"/> (sigmoid plateaus
/// "at infinity", not critical points) are counted apart. The verdict reports the success rate and is called evidence.
/// </summary>
public sealed class WideNonAttracting : ICatalogueClaim
{
    /// <summary>Optimisation runs of the multistart on the instance's data.</summary>
    public const int Starts = 32;

    /// <summary>Points of each null-direction segment at which the loss must not rise.</summary>
    public const int PathSamples = 16;

    /// <summary>|μ| ≤ NullTolerance·max(1, ‖H‖) counts a Hessian eigenvalue as zero (float64, P ≤ 50: rounding is ~1e-14·‖H‖).</summary>
    public const double NullTolerance = 1e-8;

    /// <summary>Converged points with a weight beyond this sit on a saturated plateau: counted apart, not tested.</summary>
    public const double SaturationBound = 20;

    /// <summary>The steps tried along each null direction.</summary>
    public static IReadOnlyList<double> Steps { get; } = [0.5, -0.5, 1, -1, 2, -2, 4, -4];

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.wide-non-attracting-evidence", PaperKey.Petzka2018,
        "PS-7 (evidence): on a network with a hidden layer at least as wide as the number of samples and decreasing widths after it, the given non-global critical point and every non-global converged point of a seeded multistart escape: a loss-non-increasing move along a Hessian null direction, then a descent to a strictly lower loss (the success rate is reported).",
        ["a hidden layer at least as wide as the number of samples, with strictly decreasing widths after it", "a smooth activation (sigmoid or tanh) and a squared loss", "the instance has a point"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 7;

    /// <summary>Suite cases: the §8.3 minima split until the hidden layer has 12 = N units.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("§8.3 B ≻ 0, unit 0 split 11 times at λ = 1/2 (1-12-1)", () => Widen(PetzkaInstances.Positive, new(1, 2)), Expectation.Verified),
        new("§8.3 B ≺ 0, unit 0 split 11 times at λ = 3/2 (1-12-1)", () => Widen(PetzkaInstances.Negative, new(3, 2)), Expectation.Verified),
        new("§8.3 B ≻ 0 itself (1-1-1: not wide)", () => PetzkaInstances.Positive, Expectation.HypothesesNotMet),
    ];

    /// <summary>Splits unit 0 of the hidden layer at λ until the layer has as many units as samples.</summary>
    public static Instance Widen(Instance instance, Symbolic.Rational lambda)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var current = instance;
        while (current.Network.Layers[1] < current.Data.Count)
        {
            current = NeuronSplit.Split(current, 1, 0, lambda);
        }

        return current with { Name = instance.Name + $"-widened-{lambda}" };
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        int n = instance.Data.Count;
        int wide = Enumerable.Range(1, Math.Max(0, net.Depth - 1)).FirstOrDefault(l => net.Layers[l] >= n);
        var failed = new List<string>();
        if (wide == 0 || Enumerable.Range(wide, net.Depth - wide).Any(l => net.Layers[l + 1] >= net.Layers[l]))
        {
            failed.Add(Claim.Hypotheses[0]);
        }

        if (net.Activation is not (Activation.Sigmoid or Activation.Tanh) || instance.Loss is not (LossKind.Mse or LossKind.Sse))
        {
            failed.Add(Claim.Hypotheses[1]);
        }

        if (instance.Weights is null)
        {
            failed.Add(Claim.Hypotheses[2]);
        }

        if (failed.Count > 0)
        {
            return new Verdict.HypothesesNotMet(failed);
        }

        var limits = BadMinimumSearch.Multistart(instance, 1, 0, Starts, 2, Environment.ProcessorCount);
        double best = limits.Where(l => double.IsFinite(l.Loss)).Min(l => l.Loss);
        var theta = instance.WeightsDouble();
        double loss = new NetworkCalculus<double, DoubleOps>(instance).Loss(theta);
        if (!(best < loss * (1 - 1e-6)))
        {
            return new Verdict.Inconclusive(string.Create(CultureInfo.InvariantCulture, $"no point below the instance's loss {loss:G6} was found by {Starts} seeded starts: it is not shown to be non-global"));
        }

        var points = new List<(string Name, double[] Theta, double Loss)> { ("the instance's point", theta, loss) };
        int saturated = 0;
        foreach (var l in limits.Where(l => l.Converged && l.Loss > (best * (1 + 1e-6)) + 1e-12))
        {
            if (l.Theta.Max(Math.Abs) > SaturationBound)
            {
                saturated++;
            }
            else
            {
                points.Add(("a converged start", l.Theta, l.Loss));
            }
        }

        int escaped = 0;
        var notes = new List<string>();
        foreach (var (name, point, value) in points)
        {
            var how = Escape(instance, point, value, best);
            escaped += how is null ? 0 : 1;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{name}, loss {value:G6} (best {best:G3}): {how ?? "no escape found"}"));
        }

        notes.Add($"{saturated} non-global converged point(s) on saturated plateaus (a weight beyond {SaturationBound}) were not tested");
        var evidence = Evidence.Of(EvidenceMethod.MonteCarlo, new EvidenceItem.NeuronSplit(wide, 0, [], [$"{escaped} of {points.Count} non-global points escaped (the instance's point and {points.Count - 1} from {Starts} seeded starts)", .. notes]));
        return escaped == points.Count
            ? new Verdict.Verified($"evidence, not proof: all {points.Count} non-global points tested escaped along a null direction of the Hessian to a strictly lower loss (success rate {escaped}/{points.Count})", evidence)
            : new Verdict.Inconclusive($"evidence: {escaped} of {points.Count} non-global points escaped; the others were not shown to be non-attracting", evidence);
    }

    // A null direction of the Hessian along which the loss does not rise, from whose end a descent reaches below the point.
    private static string? Escape(Instance data, double[] theta, double loss, double best)
    {
        var calculus = new NetworkCalculus<double, DoubleOps>(data);
        var h = new BatchedHessian(data, ManagedMatrixKernels.Default).Hessian(theta);
        var eig = EigenSolvers.Managed.Decompose(h, vectors: true);
        double tol = NullTolerance * Math.Max(1, Math.Abs(eig.Values[^1]));
        double gap = Math.Max(1e-9, 1e-6 * (loss - best));
        for (int j = 0; j < eig.Values.Length; j++)
        {
            if (eig.Values[j] < -tol)
            {
                return string.Create(CultureInfo.InvariantCulture, $"not a minimum: a negative Hessian eigenvalue {eig.Values[j]:G3}");
            }

            if (eig.Values[j] > tol)
            {
                break;
            }

            var d = eig.Vector(j);
            foreach (var t in Steps)
            {
                bool flat = Enumerable.Range(1, PathSamples).All(k => calculus.Loss([.. theta.Select((x, i) => x + (t * k / PathSamples * d[i]))]) <= loss + (1e-12 * Math.Max(1, loss)));
                if (!flat)
                {
                    continue;
                }

                var end = theta.Select((x, i) => x + (t * d[i])).ToArray();
                var run = Optimizer.Optimize(data, end, null, OptimizationOptions.Default with { MaxIterations = 2000, EigenSolver = EigenSolvers.Managed });
                if (run.Loss < loss - gap)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"null direction {j} (μ = {eig.Values[j]:G2}), step {t}: the loss does not rise on the segment, and descent from its end reaches {run.Loss:G4}");
                }
            }
        }

        return null;
    }
}
