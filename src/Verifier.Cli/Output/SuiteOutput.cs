using System.Globalization;
using System.Text;
using System.Xml;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Serialization;
using Verifier.Proofs;

namespace Verifier.Cli.Output;

/// <summary>
/// Renders suite outcomes: one row per case as it finishes, then a per-claim summary (text) or one JSON document; and
/// the reports of <c>--report</c>: Markdown tables or JUnit XML (one test suite per claim, one test case per suite
/// case, a failure where the verdict is not the expected one).
/// </summary>
internal static class SuiteOutput
{
    public static string Row(SuiteOutcome o) =>
        string.Create(CultureInfo.InvariantCulture, $"{(o.Passed ? "ok  " : "FAIL")}  {o.ClaimId}  {o.Case}: {o.Verdict.Word}{(o.Passed ? "" : $" (expected {o.Expected.Word()}): {o.Verdict.Reason}")}  [{o.Seconds:F2} s]");

    public static string Summary(IReadOnlyList<CatalogueEntry> entries, IReadOnlyList<SuiteOutcome> outcomes)
    {
        var sb = new StringBuilder("\n");
        int width = Math.Max(5, entries.Max(e => e.Claim.Id.Length));
        sb.Append(CultureInfo.InvariantCulture, $"{"claim".PadRight(width)}  cases  as expected  verdicts\n");
        foreach (var entry in entries)
        {
            var mine = outcomes.Where(o => o.ClaimId == entry.Claim.Id).ToList();
            var words = string.Join(", ", mine.GroupBy(o => o.Verdict.Word).Select(g => $"{g.Count()} {g.Key}"));
            sb.Append(CultureInfo.InvariantCulture, $"{entry.Claim.Id.PadRight(width)}  {mine.Count,5}  {mine.Count(o => o.Passed),11}  {words}\n");
        }

        int failed = outcomes.Count(o => !o.Passed);
        sb.Append(CultureInfo.InvariantCulture, $"\n{entries.Count} claims, {outcomes.Count} cases: {outcomes.Count - failed} as expected, {failed} not\n");
        return sb.ToString();
    }

    public static string Json(IReadOnlyList<CatalogueEntry> entries, IReadOnlyList<SuiteOutcome> outcomes)
    {
        return VerifierJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", Commands.CommonOptions.Tag("suite-report"));
            w.WriteNumber("cases", outcomes.Count);
            w.WriteNumber("asExpected", outcomes.Count(o => o.Passed));
            w.WriteNumber("notAsExpected", outcomes.Count(o => !o.Passed));
            w.WriteStartArray("claims");
            foreach (var entry in entries)
            {
                var mine = outcomes.Where(o => o.ClaimId == entry.Claim.Id).ToList();
                w.WriteStartObject();
                w.WriteString("claim", entry.Claim.Id);
                w.WriteString("paper", entry.Claim.Paper.Word);
                w.WriteBoolean("asExpected", mine.All(o => o.Passed));
                w.WriteStartArray("cases");
                foreach (var o in mine)
                {
                    w.WriteStartObject();
                    w.WriteString("case", o.Case);
                    w.WriteString("expected", o.Expected.Word());
                    w.WriteString("verdict", o.Verdict.Word);
                    w.WriteString("reason", o.Verdict.Reason);
                    w.WriteNumber("seconds", Math.Round(o.Seconds, 4));
                    w.WriteBoolean("asExpected", o.Passed);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static string Markdown(IReadOnlyList<CatalogueEntry> entries, IReadOnlyList<SuiteOutcome> outcomes)
    {
        int failed = outcomes.Count(o => !o.Passed);
        var sb = new StringBuilder("# verifier suite\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{entries.Count} claims, {outcomes.Count} cases: {outcomes.Count - failed} as expected, {failed} not.\n");
        foreach (var entry in entries)
        {
            var mine = outcomes.Where(o => o.ClaimId == entry.Claim.Id).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"\n## {Cell(entry.Claim.Id)}\n\n");
            sb.Append("| case | expected | verdict | as expected | seconds | reason |\n|---|---|---|---|---|---|\n");
            foreach (var o in mine)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(o.Case)} | {o.Expected.Word()} | {o.Verdict.Word} | {(o.Passed ? "yes" : "**no**")} | {o.Seconds:F2} | {Cell(o.Verdict.Reason)} |\n");
            }
        }

        return sb.ToString();

        // A table cell on one line, its pipes escaped.
        static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
    }

    /// <summary>
    /// JUnit XML: a test suite per claim with a <c>timestamp</c>, a test case per suite case; a verdict other than the
    /// expected one is a failure, an expected <c>inconclusive</c> is marked skipped (the methods ran out, as the case
    /// expects: nothing was proved either way).
    /// </summary>
    public static string JUnit(IReadOnlyList<CatalogueEntry> entries, IReadOnlyList<SuiteOutcome> outcomes, DateTimeOffset timestamp)
    {
        var stamp = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        static bool Skipped(SuiteOutcome o) => o.Passed && o.Verdict is Verdict.Inconclusive;
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "verifier suite");
            w.WriteAttributeString("tests", Invariant(outcomes.Count));
            w.WriteAttributeString("failures", Invariant(outcomes.Count(o => !o.Passed)));
            w.WriteAttributeString("skipped", Invariant(outcomes.Count(Skipped)));
            w.WriteAttributeString("timestamp", stamp);
            w.WriteAttributeString("time", Seconds(outcomes.Sum(o => o.Seconds)));
            foreach (var entry in entries)
            {
                var mine = outcomes.Where(o => o.ClaimId == entry.Claim.Id).ToList();
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", entry.Claim.Id);
                w.WriteAttributeString("tests", Invariant(mine.Count));
                w.WriteAttributeString("failures", Invariant(mine.Count(o => !o.Passed)));
                w.WriteAttributeString("skipped", Invariant(mine.Count(Skipped)));
                w.WriteAttributeString("timestamp", stamp);
                w.WriteAttributeString("time", Seconds(mine.Sum(o => o.Seconds)));
                foreach (var o in mine)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("classname", entry.Claim.Id);
                    w.WriteAttributeString("name", o.Case);
                    w.WriteAttributeString("time", Seconds(o.Seconds));
                    if (!o.Passed)
                    {
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("message", $"verdict {o.Verdict.Word}, expected {o.Expected.Word()}");
                        w.WriteString(o.Verdict.Reason);
                        w.WriteEndElement();
                    }
                    else if (Skipped(o))
                    {
                        w.WriteStartElement("skipped");
                        w.WriteAttributeString("message", $"inconclusive (as expected): {o.Verdict.Reason}");
                        w.WriteEndElement();
                    }
                    else
                    {
                        w.WriteElementString("system-out", $"{o.Verdict.Word}: {o.Verdict.Reason}");
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";

        static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
        static string Seconds(double s) => s.ToString("F3", CultureInfo.InvariantCulture);
    }
}
