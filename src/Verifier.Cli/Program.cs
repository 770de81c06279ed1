using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using System.Text;
using Verifier.Cli.Commands;
using Verifier.Landscape.Instances;

namespace Verifier.Cli;

/// <summary>The entry point of the <c>verifier</c> command.</summary>
/// <remarks>
/// Every outcome maps to an exit code of <see cref="ExitCodes"/>. Failures print exactly one line on stderr,
/// starting with <c>error:</c> (bad input or usage, exit 2) or <c>internal error:</c> (exit 4), and never a
/// stack trace; stdout then stays empty, so <c>--format json</c> output is either one whole document or nothing.
/// </remarks>
internal static class Program
{
    /// <summary>The command's name as users type it (also in hints), independent of the host process name.</summary>
    public const string CommandName = "verifier";

    /// <summary>The start of the message for a token that looks like an option but is none.</summary>
    internal const string UnknownOptionPrefix = "unknown option";

    private static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs one command line, writing to the given streams; returns the exit code.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var context = new CliContext(stdout, stderr);
            var root = BuildRoot(context);
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Action is ParseErrorAction)
            {
                stderr.WriteLine(UsageErrorLine(parse));
                return ExitCodes.BadInput;
            }

            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (CliException e)
        {
            var line = "error: " + OneLine(e.Message);
            if (e.HelpCommand is not null)
            {
                line += $"; see '{HelpHint(e.HelpCommand)}'";
            }

            stderr.WriteLine(line);
            return e.ExitCode;
        }
        catch (InstanceFormatException e)
        {
            stderr.WriteLine("error: " + OneLine(e.Message));
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            if (Environment.GetEnvironmentVariable("VERIFIER_TRACE") == "1")
            {
                stderr.WriteLine(e.ToString());
            }

            return ExitCodes.InternalError;
        }
    }

    /// <summary>The command tree.</summary>
    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("Checks theorems about neural-network loss landscapes on concrete instances.");
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new VersionAction();
        }

        Command[] verbs =
        [
            AnalyzeCommand.Create(context),
            GenerateCommand.Create(context),
            OptimizeCommand.Create(context),
            HessianCommand.Create(context),
            DensityCommand.Create(context),
            CheckCommand.Create(context),
            ClaimsCommand.Create(context),
            SuiteCommand.Create(context),
            SearchCommand.Create(context),
            LinearCommand.Create(context),
            CertifyCommand.Create(context),
            CertifyCommand.CreateVerify(context),
            PathCommand.Create(context),
            ConnectCommand.Create(context),
            BasinCommand.Create(context),
            ValidateCommand.Create(context),
            TrainCommand.Create(context),
            TableCommand.Create(context),
            TableCommand.CreateMerge(context),
            ExperimentCommand.Create(context),
            TraceCommand.Create(context),
            SplitCommand.Create(context),
            PlotCommand.Create(context),
            BenchCommand.Create(context),
        ];
        foreach (var verb in verbs)
        {
            root.Add(verb);
        }

        return root;
    }

    /// <summary>This tool's version (not the host's: in-process callers such as a test host have their own).</summary>
    internal static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(Program).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return ExitCodes.Success;
        }
    }

    /// <summary>Collapses a message onto one line (System.CommandLine and exception messages may hold newlines and tabs).</summary>
    internal static string OneLine(string message)
    {
        var sb = new StringBuilder(message.Length);
        bool space = false;
        foreach (var c in message.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string UsageErrorLine(ParseResult parse)
    {
        // The most telling error first: a misspelt option or verb explains the errors that follow from it.
        var message = parse.Errors
            .OrderBy(e => e.Message.StartsWith(UnknownOptionPrefix, StringComparison.Ordinal) ? 0 : e.Message.Contains("Unrecognized", StringComparison.Ordinal) ? 1 : 2)
            .Select(e => e.Message)
            .FirstOrDefault() ?? "invalid command line";
        var line = "error: " + OneLine(message).TrimEnd('.');
        return line + $"; see '{HelpHint(CommandPath(parse.CommandResult))}'";
    }

    private static string HelpHint(string commandPath) =>
        commandPath.Length == 0 ? $"{CommandName} --help" : $"{CommandName} {commandPath} --help";

    /// <summary>The subcommand path below the root, e.g. "generate mlp" (empty for the root).</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Parent is not null; r = r.Parent)
        {
            names.Add(c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}

/// <summary>The streams a command writes to: results on stdout, messages and progress on stderr.</summary>
internal sealed record CliContext(TextWriter Stdout, TextWriter Stderr);
