using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier connect A B --level L0 [--variant paper|scripts] [--max-depth D] [--seed S] [--prove] [-o PATH.json]</c>:
/// Dynamic String Sampling between two points of one problem (Freeman and Bruna 2017), optionally proved segment by segment.
/// </summary>
internal static class ConnectCommand
{
    /// <summary>The most epochs a bead is trained by default.</summary>
    public const int DefaultBeadEpochs = 20000;

    /// <summary>The largest --max-beads accepted: a string's beads are held in memory and each one is trained.</summary>
    public const int BeadLimit = 1 << 16;

    /// <summary>The largest --samples accepted: each pair evaluates the loss K + 1 times.</summary>
    public const int SampleLimit = 1_000_000;

    public static Command Create(CliContext context)
    {
        var a = CommonOptions.File("The first endpoint: an instance with weights.", "A");
        var b = CommonOptions.File("The second endpoint: an instance with the same network, loss and data.", "B");
        var level = new Option<double>("--level") { Description = "The level L0 > 0: both endpoints' losses must be at most L0.", HelpName = "L0", Required = true, CustomParser = r => OptionParsers.PositiveFiniteDouble(r) ?? 0 };
        var variant = new Option<string>("--variant") { Description = "paper (Algorithm 1: recursive, beads trained to L0) or scripts (the authors' scripts: midpoints, beads trained to a·L0, pairs pass below b·L0).", HelpName = "paper|scripts", DefaultValueFactory = _ => "scripts" };
        variant.AcceptOnlyFromAmong("paper", "scripts");
        var depth = new Option<int>("--max-depth") { Description = "The most depths (scripts: insertion rounds; paper: recursion depth).", HelpName = "D", DefaultValueFactory = _ => 10, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("Seed of the run (bead k trains with seed S + k).", 1);
        var prove = new Option<bool>("--prove") { Description = "Prove, with rigorous interval bounds refined until decided, that every segment stays at or below L0; a segment that cannot be proved is split like a failed pair." };
        var samples = new Option<int>("--samples") { Description = $"K: interpolation samples per pair (at most {SampleLimit}).", HelpName = "K", DefaultValueFactory = _ => 100, CustomParser = OptionParsers.PositiveInt };
        var target = new Option<double>("--bead-target") { Description = "The scripts' a: beads are trained to a·L0 (0 < a ≤ 1).", HelpName = "A", DefaultValueFactory = _ => 0.95, CustomParser = r => OptionParsers.PositiveFiniteDouble(r) ?? 0 };
        var success = new Option<double>("--success") { Description = "The scripts' b: a pair passes when its sampled maximum is below b·L0 (b ≥ 1).", HelpName = "B", DefaultValueFactory = _ => 1.1, CustomParser = r => OptionParsers.PositiveFiniteDouble(r) ?? 0 };
        var tStar = new Option<string>("--t-star") { Description = "Paper variant: train a new bead from the interpolation's sampled maximum (max) or its midpoint (half).", HelpName = "max|half", DefaultValueFactory = _ => "max" };
        tStar.AcceptOnlyFromAmong("max", "half");
        var method = new Option<string>("--method") { Description = "How beads are trained: adam or gd (full batch on the instance's data).", HelpName = "adam|gd", DefaultValueFactory = _ => "adam" };
        method.AcceptOnlyFromAmong("adam", "gd");
        var rate = new Option<double>("--learning-rate") { Description = "The bead-training step size.", HelpName = "R", DefaultValueFactory = _ => 1e-3, CustomParser = r => OptionParsers.PositiveFiniteDouble(r) ?? 0 };
        var epochs = new Option<int>("--bead-epochs") { Description = "The most training steps per bead (scripts: per bead and depth, a bead short of a·L0 being trained again at the next depth, as in the scripts; paper: once). A bead short of its target stays in the string (the pairs beside it are tested with its loss at their ends), and the reason names it.", HelpName = "E", DefaultValueFactory = _ => DefaultBeadEpochs, CustomParser = OptionParsers.PositiveInt };
        var data = new Option<string?>("--data") { Description = $"Train beads on fresh seeded batches of a polynomial task ({PolynomialTasks.List}); the files' data is then the fixed test set the levels are measured on.", HelpName = "quadratic|cubic" };
        data.AcceptOnlyFromAmong("quadratic", "cubic");
        var batch = new Option<int?>("--batch") { Description = $"Train beads on mini-batches of B samples (of the files' data, or of --data's stream). [default with --data: {PolynomialTasks.PaperPoints}]", HelpName = "B", CustomParser = r => OptionParsers.PositiveInt(r) };
        var testEvery = new Option<int?>("--test-every") { Description = $"With --batch or --data: check a bead's target on the files' whole data every K steps. [default: {TrainCommand.StreamTestEvery} with --data, as in the authors' scripts; 1 otherwise]", HelpName = "K", CustomParser = r => OptionParsers.PositiveInt(r) };
        var maxBeads = new Option<int>("--max-beads") { Description = $"The most beads, endpoints included (3 … {BeadLimit}).", HelpName = "N", DefaultValueFactory = _ => 1024, CustomParser = OptionParsers.PositiveInt };
        var output = new Option<string?>("-o", "--out") { Description = "Write the string of beads as a path file (verifier-path/1), for 'plot path' and 'plot beads'.", HelpName = "PATH.json" };
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "connect",
            "Dynamic String Sampling (Freeman and Bruna 2017): connects two points whose losses are at most L0 by a string of trained beads and reports its normalized length: exit 0 connected; 3 not found within the limits (never \"disconnected\"); 5 when an endpoint's loss exceeds L0.",
            parse => Run(context, new Request(
                parse.GetValue(a)!, parse.GetValue(b)!, parse.GetValue(level), parse.GetValue(variant)!, parse.GetValue(depth), parse.GetValue(seed), parse.GetValue(prove),
                parse.GetValue(samples), parse.GetValue(target), parse.GetValue(success), parse.GetValue(tStar)!, parse.GetValue(method)!, parse.GetValue(rate), parse.GetValue(epochs),
                parse.GetValue(maxBeads), parse.GetValue(data), parse.GetValue(batch), parse.GetValue(testEvery), parse.GetValue(output), parse.GetValue(format))),
            a, b, level, variant, depth, seed, prove, samples, target, success, tStar, method, rate, epochs, data, batch, testEvery, maxBeads, output, format);
    }

    private sealed record Request(
        string A, string B, double Level, string Variant, int MaxDepth, int Seed, bool Prove, int Samples, double BeadTarget, double Success,
        string TStar, string Method, double Rate, int Epochs, int MaxBeads, string? Data, int? Batch, int? TestEvery, string? Output, OutputFormat Format);

    private static int Run(CliContext context, Request request)
    {
        if (request.Output is not null)
        {
            OutputPaths.CheckTarget(request.Output, request.A, request.B);
        }

        if (request.BeadTarget > 1)
        {
            throw CliException.BadInput($"--bead-target: {request.BeadTarget.ToString("R", CultureInfo.InvariantCulture)} is above 1 (beads are trained to a·L0 with 0 < a ≤ 1)");
        }

        if (request.MaxBeads > BeadLimit || request.MaxBeads < 3)
        {
            throw CliException.BadInput($"--max-beads: {request.MaxBeads} is outside 3 … {BeadLimit}");
        }

        if (request.Samples > SampleLimit)
        {
            throw CliException.BadInput($"--samples: {request.Samples} is above {SampleLimit}");
        }

        if (request.Success < 1)
        {
            throw CliException.BadInput($"--success: {request.Success.ToString("R", CultureInfo.InvariantCulture)} is below 1 (pairs pass below b·L0 with b ≥ 1)");
        }

        var first = CommonOptions.ReadPoint(request.A, "connect starts at its point");
        var second = CommonOptions.ReadPoint(request.B, "connect ends at its point");
        if (!first.SameProblem(second))
        {
            throw CliException.BadInput($"{request.B}: not the same network, loss and data as {request.A} (connect joins two points of one problem)");
        }

        var start = first.WeightsDouble();
        var end = second.WeightsDouble();
        if (!start.All(double.IsFinite) || !end.All(double.IsFinite))
        {
            throw CliException.BadInput($"{(start.All(double.IsFinite) ? request.B : request.A)}: weights: beyond float64 (DSS trains beads in float64)");
        }

        if (request.TestEvery is not null && request.Batch is null && request.Data is null)
        {
            throw CliException.BadInput("--test-every: needs --batch or --data (full-batch training checks the target every step)");
        }

        var variant = request.Variant == "paper" ? DssVariant.Paper : DssVariant.Scripts;
        var trainingMethod = request.Method == "gd" ? TrainingMethod.GradientDescent : TrainingMethod.Adam;
        var task = PolynomialTasks.Parse(request.Data);
        if (task is not null && (first.Network.InputWidth != 1 || first.Network.OutputWidth != 1))
        {
            throw CliException.BadInput($"--data {request.Data}: the task has one input and one output; {request.A}'s network has {first.Network.InputWidth} and {first.Network.OutputWidth}");
        }

        int? batchSize = task is not null ? request.Batch ?? PolynomialTasks.PaperPoints : request.Batch;
        var training = new TrainingOptions(trainingMethod, request.Rate, request.Epochs, request.Seed, BatchSize: batchSize,
            TestEvery: request.TestEvery ?? (task is not null ? TrainCommand.StreamTestEvery : 1));
        var trainBead = StringSampling.BeadTrainer(first, training, task is { } kind ? s => PolynomialTasks.Stream(kind, batchSize!.Value, s) : null);
        var options = new DssOptions(
            variant, request.Level, training,
            request.MaxDepth, request.BeadTarget, request.Success, request.Samples, request.TStar == "half", request.Prove, SegmentBound.DefaultBudget, request.MaxBeads, request.Seed);

        var calculus = new Landscape.Derivatives.NetworkCalculus<double, Landscape.Derivatives.DoubleOps>(first);
        double lossA = calculus.Loss(start), lossB = calculus.Loss(end);
        if (!(lossA <= request.Level) || !(lossB <= request.Level))
        {
            var where = !(lossA <= request.Level) ? $"{request.A} has loss {lossA:G10}" : $"{request.B} has loss {lossB:G10}";
            context.Stderr.WriteLine($"connect: hypothesis not met: both endpoints' losses must be at most L0 = {request.Level:G10}; {where} (losses {lossA:G10} and {lossB:G10})");
            return ExitCodes.HypothesesNotMet;
        }

        var progress = Output.ProgressLine.For(context, Output.ProgressLine.QuietStart);
        DssResult result;
        try
        {
            result = StringSampling.Run(first, start, end, options, trainBead,
                progress: new InlineProgress<DssProgress>(p => progress.Show(string.Create(CultureInfo.InvariantCulture, $"connect: depth {p.Depth}, {p.Beads} beads, worst segment {p.WorstSegment:G6}"))));
        }
        catch (NotSupportedException e)
        {
            progress.Clear();
            context.Stderr.WriteLine($"connect: {e.Message}");
            return ExitCodes.HypothesesNotMet;
        }

        progress.Clear();
        if (request.Output is not null)
        {
            AtomicFile.WriteAllText(request.Output, PathFile.Format(first, Samples(result)));
        }

        var document = new ConnectDocument(
            result.Connected, result.Beads.Count, result.NormalizedLength, result.MaxLoss, result.ProvedMaxLoss, result.Depth, request.Seed,
            request.Variant, request.Level, result.TrainingSteps, result.Reason,
            [.. result.Segments.Select((s, i) => new SegmentDocument(i, s.SampledMax, s.Proof?.Status.ToString().ToLowerInvariant(), s.Proof?.UpperBound, s.Proof?.Evaluations))],
            result.BeadLosses);
        CommonOptions.Write(context, "connect", request.Format,
            () => VerifierJson.Serialize(document),
            () => Text(document, request.Prove));
        if (request.Output is not null)
        {
            context.Stderr.WriteLine($"wrote {request.Output}: {result.Beads.Count} beads");
        }

        return result.Connected ? ExitCodes.Success : ExitCodes.Inconclusive;
    }

    /// <summary>The beads as path points: the parameter is the arc length so far over the chord (0 … ℓ).</summary>
    internal static IReadOnlyList<PathSample> Samples(DssResult result)
    {
        var beads = result.Beads;
        var along = StringSampling.ArcLengths(beads);
        double chord = StringSampling.Distance(beads[0], beads[^1]);
        return [.. beads.Select((bead, i) => new PathSample(0, chord > 0 ? along[i] / chord : i, bead, result.BeadLosses[i]))];
    }

    private static string Text(ConnectDocument d, bool prove)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"connected         {(d.Connected ? "true" : "false (not found within the limits; this is not a proof of disconnection)")}",
            $"reason            {d.Reason}",
            string.Create(c, $"variant           {d.Variant}, L0 = {d.Level:G10}"),
            $"beads             {d.Beads} (endpoints included)",
            $"normalizedLength  {(d.NormalizedLength is { } l ? l.ToString("G10", c) : "- (the endpoints coincide)")}",
            string.Create(c, $"maxLoss           {d.MaxLoss:G10} (over the samples)"),
        };
        if (prove)
        {
            lines.Add($"provedMaxLoss     {(d.ProvedMaxLoss is { } p ? p.ToString("G10", c) : "- (not every segment was decided)")}");
        }

        lines.Add($"depth             {d.Depth}");
        lines.Add($"training steps    {d.TrainingSteps}");
        lines.Add($"seed              {d.Seed}");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The JSON of <c>connect</c>.</summary>
    private sealed record ConnectDocument(
        bool Connected, int Beads, double? NormalizedLength, double MaxLoss, double? ProvedMaxLoss, int Depth, int Seed,
        string Variant, double Level, long TrainingSteps, string Reason, IReadOnlyList<SegmentDocument> Segments, IReadOnlyList<double> BeadLosses);

    /// <summary>One segment: its sampled maximum and its proof.</summary>
    private sealed record SegmentDocument(int Index, double SampledMax, string? Proof, double? ProvedUpperBound, int? Evaluations);

    /// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread.</summary>
    private sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
