using System.CommandLine;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Backends;

namespace Verifier.Cli.Commands;

/// <summary>
/// The arguments and options that several verbs share, each built in one place: the instance file, <c>--format</c>,
/// <c>--seed</c>, <c>--backend</c>, <c>-o/--out</c>, and an instance that must have weights.
/// </summary>
internal static class CommonOptions
{
    /// <summary>The description of a seed that makes a written file reproducible.</summary>
    public const string FileSeedDescription = "Random seed; the same seed gives the same file.";

    /// <summary>A verb with its arguments and options, running <paramref name="action"/> on the parsed command line.</summary>
    /// <param name="name">The verb.</param>
    /// <param name="description">What the verb does, for the help.</param>
    /// <param name="action">The verb's run, returning its exit code.</param>
    /// <param name="symbols">The verb's arguments and options, in the order help lists them.</param>
    public static Command Verb(string name, string description, Func<ParseResult, int> action, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Add(argument);
                    break;
                case Option option:
                    command.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{symbol.Name} is neither an argument nor an option", nameof(symbols));
            }
        }

        command.SetAction(action);
        return command;
    }

    /// <summary>A file argument (an instance, a certificate), refusing a token that looks like an option.</summary>
    /// <param name="description">What the file holds, for the help.</param>
    /// <param name="name">The argument's name in the usage line.</param>
    public static Argument<string> File(string description, string name = "FILE")
    {
        var file = new Argument<string>(name) { Description = description };
        file.Validators.Add(OptionParsers.NotAnOption);
        return file;
    }

    /// <summary><c>--format text|json</c>, text by default.</summary>
    /// <remarks>
    /// An absent option parses to <see cref="OutputFormat.Text"/>, the enum's zero. The default is written into the
    /// description rather than given by a factory, since help would print an enum's name capitalised ("Text").
    /// </remarks>
    /// <param name="what">The first word of the description: "Output" or "Summary".</param>
    public static Option<OutputFormat> Format(string what = "Output") => new("--format")
    {
        Description = $"{what} format: {OptionParsers.FormatList}. With json, stdout holds exactly one JSON document. [default: text]",
        HelpName = "text|json",
        CustomParser = OptionParsers.Format,
    };

    /// <summary>
    /// <c>--budget SECONDS</c>: the work budget of each verdict (default 60), counted in work units so that a verdict
    /// does not depend on the machine's load, with the seconds also as a wall-clock backstop.
    /// </summary>
    public static Option<double> Budget() => new("--budget")
    {
        Description = $"Work budget per verdict, in seconds of work (counted in work units, {Numerics.Budgets.WorkLimits.UnitsPerSecond:0.#e0} per second, so verdicts do not depend on the machine's load; the seconds are also a wall-clock backstop). Past it the verdict is inconclusive, naming what was left undone.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => Numerics.Budgets.WorkLimits.DefaultSeconds,
        CustomParser = r => OptionParsers.PositiveFiniteDouble(r) ?? Numerics.Budgets.WorkLimits.DefaultSeconds,
    };

    /// <summary><c>--seed S</c> with a default.</summary>
    /// <param name="description">What the seed draws.</param>
    /// <param name="defaultSeed">The seed when none is given.</param>
    public static Option<int> Seed(string description, int defaultSeed) => new("--seed")
    {
        Description = description,
        HelpName = "S",
        DefaultValueFactory = _ => defaultSeed,
        CustomParser = OptionParsers.AnyInt,
    };

    /// <summary><c>--seed S</c> without a default: null when not given.</summary>
    /// <param name="description">What the seed draws, and what happens without one.</param>
    public static Option<int?> OptionalSeed(string description) => new("--seed")
    {
        Description = description,
        HelpName = "S",
        CustomParser = r => OptionParsers.AnyInt(r),
    };

    /// <summary><c>--backend auto|managed|lapack|gpu</c>, parsed into a <see cref="Backend"/>.</summary>
    /// <param name="defaultBackend">The backend when none is given.</param>
    /// <param name="description">What the backend runs, and what auto chooses.</param>
    public static Option<Backend> Backend(Backend defaultBackend, string description) => new("--backend")
    {
        Description = description,
        HelpName = string.Join('|', Numerics.Backends.Backend.All.Select(b => b.Name)),
        DefaultValueFactory = _ => defaultBackend,
        CustomParser = OptionParsers.BackendName,
    };

    /// <summary><c>--layers n0,n1,...</c>: the layer widths, required.</summary>
    /// <param name="description">What the widths are.</param>
    public static Option<int[]> Layers(string description) => new("--layers")
    {
        Description = description,
        HelpName = "n0,n1,...",
        Required = true,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = OptionParsers.LayerWidths,
    };

    /// <summary><c>--loss name</c>, checked against the known losses.</summary>
    /// <param name="description">The losses and what they mean.</param>
    /// <param name="defaultLoss">The loss when none is given.</param>
    public static Option<string> Loss(string description, string defaultLoss) => new("--loss")
    {
        Description = description,
        HelpName = "name",
        DefaultValueFactory = _ => defaultLoss,
        CustomParser = OptionParsers.LossName,
    };

    /// <summary><c>-o/--out FILE</c>, required.</summary>
    /// <param name="description">What is written there.</param>
    /// <param name="helpName">The value's name in the help.</param>
    public static Option<string> Out(string description, string helpName = "FILE") => new("-o", "--out")
    {
        Description = description,
        HelpName = helpName,
        Required = true,
    };

    /// <summary>Reads an instance that must have weights; without them, bad input in one line saying why a point is needed.</summary>
    /// <param name="path">The instance file.</param>
    /// <param name="why">Why a point is needed, e.g. "hessian needs a point".</param>
    public static Instance ReadPoint(string path, string why)
    {
        var instance = InstanceFile.Read(path);
        return instance.Weights is null ? throw CliException.BadInput($"{path}: weights: missing ({why})") : instance;
    }

    /// <summary>Writes a report's notes to stderr, one "note: " line each.</summary>
    public static void WriteNotes(CliContext context, IEnumerable<string> notes)
    {
        foreach (var note in notes)
        {
            context.Stderr.WriteLine("note: " + note);
        }
    }

    /// <summary>
    /// Writes a result to stdout in the chosen format; a JSON document carries <c>"format": "verifier-DOCUMENT/1"</c>
    /// (<see cref="Tag"/>) first.
    /// </summary>
    public static void Write(CliContext context, string document, OutputFormat format, Func<string> json, Func<string> text) =>
        context.Stdout.Write(format switch
        {
            OutputFormat.Json => Tagged(document, json()),
            OutputFormat.Text => text(),
            _ => throw new System.Diagnostics.UnreachableException($"format {format}"),
        });

    /// <summary>The format tag of the CLI's JSON document named <paramref name="document"/>, e.g. "verifier-verdict/1".</summary>
    public static string Tag(string document) => $"verifier-{document}/1";

    /// <summary>A JSON document with its format tag first (see <see cref="Tag"/>).</summary>
    public static string Tagged(string document, string json) => Landscape.Serialization.VerifierJson.Tagged(json, Tag(document));

    /// <summary>A file's text; bad input in one line when it is missing, a directory, or unreadable.</summary>
    public static string ReadText(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput(
                Directory.Exists(path) ? $"{path}: is a directory, not a file"
                : e is FileNotFoundException or DirectoryNotFoundException ? $"{path}: file not found"
                : $"{path}: cannot read the file ({e.Message})");
        }
    }
}
