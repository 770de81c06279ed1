using System.Diagnostics;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Search;

/// <summary>A bad local minimum built by splitting (Fukumizu–Amari), with what proves it.</summary>
/// <param name="Small">The smaller network (one unit fewer in the last hidden layer) at its proved strict local minimum θ*.</param>
/// <param name="Minimum">γ_λ: the larger network at the split of θ*, a non-strict local minimum.</param>
/// <param name="Witness">The larger network at a point of rigorously lower loss.</param>
/// <param name="Analysis">The split analysis (θ* a strict minimum, B definite, M = 0), all proved.</param>
/// <param name="Unit">The split unit of the last hidden layer.</param>
/// <param name="Lambda">λ: ½ when B ≻ 0, 3/2 when B ≺ 0.</param>
/// <param name="MinimumLoss">An enclosure of E(θ*) = E(γ_λ) over the box holding the critical point.</param>
/// <param name="WitnessLoss">An enclosure of the witness's loss.</param>
/// <param name="DatasetIndex">Which dataset of the seed's sequence gave the inputs.</param>
/// <param name="Tries">Residual draws until B was definite.</param>
public sealed record SplitMinimum(Instance Small, Instance Minimum, Instance Witness, SplitAnalysisResult.Analysed Analysis, int Unit, Rational Lambda, Interval MinimumLoss, Interval WitnessLoss, int DatasetIndex, int Tries);

/// <summary>
/// The constructive route to bad local minima (<c>search bad-local-min --route split</c>): for the network with one unit
/// fewer in its last hidden layer, choose a seeded point θ₀ and seeded inputs, draw residuals r orthogonal to the
/// output Jacobian's columns (so θ₀ is critical for the targets y = f(x; θ₀) − r) until B is definite for some unit,
/// polish θ* by Newton's method on those targets, prove it a strict local minimum with B definite and M = 0
/// (<see cref="SplitAnalysis"/>), split that unit at λ = ½ (B ≻ 0) or 3/2 (B ≺ 0), and find a lower point of the larger
/// network by a seeded multistart. By Fukumizu and Amari's theorem γ_λ is then a local minimum, not strict, and bad.
/// </summary>
public static class SplitRouteSearch
{
    /// <summary>Residual draws per dataset.</summary>
    public const int Draws = 64;

    /// <summary>max|r|: small, so that the Hessian at θ* stays near JᵀJ ≻ 0.</summary>
    public const double ResidualSize = 0.05;

    /// <summary>Runs the route over the datasets' inputs until a split minimum is proved or the budget is spent.</summary>
    /// <param name="network">The larger architecture (scalar output; the last hidden layer at least 2 units).</param>
    /// <param name="loss">The loss (squared: mse or sse).</param>
    /// <param name="seed">The seed (start points and residual draws).</param>
    /// <param name="budget">The time the route may take.</param>
    /// <param name="inputs">The seed's sequence of input sets (their targets are replaced).</param>
    /// <param name="progress">Receives (datasets tried, seconds) after each dataset, or null.</param>
    public static (SplitMinimum? Found, int Datasets, double Seconds) Run(NetworkSpec network, LossKind loss, int seed, TimeSpan budget, Func<int, Dataset> inputs, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(budget <= TimeSpan.FromDays(1) ? budget : Timeout.InfiniteTimeSpan);
        var widths = network.Layers.ToArray();
        widths[^2]--;
        var small = new NetworkSpec(widths, network.Activation, network.Output, network.Bias);
        int index = 0;
        for (; clock.Elapsed < budget; index++)
        {
            var found = TryDataset(network, small, loss, seed, index, inputs(index), deadline.Token);
            progress?.Invoke(index + 1, clock.Elapsed.TotalSeconds);
            if (found is not null)
            {
                return (found, index + 1, clock.Elapsed.TotalSeconds);
            }
        }

        return (null, index, clock.Elapsed.TotalSeconds);
    }

    private static SplitMinimum? TryDataset(NetworkSpec big, NetworkSpec small, LossKind loss, int seed, int index, Dataset data, CancellationToken deadline)
    {
        var x = data.XExact;
        int n = data.Count, layer = small.Depth - 1;
        if (n <= small.ParameterCount)
        {
            return null;
        }

        var theta0 = BadMinimumSearch.StartPoint(small.ParameterCount, seed, index, 0, 1.5);
        double[] f;
        double[][] columns;
        try
        {
            f = OutputJacobian.Outputs(small, x, theta0);
            columns = OutputJacobian.Columns(small, x, theta0);
        }
        catch (ArithmeticException)
        {
            return null;
        }

        var rng = new Random(BadMinimumSearch.StartSeed(seed, index, -1));
        for (int draw = 0; draw < Draws && !deadline.IsCancellationRequested; draw++)
        {
            var r = OutputJacobian.ProjectOut(columns, [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5)]);
            double largest = r.Max(Math.Abs);
            if (largest < 1e-9)
            {
                return null;
            }

            var targets = Optimizer.ShortestDecimals([.. f.Select((v, a) => v - (ResidualSize / largest * r[a]))]);
            var instance = new Instance($"split-route-{seed}-{index}", small, loss, new Dataset(n, data.InputWidth, 1, x, targets), null);
            if (!FloatDefiniteSomewhere(instance, theta0, layer))
            {
                continue;
            }

            OptimizationResult polished;
            try
            {
                polished = Optimizer.Optimize(instance, theta0, null, OptimizationOptions.Default with { Method = OptimizationMethod.Newton, EigenSolver = EigenSolvers.Managed }, deadline);
            }
            catch (Exception e) when (e is ArithmeticException or OperationCanceledException)
            {
                continue;
            }

            if (!polished.Converged)
            {
                continue;
            }

            var minimum = Optimizer.ResultInstance(instance, polished);
            for (int unit = 0; unit < small.Layers[layer]; unit++)
            {
                if (SplitAnalysis.Analyze(minimum, layer, unit, []) is not SplitAnalysisResult.Analysed a
                    || a.SmallType != "strict-local-min" || a.MStatus != "zero" || a.BSign is not (SplitSign.PositiveDefinite or SplitSign.NegativeDefinite))
                {
                    continue;
                }

                var lambda = a.BSign == SplitSign.PositiveDefinite ? new Rational(1, 2) : new Rational(3, 2);
                var split = NeuronSplit.Split(minimum, layer, unit, lambda);
                var bigInstance = new Instance(split.Name, big, loss, split.Data, null);
                if (Witness(bigInstance, minimum, seed, index, a.Box, deadline) is { } witness)
                {
                    return new SplitMinimum(minimum, split, witness.Instance, a, unit, lambda, witness.MinimumLoss, witness.Loss, index, draw + 1);
                }
            }
        }

        return null;
    }

    // A quick float screen: does some unit's B at θ₀ have all eigenvalues of one sign?
    private static bool FloatDefiniteSomewhere(Instance instance, double[] theta, int layer)
    {
        var passes = new NetworkCalculus<double, DoubleOps>(instance).Passes(theta);
        for (int unit = 0; unit < instance.Network.Layers[layer]; unit++)
        {
            var (b, _) = NeuronSplit.Matrices<double, DoubleOps>(passes, layer, unit);
            var values = EigenSolvers.Managed.Decompose(b, vectors: false).Values;
            if (values[0] > 0 || values[^1] < 0)
            {
                return true;
            }
        }

        return false;
    }

    // The best point of a seeded multistart on the larger network, kept when its loss is rigorously below E(θ̂),
    // enclosed over the smaller network's box holding θ̂ (γ_λ(θ̂) has the same loss: the function is preserved).
    private static (Instance Instance, Interval Loss, Interval MinimumLoss)? Witness(Instance big, Instance small, int seed, int index, IReadOnlyList<Interval> box, CancellationToken deadline)
    {
        var limits = BadMinimumSearch.Multistart(big, seed, index, 32, 2, Environment.ProcessorCount, deadline);
        var best = limits.Where(l => double.IsFinite(l.Loss)).MinBy(l => l.Loss);
        if (best is null)
        {
            return null;
        }

        var witness = big.WithWeights(Optimizer.ShortestDecimals(best.Theta));
        var loss = new NetworkCalculus<Interval, IntervalOps>(witness).Loss([.. witness.Weights!.Select(Interval.FromRational)]);
        var minimumLoss = new NetworkCalculus<Interval, IntervalOps>(small).Loss(box);
        return loss.Hi < minimumLoss.Lo ? (witness, loss, minimumLoss) : null;
    }
}
