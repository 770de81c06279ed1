using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Paths;
using Verifier.Landscape.Serialization;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Statistics;
using Verifier.Symbolic;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>The parameters that decide every draw of the basin-quality experiment.</summary>
/// <param name="Seed">The experiment's seed.</param>
/// <param name="Runs">Random initialisations per width.</param>
/// <param name="Widths">The hidden widths.</param>
/// <param name="Data">"clustered" (k tight clusters in R², k the first width) or "gaussian" (Gaussian inputs in R², a random teacher).</param>
/// <param name="Samples">Samples per cluster (clustered) or in all (gaussian).</param>
/// <param name="DrawBudgetSeconds">The work budget of one draw's exact basin value, in seconds of work; past it the draw is undecided.</param>
public sealed record BasinParameters(int Seed, int Runs, IReadOnlyList<int> Widths, string Data, int Samples, double DrawBudgetSeconds = 30);

/// <summary>One width's statistics.</summary>
/// <param name="Width">n.</param>
/// <param name="Runs">Draws.</param>
/// <param name="HighStart">Draws with L(W0) ≥ L(0).</param>
/// <param name="HighStartLower">Its 95% Wilson interval's lower end.</param>
/// <param name="HighStartUpper">Its upper end.</param>
/// <param name="Good">Draws whose basin value is at most L(0)/20.</param>
/// <param name="GoodLower">Its 95% Wilson interval's lower end.</param>
/// <param name="GoodUpper">Its upper end.</param>
/// <param name="MedianBasinValue">The median basin value relative to L(0) over the decided draws.</param>
/// <param name="Undecided">Draws whose basin value ran past its work budget (counted as not good).</param>
public sealed record BasinWidthRow(int Width, int Runs, int HighStart, double HighStartLower, double HighStartUpper, int Good, double GoodLower, double GoodUpper, double MedianBasinValue, int Undecided);

/// <summary>The experiment's report (no timings, so merged shards equal a whole run byte for byte).</summary>
/// <param name="Format">"verifier-table/1".</param>
/// <param name="Experiment">"basin-quality".</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="Rows">One row per width.</param>
public sealed record BasinReport(string Format, string Experiment, BasinParameters Parameters, IReadOnlyList<BasinWidthRow> Rows);

/// <summary>
/// Safran and Shamir's basin-quality experiment (papers.md §1.3–1.4, SS-5 and SS-7): for each width, seeded random
/// initialisations of the bias-free one-hidden-layer ReLU network (weights N(0, 2/fan-in) and N(0, 1/width), rounded to
/// multiples of 1/64, output weights non-zero), the event L(W0) ≥ L(0) (exact) and the exact basin value
/// (<see cref="BasinValue"/>). Each draw's seed depends on (seed, width index, run) alone, so shards partition a run.
/// </summary>
public static class BasinExperiment
{
    /// <summary>The experiment's name.</summary>
    public const string Name = "basin-quality";

    /// <summary>The good-basin threshold relative to L(0).</summary>
    public static readonly Rational Epsilon = new(1, 20);

    /// <summary>The dataset of the parameters (inputs in R², no weights).</summary>
    public static Instance Dataset(BasinParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Data == "clustered")
        {
            return BasinQualityImprovesWithWidth.Clustered(parameters.Widths[0], parameters.Samples, parameters.Seed);
        }

        var generated = RandomInstance.Mlp(new NetworkSpec([2, 2, 1], Activation.Relu, Activation.Linear, bias: false), parameters.Samples, LossKind.Mse, parameters.Seed);
        return new Instance("gaussian", generated.Network, LossKind.Mse, generated.Data, null);
    }

    /// <summary>A random point of the width-n network on the data, from <paramref name="rng"/>.</summary>
    public static Instance Draw(Instance data, int width, Random rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rng);
        var net = new NetworkSpec([data.Network.InputWidth, width, 1], Activation.Relu, Activation.Linear, bias: false);
        var theta = new Rational[net.ParameterCount];
        for (int p = 0; p < theta.Length; p++)
        {
            double sd = p < net.WeightOffset(2) ? Math.Sqrt(2.0 / net.InputWidth) : Math.Sqrt(1.0 / width);
            var value = new Rational((long)Math.Round(64 * sd * RandomInstance.Gaussian(rng)), 64);
            theta[p] = p >= net.WeightOffset(2) && value.IsZero ? new Rational(1, 64) : value;
        }

        return new Instance(data.Name, net, data.Loss, data.Data, theta);
    }

    /// <summary>The items (width index, run) of one shard, each with L(W0) ≥ L(0) and the basin value relative to L(0).</summary>
    /// <param name="parameters">The experiment's parameters.</param>
    /// <param name="shard">The shard to run.</param>
    /// <param name="widthDone">Hears the width index when its draws are done, or null.</param>
    /// <param name="drawStarting">Hears (width index, run) before each draw of the shard, one call at a time, or null.</param>
    /// <param name="maxParallelism">Draws run at once, or null for one per processor (the items do not depend on it).</param>
    public static IReadOnlyList<ShardItem> Run(BasinParameters parameters, ShardSpec shard, Action<int>? widthDone = null, Action<int, int>? drawStarting = null, int? maxParallelism = null) =>
        Run(Dataset(parameters), parameters, shard, widthDone, drawStarting, maxParallelism);

    /// <summary>The same on given data (the parameters' data kind and sample count are then not used).</summary>
    /// <param name="data">The data.</param>
    /// <param name="parameters">The experiment's parameters.</param>
    /// <param name="shard">The shard to run.</param>
    /// <param name="widthDone">Hears the width index when its draws are done, or null.</param>
    /// <param name="drawStarting">Hears (width index, run) before each draw of the shard, one call at a time, or null.</param>
    /// <param name="maxParallelism">
    /// Draws run at once (each is independent and seeded by its width and run alone, so the items do not depend on it);
    /// null for one per processor.
    /// </param>
    public static IReadOnlyList<ShardItem> Run(Instance data, BasinParameters parameters, ShardSpec shard, Action<int>? widthDone = null, Action<int, int>? drawStarting = null, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(shard);
        var zero = MonotonePath.ZeroPredictorLoss(data);
        return ShardedItems.Run(parameters.Widths.Count, parameters.Runs, shard, (cell, run) =>
        {
            var point = Draw(data, parameters.Widths[cell], new Random(ShardSpec.ItemSeed(parameters.Seed, cell, run)));
            bool high = IntegerForwardPass.SquaredLoss(point, IntegerForwardPass.Outputs(point, point.Weights!)) >= zero;
            var budget = new WorkBudget(WorkLimits.ForSeconds(parameters.DrawBudgetSeconds));
            double? basin = BasinValue.Compute(point, budget) is BasinOutcome.Solved solved ? (solved.Value / zero).ToDouble() : null;
            return JsonDocument.Parse(VerifierJson.Serialize(new DrawOutcome(high, basin))).RootElement.Clone();
        }, widthDone, drawStarting, maxParallelism);
    }

    /// <summary>The report of a whole run.</summary>
    public static BasinReport Summarize(BasinParameters parameters, IReadOnlyList<ShardItem> items)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(items);
        var rows = new List<BasinWidthRow>();
        for (int cell = 0; cell < parameters.Widths.Count; cell++)
        {
            var mine = items.Where(i => i.Cell == cell).ToList();
            int high = mine.Count(i => i.Outcome.GetProperty("highStart").GetBoolean());
            var basins = mine.Select(i => i.Outcome.TryGetProperty("basinValue", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)
                .Where(v => v is not null).Select(v => v!.Value).Order().ToList();
            int good = basins.Count(b => b <= Epsilon.ToDouble());
            var h = BinomialInterval.Wilson(high, Math.Max(1, mine.Count));
            var g = BinomialInterval.Wilson(good, Math.Max(1, mine.Count));
            double median = basins.Count == 0 ? double.NaN : basins[basins.Count / 2];
            rows.Add(new BasinWidthRow(parameters.Widths[cell], mine.Count, high, Math.Round(h.Lower, 6), Math.Round(h.Upper, 6), good, Math.Round(g.Lower, 6), Math.Round(g.Upper, 6), Math.Round(median, 6), mine.Count - basins.Count));
        }

        return new BasinReport("verifier-table/1", Name, parameters, rows);
    }

    /// <summary>The report as Markdown.</summary>
    public static string Markdown(BasinReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = report.Parameters;
        var sb = new StringBuilder();
        sb.Append("# Basin quality against width (Safran and Shamir 2016, SS-5 and SS-7)\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{p.Runs} random initialisations per width, seed {p.Seed}, data {p.Data} ({p.Samples} samples{(p.Data == "clustered" ? " per cluster" : "")}); exact basin values; 95% Wilson intervals.\n\n");
        sb.Append("| width | P[L(W0) ≥ L(0)] | P[basin value ≤ L(0)/20] | median basin value / L(0) | undecided |\n|---|---|---|---|---|\n");
        foreach (var r in report.Rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {r.Width} | {(double)r.HighStart / r.Runs:0.00} [{r.HighStartLower:0.00}, {r.HighStartUpper:0.00}] | {(double)r.Good / r.Runs:0.00} [{r.GoodLower:0.00}, {r.GoodUpper:0.00}] | {r.MedianBasinValue:0.0000} | {r.Undecided} |\n");
        }

        return sb.ToString();
    }

    /// <summary>One draw's outcome as written in a shard file.</summary>
    /// <param name="HighStart">L(W0) ≥ L(0), exactly.</param>
    /// <param name="BasinValue">The basin value relative to L(0), or null when the exact solver gave up.</param>
    private sealed record DrawOutcome(bool HighStart, double? BasinValue);
}
