using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Proofs;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier suite [--paper KEY] [--claim ID] [--format text|json]</c>: runs the catalogue's claims on their suite
/// cases and compares each verdict with the expected one. Exit 0 when every verdict is as expected, 1 otherwise.
/// </summary>
internal static class SuiteCommand
{
    public static Command Create(CliContext context)
    {
        var paper = new Option<string?>("--paper") { Description = $"Only this paper's claims ({string.Join(", ", Paper.Keys)}).", HelpName = "KEY" };
        var claim = new Option<string?>("--claim") { Description = "Only this claim (see 'verifier claims').", HelpName = "ID" };
        var format = new Option<string>("--format")
        {
            Description = $"Output format: {OptionParsers.FormatList}. With json, stdout holds exactly one JSON document.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
            CustomParser = OptionParsers.Format,
        };
        var command = new Command("suite", "Runs the papers' claims on their suite cases: a table of verdicts against expectations; exit 1 when any differs (a theorem refuted, a known counterexample not refuted).")
        {
            paper, claim, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(paper), parse.GetValue(claim), OptionParsers.ParseFormat(parse.GetValue(format)) ?? OutputFormat.Text));
        return command;
    }

    internal static int Run(CliContext context, string? paper, string? claimId, OutputFormat format)
    {
        var entries = Select(paper, claimId);
        var outcomes = SuiteRunner.Run(entries, o =>
        {
            if (format == OutputFormat.Text)
            {
                context.Stdout.WriteLine(SuiteOutput.Row(o));
            }
            else
            {
                context.Stderr.WriteLine(SuiteOutput.Row(o));
            }
        });
        context.Stdout.Write(format == OutputFormat.Json ? SuiteOutput.Json(entries, outcomes) : SuiteOutput.Summary(entries, outcomes));
        return outcomes.All(o => o.Passed) ? ExitCodes.Success : ExitCodes.Refuted;
    }

    private static IReadOnlyList<CatalogueEntry> Select(string? paper, string? claimId)
    {
        IReadOnlyList<CatalogueEntry> entries = Catalogue.PaperEntries;
        if (paper is not null)
        {
            if (!Paper.Keys.Contains(paper))
            {
                throw CliException.Usage($"unknown paper '{paper}' (known: {string.Join(", ", Paper.Keys)})", "suite");
            }

            entries = Catalogue.ForPaper(paper);
            if (entries.Count == 0)
            {
                var covered = Catalogue.PaperEntries.Select(e => e.Claim.Paper).Distinct();
                throw CliException.Usage($"paper '{paper}' has no claims in the catalogue yet (papers with claims: {string.Join(", ", covered)})", "suite");
            }
        }

        if (claimId is not null)
        {
            if (Catalogue.Find(claimId) is null)
            {
                throw CliException.Usage($"unknown claim '{claimId}' (see 'verifier claims')", "suite");
            }

            entries = [.. entries.Where(e => e.Claim.Id == claimId)];
            if (entries.Count == 0)
            {
                throw CliException.Usage(paper is null
                    ? $"claim '{claimId}' has no suite cases (generic claims are checked on an instance with 'verifier check')"
                    : $"claim '{claimId}' is not one of paper '{paper}''s claims", "suite");
            }
        }

        return entries;
    }
}
