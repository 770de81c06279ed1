using System.CommandLine;
using System.Globalization;
using System.Text;
using Verifier.Landscape.Instances;
using Verifier.Proofs;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier search KIND [--seed S] [--budget SECONDS] -o FILE</c>: generates a deep linear instance on which one of
/// Kawaguchi's hypotheses fails, shrinks it (within the budget, when one is given), writes it, and prints the theorem
/// claims' verdicts on it. Exit 0 when every claim
/// answers hypotheses-not-met (nothing breaks), 1 when a conclusion breaks (a counterexample was written).
/// </summary>
internal static class SearchCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { Description = $"What to search for: {BadMinimumSearchCommand.Kind} (a certified bad local minimum of a small network), or an instance where one of Kawaguchi's hypotheses fails: {string.Join(", ", HypothesisFailureSearch.Kinds.Keys)}." };
        kind.Validators.Add(OptionParsers.NotAnOption);
        var seed = CommonOptions.Seed("Random seed of the generated starting instance; the same seed gives the same file.", 1);
        var budget = new Option<double?>("--budget")
        {
            Description = $"Seconds the search may take. For {BadMinimumSearchCommand.Kind}: the whole search (default {BadMinimumSearchCommand.DefaultBudget} s; exit 3 when it ends without a counterexample). For the hypothesis kinds: the shrinking (default: until no move is left).",
            HelpName = "SECONDS",
            CustomParser = OptionParsers.PositiveFiniteDouble,
        };
        var file = CommonOptions.Out("The shrunk instance file to write (written atomically: the complete file or none); bad-local-min also writes FILE's .witness.json and .cert.json beside it.");
        var bad = new BadMinimumSearchCommand.Options();
        return CommonOptions.Verb(
            "search",
            "Finds a certified bad local minimum of a small network (bad-local-min), or an instance where one of Kawaguchi's hypotheses fails; shrinks it and writes it: exit 1 on a counterexample.",
            parse => parse.GetValue(kind) == BadMinimumSearchCommand.Kind
                ? BadMinimumSearchCommand.Run(context, bad.Read(parse), parse.GetValue(seed), parse.GetValue(file)!, parse.GetValue(budget))
                : Run(context, parse.GetValue(kind)!, parse.GetValue(seed), parse.GetValue(file)!, parse.GetValue(budget), bad.Given(parse)),
            [kind, seed, budget, file, .. bad.All]);
    }

    // A positive number of seconds as a positive time span: at least one tick, at most TimeSpan.MaxValue.
    internal static TimeSpan Budget(double seconds) =>
        seconds >= TimeSpan.MaxValue.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromTicks(Math.Max(1L, (long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond)));

    internal static int Run(CliContext context, string kind, int seed, string path, double? budgetSeconds = null, string? badMinimumOption = null)
    {
        if (!HypothesisFailureSearch.Kinds.ContainsKey(kind))
        {
            throw CliException.Usage($"unknown search kind '{kind}' (known: {BadMinimumSearchCommand.Kind}, {string.Join(", ", HypothesisFailureSearch.Kinds.Keys)})", "search");
        }

        if (badMinimumOption is not null)
        {
            throw CliException.Usage($"{badMinimumOption} applies only to search {BadMinimumSearchCommand.Kind}", "search");
        }

        OutputPaths.CheckTarget(path);
        var found = HypothesisFailureSearch.Run(kind, seed, budgetSeconds is { } s ? Budget(s) : null);
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
        if (!found.Minimal)
        {
            sb.Append(CultureInfo.InvariantCulture, $"the budget of {budgetSeconds} s ran out while shrinking: the instance may not be minimal\n");
        }

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
