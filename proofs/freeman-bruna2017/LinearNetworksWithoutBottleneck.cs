using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.linear-no-bottleneck-no-poor-minima</c>: Freeman and Bruna (2017), papers.md FB-3. A linear
/// network without a bottleneck (every hidden width ≥ min(d_x, d_y)) has no poor local minima: every one of
/// <see cref="Runs"/> seeded optimisation runs that converges reaches the exact global minimum value. A converged run
/// above it is snapped to an exact critical point and, if the rigorous local-min decision verifies it there, refutes the
/// claim. This is evidence from runs, not a proof: the verdict says how many runs it rests on.
/// </summary>
public sealed class LinearNetworksWithoutBottleneck : ICatalogueClaim
{
    /// <summary>Optimisation runs per instance.</summary>
    public const int Runs = 20;

    /// <summary>Seed of the random starts (run k uses seed + k).</summary>
    public const int Seed = 1;

    /// <summary>Relative tolerance of "reached the global value" for a float64 loss: a few hundred rounding errors.</summary>
    public const double ValueTolerance = 1e-8;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.linear-no-bottleneck-no-poor-minima", PaperKey.FreemanBruna2017,
        $"A linear network with no bottleneck has no poor local minima: {Runs} seeded optimisation runs that converge all reach the global minimum value (FB-3).",
        ["the network is linear without biases", "no bottleneck: every hidden width ≥ min(d_x, d_y)"],
        Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 1;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 2, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.Verified),
        GeneratedCase([3, 3, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([3, 2, 4, 2], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        KawaguchiCase([2, 1, 2], Expectation.HypothesesNotMet),
        SigmoidCase(Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (DeepLinearProblem.TryCreate(instance, input.Work) is not { } problem)
        {
            return DeepLinearClaims.NotDeepLinear(instance);
        }

        var layers = instance.Network.Layers;
        int bound = Math.Min(layers[0], layers[^1]);
        var failed = new List<string>();
        if (layers.Skip(1).Take(layers.Count - 2).Any(w => w < bound))
        {
            failed.Add($"no bottleneck: every hidden width ≥ min(d_x, d_y) = {bound} (widths {string.Join('-', layers)})");
        }

        var global = DeepLinearTheory.GlobalMinimum(problem)!;
        if (failed.Count > 0)
        {
            return new Verdict.HypothesesNotMet(failed);
        }

        double target = ((global.Lower + global.Upper) / 2).ToDouble();
        int reached = 0, unconverged = 0;
        var undecided = new List<string>();
        var unweighted = instance.Weights is null ? instance : new Instance(instance.Name, instance.Network, instance.Loss, instance.Data, null);
        for (int k = 0; k < Runs; k++)
        {
            var start = RandomInstance.RandomWeights(instance.Network, new Random(Seed + k)).Select(r => r.ToDouble()).ToArray();
            var result = Optimizer.Optimize(unweighted, start, null, OptimizationOptions.Default);
            if (result.StopReason != StopReason.Converged)
            {
                unconverged++;
                continue;
            }

            if (Math.Abs(result.Loss - target) <= ValueTolerance * Math.Max(1, Math.Abs(target)))
            {
                reached++;
                continue;
            }

            // Above the minimum: a poor local minimum only if proved so at an exact critical point.
            if (DeepLinearTheory.SnapToCriticalPoint(problem, result.Theta) is { } snapped
                && GenericClaims.LocalMin.Decide(new ClaimInput(instance.WithWeights(snapped.Theta), input.Theories, Work: input.Work)) is Verdict.Verified)
            {
                return new Verdict.Refuted(
                    $"run {k} (seed {Seed + k}) converged to a proven local minimum with loss {result.Loss.ToString("R", CultureInfo.InvariantCulture)} above the global value {global}",
                    Evidence.Of(EvidenceMethod.OptimisationExact, new EvidenceItem.Counterexample($"run {k}", snapped.Theta, Seed + k)));
            }

            undecided.Add($"run {k}: loss {result.Loss.ToString("R", CultureInfo.InvariantCulture)}");
        }

        var evidence = Evidence.Of(EvidenceMethod.Optimisation,
            new EvidenceItem.OptimisationRuns(global.Enclosure, Runs, Seed, reached, unconverged, [.. undecided]));
        if (reached == 0)
        {
            return new Verdict.Inconclusive("no run converged to the global value", evidence);
        }

        return undecided.Count == 0
            ? new Verdict.Verified($"{reached} of {Runs} runs (seeds {Seed}…{Seed + Runs - 1}) converged, all to the global minimum value {global}; {unconverged} stopped short of the gradient tolerance", evidence)
            : new Verdict.Inconclusive($"{undecided.Count} converged runs ended above the global value at points not proved to be minima", evidence);
    }
}
