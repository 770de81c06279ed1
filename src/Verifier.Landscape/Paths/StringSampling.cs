using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;

namespace Verifier.Landscape.Paths;

/// <summary>Which Dynamic String Sampling procedure runs.</summary>
public enum DssVariant
{
    /// <summary>
    /// The paper's Algorithm 1 (greedy, recursive): between two beads whose interpolation rises above L₀, a new bead is
    /// trained from the interpolation's sampled maximum (or its midpoint) down to L₀ and both halves are checked again.
    /// </summary>
    Paper,

    /// <summary>
    /// The authors' scripts: beads [θ₁, midpoint, θ₂]; at each depth every unconverged bead is trained to a·L₀, every
    /// new pair is checked at K samples, and the string is connected when every pair's sampled maximum is below b·L₀;
    /// otherwise a midpoint is inserted into every pair above b·L₀.
    /// </summary>
    Scripts,
}

/// <summary>How Dynamic String Sampling runs.</summary>
/// <param name="Variant">The paper's Algorithm 1 or the scripts' variant.</param>
/// <param name="Level">The level L₀.</param>
/// <param name="Training">How beads are trained (method, learning rate, the most epochs per bead; the seed of bead k's data stream is <c>Seed + k</c>).</param>
/// <param name="MaxDepth">The most depths (scripts: rounds of insertion; paper: recursion depth).</param>
/// <param name="BeadTarget">The scripts' a: beads are trained to a·L₀ (0.95 in the polynomial scripts); the paper's variant trains to L₀.</param>
/// <param name="SuccessFactor">The scripts' b: a pair passes when its sampled maximum is below b·L₀ (1.1); the paper's variant uses L₀.</param>
/// <param name="Samples">K: interpolation samples per pair (100 in the polynomial scripts).</param>
/// <param name="MidpointOnly">Paper variant: train new beads from the midpoint (t* = ½) rather than the sampled maximum.</param>
/// <param name="Prove">Also prove, with rigorous interval bounds, that every segment stays at or below L₀; a pair whose bound does not get below L₀ is split like a failed pair.</param>
/// <param name="ProofBudget">Interval evaluations per segment proof.</param>
/// <param name="MaxBeads">The most beads (counting the endpoints) before the search stops.</param>
/// <param name="Seed">The seed of the run (bead-training data streams).</param>
public sealed record DssOptions(
    DssVariant Variant,
    double Level,
    TrainingOptions Training,
    int MaxDepth = 10,
    double BeadTarget = 0.95,
    double SuccessFactor = 1.1,
    int Samples = 100,
    bool MidpointOnly = false,
    bool Prove = false,
    int ProofBudget = SegmentBound.DefaultBudget,
    int MaxBeads = 1024,
    int Seed = 1);

/// <summary>One segment of a string: its sampled maximum and, when proved, its rigorous bound.</summary>
/// <param name="SampledMax">The largest loss at the K + 1 interpolation samples (both ends included).</param>
/// <param name="Proof">The rigorous bound, when <see cref="DssOptions.Prove"/> asked for it.</param>
public sealed record DssSegment(double SampledMax, SegmentBoundResult? Proof);

/// <summary>What DSS found.</summary>
/// <param name="Connected">True when the variant's test passed on every pair (and, with proofs, every segment is proved at or below L₀); false means "not found within the limits", never "disconnected".</param>
/// <param name="Beads">The string's points in order, the endpoints included.</param>
/// <param name="BeadLosses">The float loss at each bead.</param>
/// <param name="Segments">One entry per consecutive pair of beads.</param>
/// <param name="NormalizedLength">Σ‖θᵢ₊₁ − θᵢ‖ / ‖θ_last − θ_first‖ (≥ 1), or null when the endpoints coincide.</param>
/// <param name="MaxLoss">The largest sampled loss over every segment.</param>
/// <param name="ProvedMaxLoss">With proofs: a rigorous upper bound of the loss over the whole string (null without, or when a segment was undecided).</param>
/// <param name="Depth">The depth reached.</param>
/// <param name="Reason">One sentence.</param>
/// <param name="TrainingSteps">Adam/GD steps spent training beads.</param>
public sealed record DssResult(
    bool Connected,
    IReadOnlyList<double[]> Beads,
    IReadOnlyList<double> BeadLosses,
    IReadOnlyList<DssSegment> Segments,
    double? NormalizedLength,
    double MaxLoss,
    double? ProvedMaxLoss,
    int Depth,
    string Reason,
    long TrainingSteps);

/// <summary>Progress of a DSS run: the depth, the beads so far and the worst sampled segment loss.</summary>
/// <param name="Depth">The current depth.</param>
/// <param name="Beads">Beads in the string (endpoints included).</param>
/// <param name="WorstSegment">The largest sampled loss among the pairs checked so far at this depth.</param>
public sealed record DssProgress(int Depth, int Beads, double WorstSegment);

/// <summary>
/// Dynamic String Sampling (Freeman and Bruna 2017, papers.md §3.3): connects two models whose losses are at most L₀ by
/// a string of beads, each trained below the level, and measures the string's normalized geodesic length. Both the
/// paper's Algorithm 1 and the authors' scripts' variant run; either can add rigorous proofs that every segment of
/// the piecewise-linear string stays at or below L₀ (<see cref="SegmentBound"/>), where the scripts only sample.
/// Deterministic: the same inputs and options give the same string bit for bit.
/// </summary>
public static class StringSampling
{
    /// <summary>Runs DSS between <paramref name="a"/> and <paramref name="b"/> on the instance's network, loss and data.</summary>
    /// <param name="instance">The network, loss and data (its weights are not used).</param>
    /// <param name="a">The first endpoint.</param>
    /// <param name="b">The second endpoint.</param>
    /// <param name="options">The variant, level and limits.</param>
    /// <param name="trainBead">
    /// Trains a bead from a start to a target loss with the given seed and returns the result; null trains on the
    /// instance's data with <c>Training.Train</c>.
    /// </param>
    /// <param name="progress">Receives progress after every bead and pair check.</param>
    /// <param name="cancellation">Stops the run between steps.</param>
    /// <exception cref="ArgumentException">Endpoints of the wrong length or not finite, or options out of range.</exception>
    public static DssResult Run(
        Instance instance,
        double[] a,
        double[] b,
        DssOptions options,
        Func<double[], double, int, TrainingResult>? trainBead = null,
        IProgress<DssProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(options);
        int p = instance.Network.ParameterCount;
        if (a.Length != p || b.Length != p || !a.All(double.IsFinite) || !b.All(double.IsFinite))
        {
            throw new ArgumentException($"Both endpoints need {p} finite numbers.");
        }

        if (!(options.Level > 0) || !double.IsFinite(options.Level) || options.MaxDepth < 1 || options.Samples < 1
            || !(options.BeadTarget > 0) || options.BeadTarget > 1 || !(options.SuccessFactor >= 1) || !double.IsFinite(options.SuccessFactor) || options.MaxBeads < 3)
        {
            throw new ArgumentException("DSS needs a positive finite level, a depth ≥ 1, K ≥ 1, 0 < a ≤ 1, b ≥ 1 and room for 3 beads.", nameof(options));
        }

        var run = new Runner(instance, options, trainBead, progress, cancellation);
        return options.Variant == DssVariant.Scripts ? run.Scripts(a, b) : run.Paper(a, b);
    }

    /// <summary>
    /// A bead trainer for <see cref="Run"/>: bead training with <paramref name="training"/> to the target, on mini-batches
    /// drawn from <paramref name="streamOf"/>(seed) when it gives a stream (a polynomial task's fresh batches; the
    /// instance's data is then the fixed test set the target is checked on), otherwise as the options say (full batch, or
    /// mini-batches of the instance's data).
    /// </summary>
    public static Func<double[], double, int, TrainingResult> BeadTrainer(Instance instance, TrainingOptions training, Func<int, ITrainingData?>? streamOf = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(training);
        return (start, target, seed) =>
        {
            var options = training with { TargetLoss = target, StopAtZeroError = false, Seed = seed };
            var stream = streamOf?.Invoke(seed);
            return stream is not null || options.BatchSize is not null
                ? Training.Train(instance, start, options, stream)
                : Training.Train(instance, start, options);
        };
    }

    /// <summary>Σ‖θᵢ₊₁ − θᵢ‖ / ‖θ_last − θ_first‖, or null when the endpoints coincide.</summary>
    public static double? NormalizedLength(IReadOnlyList<double[]> beads)
    {
        ArgumentNullException.ThrowIfNull(beads);
        double chord = Distance(beads[0], beads[^1]);
        return chord > 0 ? ArcLengths(beads)[^1] / chord : null;
    }

    /// <summary>The Euclidean length travelled along the piecewise-linear path up to each of its points (0 at the first).</summary>
    public static double[] ArcLengths(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var along = new double[points.Count];
        for (int i = 1; i < points.Count; i++)
        {
            along[i] = along[i - 1] + Distance(points[i - 1], points[i]);
        }

        return along;
    }

    /// <summary>‖x − y‖₂.</summary>
    public static double Distance(double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        double s = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double d = x[k] - y[k];
            s += d * d;
        }

        return Math.Sqrt(s);
    }

    private static double[] Lerp(double[] x, double[] y, double t)
    {
        var z = new double[x.Length];
        for (int k = 0; k < z.Length; k++)
        {
            z[k] = x[k] + (t * (y[k] - x[k]));
        }

        return z;
    }

    private sealed class Runner(Instance instance, DssOptions options, Func<double[], double, int, TrainingResult>? trainBead, IProgress<DssProgress>? progress, CancellationToken cancellation)
    {
        private readonly MiniBatchGradient _loss = new(instance.Network, instance.Loss);
        private readonly double[] _x = [.. instance.Data.XDouble];
        private readonly double[] _y = [.. instance.Data.YDouble];
        private readonly SegmentBound? _bound = options.Prove ? new SegmentBound(instance) : null;
        private readonly Dictionary<(double[], double[]), DssSegment> _checked = new(PairComparer.Instance);
        private int _beadsTrained;
        private long _steps;
        private int _depth;
        private int _stuckBeads;
        private string? _failure;

        public DssResult Scripts(double[] a, double[] b)
        {
            double level = options.Level, target = options.BeadTarget * level, success = options.SuccessFactor * level;
            var beads = new List<double[]> { a, Lerp(a, b, 0.5), b };
            var converged = new List<bool> { true, false, true };
            for (int depth = 1; depth <= options.MaxDepth; depth++)
            {
                cancellation.ThrowIfCancellationRequested();
                _depth = depth;

                // As in the scripts, a bead that has not reached a·L₀ is trained again at every depth; unlike them (which
                // train without end), each depth gives it at most Training.Epochs, and it stays in the string meanwhile.
                for (int i = 0; i < beads.Count; i++)
                {
                    if (!converged[i])
                    {
                        (beads[i], converged[i]) = Train(beads[i], target);
                    }
                }

                var failing = new List<int>();
                int unproved = 0;
                double worst = double.NegativeInfinity;
                for (int i = 0; i + 1 < beads.Count; i++)
                {
                    var segment = Check(beads[i], beads[i + 1], success);
                    worst = Math.Max(worst, segment.SampledMax);
                    if (!Passes(segment, success))
                    {
                        failing.Add(i);
                        unproved += segment.SampledMax < success ? 1 : 0;
                    }

                    progress?.Report(new DssProgress(depth, beads.Count, worst));
                }

                // The string passes when every pair does: a bead short of a·L₀ (the scripts would train it without end)
                // is only a means, and the pairs beside it hold its loss at their ends.
                var stuck = Enumerable.Range(0, beads.Count).Where(i => !converged[i]).ToList();
                string beadsStuck = stuck.Count > 0
                    ? $"; {stuck.Count} bead(s) did not reach a·L₀ = {target:G6} (bead {string.Join(", ", stuck.Take(5))}{(stuck.Count > 5 ? ", …" : "")}, trained {options.Training.Epochs} epochs per depth)"
                    : "";
                if (failing.Count == 0)
                {
                    return Finish(beads, true, $"every pair's sampled maximum is below b·L₀ = {success:G6}{ProofClause()} at depth {depth}{beadsStuck}");
                }

                if (depth >= options.MaxDepth || beads.Count + failing.Count > options.MaxBeads)
                {
                    string limit = depth >= options.MaxDepth ? $"the depth limit {options.MaxDepth}" : $"the bead limit {options.MaxBeads}";
                    string byProof = unproved > 0 ? $"; {unproved} of them pass the samples but their rigorous bound did not get to L₀ = {level:G6} or below" : "";
                    return Finish(beads, false, $"{failing.Count} pair(s) still above the test at {limit} (worst sampled loss {worst:G6} against b·L₀ = {success:G6}){byProof}{beadsStuck}");
                }

                // Insert a midpoint into every failing pair, from the right so the indices stay valid.
                for (int j = failing.Count - 1; j >= 0; j--)
                {
                    int i = failing[j];
                    beads.Insert(i + 1, Lerp(beads[i], beads[i + 1], 0.5));
                    converged.Insert(i + 1, false);
                }
            }

            throw new System.Diagnostics.UnreachableException();
        }

        public DssResult Paper(double[] a, double[] b)
        {
            var beads = new List<double[]> { a, b };
            Connect(beads, 0, 1);
            string stuck = _stuckBeads > 0 ? $"; {_stuckBeads} bead(s) did not reach L₀ = {options.Level:G6} within {options.Training.Epochs} epochs" : "";
            return _failure is null
                ? Finish(beads, true, $"every pair's sampled maximum is at most L₀ = {options.Level:G6}{ProofClause()} (recursion depth {_depth}){stuck}")
                : Finish(beads, false, _failure + stuck);
        }

        // Algorithm 1 on beads[i] → beads[i + 1] at recursion depth `depth`: always inserts one bead, then recurses on
        // the halves that rise above L₀ (until the first failure). Returns the number of beads inserted.
        private int Connect(List<double[]> beads, int i, int depth)
        {
            cancellation.ThrowIfCancellationRequested();
            _depth = Math.Max(_depth, depth);
            if (_failure is not null)
            {
                return 0;
            }

            if (beads.Count + 1 > options.MaxBeads)
            {
                _failure = $"the bead limit {options.MaxBeads} was reached";
                return 0;
            }

            var (left, right) = (beads[i], beads[i + 1]);
            double t = options.MidpointOnly ? 0.5 : ArgMax(left, right);

            // A bead that does not reach L₀ stays (the algorithm would train it without end): the pairs beside it hold
            // its loss at their ends, so they fail and the recursion goes on around it, to the depth limit at most.
            var (bead, reached) = Train(Lerp(left, right, t), options.Level);
            if (!reached)
            {
                _stuckBeads++;
            }

            beads.Insert(i + 1, bead);
            int inserted = 1;
            inserted += Half(beads, i, depth);

            // At the depth limit the first half cannot recurse, so a failure now is its own, and the second half is
            // left unchecked; below it, a failure deeper down still leaves the second half checked (not recursed).
            if (_failure is null || depth < options.MaxDepth)
            {
                inserted += Half(beads, i + inserted, depth);
            }

            return inserted;
        }

        // Checks the pair beads[at] → beads[at + 1] and, when it rises above L₀ and nothing has failed yet, recurses on
        // it (or records the failure at the depth limit). Returns the number of beads inserted.
        private int Half(List<double[]> beads, int at, int depth)
        {
            var segment = Check(beads[at], beads[at + 1], options.Level);
            progress?.Report(new DssProgress(depth, beads.Count, segment.SampledMax));
            if (_failure is not null || Passes(segment, options.Level))
            {
                return 0;
            }

            if (depth >= options.MaxDepth)
            {
                _failure = $"a pair still rises above L₀ = {options.Level:G6} (sampled {segment.SampledMax:G6}) at the depth limit {options.MaxDepth}";
                return 0;
            }

            return Connect(beads, at, depth + 1);
        }

        // The float64 loss on the instance's data (the fused kernel: DSS samples it K + 1 times per pair).
        private double Loss(double[] theta) => _loss.LossOf(theta, _x, _y, instance.Data.Count);

        private string ProofClause() => options.Prove ? $" and every segment is proved at or below L₀ = {options.Level:G6}" : "";

        private bool Passes(DssSegment segment, double threshold) =>
            options.Variant == DssVariant.Scripts ? segment.SampledMax < threshold && ProofHolds(segment) : segment.SampledMax <= threshold && ProofHolds(segment);

        private static bool ProofHolds(DssSegment segment) => segment.Proof is null || segment.Proof.Status == SegmentBoundStatus.Below;

        // The sampled maximum at t = k/K, k = 0 … K, and, when asked and the samples pass, the rigorous bound against L₀.
        private DssSegment Check(double[] x, double[] y, double threshold, bool proveIfPassing = true)
        {
            if (_checked.TryGetValue((x, y), out var known))
            {
                return known;
            }

            double worst = double.NegativeInfinity;
            for (int k = 0; k <= options.Samples; k++)
            {
                double loss = Loss(Lerp(x, y, (double)k / options.Samples));
                worst = double.IsNaN(loss) ? double.PositiveInfinity : Math.Max(worst, loss);
            }

            bool sampledPass = options.Variant == DssVariant.Scripts ? worst < threshold : worst <= threshold;
            var proof = _bound is not null && sampledPass && proveIfPassing ? _bound.Bound(x, y, options.Level, options.ProofBudget) : null;
            var segment = new DssSegment(worst, proof);
            if (proof is not null || _bound is null)
            {
                _checked[(x, y)] = segment;
            }

            return segment;
        }

        private double ArgMax(double[] x, double[] y)
        {
            double best = double.NegativeInfinity, at = 0.5;
            for (int k = 1; k < options.Samples; k++)
            {
                double t = (double)k / options.Samples;
                double loss = Loss(Lerp(x, y, t));
                if (loss > best)
                {
                    (best, at) = (loss, t);
                }
            }

            return at;
        }

        // The bead trained from `start` towards `target`, and whether it got there.
        private (double[] Bead, bool Reached) Train(double[] start, double target)
        {
            int seed = options.Seed + _beadsTrained++;
            var result = trainBead is not null
                ? trainBead(start, target, seed)
                : Training.Train(instance, start, options.Training with { TargetLoss = target, StopAtZeroError = false, Seed = seed });
            _steps += result.Epochs;
            bool reached = result.Stop == TrainingStop.TargetReached;
            return (reached || result.Theta.All(double.IsFinite) ? result.Theta : start, reached);
        }

        private DssResult Finish(List<double[]> beads, bool connected, string reason)
        {
            var losses = beads.Select(t => Loss(t)).ToList();
            var segments = new List<DssSegment>(beads.Count - 1);
            for (int i = 0; i + 1 < beads.Count; i++)
            {
                // The final string's segments (checked before, or now without a proof when the run stopped early).
                segments.Add(Check(beads[i], beads[i + 1], options.Variant == DssVariant.Scripts ? options.SuccessFactor * options.Level : options.Level, proveIfPassing: connected));
            }

            double maxLoss = segments.Max(s => s.SampledMax);
            double? proved = null;
            if (options.Prove && segments.All(s => s.Proof is not null && s.Proof.Status != SegmentBoundStatus.Undecided))
            {
                proved = segments.Max(s => s.Proof!.UpperBound);
            }

            if (connected && options.Prove && !segments.All(s => s.Proof is { Status: SegmentBoundStatus.Below }))
            {
                connected = false;
                reason = "a segment's proof did not hold on the final string (a bug: each was proved before)";
            }

            return new DssResult(connected, beads, losses, segments, NormalizedLength(beads), maxLoss, proved, _depth, reason, _steps);
        }
    }

    // Pairs of beads by identity: a bead's array is never changed once it is in the string.
    private sealed class PairComparer : IEqualityComparer<(double[], double[])>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((double[], double[]) x, (double[], double[]) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((double[], double[]) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
