using System.Globalization;
using System.Text;
using Verifier.Proofs;

namespace Verifier.Cli.Output;

/// <summary>Renders suite outcomes: one row per case as it finishes, then a per-claim summary (text) or one JSON document.</summary>
internal static class SuiteOutput
{
    public static string Row(SuiteOutcome o) =>
        string.Create(CultureInfo.InvariantCulture, $"{(o.Passed ? "ok  " : "FAIL")}  {o.ClaimId}  {o.Case}: {o.Verdict.Word}{(o.Passed ? "" : $" (expected {o.Expected}): {o.Verdict.Reason}")}  [{o.Seconds:F2} s]");

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
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("cases", outcomes.Count);
            w.WriteNumber("asExpected", outcomes.Count(o => o.Passed));
            w.WriteNumber("notAsExpected", outcomes.Count(o => !o.Passed));
            w.WriteStartArray("claims");
            foreach (var entry in entries)
            {
                var mine = outcomes.Where(o => o.ClaimId == entry.Claim.Id).ToList();
                w.WriteStartObject();
                w.WriteString("claim", entry.Claim.Id);
                w.WriteString("paper", entry.Claim.Paper);
                w.WriteBoolean("asExpected", mine.All(o => o.Passed));
                w.WriteStartArray("cases");
                foreach (var o in mine)
                {
                    w.WriteStartObject();
                    w.WriteString("case", o.Case);
                    w.WriteString("expected", o.Expected);
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
}
