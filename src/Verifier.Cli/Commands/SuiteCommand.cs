using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Proofs;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier suite [--paper KEY] [--claim ID] [--format text|json] [--report FILE.md|FILE.xml|FILE.json]</c>: runs the
/// catalogue's claims on their suite cases and compares each verdict with the expected one, optionally writing a report
/// (Markdown, JUnit XML for CI, or JSON) as well. Exit 0 when every verdict is as expected, 1 otherwise.
/// </summary>
internal static class SuiteCommand
{
    public static Command Create(CliContext context)
    {
        var paper = new Option<string?>("--paper") { Description = $"Only this paper's claims ({Known}).", HelpName = "KEY" };
        var claim = new Option<string?>("--claim") { Description = "Only this claim (see 'verifier claims').", HelpName = "ID" };
        var format = CommonOptions.Format();
        var report = new Option<string?>("--report")
        {
            Description = "Also write a report to FILE, in the format its extension names: .md (Markdown tables), .xml (JUnit XML, for CI) or .json (the document of --format json). Written whole or not at all.",
            HelpName = "FILE",
        };
        var budget = CommonOptions.Budget();
        return CommonOptions.Verb(
            "suite",
            "Runs the papers' claims on their suite cases: a table of verdicts against expectations; exit 1 when any differs (a theorem refuted, a known counterexample not refuted).",
            parse => Run(context, parse.GetValue(paper), parse.GetValue(claim), parse.GetValue(format), parse.GetValue(report), parse.GetValue(budget)),
            paper, claim, budget, format, report);
    }

    internal static int Run(CliContext context, string? paper, string? claimId, OutputFormat format, string? reportPath = null, double budgetSeconds = Numerics.Budgets.WorkLimits.DefaultSeconds)
    {
        var entries = Select(paper, claimId);
        var render = reportPath is null ? null : ReportRenderer(reportPath);
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
        }, Numerics.Budgets.WorkLimits.ForSeconds(budgetSeconds));
        context.Stdout.Write(format == OutputFormat.Json ? SuiteOutput.Json(entries, outcomes) : SuiteOutput.Summary(entries, outcomes));
        if (reportPath is not null && render is not null)
        {
            try
            {
                AtomicFile.WriteAllText(reportPath, render(entries, outcomes));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.BadInput($"{reportPath}: cannot write the report ({e.Message})");
            }

            context.Stderr.WriteLine($"wrote {reportPath}");
        }

        return outcomes.All(o => o.Passed) ? ExitCodes.Success : ExitCodes.Refuted;
    }

    /// <summary>The renderer of the report format a path's extension names; a usage error (before any case runs) for any other path.</summary>
    private static Func<IReadOnlyList<CatalogueEntry>, IReadOnlyList<SuiteOutcome>, string> ReportRenderer(string path)
    {
        Func<IReadOnlyList<CatalogueEntry>, IReadOnlyList<SuiteOutcome>, string> render = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".md" => SuiteOutput.Markdown,
            ".xml" => (e, o) => SuiteOutput.JUnit(e, o, DateTimeOffset.UtcNow),
            ".json" => SuiteOutput.Json,
            _ => throw CliException.Usage($"--report: '{path}' must end in .md (Markdown), .xml (JUnit XML) or .json", "suite"),
        };
        OutputPaths.CheckTarget(path);
        return render;
    }

    /// <summary>The paper keys <c>--paper</c> accepts, in the contract's order.</summary>
    private static string Known => string.Join(", ", PaperKey.Papers.Select(p => p.Word));

    private static IReadOnlyList<CatalogueEntry> Select(string? paper, string? claimId)
    {
        IReadOnlyList<CatalogueEntry> entries = Catalogue.PaperEntries;
        if (paper is not null)
        {
            if (!PaperKey.TryParse(paper, out var key) || key == PaperKey.Generic)
            {
                throw CliException.Usage($"unknown paper '{paper}' (known: {Known})", "suite");
            }

            entries = Catalogue.ForPaper(key);
            if (entries.Count == 0)
            {
                throw CliException.Usage($"paper '{paper}' has no claims in the catalogue yet (papers with claims: {string.Join(", ", Catalogue.CoveredPapers.Select(p => p.Word))})", "suite");
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
