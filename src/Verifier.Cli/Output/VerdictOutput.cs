using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Renders a claim's verdict as the contract's JSON document (claim, verdict, reason, evidence) or as text.</summary>
internal static class VerdictOutput
{
    /// <summary>Longest rendering of one evidence item in the text form before it is cut (the JSON form is always whole).</summary>
    private const int TextItemLength = 400;

    public static string Json(Claim claim, string instanceName, Verdict verdict) =>
        VerifierJson.Serialize(new CheckDocument(claim.Id, claim.Paper.Word, instanceName, verdict.Word, verdict.Reason, EvidenceOf(verdict)));

    public static string Text(Claim claim, string instanceName, Verdict verdict)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"claim      {claim.Id} ({claim.Paper})\n");
        sb.Append(CultureInfo.InvariantCulture, $"instance   {instanceName}\n");
        sb.Append(CultureInfo.InvariantCulture, $"verdict    {verdict.Word}\n");
        sb.Append(CultureInfo.InvariantCulture, $"reason     {verdict.Reason}\n");
        if (Evidence(verdict) is { } evidence)
        {
            using var doc = JsonDocument.Parse(VerifierJson.Serialize(evidence));
            sb.Append(CultureInfo.InvariantCulture, $"evidence   {doc.RootElement.GetProperty("method").GetString()}\n");
            foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
            {
                var fields = string.Join(", ", item.EnumerateObject().Where(p => p.Name != "type").Select(p => $"{p.Name} {Compact(p.Value)}"));
                var line = $"{item.GetProperty("type").GetString()}: {fields}";
                sb.Append(CultureInfo.InvariantCulture, $"  {(line.Length <= TextItemLength ? line : line[..TextItemLength] + " …")}\n");
            }
        }

        return sb.ToString();
    }

    private static string Compact(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : JsonSerializer.Serialize(value);

    private static Evidence? Evidence(Verdict verdict) => verdict switch
    {
        Verdict.Verified v => v.Evidence,
        Verdict.Refuted r => r.Evidence,
        Verdict.Inconclusive i => i.Evidence,
        Verdict.HypothesesNotMet => null,
        _ => throw new UnreachableException(),
    };

    private static object? EvidenceOf(Verdict verdict) => verdict switch
    {
        Verdict.HypothesesNotMet h => new HypothesesEvidence(h.Failed),
        _ => Evidence(verdict),
    };

    /// <summary>The check document of the contract: claim, paper, instance, verdict, reason and evidence.</summary>
    private sealed record CheckDocument(string Claim, string Paper, string Instance, string Verdict, string Reason, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Evidence);

    /// <summary>The evidence of hypotheses-not-met: each failed hypothesis in one sentence.</summary>
    private sealed record HypothesesEvidence(IReadOnlyList<string> FailedHypotheses);
}
