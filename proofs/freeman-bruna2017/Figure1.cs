using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Landscape.Serialization;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>The parameters that decide every pair of the Figure 1 experiment.</summary>
/// <param name="Task">"quadratic" or "cubic".</param>
/// <param name="Seed">The experiment's seed (the test set's, and through it each pair's).</param>
/// <param name="Pairs">Pairs of independently trained models per level.</param>
/// <param name="Levels">The levels L₀.</param>
/// <param name="TestPoints">The fixed test set's size (the paper: 10 000).</param>
/// <param name="Batch">Fresh training points per Adam step (the paper: 10 000).</param>
/// <param name="LearningRate">Adam's step size (the paper: 1e-3).</param>
/// <param name="MaxDepth">DSS depth limit (the scripts: 10).</param>
/// <param name="EndpointSteps">The most Adam steps to train an endpoint to L₀.</param>
/// <param name="BeadSteps">The most Adam steps to train a bead to a·L₀.</param>
/// <param name="TestEvery">Steps between checks of the test loss (the scripts: 15).</param>
/// <param name="Prove">Also prove every segment of each string at or below L₀.</param>
/// <param name="Init">
/// How endpoints start: "paper" (weights and biases N(0, 1), as papers.md §3.4 says) or "scripts" (weights uniform on
/// [−1, 1], biases N(0, 1), as the authors' polynomial scripts run).
/// </param>
public sealed record Figure1Parameters(
    string Task, int Seed, int Pairs, IReadOnlyList<double> Levels, int TestPoints = PolynomialTasks.PaperPoints, int Batch = PolynomialTasks.PaperPoints,
    double LearningRate = 1e-3, int MaxDepth = 10, int EndpointSteps = 200_000, int BeadSteps = 50_000, int TestEvery = 15, bool Prove = false, string Init = Figure1.PaperInit);

/// <summary>One pair's outcome.</summary>
/// <param name="Trained">Both endpoints reached L₀ within their steps (otherwise the pair has no string and is left out of the means).</param>
/// <param name="Connected">DSS connected the pair (with proofs: proved).</param>
/// <param name="Beads">Beads, endpoints included.</param>
/// <param name="NormalizedLength">ℓ, or null.</param>
/// <param name="MaxLoss">The largest sampled loss on the string.</param>
/// <param name="ProvedMaxLoss">With proofs: a rigorous bound of the loss over the string.</param>
/// <param name="Steps">Adam steps spent (endpoints and beads).</param>
/// <param name="Reason">Why DSS stopped, or why the pair was not trained.</param>
/// <param name="WeightsLength">ℓ over the weight matrices alone, biases left out, as the authors' polynomial scripts measure it, or null.</param>
public sealed record Figure1Pair(bool Trained, bool Connected, int Beads, long Steps, string Reason, double? NormalizedLength = null, double? MaxLoss = null, double? ProvedMaxLoss = null, double? WeightsLength = null);

/// <summary>One level's statistics beside the paper's.</summary>
/// <param name="Level">L₀.</param>
/// <param name="Pairs">Pairs run.</param>
/// <param name="Trained">Pairs whose endpoints both reached L₀.</param>
/// <param name="Connected">Pairs connected.</param>
/// <param name="LengthMean">Mean ℓ over connected pairs (null without any).</param>
/// <param name="LengthLower">Its 95% interval (mean ± 1.96·s/√n; null with fewer than two).</param>
/// <param name="LengthUpper">Its upper end.</param>
/// <param name="BeadsMean">Mean beads over connected pairs.</param>
/// <param name="BeadsLower">Its 95% interval's lower end.</param>
/// <param name="BeadsUpper">Its upper end.</param>
/// <param name="PaperLength">The paper's mean ℓ at this level (papers.md §3.5), or null when the paper has no such level.</param>
/// <param name="PaperBeads">The paper's mean beads.</param>
/// <param name="WeightsLengthMean">Mean ℓ over the weight matrices alone (the scripts' measure) over connected pairs.</param>
/// <param name="WeightsLengthLower">Its 95% interval's lower end.</param>
/// <param name="WeightsLengthUpper">Its upper end.</param>
public sealed record Figure1Row(
    double Level, int Pairs, int Trained, int Connected, double? LengthMean, double? LengthLower, double? LengthUpper,
    double? BeadsMean, double? BeadsLower, double? BeadsUpper, double? PaperLength, double? PaperBeads,
    double? WeightsLengthMean = null, double? WeightsLengthLower = null, double? WeightsLengthUpper = null);

/// <summary>The experiment's report (no timings: merged shards equal a whole run byte for byte).</summary>
/// <param name="Format">"verifier-table/1".</param>
/// <param name="Experiment">"freeman-bruna-figure1".</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="Rows">One row per level of the paper's grid and per level run, in increasing L₀ (levels not run have zero pairs).</param>
/// <param name="Trends">FB-4's trends, as observed.</param>
public sealed record Figure1Report(string Format, string Experiment, Figure1Parameters Parameters, IReadOnlyList<Figure1Row> Rows, IReadOnlyList<string> Trends);

/// <summary>
/// Freeman and Bruna's Figure 1 polynomial-regression experiments (papers.md §3.4–3.5, FB-4): a 1-4-4-1 sigmoid
/// network, mean absolute error, Adam on fresh batches; for each level L₀ and pair, two models from independent N(0, 1)
/// starts are trained to L₀ on the fixed test set, then joined by DSS (the authors' scripts' variant: beads trained to
/// 0.95·L₀, pairs checked at 100 samples, success below 1.1·L₀, depth ≤ 10); the mean normalized length and bead
/// count per level stand beside the paper's. Each pair's seed depends on (seed, level index, pair) alone, so shards
/// partition a run.
/// </summary>
public static class Figure1
{
    /// <summary>The experiment's name.</summary>
    public const string Name = "freeman-bruna-figure1";

    /// <summary>The paper's initialization: weights and biases N(0, 1).</summary>
    public const string PaperInit = "paper";

    /// <summary>The authors' scripts' initialization: weights uniform on [−1, 1], biases N(0, 1).</summary>
    public const string ScriptsInit = "scripts";

    /// <summary>The paper's quadratic levels and their mean ℓ and beads (papers.md §3.5).</summary>
    public static IReadOnlyList<(double Level, double Length, double Beads)> PaperQuadratic { get; } =
    [
        (0.001, 1.863, 62.4), (0.0025, 1.753, 38.3), (0.005, 1.661, 23.5), (0.0075, 1.650, 18.8), (0.01, 1.476, 13.8),
        (0.025, 1.329, 8.17), (0.05, 1.366, 6.81), (0.075, 1.291, 5.40), (0.1, 1.346, 5.04), (0.125, 1.270, 3.98),
    ];

    /// <summary>The paper's cubic levels and their mean ℓ and beads (papers.md §3.5).</summary>
    public static IReadOnlyList<(double Level, double Length, double Beads)> PaperCubic { get; } =
    [
        (0.01, 1.872, 46.3), (0.02, 1.688, 27.3), (0.03, 1.508, 18.7), (0.04, 1.447, 15.9), (0.05, 1.428, 14.1), (0.06, 1.435, 12.4),
        (0.07, 1.418, 10.9), (0.08, 1.394, 9.50), (0.10, 1.382, 7.61), (0.12, 1.375, 5.96), (0.14, 1.422, 4.52), (0.15, 1.657, 3.74),
        (0.152, 1.783, 3.79), (0.154, 1.989, 3.60), (0.156, 2.415, 3.60), (0.158, 2.538, 3.43), (0.16, 2.278, 3.28), (0.162, 1.870, 3.23),
        (0.164, 1.523, 3.08), (0.168, 1.006, 3.16), (0.17, 1.004, 3.15), (0.18, 1.005, 3.16), (0.20, 1.004, 3.20), (0.24, 1.004, 3.26), (0.32, 1.003, 3.11),
    ];

    /// <summary>The paper's rows for a task.</summary>
    public static IReadOnlyList<(double Level, double Length, double Beads)> Paper(PolynomialKind kind) => kind == PolynomialKind.Quadratic ? PaperQuadratic : PaperCubic;

    /// <summary>The task of the parameters.</summary>
    public static PolynomialKind Kind(Figure1Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return PolynomialTasks.Parse(parameters.Task) ?? throw new ArgumentException($"Unknown task '{parameters.Task}'.", nameof(parameters));
    }

    /// <summary>The fixed test set (and the network, loss) of a run.</summary>
    public static Instance TestSet(Figure1Parameters parameters) => PolynomialTasks.TestInstance(Kind(parameters), parameters.TestPoints, parameters.Seed);

    /// <summary>Runs the shard's pairs on every processor.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="shard">The shard to run.</param>
    /// <param name="levelDone">Hears each level when its pairs are done, in order.</param>
    /// <param name="pairStarting">Hears (level, pair) before each pair.</param>
    public static IReadOnlyList<ShardItem> Run(Figure1Parameters parameters, ShardSpec shard, Action<int>? levelDone = null, Action<int, int>? pairStarting = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var test = TestSet(parameters);
        return ShardedItems.Run(parameters.Levels.Count, parameters.Pairs, shard,
            (cell, run) => JsonSerializer.SerializeToElement(Pair(test, parameters, parameters.Levels[cell], ShardSpec.ItemSeed(parameters.Seed, cell, run)), VerifierJson.Options),
            levelDone, pairStarting);
    }

    /// <summary>One pair at level L₀: two models trained from seeds 2s and 2s + 1 to L₀, then DSS between them.</summary>
    public static Figure1Pair Pair(Instance test, Figure1Parameters parameters, double level, int seed)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(parameters);
        var kind = Kind(parameters);
        var training = new TrainingOptions(TrainingMethod.Adam, parameters.LearningRate, parameters.EndpointSteps, seed, StopAtZeroError: false,
            TargetLoss: level, BatchSize: parameters.Batch, TestEvery: parameters.TestEvery);
        long steps = 0;
        var ends = new double[2][];
        for (int e = 0; e < 2; e++)
        {
            int s = unchecked((2 * seed) + e);
            var start = Start(new Random(s), parameters.Init);
            var result = Training.Train(test, start, training with { Seed = s }, PolynomialTasks.Stream(kind, parameters.Batch, s));
            steps += result.Epochs;
            if (result.Stop != TrainingStop.TargetReached)
            {
                return new Figure1Pair(false, false, 0, steps, $"endpoint {e + 1} did not reach L₀ within {parameters.EndpointSteps} steps (loss {result.Loss:G4})");
            }

            ends[e] = result.Theta;
        }

        var beadTraining = training with { Epochs = parameters.BeadSteps };
        var options = new DssOptions(DssVariant.Scripts, level, beadTraining, parameters.MaxDepth, Prove: parameters.Prove, Seed: unchecked(seed * 7919));
        var trainer = StringSampling.BeadTrainer(test, beadTraining, s => PolynomialTasks.Stream(kind, parameters.Batch, s));
        var dss = StringSampling.Run(test, ends[0], ends[1], options, trainer);
        return new Figure1Pair(true, dss.Connected, dss.Beads.Count, steps + dss.TrainingSteps, dss.Reason, dss.NormalizedLength, dss.MaxLoss, dss.ProvedMaxLoss, WeightsLength(dss.Beads));
    }

    /// <summary>A start: <see cref="PaperInit"/> (weights and biases N(0, 1)) or <see cref="ScriptsInit"/> (weights uniform on [−1, 1], biases N(0, 1)).</summary>
    /// <exception cref="ArgumentException">Another initialization name.</exception>
    public static double[] Start(Random rng, string init = PaperInit)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (init is not (PaperInit or ScriptsInit))
        {
            throw new ArgumentException($"Unknown initialization '{init}' ({PaperInit} or {ScriptsInit}).", nameof(init));
        }

        var net = PolynomialTasks.Network;
        var theta = new double[net.ParameterCount];
        var isWeight = WeightMask(net);
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] = init == ScriptsInit && isWeight[k] ? (2 * rng.NextDouble()) - 1 : RandomInstance.Gaussian(rng);
        }

        return theta;
    }

    /// <summary>
    /// The normalized length over the weight matrices alone, biases left out (the authors' polynomial scripts flatten only
    /// the weights), or null when the endpoints' weights coincide.
    /// </summary>
    public static double? WeightsLength(IReadOnlyList<double[]> beads)
    {
        ArgumentNullException.ThrowIfNull(beads);
        var mask = WeightMask(PolynomialTasks.Network);
        var weights = beads.Select(b => b.Where((_, k) => mask[k]).ToArray()).ToList();
        return StringSampling.NormalizedLength(weights);
    }

    // Which entries of θ are weights (not biases).
    private static bool[] WeightMask(Landscape.Networks.NetworkSpec net)
    {
        var mask = new bool[net.ParameterCount];
        for (int l = 1; l <= net.Depth; l++)
        {
            int w = net.WeightOffset(l);
            for (int k = 0; k < net.Layers[l] * net.Layers[l - 1]; k++)
            {
                mask[w + k] = true;
            }
        }

        return mask;
    }

    /// <summary>The report of a whole run: the paper's full grid and every level run, in increasing L₀.</summary>
    public static Figure1Report Summarize(Figure1Parameters parameters, IReadOnlyList<ShardItem> items)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(items);
        var paper = Paper(Kind(parameters));
        var levels = paper.Select(p => p.Level).Union(parameters.Levels).Distinct().Order().ToList();
        var rows = new List<Figure1Row>();
        foreach (var level in levels)
        {
            int cell = IndexOf(parameters.Levels, level);
            var pairs = cell < 0 ? [] : items.Where(i => i.Cell == cell).Select(i => VerifierJson.Deserialize<Figure1Pair>(i.Outcome)).ToList();
            var connected = pairs.Where(p => p.Connected).ToList();
            var (lm, ll, lu) = MeanInterval([.. connected.Where(p => p.NormalizedLength is not null).Select(p => p.NormalizedLength!.Value)]);
            var (bm, bl, bu) = MeanInterval([.. connected.Select(p => (double)p.Beads)]);
            var (wm, wl, wu) = MeanInterval([.. connected.Where(p => p.WeightsLength is not null).Select(p => p.WeightsLength!.Value)]);
            var reference = paper.Where(p => p.Level == level).Select(p => ((double?)p.Length, (double?)p.Beads)).FirstOrDefault();
            rows.Add(new Figure1Row(level, pairs.Count, pairs.Count(p => p.Trained), connected.Count, lm, ll, lu, bm, bl, bu, reference.Item1, reference.Item2, wm, wl, wu));
        }

        return new Figure1Report("verifier-table/1", Name, parameters, rows, Trends(Kind(parameters), rows));
    }

    private static int IndexOf(IReadOnlyList<double> levels, double level)
    {
        for (int i = 0; i < levels.Count; i++)
        {
            if (levels[i] == level)
            {
                return i;
            }
        }

        return -1;
    }

    // Mean and 95% normal interval mean ± 1.96·s/√n (null interval with fewer than two values, null mean without any).
    private static (double? Mean, double? Lower, double? Upper) MeanInterval(double[] values)
    {
        if (values.Length == 0)
        {
            return (null, null, null);
        }

        double mean = values.Average();
        if (values.Length < 2)
        {
            return (mean, null, null);
        }

        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        double half = 1.96 * sd / Math.Sqrt(values.Length);
        return (mean, mean - half, mean + half);
    }

    // FB-4's trends as this run shows them (and as the paper's numbers show them), in sentences.
    private static List<string> Trends(PolynomialKind kind, List<Figure1Row> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var run = rows.Where(r => r.LengthMean is not null).ToList();
        var trends = new List<string>();
        if (run.Count < 2)
        {
            trends.Add("fewer than two levels have connected pairs: no trend can be read from this run.");
            return trends;
        }

        var (low, high) = (run[0], run[^1]);
        string Dir(double a, double b) => a > b ? "decreases" : a < b ? "increases" : "stays level";
        trends.Add(string.Create(c, $"normalized length {Dir(low.LengthMean!.Value, high.LengthMean!.Value)} from {low.LengthMean:0.000} at L₀ = {low.Level:G4} to {high.LengthMean:0.000} at L₀ = {high.Level:G4} as the level rises (paper at those levels: {Show(low.PaperLength)} → {Show(high.PaperLength)})."));
        trends.Add(string.Create(c, $"beads {Dir(low.BeadsMean!.Value, high.BeadsMean!.Value)} from {low.BeadsMean:0.0} to {high.BeadsMean:0.0} over the same levels (paper: {Show(low.PaperBeads)} → {Show(high.PaperBeads)})."));
        if (kind == PolynomialKind.Cubic)
        {
            // The paper's spike: a local peak of ℓ in 0.14 ≤ L₀ ≤ 0.168, and ℓ ≈ 1 from 0.168 on.
            var window = run.Where(r => r.Level >= 0.14 && r.Level <= 0.168).ToList();
            if (window.Count > 0)
            {
                var peak = window.MaxBy(r => r.LengthMean!.Value)!;
                var weightsPeak = window.Where(r => r.WeightsLengthMean is not null).MaxBy(r => r.WeightsLengthMean!.Value);
                string weights = weightsPeak is null ? "" : string.Create(c, $" (over the weights alone, the scripts' measure: {weightsPeak.WeightsLengthMean:0.000} at L₀ = {weightsPeak.Level:G4})");
                trends.Add(string.Create(c, $"between L₀ = 0.14 and 0.168 the largest mean normalized length is {peak.LengthMean:0.000} at L₀ = {peak.Level:G4}{weights}; the paper's spike peaks at 2.538 at L₀ = 0.158 (2.415 at 0.156)."));
            }

            var flat = run.Where(r => r.Level >= 0.168).ToList();
            if (flat.Count > 0)
            {
                trends.Add(string.Create(c, $"from L₀ = 0.168 on, the mean normalized length lies in [{flat.Min(r => r.LengthMean!.Value):0.000}, {flat.Max(r => r.LengthMean!.Value):0.000}] over {flat.Count} level(s) (the paper: 1.003–1.006, essentially convex)."));
            }
        }
        else
        {
            trends.Add("the paper's quadratic rows fall from ℓ = 1.863 and 62.4 beads at L₀ = 0.001 to ℓ = 1.270 and 3.98 beads at L₀ = 0.125.");
        }

        return trends;
    }

    private static string Show(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    /// <summary>The report as Markdown: the parameters, the table beside the paper's (every paper row; '—' where a level was not run) and the trends.</summary>
    public static string Markdown(Figure1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = CultureInfo.InvariantCulture;
        var p = report.Parameters;
        var md = new StringBuilder();
        md.Append(c, $"# Freeman & Bruna (2017), Figure 1: the {p.Task} task\n\n");
        md.Append(c, $"1-4-4-1 sigmoid network, mean absolute error, Adam at {p.LearningRate:G4}, fresh batches of {p.Batch} points, a fixed test set of {p.TestPoints} points, {(p.Init == ScriptsInit ? "weights uniform on [−1, 1] and biases N(0, 1) at the start (the scripts')" : "weights and biases N(0, 1) at the start (the paper's)")}; ");
        md.Append(c, $"{p.Pairs} pair(s) per level, endpoints trained to L₀ (≤ {p.EndpointSteps} steps), DSS as in the authors' scripts (beads to 0.95·L₀ within {p.BeadSteps} steps, 100 samples per pair, success below 1.1·L₀, depth ≤ {p.MaxDepth}){(p.Prove ? ", every segment proved ≤ L₀" : "")}; seed {p.Seed}.\n\n");
        md.Append("Means over connected pairs with 95% intervals (mean ± 1.96·s/√n). ℓ counts every parameter; ℓ_w counts the weight matrices alone, as the authors' polynomial scripts do. The paper's values were read from its figure files (papers.md §3.5); whether its error bars are standard deviations or errors is unknown, so they are reference trends, not targets.\n\n");
        md.Append("| L₀ | pairs | trained | connected | ℓ (ours) | ℓ_w (ours) | ℓ (paper) | beads (ours) | beads (paper) |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var r in report.Rows)
        {
            string Ours(double? mean, double? lower, double? upper, string format) =>
                mean is not { } m ? "—" : lower is { } lo && upper is { } hi ? $"{m.ToString(format, c)} [{lo.ToString(format, c)}, {hi.ToString(format, c)}]" : m.ToString(format, c);
            md.Append(c, $"| {r.Level:G4} | {(r.Pairs == 0 ? "—" : r.Pairs.ToString(c))} | {(r.Pairs == 0 ? "—" : r.Trained.ToString(c))} | {(r.Pairs == 0 ? "—" : r.Connected.ToString(c))} | {Ours(r.LengthMean, r.LengthLower, r.LengthUpper, "0.000")} | {Ours(r.WeightsLengthMean, r.WeightsLengthLower, r.WeightsLengthUpper, "0.000")} | {Show(r.PaperLength)} | {Ours(r.BeadsMean, r.BeadsLower, r.BeadsUpper, "0.0")} | {Show(r.PaperBeads)} |\n");
        }

        md.Append("\n## Trends (FB-4)\n\n");
        foreach (var t in report.Trends)
        {
            md.Append("- ").Append(t).Append('\n');
        }

        return md.ToString();
    }

    /// <summary>The paper's level grid for a task.</summary>
    public static double[] PaperLevels(PolynomialKind kind) => [.. Paper(kind).Select(p => p.Level)];

    /// <summary>A check of a pair's invariants used by tests: ℓ ≥ 1 on a connected pair and at least 3 beads.</summary>
    public static bool Consistent(Figure1Pair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return !pair.Connected || (pair.Beads >= 3 && (pair.NormalizedLength is null || pair.NormalizedLength >= 1 - 1e-12));
    }
}
