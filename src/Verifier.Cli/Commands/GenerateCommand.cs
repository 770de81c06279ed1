using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Networks;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier generate mlp|linear|task ...</c>: writes a random instance, reproducible from its seed.</summary>
internal static class GenerateCommand
{
    /// <summary>Generation refuses instances with more numbers than this (data plus weights).</summary>
    public const long MaxNumbers = 10_000_000;

    public static Command Create(CliContext context)
    {
        var generate = new Command("generate", "Writes a random instance file, reproducible from its seed.");
        generate.Add(CreateMlp(context));
        generate.Add(GenerateLinearCommand.Create(context));
        generate.Add(CreateTask(context));
        return generate;
    }

    private static Command CreateTask(CliContext context)
    {
        var task = new Option<string>("--task")
        {
            Description = $"The polynomial task: {PolynomialTasks.List} (quadratic y = 0.5x^2 + 0.25x + 0.1, cubic y = 8x^3 - 10x^2 + 3x).",
            HelpName = "name",
            Required = true,
            CustomParser = r => OptionParsers.KnownName(r, "task", t => PolynomialTasks.Parse(t) is not null, PolynomialTasks.List),
        };
        var test = new Option<int>("--test")
        {
            Description = "The size of the fixed test set (the instance's data), x ~ U[0,1).",
            HelpName = "N",
            DefaultValueFactory = _ => PolynomialTasks.PaperPoints,
            CustomParser = OptionParsers.PositiveInt,
        };
        var seed = CommonOptions.Seed(CommonOptions.FileSeedDescription, 1);
        var name = new Option<string?>("--name") { Description = "Instance name (default: derived from the task, the test size and the seed)." };
        var file = CommonOptions.Out("The instance file to write (written atomically: the complete file or none).");
        return CommonOptions.Verb(
            "task",
            "Freeman and Bruna's Figure 1 instance: a 1-4-4-1 network with sigmoid hidden layers, linear output and biases, the mae loss, a seeded fixed test set of the task as its data, and N(0, 1) weights and biases (the paper's initialization); train it with train --data.",
            parse => RunTask(context, PolynomialTasks.Parse(parse.GetValue(task))!.Value, parse.GetValue(test), parse.GetValue(seed), parse.GetValue(name), parse.GetValue(file)!),
            task,
            test,
            seed,
            name,
            file);
    }

    private static int RunTask(CliContext context, PolynomialKind kind, int test, int seed, string? name, string path)
    {
        CheckSize(PolynomialTasks.Network, test);
        OutputPaths.CheckTarget(path);
        var instance = PolynomialTasks.TestInstance(kind, test, seed, name);
        return Write(context, instance, path, string.Create(
            CultureInfo.InvariantCulture,
            $"{PolynomialTasks.Name(kind)} task, {instance.Network}, loss mae, {test} test points, {instance.Network.ParameterCount} parameters, seed {seed}"));
    }

    // Writes the instance (bad input in one line when the file cannot be written) and says so on stderr.
    private static int Write(CliContext context, Instance instance, string path, string summary)
    {
        try
        {
            InstanceFile.Write(instance, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: cannot write the file ({e.Message})");
        }

        context.Stderr.WriteLine($"wrote {path}: {summary}");
        return ExitCodes.Success;
    }

    private static Command CreateMlp(CliContext context)
    {
        var layers = CommonOptions.Layers("Layer widths from input to output, comma-separated, e.g. 10,64,1 (depth = number of weight matrices).");
        var activation = new Option<string?>("--activation")
        {
            Description = $"Hidden activation: {Names.ActivationList}; required when the network has a hidden layer (--layers with three widths or more).",
            HelpName = "name",
            CustomParser = OptionParsers.ActivationName,
        };
        var samples = new Option<int>("--samples")
        {
            Description = "Number of samples N (at least 1).",
            HelpName = "N",
            Required = true,
            CustomParser = OptionParsers.PositiveInt,
        };
        var bias = new Option<bool>("--bias")
        {
            Description = "Whether layers have biases: true or false.",
            HelpName = "true|false",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => true,
            CustomParser = OptionParsers.Boolean,
        };
        var loss = CommonOptions.Loss($"Loss: {Names.LossList} (mse = 1/(2N) sum of squares, sse = 1/2 sum of squares).", "mse");
        var output = new Option<string>("--output-activation")
        {
            Description = $"Output activation: {Names.ActivationList}.",
            HelpName = "name",
            DefaultValueFactory = _ => "linear",
            CustomParser = OptionParsers.ActivationName,
        };
        var seed = CommonOptions.Seed(CommonOptions.FileSeedDescription, 1);
        var name = new Option<string?>("--name")
        {
            Description = "Instance name (default: derived from the architecture and the seed).",
        };
        var file = CommonOptions.Out("The instance file to write (written atomically: the complete file or none).");
        return CommonOptions.Verb(
            "mlp",
            "A fully connected network with Gaussian inputs, a random teacher's outputs plus noise as targets, and a random point.",
            parse => Run(
                context,
                Spec(parse.GetValue(layers)!, HiddenActivation(parse.GetValue(layers)!, parse.GetValue(activation)), ActivationOf(parse.GetValue(output)), parse.GetValue(bias)),
                parse.GetValue(samples),
                Names.ParseLoss(parse.GetValue(loss)) ?? throw new InvalidOperationException("--loss was not validated"),
                parse.GetValue(seed),
                parse.GetValue(name),
                parse.GetValue(file)!),
            layers,
            activation,
            samples,
            bias,
            loss,
            output,
            seed,
            name,
            file);
    }

    internal static int Run(CliContext context, NetworkSpec network, int samples, LossKind loss, int seed, string? name, string path)
    {
        CheckSize(network, samples);
        OutputPaths.CheckTarget(path);
        var instance = RandomInstance.Mlp(network, samples, loss, seed, name);
        return Write(context, instance, path, string.Create(
            CultureInfo.InvariantCulture,
            $"{network}, loss {Names.Of(loss)}, {samples} samples, {network.ParameterCount} parameters, seed {seed}"));
    }

    /// <summary>
    /// The hidden activation: --activation, which a network with a hidden layer needs; a network without one
    /// (two widths) has no hidden unit for it to act on, so it may be left out (and is then written as linear).
    /// </summary>
    private static Activation HiddenActivation(int[] layers, string? name)
    {
        if (name is not null)
        {
            return ActivationOf(name);
        }

        return layers.Length <= 2
            ? Activation.Linear
            : throw CliException.Usage("option '--activation' is required when the network has a hidden layer (--layers with three widths or more)", "generate mlp");
    }

    private static Activation ActivationOf(string? name) =>
        Names.ParseActivation(name) ?? throw new InvalidOperationException($"activation '{name}' was not validated");

    private static NetworkSpec Spec(int[] layers, Activation activation, Activation output, bool bias)
    {
        try
        {
            return new NetworkSpec(layers, activation, output, bias);
        }
        catch (OverflowException)
        {
            throw CliException.Usage("--layers: the network would have more than 2^31 parameters", "generate mlp");
        }
    }

    private static void CheckSize(NetworkSpec network, int samples)
    {
        long numbers = (long)samples * (network.InputWidth + network.OutputWidth) + network.ParameterCount;
        if (numbers > MaxNumbers)
        {
            throw CliException.Usage(
                string.Create(CultureInfo.InvariantCulture, $"the instance would hold {numbers} numbers; generate writes at most {MaxNumbers}"),
                "generate mlp");
        }
    }
}
