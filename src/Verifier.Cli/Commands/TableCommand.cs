using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
using Verifier.Proofs.Swirszcz2016;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier table swirszcz2016-table1 [--runs N] [--shard k/n] [--seed S] [--epochs E] -o DIR</c> and
/// <c>verifier merge FILES-or-DIRS… -o DIR</c>: the paper's Table 1 reproduced, whole or in shards that merge into
/// exactly the whole run's report.
/// </summary>
internal static class TableCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("TABLE") { Description = $"The table to reproduce: {Table1.Name}." };
        name.AcceptOnlyFromAmong(Table1.Name);
        var output = CommonOptions.Out("The directory for the report (created if missing).", "DIR");
        var runs = new Option<int>("--runs") { Description = "Runs per cell.", HelpName = "N", DefaultValueFactory = _ => Table1Parameters.Default.Runs, CustomParser = OptionParsers.PositiveInt };
        var epochs = new Option<int>("--epochs") { Description = "The most full-batch epochs per run.", HelpName = "E", DefaultValueFactory = _ => Table1Parameters.Default.Epochs, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("The experiment's seed (each run's seed follows from it, the cell and the run).", Table1Parameters.Default.Seed);
        var shard = new Option<string?>("--shard") { Description = "Run only shard k of n (1 ≤ k ≤ n): writes DIR/table1.shard-k-of-n.json for 'verifier merge'.", HelpName = "k/n" };
        return CommonOptions.Verb(
            "table",
            "Reproduces a paper's table: writes DIR/table1.md and DIR/table1.json (our rates with 95% Wilson intervals beside the paper's) and DIR/table1.runs.json, or with --shard one shard file.",
            parse => Run(context, parse.GetValue(output)!, parse.GetValue(runs), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(shard)),
            name, output, runs, epochs, seed, shard);
    }

    public static Command CreateMerge(CliContext context)
    {
        var inputs = new Argument<string[]>("FILES") { Description = "Shard files, or directories holding them.", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Out("The directory for the merged report.", "DIR");
        var format = CommonOptions.Format("Stdout's");
        return CommonOptions.Verb(
            "merge",
            "Merges the shards of a suite, table or experiment run into exactly the reports one run writes; a missing, duplicate or foreign shard is exit 2, naming it. With --format json, stdout is the merged report's JSON (the report's .json file).",
            parse => Merge(context, parse.GetValue(inputs)!, parse.GetValue(output)!, parse.GetValue(format)),
            inputs, output, format);
    }

    private static int Run(CliContext context, string dir, int runs, int epochs, int seed, string? shardText)
    {
        var shard = ShardedRuns.Parse(shardText);
        Directory.CreateDirectory(dir);
        var parameters = Table1Parameters.Default with { Runs = runs, Epochs = epochs, Seed = seed };
        var clock = Stopwatch.StartNew();
        var progress = Output.ProgressLine.For(context, Output.ProgressLine.QuietStart);
        var items = Table1.Run(
            parameters,
            shard,
            cellDone: cell =>
            {
                var (method, dataset, activation, hidden) = Table1.Describe(cell);
                progress.Clear();
                context.Stderr.WriteLine($"table: cell {cell + 1}/{Table1.CellCount} ({method}, {dataset}, {activation}, h = {hidden}) done after {clock.Elapsed.TotalSeconds:0.0} s");
            },
            runStarting: (cell, run) => progress.Show($"table: cell {cell + 1} of {Table1.CellCount}, run {run + 1} of {parameters.Runs}, {clock.Elapsed.TotalSeconds:0} s"));
        progress.Clear();
        return ShardedRuns.Finish(context, dir, "table1", Table1.Name, parameters, shard, items, runs => WriteReport(context, dir, parameters, items, runs));
    }

    private static int Merge(CliContext context, string[] inputs, string dir, OutputFormat format)
    {
        // Each file is read once: named files must be shard files; in a directory, the other JSON files are skipped.
        var shards = new List<(string, ShardDocument)>();
        foreach (var input in inputs)
        {
            bool directory = Directory.Exists(input);
            var files = directory ? Directory.EnumerateFiles(input, "*.json").Order(StringComparer.Ordinal).ToList() : [input];
            foreach (var file in files)
            {
                var text = CommonOptions.ReadText(file);
                if (!directory || IsShard(text))
                {
                    shards.Add((file, ShardDocument.Parse(text, file)));
                }
            }
        }

        var items = ShardDocument.Merge(shards, out var error) ?? throw CliException.BadInput(error!);
        var (_, first) = shards[0];
        var whole = new ShardDocument(ShardDocument.FormatTag, first.Experiment, first.Parameters, ShardSpec.Whole.ToString(), items);
        Directory.CreateDirectory(dir);
        switch (first.Experiment)
        {
            case Table1.Name:
                WriteReport(context, dir, VerifierJson.Deserialize<Table1Parameters>(first.Parameters), items, whole, format);
                break;
            case Proofs.SafranShamir2016.BasinExperiment.Name:
                ExperimentCommand.WriteReport(context, dir, VerifierJson.Deserialize<Proofs.SafranShamir2016.BasinParameters>(first.Parameters), items, whole, format);
                break;
            case Proofs.FreemanBruna2017.Figure1.Name:
                ExperimentCommand.WriteFigure1Report(context, dir, VerifierJson.Deserialize<Proofs.FreemanBruna2017.Figure1Parameters>(first.Parameters), items, whole, format);
                break;
            case SuiteCommand.ShardExperiment:
                return SuiteCommand.WriteMerged(context, dir, VerifierJson.Deserialize<SuiteCommand.SuiteParameters>(first.Parameters), items, format);
            default:
                throw CliException.BadInput($"{shards[0].Item1}: unknown experiment '{first.Experiment}'");
        }

        return ExitCodes.Success;
    }

    // A shard file of several (the runs.json of a whole run is a shard document too, "1/1", and is not merged again).
    private static bool IsShard(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
                && f.GetString() == ShardDocument.FormatTag && doc.RootElement.TryGetProperty("shard", out var s) && s.ValueKind == JsonValueKind.String
                && s.GetString() != ShardSpec.Whole.ToString();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void WriteReport(CliContext context, string dir, Table1Parameters parameters, IReadOnlyList<ShardItem> items, ShardDocument runs, OutputFormat format = OutputFormat.Text)
    {
        var report = Table1.Summarize(parameters, items);
        var json = VerifierJson.Serialize(report);
        AtomicFile.WriteAllText(Path.Combine(dir, "table1.runs.json"), VerifierJson.Serialize(runs));
        AtomicFile.WriteAllText(Path.Combine(dir, "table1.json"), json);
        AtomicFile.WriteAllText(Path.Combine(dir, "table1.md"), Table1.Markdown(report));
        var png = Path.Combine(dir, "table1.png");
        var partial = png + ".partial";
        Output.Table1Plot.Save(report, partial);
        File.Move(partial, png, overwrite: true);
        context.Stdout.Write(format == OutputFormat.Json ? json : Table1.Markdown(report));
        context.Stderr.WriteLine($"wrote {Path.Combine(dir, "table1.md")}, table1.json, table1.png and table1.runs.json ({items.Count} runs)");
    }
}
