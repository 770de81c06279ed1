using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier train FILE -o OUT --method gd|adam --learning-rate R --epochs E [--seed S]</c>: full-batch training, seeded and reproducible.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance; its weights are the start point (without weights, a seeded random start).");
        var output = CommonOptions.Out("Where to write the trained instance (written whole or not at all).", "OUT");
        var method = new Option<string>("--method") { Description = "gd (full-batch gradient descent) or adam.", HelpName = "gd|adam", DefaultValueFactory = _ => "gd" };
        method.AcceptOnlyFromAmong("gd", "adam");
        var rate = new Option<double?>("--learning-rate") { Description = "The step size r > 0. [default: 0.5 for gd, 0.01 for adam]", HelpName = "R", CustomParser = OptionParsers.PositiveFiniteDouble };
        var epochs = new Option<int>("--epochs") { Description = "The most full-batch steps.", HelpName = "E", DefaultValueFactory = _ => 5000, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("Seed of the random start (used only when the file has no weights).", 1);
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "train",
            "Trains by full-batch gradient descent or Adam until zero training error or the epochs are spent, and writes the trained instance: exit 0; 3 when the loss stops being finite (nothing is written).",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(method)!, parse.GetValue(rate), parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(format)),
            file, output, method, rate, epochs, seed, format);
    }

    /// <summary>The default learning rate of each method.</summary>
    public static double DefaultRate(TrainingMethod method) => method == TrainingMethod.Adam ? 0.01 : 0.5;

    private static int Run(CliContext context, string path, string output, string methodName, double? rate, int epochs, int seed, OutputFormat format)
    {
        OutputPaths.CheckTarget(output, path);
        var instance = InstanceFile.Read(path);
        var method = methodName == "adam" ? TrainingMethod.Adam : TrainingMethod.GradientDescent;
        var options = new TrainingOptions(method, rate ?? DefaultRate(method), epochs, seed);
        var start = Training.Start(instance, seed);
        var result = Training.Train(instance, start, options);
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
            () => VerifierJson.Serialize(new TrainDocument(methodName, options.LearningRate, result.Epochs, result.Loss, result.Errors, Kebab(result.Stop), seed, instance.Weights is null)),
            () => string.Create(CultureInfo.InvariantCulture,
                $"method     {methodName}, learning rate {options.LearningRate:R}\nepochs     {result.Epochs}\nloss       {result.Loss:R}\nerrors     {result.Errors} of {instance.Data.Count} samples\nstopped    {stop}\nseed       {seed}{(instance.Weights is null ? " (random start)" : " (unused: the file's weights are the start)")}\n"));
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

    /// <summary>The JSON of <c>train</c>.</summary>
    private sealed record TrainDocument(string Method, double LearningRate, int Epochs, double Loss, int Errors, string Stopped, int Seed, bool RandomStart);
}
