using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
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
        var shard = new Option<string?>("--shard") { Description = "Run only shard k of n (case i, numbered over the selected cases, when i mod n = k − 1) and write DIR/suite.shard-k-of-n.json; join the shards with 'verifier merge'.", HelpName = "k/n" };
        var output = new Option<string?>("-o", "--out") { Description = "With --shard: the directory for the shard file.", HelpName = "DIR" };
        return CommonOptions.Verb(
            "suite",
            "Runs the papers' claims on their suite cases: a table of verdicts against expectations; exit 1 when any differs (a theorem refuted, a known counterexample not refuted).",
            parse => Run(context, parse.GetValue(paper), parse.GetValue(claim), parse.GetValue(format), parse.GetValue(report), parse.GetValue(budget), parse.GetValue(shard), parse.GetValue(output)),
            paper, claim, budget, format, report, shard, output);
    }

    /// <summary>The experiment name of suite shard files.</summary>
    public const string ShardExperiment = "suite";

    /// <summary>What decides a suite run's cases: the selection and the budget (compared when shards are merged).</summary>
    /// <param name="Paper">--paper, or null.</param>
    /// <param name="Claim">--claim, or null.</param>
    /// <param name="Budget">--budget in seconds.</param>
    internal sealed record SuiteParameters(string? Paper = null, string? Claim = null, double Budget = Numerics.Budgets.WorkLimits.DefaultSeconds);

    /// <summary>One case's outcome in a shard file: what the reports print, and the failed hypotheses of hypotheses-not-met.</summary>
    internal sealed record ShardOutcome(string Claim, string Case, string Expected, string Verdict, string Reason, IReadOnlyList<string>? Failed = null, double Seconds = 0);

    private static int RunShard(CliContext context, IReadOnlyList<CatalogueEntry> entries, SuiteParameters parameters, ShardSpec spec, string dir)
    {
        var items = new List<ShardItem>();
        var outcomes = new List<SuiteOutcome>();
        var limits = Numerics.Budgets.WorkLimits.ForSeconds(parameters.Budget);
        var progress = ProgressLine.For(context, ProgressLine.QuietStart);
        long index = 0;
        for (int e = 0; e < entries.Count; e++)
        {
            for (int c = 0; c < entries[e].Cases.Count; c++, index++)
            {
                if (!spec.Includes(index))
                {
                    continue;
                }

                progress.Show(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"suite shard {spec}: case {index + 1} of the selection ({entries[e].Claim.Id}: {entries[e].Cases[c].Name}), {outcomes.Count} run"));
                var o = SuiteRunner.RunCase(entries[e].Claim, entries[e].Cases[c], limits);
                progress.Clear();
                context.Stdout.WriteLine(SuiteOutput.Row(o));
                outcomes.Add(o);
                var record = new ShardOutcome(o.ClaimId, o.Case, o.Expected.Word(), o.Verdict.Word, o.Verdict.Reason, (o.Verdict as Verdict.HypothesesNotMet)?.Failed, Math.Round(o.Seconds, 4));
                using var json = System.Text.Json.JsonDocument.Parse(VerifierJson.Serialize(record));
                items.Add(new ShardItem(e, c, json.RootElement.Clone()));
            }
        }

        progress.Clear();
        Directory.CreateDirectory(dir);
        ShardedRuns.Finish(context, dir, ShardExperiment, ShardExperiment, parameters, spec, items, _ => { });
        context.Stdout.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"shard {spec}: {outcomes.Count} cases, {outcomes.Count(o => o.Passed)} as expected, {outcomes.Count(o => !o.Passed)} not"));
        return outcomes.All(o => o.Passed) ? ExitCodes.Success : ExitCodes.Refuted;
    }

    /// <summary>
    /// The merged shards of a suite run, written as one run writes its reports: DIR/suite.json (the document of
    /// --format json), suite.md and suite.xml; the summary on stdout. Exit 0 when every case was as expected.
    /// </summary>
    internal static int WriteMerged(CliContext context, string dir, SuiteParameters parameters, IReadOnlyList<ShardItem> items, OutputFormat format = OutputFormat.Text)
    {
        var entries = Select(parameters.Paper, parameters.Claim);
        int expected = entries.Sum(e => e.Cases.Count);
        if (items.Count != expected)
        {
            throw CliException.BadInput($"the shards hold {items.Count} cases, but the selection has {expected}: the catalogue changed since they ran");
        }

        var outcomes = items.Select(i =>
        {
            var r = VerifierJson.Deserialize<ShardOutcome>(i.Outcome);
            var expectation = Enum.GetValues<Expectation>().Single(x => x.Word() == r.Expected);
            Verdict verdict = r.Verdict switch
            {
                "verified" => new Verdict.Verified(r.Reason, Evidence.Of(EvidenceMethod.FloatingPoint)),
                "refuted" => new Verdict.Refuted(r.Reason, Evidence.Of(EvidenceMethod.FloatingPoint)),
                "hypotheses-not-met" => new Verdict.HypothesesNotMet(r.Failed ?? []),
                _ => new Verdict.Inconclusive(r.Reason),
            };
            return new SuiteOutcome(r.Claim, r.Case, expectation, verdict, r.Seconds);
        }).ToList();
        Directory.CreateDirectory(dir);
        var json = SuiteOutput.Json(entries, outcomes);
        AtomicFile.WriteAllText(Path.Combine(dir, "suite.json"), json);
        AtomicFile.WriteAllText(Path.Combine(dir, "suite.md"), SuiteOutput.Markdown(entries, outcomes));
        AtomicFile.WriteAllText(Path.Combine(dir, "suite.xml"), SuiteOutput.JUnit(entries, outcomes, DateTimeOffset.UtcNow));
        context.Stdout.Write(format == OutputFormat.Json ? json : SuiteOutput.Summary(entries, outcomes));
        context.Stderr.WriteLine($"wrote {Path.Combine(dir, "suite.json")}, suite.md and suite.xml ({outcomes.Count} cases)");
        return outcomes.All(o => o.Passed) ? ExitCodes.Success : ExitCodes.Refuted;
    }

    internal static int Run(CliContext context, string? paper, string? claimId, OutputFormat format, string? reportPath = null, double budgetSeconds = Numerics.Budgets.WorkLimits.DefaultSeconds, string? shardText = null, string? dir = null)
    {
        var spec = ShardedRuns.Parse(shardText);
        if (shardText is not null && (dir is null || reportPath is not null || format == OutputFormat.Json))
        {
            throw CliException.Usage(dir is null ? "--shard needs -o DIR for the shard file" : "--shard writes a shard file: --report and --format json belong to 'verifier merge'", "suite");
        }

        if (shardText is null && dir is not null)
        {
            throw CliException.Usage("-o DIR is the directory of a --shard run's file", "suite");
        }

        var entries = Select(paper, claimId);
        if (shardText is not null)
        {
            return RunShard(context, entries, new SuiteParameters(paper, claimId, budgetSeconds), spec, dir!);
        }

        var render = reportPath is null ? null : ReportRenderer(reportPath);
        var outcomes = RunCases(context, entries, format, Numerics.Budgets.WorkLimits.ForSeconds(budgetSeconds));
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

    /// <summary>
    /// Decides every selected case in order, writing its row as it finishes (on stdout in text, on stderr beside a
    /// JSON document) and, on stderr, the progress: a live line naming the case at work on a terminal, otherwise a
    /// plain <c>progress:</c> line now and then.
    /// </summary>
    private static List<SuiteOutcome> RunCases(CliContext context, IReadOnlyList<CatalogueEntry> entries, OutputFormat format, Numerics.Budgets.WorkLimits limits)
    {
        var progress = ProgressLine.For(context, ProgressLine.QuietStart);
        var row = format == OutputFormat.Text ? context.Stdout : context.Stderr;
        int total = entries.Sum(e => e.Cases.Count), done = 0, unexpected = 0;
        var outcomes = new List<SuiteOutcome>(total);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var entry in entries)
        {
            foreach (var suiteCase in entry.Cases)
            {
                progress.Show(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"suite: case {done + 1}/{total} ({entry.Claim.Id}: {suiteCase.Name}), {unexpected} not as expected, {clock.Elapsed.TotalSeconds:0} s"));
                var outcome = SuiteRunner.RunCase(entry.Claim, suiteCase, limits);
                done++;
                unexpected += outcome.Passed ? 0 : 1;
                progress.Clear();
                row.WriteLine(SuiteOutput.Row(outcome));
                outcomes.Add(outcome);
            }
        }

        progress.Clear();
        return outcomes;
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
