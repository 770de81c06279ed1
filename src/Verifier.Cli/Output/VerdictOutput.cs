using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Claims;
using Verifier.Symbolic;

namespace Verifier.Cli.Output;

/// <summary>Renders a claim's verdict as the contract's JSON document (claim, verdict, reason, evidence) or as text.</summary>
internal static class VerdictOutput
{
    public static string Json(Claim claim, string instanceName, Verdict verdict)
    {
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("claim", claim.Id);
            w.WriteString("paper", claim.Paper.Word);
            w.WriteString("instance", instanceName);
            w.WriteString("verdict", verdict.Word);
            w.WriteString("reason", verdict.Reason);
            w.WritePropertyName("evidence");
            var evidence = verdict switch
            {
                Verdict.Verified v => v.Evidence,
                Verdict.Refuted r => r.Evidence,
                Verdict.Inconclusive i => i.Evidence,
                _ => null,
            };
            if (verdict is Verdict.HypothesesNotMet h)
            {
                w.WriteStartObject();
                w.WritePropertyName("failedHypotheses");
                WriteValue(w, h.Failed);
                w.WriteEndObject();
            }
            else if (evidence is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("method", evidence.Method);
                foreach (var fact in evidence.Facts)
                {
                    w.WritePropertyName(fact.Name);
                    WriteValue(w, fact.Value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    public static string Text(Claim claim, string instanceName, Verdict verdict)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"claim      {claim.Id} ({claim.Paper})\n");
        sb.Append(CultureInfo.InvariantCulture, $"instance   {instanceName}\n");
        sb.Append(CultureInfo.InvariantCulture, $"verdict    {verdict.Word}\n");
        sb.Append(CultureInfo.InvariantCulture, $"reason     {verdict.Reason}\n");
        var evidence = verdict switch
        {
            Verdict.Verified v => v.Evidence,
            Verdict.Refuted r => r.Evidence,
            Verdict.Inconclusive i => i.Evidence,
            _ => null,
        };
        if (evidence is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"evidence   {evidence.Method}\n");
            foreach (var fact in evidence.Facts)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {fact.Name}: {Describe(fact.Value)}\n");
            }
        }

        return sb.ToString();
    }

    private static string Describe(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => s,
        IDictionary dict => string.Join(", ", dict.Keys.Cast<object>().Select(k => $"{k} {dict[k]}")),
        IEnumerable e => "[" + string.Join(", ", e.Cast<object>().Select(Describe)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case double d:
                if (double.IsFinite(d))
                {
                    w.WriteNumberValue(d);
                }
                else
                {
                    w.WriteNullValue();
                }

                break;
            case Rational r:
                w.WriteStringValue(r.ToString());
                break;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry entry in dict)
                {
                    w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    WriteValue(w, entry.Value);
                }

                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
