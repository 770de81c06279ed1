using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier train FILE -o OUT --method gd|adam --learning-rate R --epochs E [--seed S] [--batch B] [--data quadratic|cubic]
/// [--test-every K] [--target-loss T]</c>: full-batch or mini-batch training, seeded and reproducible.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance; its weights are the start point (without weights, a seeded random start).");
        var output = CommonOptions.Out("Where to write the trained instance (written whole or not at all).", "OUT");
        var method = new Option<string>("--method") { Description = "gd (full-batch gradient descent) or adam.", HelpName = "gd|adam", DefaultValueFactory = _ => "gd" };
        method.AcceptOnlyFromAmong("gd", "adam");
        var rate = new Option<double?>("--learning-rate") { Description = "The step size r > 0. [default: 0.5 for gd, 0.01 for adam]", HelpName = "R", CustomParser = OptionParsers.PositiveFiniteDouble };
        var epochs = new Option<int>("--epochs") { Description = "The most epochs: full-batch steps; with --batch, passes over the file's data; with --data, steps (one fresh batch each).", HelpName = "E", DefaultValueFactory = _ => 5000, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("Seed of the random start (used only when the file has no weights), of the mini-batch order and of the --data stream.", 1);
        var batch = new Option<int?>("--batch") { Description = $"Mini-batches of B samples (seeded, reproducible bit for bit). [default with --data: {PolynomialTasks.PaperPoints}]", HelpName = "B", CustomParser = r => OptionParsers.PositiveInt(r) };
        var data = new Option<string?>("--data")
        {
            Description = $"Train on a seeded stream of fresh batches of a polynomial task ({PolynomialTasks.List}: x ~ U[0,1)) instead of the file's data, which is then the fixed test set the stop rules are evaluated on.",
            HelpName = "task",
            CustomParser = r => OptionParsers.KnownName(r, "task", t => PolynomialTasks.Parse(t) is not null, PolynomialTasks.List),
        };
        var testEvery = new Option<int?>("--test-every") { Description = "With --batch or --data: evaluate the stop rules on the file's whole data every K epochs (and at the last). [default: 15 with --data, as in the authors' scripts; 1 otherwise]", HelpName = "K", CustomParser = r => OptionParsers.PositiveInt(r) };
        var target = new Option<double?>("--target-loss") { Description = "Stop as soon as the loss (on the file's data) is at or below T.", HelpName = "T", CustomParser = r => OptionParsers.NonNegativeFiniteDouble(r) };
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "train",
            "Trains by gradient descent or Adam (full batch, mini-batches of the file's data with --batch, or a seeded stream of a polynomial task with --data) until zero training error, the target loss or the epochs are spent, and writes the trained instance (the file's data kept): exit 0; 2 for bad options; 3 when the loss stops being finite (nothing is written).",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(method)!, parse.GetValue(rate), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(format),
                new MiniBatch(parse.GetValue(batch), parse.GetValue(data), parse.GetValue(testEvery), parse.GetValue(target))),
            file, output, method, rate, epochs, seed, batch, data, testEvery, target, format);
    }

    /// <summary>The default learning rate of each method.</summary>
    public static double DefaultRate(TrainingMethod method) => method == TrainingMethod.Adam ? 0.01 : 0.5;

    /// <summary>The mini-batch options: batch size, stream task, test interval, target loss (each null when not given).</summary>
    private sealed record MiniBatch(int? Batch, string? Data, int? TestEvery, double? TargetLoss);

    private static int Run(CliContext context, string path, string output, string methodName, double? rate, int epochs, int seed, OutputFormat format, MiniBatch mini)
    {
        OutputPaths.CheckTarget(output, path);
        var instance = InstanceFile.Read(path);
        var method = methodName == "adam" ? TrainingMethod.Adam : TrainingMethod.GradientDescent;
        PolynomialTask? stream = null;
        if (mini.Data is { } task)
        {
            if (instance.Network.InputWidth != 1 || instance.Network.OutputWidth != 1)
            {
                throw CliException.Usage($"--data {task}: the task has one input and one target; {path}'s network has {instance.Network.InputWidth} inputs and {instance.Network.OutputWidth} outputs", "train");
            }

            stream = PolynomialTasks.Stream(PolynomialTasks.Parse(task)!.Value, mini.Batch ?? PolynomialTasks.PaperPoints, seed);
        }
        else if (mini.TestEvery is not null && mini.Batch is null)
        {
            throw CliException.Usage("--test-every needs --batch or --data (full-batch training evaluates every epoch)", "train");
        }

        bool miniBatch = stream is not null || mini.Batch is not null;
        var options = new TrainingOptions(method, rate ?? DefaultRate(method), epochs, seed, TargetLoss: mini.TargetLoss,
            BatchSize: stream?.BatchSize ?? mini.Batch, TestEvery: mini.TestEvery ?? (stream is not null ? StreamTestEvery : 1));
        var start = Training.Start(instance, seed);
        var result = stream is not null ? Training.Train(instance, start, options, stream) : Training.Train(instance, start, options);
        string regime = stream is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{PolynomialTasks.Name(stream.Kind)} stream, batch {stream.BatchSize}, loss on the file's {instance.Data.Count} test points every {options.TestEvery} steps")
            : miniBatch ? string.Create(CultureInfo.InvariantCulture, $"mini-batch {Math.Min(mini.Batch!.Value, instance.Data.Count)} of the file's {instance.Data.Count} samples, loss on all of them every {options.TestEvery} epochs")
            : "full batch";
        string stop = result.Stop switch
        {
            TrainingStop.ZeroTrainingError => "zero training error",
            TrainingStop.EpochsSpent => "epochs spent",
            TrainingStop.TargetReached => "target loss reached",
            _ => $"the loss stopped being finite at epoch {result.Epochs}",
        };
        if (result.Stop == TrainingStop.NonFinite)
        {
            context.Stderr.WriteLine($"train: {stop} ({methodName}, learning rate {options.LearningRate.ToString("R", CultureInfo.InvariantCulture)}, seed {seed}); no file written");
            return ExitCodes.Inconclusive;
        }

        AtomicFile.WriteAllText(output, InstanceFile.Format(instance.WithWeights(Optimizer.ShortestDecimals(result.Theta))));
        CommonOptions.Write(context, "train", format,
            () => VerifierJson.Serialize(new TrainDocument(methodName, options.LearningRate, result.Epochs, result.Loss, result.Errors, Kebab(result.Stop), seed, instance.Weights is null,
                result.Steps, miniBatch ? options.BatchSize : null, stream is null ? null : PolynomialTasks.Name(stream.Kind), miniBatch ? options.TestEvery : null, options.TargetLoss)),
            () => string.Create(CultureInfo.InvariantCulture,
                $"method     {methodName}, learning rate {options.LearningRate:R}\ntraining   {regime}\nepochs     {result.Epochs} ({result.Steps} steps)\nloss       {result.Loss:R}\nerrors     {result.Errors} of {instance.Data.Count} samples\nstopped    {stop}\nseed       {seed}{(instance.Weights is null ? " (random start)" : " (start: the file's weights)")}\n"));
        context.Stderr.WriteLine($"wrote {output}");
        return ExitCodes.Success;
    }

    private static string Kebab(TrainingStop stop) => stop switch
    {
        TrainingStop.ZeroTrainingError => "zero-training-error",
        TrainingStop.EpochsSpent => "epochs-spent",
        TrainingStop.TargetReached => "target-reached",
        _ => "non-finite",
    };

    /// <summary>The test interval of --data in steps: the authors' scripts test after every 15 steps of a 10 000-point batch.</summary>
    public const int StreamTestEvery = 15;

    /// <summary>The JSON of <c>train</c> (batch, data and test interval null for full batch).</summary>
    private sealed record TrainDocument(string Method, double LearningRate, int Epochs, double Loss, int Errors, string Stopped, int Seed, bool RandomStart,
        long Steps, int? Batch, string? Data, int? TestEvery, double? TargetLoss);
}
