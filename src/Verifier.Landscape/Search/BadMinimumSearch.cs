using System.Diagnostics;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;

namespace Verifier.Landscape.Search;

/// <summary>The settings of a <see cref="BadMinimumSearch"/>.</summary>
/// <param name="Network">The architecture searched (it never changes, shrinking included).</param>
/// <param name="Loss">The loss.</param>
/// <param name="Seed">The seed: with the same datasets it fixes every start point, so the same seed finds the same result (unless the budget cuts the run at a different place).</param>
/// <param name="Budget">The time the whole search may take (multistart, certification and shrinking).</param>
/// <param name="Starts">Optimisation runs per dataset.</param>
/// <param name="InitialScale">Standard deviation of the Gaussian start points.</param>
/// <param name="WeightBound">Converged points with a weight beyond this are not candidates (saturated units give ill-conditioned Hessians that are not worth certifying).</param>
/// <param name="Parallelism">Optimisation runs at once (all cores by default).</param>
/// <param name="Progress">Receives the search's state after each dataset and each shrinking step, or null.</param>
/// <param name="Shrink">Whether to shrink the first certified candidate's data.</param>
/// <param name="Accept">A further test a certified candidate must pass (and keep passing while it is shrunk), or null.</param>
public sealed record BadMinimumSearchOptions(
    NetworkSpec Network,
    LossKind Loss,
    int Seed,
    TimeSpan Budget,
    int Starts = 32,
    double InitialScale = 2,
    double WeightBound = 50,
    int Parallelism = 0,
    Action<BadMinimumSearchProgress>? Progress = null,
    bool Shrink = true,
    Func<BadMinimum, bool>? Accept = null)
{
    /// <summary>Relative loss gap below which two limits count as the same level (and a candidate is not "above" the best).</summary>
    public const double LevelGap = 1e-6;

    /// <summary>Smallest float Hessian eigenvalue, relative to the largest, for a limit to be worth certifying.</summary>
    public const double RelativeCurvatureFloor = 1e-9;

    /// <summary>Certification attempts per dataset (the candidates with the best-conditioned Hessians first).</summary>
    public const int CandidatesPerDataset = 3;

    /// <summary>The parallelism in force: <see cref="Parallelism"/>, or every core when it is 0.</summary>
    public int EffectiveParallelism => Parallelism > 0 ? Parallelism : Environment.ProcessorCount;
}

/// <summary>Where one optimisation run of the multistart ended.</summary>
/// <param name="Theta">The final point.</param>
/// <param name="Loss">Its loss (NaN when the run broke off on a non-finite value).</param>
/// <param name="Converged">Whether the gradient reached the optimiser's tolerance.</param>
public sealed record MultistartLimit(double[] Theta, double Loss, bool Converged);

/// <summary>Where a running search stands.</summary>
/// <param name="Phase">"searching" or "shrinking".</param>
/// <param name="Datasets">Datasets tried so far.</param>
/// <param name="Candidates">Limits submitted to certification so far.</param>
/// <param name="Points">Samples of the best counterexample so far (0 before one is found).</param>
/// <param name="Gap">Its loss minus the witness's loss (0 before one is found).</param>
/// <param name="Seconds">Time spent.</param>
public sealed record BadMinimumSearchProgress(string Phase, int Datasets, int Candidates, int Points, double Gap, double Seconds);

/// <summary>A certified bad strict local minimum.</summary>
/// <param name="Minimum">The instance at the minimum (the optimiser's float64 point, written exactly).</param>
/// <param name="Witness">The same network and data at a point of rigorously lower loss.</param>
/// <param name="StrictVerdict">The verified <c>strict-local-min</c> verdict; for ReLU networks, where rescaling orbits leave no strict minima, the verified <c>local-min</c> verdict at the exact refit.</param>
/// <param name="BadVerdict">The verified <c>bad-local-min</c> verdict (its evidence compares the losses).</param>
/// <param name="DatasetIndex">Which dataset of the seed's sequence it came from.</param>
/// <param name="OriginalPoints">Samples before shrinking.</param>
/// <param name="ShrinkSteps">Shrinking moves taken (each re-optimised and re-certified).</param>
/// <param name="Minimal">True when no shrinking move is left (false when the budget cut the shrinking short or it was off).</param>
/// <param name="Radius">The radius ρ of the box the certification used.</param>
public sealed record BadMinimum(Instance Minimum, Instance Witness, Verdict StrictVerdict, Verdict BadVerdict, int DatasetIndex, int OriginalPoints, int ShrinkSteps, bool Minimal, double Radius);

/// <summary>What a search did.</summary>
/// <param name="Found">The certified counterexample, or null when the budget ran out first.</param>
/// <param name="Datasets">Datasets tried.</param>
/// <param name="Candidates">Limits submitted to certification.</param>
/// <param name="Runs">Optimisation runs.</param>
/// <param name="Seconds">Time spent.</param>
/// <param name="MultistartSeconds">Time spent in the multistart optimisation alone.</param>
public sealed record BadMinimumSearchOutcome(BadMinimum? Found, int Datasets, int Candidates, int Runs, double Seconds, double MultistartSeconds);

/// <summary>
/// The automatic search for bad local minima (the counterexample to "every local minimum is global"): for each
/// generated dataset it optimises from many seeded starts in parallel, polishes each limit with Newton's method,
/// and submits the limits above the best loss whose float Hessian is positive definite to the generic claims:
/// <c>strict-local-min</c> (a unique critical point within ρ, proved by Krawczyk's test, with every Hessian over the box
/// positive definite) and <c>bad-local-min</c> with the best point as the witness (its loss rigorously lower). The
/// first certified candidate's data are then shrunk: samples dropped and numbers simplified, one move at a time, each
/// move re-optimised and re-certified, while the budget lasts. Nothing here is a proof by itself: the verdicts are.
/// </summary>
public static class BadMinimumSearch
{
    /// <summary>Runs the search over the datasets <paramref name="datasets"/>(0), (1), … until one gives a certified counterexample or the budget is spent.</summary>
    /// <param name="datasets">The seed's sequence of datasets (deterministic in the index).</param>
    /// <param name="options">The settings.</param>
    public static BadMinimumSearchOutcome Run(Func<int, Dataset> datasets, BadMinimumSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(options.Budget <= TimeSpan.FromDays(1) ? options.Budget : Timeout.InfiniteTimeSpan);
        var state = new RunState(options, clock, deadline.Token);
        for (int index = 0; !state.OutOfTime; index++)
        {
            var data = datasets(index);
            state.Datasets++;
            var found = TryDataset(new Instance($"search-{options.Seed}-{index}", options.Network, options.Loss, data, null), index, state);
            state.Report("searching", found);
            if (found is not null)
            {
                var result = options.Shrink ? Shrink(found, state) : found;
                return state.Outcome(result);
            }
        }

        return state.Outcome(null);
    }

    /// <summary>Optimises from <see cref="BadMinimumSearchOptions.Starts"/> seeded starts and tries to certify the limits above the best one.</summary>
    private static BadMinimum? TryDataset(Instance instance, int index, RunState state)
    {
        var options = state.Options;
        var limits = Multistart(instance, index, state);
        var witness = limits.Where(l => double.IsFinite(l.Loss)).MinBy(l => l.Loss);
        if (witness is null)
        {
            return null;
        }

        var candidates = Candidates(instance, limits, witness.Loss, options, state.Deadline).Take(BadMinimumSearchOptions.CandidatesPerDataset);
        foreach (var candidate in candidates)
        {
            if (state.OutOfTime)
            {
                return null;
            }

            state.Candidates++;
            if (Certify(instance, candidate.Theta, witness.Theta, state.Limits) is { } certified)
            {
                var found = new BadMinimum(certified.Minimum, certified.Witness, certified.Strict, certified.Bad, index, instance.Data.Count, 0, false, certified.Radius);
                if (options.Accept is null || options.Accept(found))
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static MultistartLimit[] Multistart(Instance instance, int index, RunState state)
    {
        var options = state.Options;
        var clock = Stopwatch.StartNew();
        var results = Multistart(instance, options.Seed, index, options.Starts, options.InitialScale, options.EffectiveParallelism, state.Deadline);
        state.Runs += options.Starts;
        state.MultistartSeconds += clock.Elapsed.TotalSeconds;
        return results;
    }

    /// <summary>
    /// The multistart phase alone: <paramref name="starts"/> runs of the default optimiser (L-BFGS, then Newton
    /// polishing; at most 3000 iterations) from Gaussian points of standard deviation <paramref name="scale"/>, start k
    /// seeded by <see cref="StartSeed"/>, <paramref name="parallelism"/> at once. The result is the same for any
    /// parallelism: each start has its own slot and its own generator.
    /// </summary>
    /// <param name="instance">The network, loss and data (its weights are ignored).</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="index">The dataset's index in the run.</param>
    /// <param name="starts">How many starts.</param>
    /// <param name="scale">The start points' standard deviation.</param>
    /// <param name="parallelism">Runs at once (at least 1).</param>
    /// <param name="cancellation">Stops the runs (a run stopped early ends with a NaN loss, not converged).</param>
    public static MultistartLimit[] Multistart(Instance instance, int seed, int index, int starts, double scale, int parallelism, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var results = new MultistartLimit[starts];
        var optimizer = OptimizationOptions.Default with { MaxIterations = 3000, EigenSolver = EigenSolvers.Managed };
        Parallel.For(0, starts, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, k =>
        {
            var start = StartPoint(instance.Network.ParameterCount, seed, index, k, scale);
            try
            {
                var r = Optimizer.Optimize(instance, start, null, optimizer, cancellation);
                results[k] = new MultistartLimit(r.Theta, r.Loss, r.Converged);
            }
            catch (Exception e) when (e is ArithmeticException or OperationCanceledException)
            {
                results[k] = new MultistartLimit(start, double.NaN, false);
            }
        });
        return results;
    }

    /// <summary>Start k of dataset index: a Gaussian point (Box–Muller over <see cref="Random"/>) seeded by <see cref="StartSeed"/>.</summary>
    public static double[] StartPoint(int parameters, int seed, int index, int k, double scale)
    {
        var rng = new Random(StartSeed(seed, index, k));
        var start = new double[parameters];
        for (int j = 0; j < start.Length; j++)
        {
            start[j] = scale * Gaussian(rng);
        }

        return start;
    }

    /// <summary>The seed of start <paramref name="k"/> of dataset <paramref name="index"/> in a run seeded <paramref name="seed"/>.</summary>
    public static int StartSeed(int seed, int index, int k) =>
        unchecked((int)((((uint)seed * 2654435761u) ^ ((uint)index * 40503u) ^ ((uint)k * 2246822519u)) & 0x7FFFFFFF));

    private static double Gaussian(Random rng)
    {
        double u = 1.0 - rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }

    // Converged limits strictly above the best level, bounded, one per level, with a float Hessian that looks
    // positive definite; the best-conditioned first.
    private static IEnumerable<MultistartLimit> Candidates(Instance instance, IReadOnlyList<MultistartLimit> limits, double best, BadMinimumSearchOptions options, CancellationToken deadline)
    {
        var hessian = new BatchedHessian(instance, ManagedMatrixKernels.Default);
        var levels = new List<(MultistartLimit Limit, double Conditioning)>();
        foreach (var l in limits.Where(l => l.Converged && double.IsFinite(l.Loss) && l.Loss > best + (BadMinimumSearchOptions.LevelGap * Math.Max(best, 1e-12)) && l.Theta.Max(Math.Abs) <= options.WeightBound).OrderBy(l => l.Loss))
        {
            if (deadline.IsCancellationRequested)
            {
                break;
            }

            if (levels.Count > 0 && Math.Abs(levels[^1].Limit.Loss - l.Loss) <= BadMinimumSearchOptions.LevelGap * l.Loss)
            {
                continue;
            }

            if (instance.HasExactLoss)
            {
                // ReLU and linear networks: rescaling orbits make every Hessian singular; the exact decision judges.
                levels.Add((l, 0));
                continue;
            }

            // The deadline is checked before each limit; one Hessian and its eigenvalues are not interrupted.
            var values = EigenSolvers.Managed.Decompose(hessian.Hessian(l.Theta, CancellationToken.None), vectors: false).Values;
            double top = Math.Abs(values[^1]);
            if (values[0] > BadMinimumSearchOptions.RelativeCurvatureFloor * Math.Max(top, 1.0))
            {
                levels.Add((l, values[0] / Math.Max(top, 1.0)));
            }
        }

        return levels.OrderByDescending(c => c.Conditioning).Select(c => c.Limit);
    }

    private sealed record Certified(Instance Minimum, Instance Witness, Verdict Strict, Verdict Bad, double Radius);

    // The radii tried by the certification, relative to max(1, ‖θ‖): the default first.
    private static readonly double[] RelativeRadii = [ClaimInput.DefaultRelativeRadius, 1e-10, 1e-6];

    // strict-local-min, then bad-local-min against the witness, from the generic claims alone; for ReLU networks
    // (exact losses) local-min on the exact refit of the point's activation pattern instead.
    private static Certified? Certify(Instance instance, double[] theta, double[] witnessTheta, WorkLimits limits)
    {
        if (instance.HasExactLoss)
        {
            return CertifyExact(instance, theta, witnessTheta, limits);
        }

        var minimum = instance.WithWeights(Optimizer.ShortestDecimals(theta));
        var witness = instance.WithWeights(Optimizer.ShortestDecimals(witnessTheta));
        foreach (var relative in RelativeRadii)
        {
            double radius = ClaimInput.RelativeRadius(relative, theta);
            var input = new ClaimInput(minimum, ClaimTheories.None, witness, radius, EigenSolvers.Managed, Limits: limits);
            var strict = GenericClaims.StrictLocalMin.Decide(input);
            if (strict is Verdict.Refuted)
            {
                return null;
            }

            if (strict is not Verdict.Verified)
            {
                continue;
            }

            var bad = GenericClaims.BadLocalMin.Decide(input);
            return bad is Verdict.Verified ? new Certified(minimum, witness, strict, bad, radius) : null;
        }

        return null;
    }

    // The exact route: both points snapped by the exact least-squares refit of their activation patterns (where the
    // network has that shape), then local-min (exact: piece by piece) and bad-local-min with exact losses.
    private static Certified? CertifyExact(Instance instance, double[] theta, double[] witnessTheta, WorkLimits limits)
    {
        var raw = instance.WithWeights(Optimizer.ShortestDecimals(theta));
        var minimum = ExactRefitSearch.Refit(raw) ?? raw;
        var rawWitness = instance.WithWeights(Optimizer.ShortestDecimals(witnessTheta));
        var witness = ExactRefitSearch.Refit(rawWitness) is { } refit && ExactLoss(refit) < ExactLoss(rawWitness) ? refit : rawWitness;
        var input = new ClaimInput(minimum, ClaimTheories.None, witness, null, EigenSolvers.Managed, Limits: limits);
        var local = GenericClaims.LocalMin.Decide(input);
        if (local is not Verdict.Verified)
        {
            return null;
        }

        var bad = GenericClaims.BadLocalMin.Decide(input);
        return bad is Verdict.Verified ? new Certified(minimum, witness, local, bad, 0) : null;
    }

    private static Rational ExactLoss(Instance instance) =>
        new NetworkCalculus<Rational, RationalOps>(instance).Loss(instance.Weights!);

    // Shrinking: drop a sample, else simplify one number; each move is re-optimised (from the current minimum and
    // witness) and re-certified; stop when no move is left or the budget is spent.
    private static BadMinimum Shrink(BadMinimum found, RunState state)
    {
        var current = found;
        bool moved = true;
        while (moved)
        {
            moved = false;
            foreach (var data in Moves(current.Minimum.Data))
            {
                if (state.OutOfTime)
                {
                    return current with { Minimal = false };
                }

                if (Recertify(current, data, state) is { } next && (state.Options.Accept is null || state.Options.Accept(next)))
                {
                    current = next with { ShrinkSteps = current.ShrinkSteps + 1 };
                    state.Report("shrinking", current);
                    moved = true;
                    break;
                }
            }
        }

        return current with { Minimal = true };
    }

    // The moves, smallest first: every sample dropped (while 2 remain), then each number on a coarser grid.
    private static IEnumerable<Dataset> Moves(Dataset d)
    {
        if (d.Count > 2)
        {
            for (int drop = 0; drop < d.Count; drop++)
            {
                yield return new Dataset(
                    d.Count - 1, d.InputWidth, d.OutputWidth,
                    [.. d.XExact.Where((_, k) => k / d.InputWidth != drop)],
                    [.. d.YExact.Where((_, k) => k / d.OutputWidth != drop)]);
            }
        }

        for (int k = 0; k < d.XExact.Count + d.YExact.Count; k++)
        {
            bool isX = k < d.XExact.Count;
            var value = isX ? d.XExact[k] : d.YExact[k - d.XExact.Count];
            foreach (var simpler in Simpler(value))
            {
                var x = d.XExact.ToArray();
                var y = d.YExact.ToArray();
                if (isX)
                {
                    x[k] = simpler;
                }
                else
                {
                    y[k - x.Length] = simpler;
                }

                yield return new Dataset(d.Count, d.InputWidth, d.OutputWidth, x, y);
            }
        }
    }

    /// <summary>Simpler rationals near <paramref name="value"/>: on the grids 1, 1/2, 1/4 coarser than its own, nearest first.</summary>
    public static IEnumerable<Rational> Simpler(Rational value)
    {
        var seen = new HashSet<Rational>();
        foreach (var denominator in new[] { 1, 2, 4 })
        {
            if (value.Denominator <= denominator)
            {
                yield break;
            }

            var rounded = new Rational(((value * denominator) + new Rational(1, 2)).Floor(), denominator);
            if (rounded != value && seen.Add(rounded))
            {
                yield return rounded;
            }
        }
    }

    private static BadMinimum? Recertify(BadMinimum current, Dataset data, RunState state)
    {
        var inst = current.Minimum;
        var instance = new Instance(inst.Name, inst.Network, inst.Loss, data, null);
        var polish = OptimizationOptions.Default with { MaxIterations = 3000, EigenSolver = EigenSolvers.Managed };
        try
        {
            var m = Optimizer.Optimize(instance, current.Minimum.WeightsDouble(), null, polish, state.Deadline);
            var w = Optimizer.Optimize(instance, current.Witness.WeightsDouble(), null, polish, state.Deadline);
            if (!m.Converged || !(w.Loss < m.Loss))
            {
                return null;
            }

            return Certify(instance, m.Theta, w.Theta, state.Limits) is { } c
                ? current with { Minimum = c.Minimum, Witness = c.Witness, StrictVerdict = c.Strict, BadVerdict = c.Bad, Radius = c.Radius }
                : null;
        }
        catch (Exception e) when (e is ArithmeticException or OperationCanceledException)
        {
            return null;
        }
    }

    private sealed class RunState(BadMinimumSearchOptions options, Stopwatch clock, CancellationToken deadline)
    {
        public BadMinimumSearchOptions Options => options;

        /// <summary>Cancelled when the budget is spent: every optimisation run watches it.</summary>
        public CancellationToken Deadline => deadline;

        /// <summary>The work budget of one certification: the default, or what is left of the search's time if less (at least 1 s).</summary>
        public WorkLimits Limits => WorkLimits.ForSeconds(Math.Clamp((options.Budget - clock.Elapsed).TotalSeconds, 1, WorkLimits.DefaultSeconds));

        public int Datasets { get; set; }

        public int Candidates { get; set; }

        public int Runs { get; set; }

        public double MultistartSeconds { get; set; }

        public bool OutOfTime => clock.Elapsed >= options.Budget;

        public void Report(string phase, BadMinimum? best)
        {
            if (options.Progress is not { } progress)
            {
                return;
            }

            double gap = 0;
            if (best is not null)
            {
                var calculus = new NetworkCalculus<double, DoubleOps>(best.Minimum);
                gap = calculus.Loss(best.Minimum.WeightsDouble()) - new NetworkCalculus<double, DoubleOps>(best.Witness).Loss(best.Witness.WeightsDouble());
            }

            progress(new BadMinimumSearchProgress(phase, Datasets, Candidates, best?.Minimum.Data.Count ?? 0, gap, clock.Elapsed.TotalSeconds));
        }

        public BadMinimumSearchOutcome Outcome(BadMinimum? found) =>
            new(found, Datasets, Candidates, Runs, clock.Elapsed.TotalSeconds, MultistartSeconds);
    }
}
