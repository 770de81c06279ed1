using System.Buffers;
using System.Globalization;
using System.Text;
using Verifier.Cli.Commands;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Renders the <c>verifier bench</c> report as a JSON document or as a readable table.</summary>
/// <remarks>Times are in seconds per operation in JSON and in a fitting unit in the table.</remarks>
internal static class BenchOutput
{
    /// <summary>The value of the document's <c>format</c> field.</summary>
    public const string FormatName = "verifier-bench/1";

    /// <summary>The JSON document (camelCase fields, one trailing newline).</summary>
    public static string Json(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return VerifierJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteStartObject("machine");
            w.WriteNumber("processorCount", report.Machine.ProcessorCount);
            if (report.Machine.Processor is { } processor)
            {
                w.WriteString("processor", processor);
            }
            else
            {
                w.WriteNull("processor");
            }

            w.WriteString("os", report.Machine.Os);
            w.WriteString("runtime", report.Machine.Runtime);
            w.WriteString("architecture", report.Machine.Architecture);
            w.WriteString("build", report.Machine.OptimizedBuild ? "Release" : "Debug");
            w.WriteEndObject();
            w.WriteBoolean("quick", report.Settings.Quick);
            w.WriteNumber("repeat", report.Settings.Repeat);
            w.WriteString("statistic", "median");
            w.WriteString("unit", "seconds per operation");
            w.WriteStartArray("rows");
            foreach (var r in report.Results)
            {
                w.WriteStartObject();
                w.WriteString("operation", r.Case.Operation);
                w.WriteString("title", r.Case.Title);
                w.WriteString("size", r.Case.Size);
                w.WriteString("backend", r.Case.Backend);
                w.WriteString("baseline", r.Case.Baseline);
                w.WriteNumber("seconds", r.Median);
                w.WriteStartArray("samples");
                foreach (var s in r.Samples)
                {
                    w.WriteNumberValue(s);
                }

                w.WriteEndArray();
                if (r.Speedup is { } speedup)
                {
                    w.WriteNumber("speedup", speedup);
                }
                else
                {
                    w.WriteNull("speedup");
                }

                if (r.Case.Goal is { } goal)
                {
                    w.WriteNumber("goal", goal);
                }
                else
                {
                    w.WriteNull("goal");
                }

                if (r.GoalMet is { } met)
                {
                    w.WriteBoolean("goalMet", met);
                }
                else
                {
                    w.WriteNull("goalMet");
                }

                if (r.Note is { } note)
                {
                    w.WriteString("note", note);
                }
                else
                {
                    w.WriteNull("note");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>A table for a terminal: one line per row, the operation and size shown once per group.</summary>
    public static string Text(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"machine  {report.Machine.Describe()}\n");
        sb.Append(CultureInfo.InvariantCulture, $"timing   median of {report.Settings.Repeat} per operation{(report.Settings.Quick ? " (quick sizes)" : "")}; speed-up = baseline time / time\n\n");
        bool goals = report.Results.Any(r => r.Case.Goal is not null);
        string[] header = goals ? ["operation", "size", "backend", "time", "speed-up", "goal"] : ["operation", "size", "backend", "time", "speed-up"];
        var rows = new List<string[]>();
        string? group = null;
        foreach (var r in report.Results)
        {
            var key = r.Case.Operation + "\n" + r.Case.Size;
            bool first = key != group;
            group = key;
            string[] cells =
            [
                first ? r.Case.Title : "",
                first ? r.Case.Size : "",
                r.Case.Backend + (r.Case.Backend == r.Case.Baseline ? " (baseline)" : ""),
                Duration(r.Median),
                r.Speedup is { } s && r.Case.Backend != r.Case.Baseline ? Ratio(s) : "",
            ];
            rows.Add(goals ? [.. cells, Goal(r)] : cells);
        }

        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        void Line(string[] cells)
        {
            var line = new StringBuilder();
            for (int c = 0; c < cells.Length; c++)
            {
                // Times and ratios are right-aligned so that their units line up.
                line.Append(c >= 3 ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]));
                line.Append("  ");
            }

            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }

        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }

        var notes = report.Results.Where(r => r.Note is not null).ToList();
        if (notes.Count > 0)
        {
            sb.Append('\n');
            foreach (var r in notes)
            {
                sb.Append(CultureInfo.InvariantCulture, $"note     {r.Case.Operation} [{r.Case.Size}] {r.Case.Backend}: {r.Note}\n");
            }
        }

        return sb.ToString();
    }

    // A goal of at least 1 as a speed-up ("≥ 3.00× faster: met"), one below 1 as a time ratio, which is how such goals
    // are stated ("time ≤ 1.30× baseline: missed (1.41×)"); empty without a goal.
    private static string Goal(BenchResult r)
    {
        if (r.Case.Goal is not { } goal)
        {
            return "";
        }

        var verdict = r.GoalMet is { } met ? met ? ": met" : ": missed" : "";
        return goal >= 1
            ? "≥ " + Ratio(goal) + " faster" + verdict
            : "time ≤ " + Ratio(1 / goal) + " baseline" + verdict + (r.Speedup is { } s and > 0 ? " (" + Ratio(1 / s) + ")" : "");
    }

    /// <summary>A duration in seconds in a fitting unit with three significant digits, e.g. "412 ns", "1.93 ms", "19.5 s".</summary>
    public static string Duration(double seconds)
    {
        var (value, unit) = seconds switch
        {
            < 1e-6 => (seconds * 1e9, "ns"),
            < 1e-3 => (seconds * 1e6, "µs"),
            < 1 => (seconds * 1e3, "ms"),
            _ => (seconds, "s"),
        };
        return Significant(value) + " " + unit;
    }

    private static string Ratio(double ratio) => Significant(ratio) + "×";

    private static string Significant(double value) => value switch
    {
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };
}
