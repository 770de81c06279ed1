using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Serialization;
using Verifier.Numerics.Statistics;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>The parameters that decide every run of Table 1 (the paper's protocol is not available; these are ours).</summary>
/// <param name="Seed">The experiment's seed.</param>
/// <param name="Runs">Runs per cell.</param>
/// <param name="Epochs">The most full-batch steps per run.</param>
/// <param name="GdRate">Gradient descent's learning rate.</param>
/// <param name="AdamRate">Adam's learning rate.</param>
public sealed record Table1Parameters(int Seed, int Runs, int Epochs, double GdRate, double AdamRate)
{
    /// <summary>The defaults: seed 1, 200 runs, 5000 epochs, GD 0.5, Adam 0.01.</summary>
    public static Table1Parameters Default { get; } = new(1, 200, 5000, 0.5, 0.01);
}

/// <summary>One cell of the table: the optimiser, dataset, activation and width, our count and the paper's rate.</summary>
/// <param name="Method">"adam" or "gd".</param>
/// <param name="Dataset">"xor" or "jellyfish".</param>
/// <param name="Activation">"relu" or "sigmoid".</param>
/// <param name="Hidden">h, the hidden width.</param>
/// <param name="Runs">Runs.</param>
/// <param name="Converged">Runs that reached zero training error.</param>
/// <param name="Rate">Converged / runs.</param>
/// <param name="Lower">The 95% Wilson interval's lower end.</param>
/// <param name="Upper">Its upper end.</param>
/// <param name="Paper">The paper's rate (Table 1, papers.md §5.4).</param>
public sealed record Table1Cell(string Method, string Dataset, string Activation, int Hidden, int Runs, int Converged, double Rate, double Lower, double Upper, double Paper);

/// <summary>The whole table: the parameters and the 48 cells (no timings, so a merged run equals a whole one byte for byte).</summary>
/// <param name="Format">"verifier-table/1".</param>
/// <param name="Experiment">"swirszcz2016-table1".</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="Cells">The cells, in the paper's column order, then by h.</param>
public sealed record Table1Report(string Format, string Experiment, Table1Parameters Parameters, IReadOnlyList<Table1Cell> Cells);

/// <summary>
/// Swirszcz et al.'s Table 1 (papers.md §5.4, SCP-8): 2-h-1 networks (h = 2 … 7) with ReLU or sigmoid hidden units, a
/// linear output and the logistic loss, trained full batch by GD or Adam on XOR (the standard four points, assumed) and
/// jellyfish; a run converges when it reaches zero training error. Each run starts from a random point seeded by
/// (seed, cell, run) alone, so shards of a run partition it.
/// </summary>
public static class Table1
{
    /// <summary>The experiment's name.</summary>
    public const string Name = "swirszcz2016-table1";

    private static readonly string[] Methods = ["adam", "gd"];
    private static readonly string[] DatasetNames = ["xor", "jellyfish"];
    private static readonly string[] ActivationNames = ["relu", "sigmoid"];

    // The paper's Table 1 in percent: rows h = 2 … 7; columns Adam (XOR ReLU, XOR sigmoid, jellyfish ReLU, jellyfish
    // sigmoid), then GD in the same order (papers.md §5.4).
    private static readonly int[,] Paper =
    {
        { 28, 79, 7, 0, 23, 90, 16, 62 },
        { 52, 98, 34, 0, 47, 100, 33, 100 },
        { 68, 100, 50, 2, 70, 100, 66, 100 },
        { 81, 100, 51, 27, 80, 100, 68, 100 },
        { 91, 100, 61, 17, 89, 100, 69, 100 },
        { 97, 100, 69, 58, 89, 100, 86, 100 },
    };

    /// <summary>The number of cells: 2 optimisers × 2 datasets × 2 activations × 6 widths.</summary>
    public const int CellCount = 48;

    /// <summary>The items (cell, run) of one shard, with each run's outcome, the runs spread over every processor.</summary>
    /// <param name="parameters">The table's parameters.</param>
    /// <param name="shard">The shard to run.</param>
    /// <param name="cellDone">Hears each cell when its runs are done, in order, one call at a time, or null.</param>
    /// <param name="runStarting">Hears (cell, run) before each run, one call at a time, or null.</param>
    /// <param name="maxParallelism">Runs at once, or null for one per processor (the items do not depend on it).</param>
    public static IReadOnlyList<ShardItem> Run(Table1Parameters parameters, ShardSpec shard, Action<int>? cellDone = null, Action<int, int>? runStarting = null, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(shard);
        return ShardedItems.Run(CellCount, parameters.Runs, shard, (cell, run) =>
        {
            var result = RunOne(parameters, cell, run);
            return JsonDocument.Parse(VerifierJson.Serialize(new RunOutcome(result.Stop == TrainingStop.ZeroTrainingError, result.Epochs))).RootElement.Clone();
        }, cellDone, runStarting, maxParallelism);
    }

    /// <summary>One run: the cell's instance from a random start seeded by (seed, cell, run), trained to zero error or the epoch limit.</summary>
    public static TrainingResult RunOne(Table1Parameters parameters, int cell, int run)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (method, dataset, activation, hidden) = Describe(cell);
        var instance = Instance(dataset, activation, hidden);
        int seed = ShardSpec.ItemSeed(parameters.Seed, cell, run);
        var start = Training.Start(instance, seed);
        var options = method == "adam"
            ? new TrainingOptions(TrainingMethod.Adam, parameters.AdamRate, parameters.Epochs, seed)
            : new TrainingOptions(TrainingMethod.GradientDescent, parameters.GdRate, parameters.Epochs, seed);
        return Training.Train(instance, start, options);
    }

    /// <summary>The cell's optimiser, dataset, activation and width.</summary>
    public static (string Method, string Dataset, string Activation, int Hidden) Describe(int cell)
    {
        int h = (cell % 6) + 2, column = cell / 6;
        return (Methods[column / 4], DatasetNames[(column / 2) % 2], ActivationNames[column % 2], h);
    }

    /// <summary>The 2-h-1 instance of a dataset (no weights), logistic loss.</summary>
    public static Instance Instance(string dataset, string activation, int hidden)
    {
        var data = dataset == "xor" ? JellyfishNotSeparable.Xor : JellyfishNotSeparable.Jellyfish;
        var act = activation == "relu" ? Activation.Relu : Activation.Sigmoid;
        return new Instance($"{dataset}-2-{hidden}-1-{activation}", new NetworkSpec([2, hidden, 1], act, Activation.Linear, bias: true), LossKind.Logistic, data, null);
    }

    /// <summary>The report from the items of a whole run.</summary>
    public static Table1Report Summarize(Table1Parameters parameters, IReadOnlyList<ShardItem> items)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(items);
        var cells = new List<Table1Cell>();
        for (int cell = 0; cell < CellCount; cell++)
        {
            var mine = items.Where(i => i.Cell == cell).ToList();
            int converged = mine.Count(i => i.Outcome.GetProperty("converged").GetBoolean());
            var ci = BinomialInterval.Wilson(converged, Math.Max(1, mine.Count));
            var (method, dataset, activation, hidden) = Describe(cell);
            cells.Add(new Table1Cell(method, dataset, activation, hidden, mine.Count, converged, Round(ci.Estimate), Round(ci.Lower), Round(ci.Upper), Paper[hidden - 2, cell / 6] / 100.0));
        }

        return new Table1Report("verifier-table/1", Name, parameters, cells);
    }

    /// <summary>The table as Markdown: rows h, columns as in the paper, each cell "ours [interval] (paper)" in percent.</summary>
    public static string Markdown(Table1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var p = report.Parameters;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Table 1 (Swirszcz et al. 2016): convergence rate to zero training error\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{p.Runs} runs per cell, seed {p.Seed}, at most {p.Epochs} full-batch epochs, GD learning rate {p.GdRate}, Adam learning rate {p.AdamRate}; logistic loss, 2-h-1 networks with biases; ours with its 95% Wilson interval, the paper's in parentheses.\n\n");
        sb.Append("| h | Adam XOR ReLU | Adam XOR sigmoid | Adam jellyfish ReLU | Adam jellyfish sigmoid | GD XOR ReLU | GD XOR sigmoid | GD jellyfish ReLU | GD jellyfish sigmoid |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|\n");
        for (int h = 2; h <= 7; h++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {h} |");
            for (int column = 0; column < 8; column++)
            {
                var c = report.Cells[(column * 6) + h - 2];
                sb.Append(CultureInfo.InvariantCulture, $" {Percent(c.Rate)} [{Percent(c.Lower)}, {Percent(c.Upper)}] ({Percent(c.Paper)}) |");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Percent(double rate) => (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static double Round(double x) => Math.Round(x, 6);

    /// <summary>One run's outcome as written in a shard file.</summary>
    /// <param name="Converged">True when the run reached zero training error.</param>
    /// <param name="Epochs">Epochs taken.</param>
    private sealed record RunOutcome(bool Converged, int Epochs);
}
