using System.CommandLine;
using System.Globalization;
using System.Text;
using Verifier.Landscape.Instances;
using Verifier.Proofs;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier search KIND [--seed S] -o FILE</c>: generates a deep linear instance on which one of Kawaguchi's
/// hypotheses fails, shrinks it, writes it, and prints the theorem claims' verdicts on it. Exit 0 when every claim
/// answers hypotheses-not-met (nothing breaks), 1 when a conclusion breaks (a counterexample was written).
/// </summary>
internal static class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { Description = $"What to search for: {string.Join(", ", HypothesisFailureSearch.Kinds.Keys)}." };
        kind.Validators.Add(OptionParsers.NotAnOption);
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed of the generated starting instance; the same seed gives the same file.",
            HelpName = "S",
            DefaultValueFactory = _ => 1,
            CustomParser = OptionParsers.AnyInt,
        };
        var file = new Option<string>("-o", "--out")
        {
            Description = "The shrunk instance file to write (written atomically: the complete file or none).",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("search", "Finds and shrinks an instance where one of Kawaguchi's hypotheses fails, then runs the theorem's claims on it: exit 0 if none breaks, 1 on a counterexample.")
        {
            kind, seed, file,
        };
        command.SetAction(parse => Run(context, parse.GetValue(kind)!, parse.GetValue(seed), parse.GetValue(file)!));
        return command;
    }

    internal static int Run(CliContext context, string kind, int seed, string path)
    {
        if (!HypothesisFailureSearch.Kinds.ContainsKey(kind))
        {
            throw CliException.Usage($"unknown search kind '{kind}' (known: {string.Join(", ", HypothesisFailureSearch.Kinds.Keys)})", "search");
        }

        OutputPaths.CheckTarget(path);
        var found = HypothesisFailureSearch.Run(kind, seed);
        try
        {
            InstanceFile.Write(found.Instance, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: cannot write the file ({e.Message})");
        }

        var sb = new StringBuilder();
        var d = found.Instance.Data;
        sb.Append(CultureInfo.InvariantCulture, $"wrote {path}: {found.Instance.Network}, {d.Count} samples, seed {seed}, {found.ShrinkSteps} shrinking steps\n");
        sb.Append(CultureInfo.InvariantCulture, $"failing hypothesis: {HypothesisFailureSearch.Kinds[kind].Hypothesis}\n");
        foreach (var v in found.Verdicts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{v.ClaimId}: {v.Verdict.Word} ({v.Verdict.Reason})\n");
        }

        sb.Append(found.ConclusionBreaks ? "a conclusion breaks: the instance is a counterexample\n" : "no conclusion breaks: every theorem claim answers hypotheses-not-met\n");
        context.Stdout.Write(sb.ToString());
        return found.ConclusionBreaks ? ExitCodes.Refuted : ExitCodes.Success;
    }
}
