using System.CommandLine.Parsing;
using System.Globalization;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Backends;

namespace Verifier.Cli.Commands;

/// <summary>
/// Custom parsers for command-line values. Each turns a bad value into a parse error that names the
/// option and the accepted values, so it is reported as one usage line (exit 2).
/// </summary>
internal static class OptionParsers
{
    /// <summary>The output formats of verbs that print a result.</summary>
    public const string FormatList = "text, json";

    public static int PositiveInt(ArgumentResult result) => Int(result, minimum: 1);

    public static int AnyInt(ArgumentResult result) => Int(result, minimum: int.MinValue);

    public static int[] LayerWidths(ArgumentResult result)
    {
        var text = SingleToken(result);
        var parts = text.Split(',');
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                result.AddError($"{OptionName(result)}: '{text}' is not a comma-separated list of positive layer widths such as 10,64,1");
                return [];
            }
        }

        if (widths.Length < 2)
        {
            result.AddError($"{OptionName(result)}: '{text}' has {widths.Length} width; at least two are needed (input and output), such as 10,64,1");
            return [];
        }

        return widths;
    }

    /// <summary>An activation name, checked here and turned into <see cref="Activation"/> by <see cref="Names.ParseActivation"/>.</summary>
    public static string ActivationName(ArgumentResult result) =>
        KnownName(result, "activation", text => Names.ParseActivation(text) is not null, Names.ActivationList);

    /// <summary>A loss name, checked here and turned into <see cref="LossKind"/> by <see cref="Names.ParseLoss"/>.</summary>
    public static string LossName(ArgumentResult result) =>
        KnownName(result, "loss", text => Names.ParseLoss(text) is not null, Names.LossList);

    /// <summary>A name from a fixed list (a method, an activation), left as text for the verb to turn into its type.</summary>
    /// <param name="result">The option's tokens.</param>
    /// <param name="what">What the name names, for the error ("method").</param>
    /// <param name="isKnown">Whether a text is one of the names.</param>
    /// <param name="list">The names, for the error.</param>
    public static string KnownName(ArgumentResult result, string what, Func<string, bool> isKnown, string list)
    {
        var text = SingleToken(result);
        if (!isKnown(text))
        {
            result.AddError($"{OptionName(result)}: unknown {what} '{text}' (expected one of {list})");
        }

        return text;
    }

    public static bool Boolean(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return true; // a bare flag such as --bias
        }

        var text = SingleToken(result);
        switch (text)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                result.AddError($"{OptionName(result)}: '{text}' is not a boolean (expected true or false)");
                return false;
        }
    }

    public static OutputFormat Format(ArgumentResult result)
    {
        var text = SingleToken(result);
        switch (text)
        {
            case "text":
                return OutputFormat.Text;
            case "json":
                return OutputFormat.Json;
            default:
                result.AddError($"{OptionName(result)}: unknown format '{text}' (expected one of {FormatList})");
                return OutputFormat.Text;
        }
    }

    /// <summary>A backend name, parsed into a <see cref="Backend"/>.</summary>
    public static Backend BackendName(ArgumentResult result)
    {
        var text = SingleToken(result);
        if (Backend.Parse(text) is { } backend)
        {
            return backend;
        }

        result.AddError($"{OptionName(result)}: unknown backend '{text}' (expected one of {Backend.NameList})");
        return new Backend.Auto();
    }

    /// <summary>
    /// Rejects a file argument that looks like an option: System.CommandLine takes an unknown "--frob" as the
    /// argument's value and then complains about the next token instead.
    /// </summary>
    public static void NotAnOption(ArgumentResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value))
            {
                result.AddError($"{Program.UnknownOptionPrefix} '{token.Value}'");
            }
        }
    }

    /// <summary>A finite number above zero, e.g. a radius.</summary>
    public static double? PositiveFiniteDouble(ArgumentResult result) => FiniteDouble(result, above: true);

    /// <summary>A finite number ≥ 0, e.g. a broadening where 0 asks for the default.</summary>
    public static double NonNegativeFiniteDouble(ArgumentResult result) => FiniteDouble(result, above: false) ?? 0;

    // A finite number above 0 (above) or at least 0; null, with the error added, otherwise.
    private static double? FiniteDouble(ArgumentResult result, bool above)
    {
        var text = SingleToken(result);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0 || (above && value == 0))
        {
            result.AddError($"{OptionName(result)}: '{text}' is not a finite number {(above ? "above 0" : "≥ 0")}");
            return null;
        }

        return value;
    }

    private static int Int(ArgumentResult result, int minimum)
    {
        var text = SingleToken(result);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{OptionName(result)}: '{text}' is not an integer{(minimum == 1 ? " ≥ 1" : "")}");
            return 0;
        }

        if (value < minimum)
        {
            result.AddError($"{OptionName(result)}: must be at least {minimum}, got {value}");
            return 0;
        }

        return value;
    }

    private static string SingleToken(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    private static string OptionName(ArgumentResult result) =>
        result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}

/// <summary>How a verb prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>A readable summary; the default (an absent <c>--format</c> parses to this zero value).</summary>
    Text = 0,

    /// <summary>Exactly one JSON document on stdout.</summary>
    Json,
}
