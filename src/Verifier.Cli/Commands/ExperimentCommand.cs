using System.CommandLine;
using System.Diagnostics;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Serialization;
using Verifier.Proofs.FreemanBruna2017;
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
        var name = new Argument<string>("EXPERIMENT") { Description = $"The experiment: {BasinExperiment.Name} (Safran and Shamir) or {Figure1.Name} (Freeman and Bruna)." };
        name.AcceptOnlyFromAmong(BasinExperiment.Name, Figure1.Name);
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
        var shard = new Option<string?>("--shard") { Description = "Run only shard k of n: writes DIR/EXPERIMENT.shard-k-of-n.json for 'verifier merge'.", HelpName = "k/n" };
        var task = new Option<string?>("--task") { Description = $"{Figure1.Name}: the polynomial task ({PolynomialTasks.List}).", HelpName = "quadratic|cubic" };
        task.AcceptOnlyFromAmong("quadratic", "cubic");
        var pairs = new Option<int>("--pairs") { Description = $"{Figure1.Name}: pairs of independently trained models per level.", HelpName = "N", DefaultValueFactory = _ => 10, CustomParser = OptionParsers.PositiveInt };
        var levels = new Option<double[]?>("--levels") { Description = $"{Figure1.Name}: the levels L0, comma-separated. [default: the paper's grid for the task]", HelpName = "L1,L2,...", CustomParser = PositiveList };
        var testPoints = new Option<int>("--test-points") { Description = $"{Figure1.Name}: the fixed test set's size (the levels are measured on it).", HelpName = "N", DefaultValueFactory = _ => PolynomialTasks.PaperPoints, CustomParser = OptionParsers.PositiveInt };
        var batch = new Option<int>("--batch") { Description = $"{Figure1.Name}: fresh training points per Adam step.", HelpName = "B", DefaultValueFactory = _ => PolynomialTasks.PaperPoints, CustomParser = OptionParsers.PositiveInt };
        var endpointSteps = new Option<int>("--endpoint-steps") { Description = $"{Figure1.Name}: the most Adam steps to train an endpoint to L0 (a pair whose endpoint does not get there is reported, and left out of the means).", HelpName = "E", DefaultValueFactory = _ => 200_000, CustomParser = OptionParsers.PositiveInt };
        var beadSteps = new Option<int>("--bead-steps") { Description = $"{Figure1.Name}: the most Adam steps to train a bead to 0.95·L0.", HelpName = "E", DefaultValueFactory = _ => 50_000, CustomParser = OptionParsers.PositiveInt };
        var init = new Option<string>("--init") { Description = $"{Figure1.Name}: the endpoints' start: paper (weights and biases N(0, 1)) or scripts (weights uniform on [-1, 1], biases N(0, 1), as the authors' scripts).", HelpName = "paper|scripts", DefaultValueFactory = _ => Figure1.PaperInit };
        init.AcceptOnlyFromAmong(Figure1.PaperInit, Figure1.ScriptsInit);
        var prove = new Option<bool>("--prove") { Description = $"{Figure1.Name}: also prove every segment of every string at or below L0 (slow: interval passes over the whole test set)." };
        return CommonOptions.Verb(
            "experiment",
            $"Runs an experiment of seeded pairs or draws: {BasinExperiment.Name} writes DIR/basin-quality.md, .json, .png and .runs.json; {Figure1.Name} writes DIR/{Figure1.Name}-TASK.md, .json, two .png and .runs.json (with --shard, one shard file).",
            parse =>
            {
                string dir = parse.GetValue(output)!;
                string? shardText = parse.GetValue(shard);
                bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
                if (parse.GetValue(name) == Figure1.Name)
                {
                    foreach (var basinOnly in new Option[] { widths, data, runs, samples })
                    {
                        if (Given(basinOnly))
                        {
                            throw CliException.BadInput($"{basinOnly.Name}: applies to {BasinExperiment.Name} only");
                        }
                    }

                    var kind = PolynomialTasks.Parse(parse.GetValue(task)) ?? throw CliException.BadInput($"--task: {Figure1.Name} needs --task quadratic or --task cubic");
                    var grid = parse.GetValue(levels) is { Length: > 0 } chosen ? chosen : Figure1.PaperLevels(kind);
                    return RunFigure1(context, dir, new Figure1Parameters(
                        PolynomialTasks.Name(kind), parse.GetValue(seed), parse.GetValue(pairs), grid, parse.GetValue(testPoints), parse.GetValue(batch),
                        EndpointSteps: parse.GetValue(endpointSteps), BeadSteps: parse.GetValue(beadSteps), Prove: parse.GetValue(prove), Init: parse.GetValue(init)!), shardText);
                }

                foreach (var figureOnly in new Option[] { task, pairs, levels, testPoints, batch, endpointSteps, beadSteps, prove, init })
                {
                    if (Given(figureOnly))
                    {
                        throw CliException.BadInput($"{figureOnly.Name}: applies to {Figure1.Name} only");
                    }
                }

                return Run(context, dir, new BasinParameters(parse.GetValue(seed), parse.GetValue(runs), parse.GetValue(widths) is { Length: > 0 } given ? given : DefaultWidths, parse.GetValue(data)!, parse.GetValue(samples)), shardText);
            },
            name, output, widths, data, runs, samples, seed, shard, task, pairs, levels, testPoints, batch, endpointSteps, beadSteps, prove, init);
    }

    // A comma-separated list of positive finite numbers, at least one, no repeats.
    private static double[]? PositiveList(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = string.Join(",", result.Tokens.Select(t => t.Value));
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || !(v > 0))
            {
                result.AddError($"--levels: '{part}' is not a positive finite number");
                return null;
            }

            if (values.Contains(v))
            {
                result.AddError($"--levels: {part} is given twice");
                return null;
            }

            values.Add(v);
        }

        return [.. values];
    }

    /// <summary>
    /// Runs an experiment's cells with the shared progress: a line per finished cell, a live line per item ("LABEL (i of
    /// n), ITEM k of m, s"), in DIR (created if missing).
    /// </summary>
    private static IReadOnlyList<ShardItem> RunCells(CliContext context, string dir, Func<int, string> cellLabel, int cells, string itemWord, int items,
        Func<Action<int>, Action<int, int>, IReadOnlyList<ShardItem>> run)
    {
        Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        var progress = Output.ProgressLine.For(context, Output.ProgressLine.QuietStart);
        var result = run(
            cell =>
            {
                progress.Clear();
                context.Stderr.WriteLine($"experiment: {cellLabel(cell)} done after {clock.Elapsed.TotalSeconds:0.0} s");
            },
            (cell, item) => progress.Show($"experiment: {cellLabel(cell)} ({cell + 1} of {cells}), {itemWord} {item + 1} of {items}, {clock.Elapsed.TotalSeconds:0} s"));
        progress.Clear();
        return result;
    }

    private static int RunFigure1(CliContext context, string dir, Figure1Parameters parameters, string? shardText)
    {
        var shard = ShardedRuns.Parse(shardText);
        var items = RunCells(context, dir, cell => $"L0 = {parameters.Levels[cell]}", parameters.Levels.Count, "pair", parameters.Pairs,
            (done, starting) => Figure1.Run(parameters, shard, done, starting));
        string stem = $"{Figure1.Name}-{parameters.Task}";
        return ShardedRuns.Finish(context, dir, stem, Figure1.Name, parameters, shard, items, runs => WriteFigure1Report(context, dir, parameters, items, runs));
    }

    /// <summary>Writes the Figure 1 report of a whole run (also from merged shards).</summary>
    public static void WriteFigure1Report(CliContext context, string dir, Figure1Parameters parameters, IReadOnlyList<ShardItem> items, ShardDocument runs, OutputFormat format = OutputFormat.Text)
    {
        var report = Figure1.Summarize(parameters, items);
        var json = VerifierJson.Serialize(report);
        string Name(string suffix) => Path.Combine(dir, $"{Figure1.Name}-{parameters.Task}{suffix}");
        AtomicFile.WriteAllText(Name(".runs.json"), VerifierJson.Serialize(runs));
        AtomicFile.WriteAllText(Name(".json"), json);
        var markdown = Figure1.Markdown(report);
        AtomicFile.WriteAllText(Name(".md"), markdown);
        foreach (var (beads, suffix) in new[] { (false, "-length.png"), (true, "-beads.png") })
        {
            var partial = Name(suffix + ".partial");
            Output.Figure1Plot.Save(report, beads, partial);
            File.Move(partial, Name(suffix), overwrite: true);
        }

        context.Stdout.Write(format == OutputFormat.Json ? json : markdown);
        context.Stderr.WriteLine($"wrote {Name(".md")}, .json, -length.png, -beads.png and .runs.json ({items.Count} pairs)");
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
        var items = RunCells(context, dir, cell => $"width {parameters.Widths[cell]}", parameters.Widths.Count, "draw", parameters.Runs,
            (done, starting) => BasinExperiment.Run(parameters, shard, done, starting));
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
