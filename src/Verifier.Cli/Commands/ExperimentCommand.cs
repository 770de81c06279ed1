using System.CommandLine;
using System.Diagnostics;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
using Verifier.Proofs.SafranShamir2016;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier experiment basin-quality [--widths 3,6,12] [--data clustered|gaussian] [--runs N] [--samples S] [--seed S]
/// [--shard k/n] -o DIR</c>: Safran and Shamir's Monte Carlo of the initial basin against width, whole or in shards that
/// <c>verifier merge</c> joins into exactly the whole run's report.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("EXPERIMENT") { Description = $"The experiment: {BasinExperiment.Name}." };
        name.AcceptOnlyFromAmong(BasinExperiment.Name);
        var output = CommonOptions.Out("The directory for the report (created if missing).", "DIR");
        var widths = new Option<int[]>("--widths")
        {
            Description = "The hidden widths, comma-separated (the first is k, the number of clusters); every basin is an exact QP (3,6,12,24,48 takes a few seconds on two cores). [default: 3,6,12]",
            HelpName = "n1,n2,...",
            CustomParser = OptionParsers.LayerWidths,
        };
        var data = new Option<string>("--data") { Description = "clustered (k tight clusters in R²) or gaussian (Gaussian inputs, a random teacher).", HelpName = "clustered|gaussian", DefaultValueFactory = _ => "clustered" };
        data.AcceptOnlyFromAmong("clustered", "gaussian");
        var runs = new Option<int>("--runs") { Description = "Random initialisations per width.", HelpName = "N", DefaultValueFactory = _ => 40, CustomParser = OptionParsers.PositiveInt };
        var samples = new Option<int>("--samples") { Description = "Samples per cluster (clustered) or in all (gaussian).", HelpName = "S", DefaultValueFactory = _ => 4, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("The experiment's seed (each draw's seed follows from it, the width and the run).", 1);
        var shard = new Option<string?>("--shard") { Description = "Run only shard k of n: writes DIR/basin-quality.shard-k-of-n.json for 'verifier merge'.", HelpName = "k/n" };
        return CommonOptions.Verb(
            "experiment",
            "Runs a Monte-Carlo experiment: writes DIR/basin-quality.md, .json, .png and .runs.json (with --shard, one shard file).",
            parse => Run(context, parse.GetValue(output)!, new BasinParameters(parse.GetValue(seed), parse.GetValue(runs), parse.GetValue(widths) is { Length: > 0 } given ? given : DefaultWidths, parse.GetValue(data)!, parse.GetValue(samples)), parse.GetValue(shard)),
            name, output, widths, data, runs, samples, seed, shard);
    }

    /// <summary>The widths without --widths (no factory: help would print an array's default as "3|6|12").</summary>
    private static readonly int[] DefaultWidths = [3, 6, 12];

    private static int Run(CliContext context, string dir, BasinParameters parameters, string? shardText)
    {
        if (parameters.Data == "clustered" && parameters.Widths[0] > 6)
        {
            throw CliException.BadInput("--widths: with clustered data the first width is the number of clusters, at most 6");
        }

        var shard = ShardedRuns.Parse(shardText);
        Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        var progress = Output.ProgressLine.For(context, Output.ProgressLine.QuietStart);
        var items = BasinExperiment.Run(
            parameters,
            shard,
            widthDone: cell =>
            {
                progress.Clear();
                context.Stderr.WriteLine($"experiment: width {parameters.Widths[cell]} done after {clock.Elapsed.TotalSeconds:0.0} s");
            },
            drawStarting: (cell, run) => progress.Show(
                $"experiment: width {parameters.Widths[cell]} ({cell + 1} of {parameters.Widths.Count}), draw {run + 1} of {parameters.Runs}, {clock.Elapsed.TotalSeconds:0} s"));
        progress.Clear();
        return ShardedRuns.Finish(context, dir, BasinExperiment.Name, BasinExperiment.Name, parameters, shard, items, runs => WriteReport(context, dir, parameters, items, runs));
    }

    /// <summary>Writes the report of a whole run (also from merged shards).</summary>
    public static void WriteReport(CliContext context, string dir, BasinParameters parameters, IReadOnlyList<ShardItem> items, ShardDocument runs, OutputFormat format = OutputFormat.Text)
    {
        var report = BasinExperiment.Summarize(parameters, items);
        var json = VerifierJson.Serialize(report);
        string Name(string extension) => Path.Combine(dir, BasinExperiment.Name + extension);
        AtomicFile.WriteAllText(Name(".runs.json"), VerifierJson.Serialize(runs));
        AtomicFile.WriteAllText(Name(".json"), json);
        AtomicFile.WriteAllText(Name(".md"), BasinExperiment.Markdown(report));
        var partial = Name(".png.partial");
        Output.BasinPlot.Save(report, partial);
        File.Move(partial, Name(".png"), overwrite: true);
        context.Stdout.Write(format == OutputFormat.Json ? json : BasinExperiment.Markdown(report));
        context.Stderr.WriteLine($"wrote {Name(".md")}, .json, .png and .runs.json ({items.Count} draws)");
    }
}
