using System.Globalization;
using System.Text;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Services;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Renders a <see cref="LinearTheoryReport"/> as one JSON document or as a readable summary.</summary>
internal static class LinearOutput
{
    /// <summary>A readable summary: the hypotheses, Σ's eigenvalues, the global minimum value and a table of the critical points.</summary>
    public static string Text(Instance instance, LinearTheoryReport report, IReadOnlyList<string> files)
    {
        var (problem, hypotheses, value, points) = report;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"instance    {instance.Name}: {instance.Network}, loss {Landscape.Networks.Names.Of(instance.Loss)}, {instance.Data.Count} samples\n");
        sb.Append("hypotheses  (Kawaguchi 2016, Theorem 2.3)\n");
        foreach (var h in hypotheses)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {(h.Holds ? "holds" : "FAILS")}  {h.Name}: {h.Detail}\n");
        }

        sb.Append("eigenvalues of Σ  ").Append(string.Join(", ", problem.Spectrum.Select(RootText))).Append('\n');

        sb.Append(CultureInfo.InvariantCulture, $"global minimum value  {value}{(problem.InputsFullRank ? "" : " (XXᵀ is singular: W* and Σ use its pseudo-inverse)")} (rank bound r = {value!.Rank})\n");
        if (points is null)
        {
            sb.Append("critical points  not enumerated: Σ has irrational eigenvalues, so its eigenvectors are not rational\n");
            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"critical points  {points.Count} (Baldi–Hornik subsets I of Σ's eigenvectors, largest eigenvalue first)\n");
        int width = points.Max(p => p.Label.Length);
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var inertia = p.Inertia is { } n ? $"Hessian −{n.Negative} 0×{n.Zero} +{n.Positive}" : "";
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Label.PadRight(width)}  loss {p.Point.Loss,-10}  gradient {(p.GradientIsZero ? "0" : "≠0")}  {inertia,-18}  {p.Classification}");
            sb.Append(i < files.Count ? $"  -> {files[i]}\n" : "\n");
        }

        return sb.ToString();
    }

    private static string RootText(Numerics.Exact.RealRoot r) =>
        (r.IsExact ? r.Value.ToString() : string.Create(CultureInfo.InvariantCulture, $"≈{r.Approximation:G17}")) + (r.Multiplicity > 1 ? $" (×{r.Multiplicity})" : "");

    /// <summary>The JSON document (camelCase fields, one trailing newline).</summary>
    /// <summary>The JSON document of an analysis stopped by its work budget: <c>instance</c>, <c>verdict</c> ("inconclusive") and <c>reason</c>.</summary>
    public static string Inconclusive(Instance instance, string reason) => VerifierJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("instance", instance.Name);
        w.WriteString("verdict", "inconclusive");
        w.WriteString("reason", reason);
        w.WriteEndObject();
    });

    public static string Json(Instance instance, LinearTheoryReport report, IReadOnlyList<string> files)
    {
        var (problem, hypotheses, value, points) = report;
        return VerifierJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("instance", instance.Name);
            w.WriteStartArray("hypotheses");
            foreach (var h in hypotheses)
            {
                w.WriteStartObject();
                w.WriteString("name", h.Name);
                w.WriteBoolean("holds", h.Holds);
                w.WriteString("detail", h.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("eigenvalues");
            foreach (var r in problem.Spectrum)
            {
                w.WriteStartObject();
                w.WriteBoolean("exact", r.IsExact);
                w.WriteString("lower", r.Lower.ToString());
                w.WriteString("upper", r.Upper.ToString());
                w.WriteNumber("approximation", r.Approximation);
                w.WriteNumber("multiplicity", r.Multiplicity);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (value is null)
            {
                w.WriteNull("globalMinimumValue");
            }
            else
            {
                w.WriteStartObject("globalMinimumValue");
                w.WriteBoolean("exact", value.IsExact);
                w.WriteString("lower", value.Lower.ToString());
                w.WriteString("upper", value.Upper.ToString());
                w.WriteNumber("rank", value.Rank);
                w.WriteEndObject();
            }

            if (points is null)
            {
                w.WriteNull("criticalPoints");
            }
            else
            {
                w.WriteStartArray("criticalPoints");
                for (int i = 0; i < points.Count; i++)
                {
                    var p = points[i];
                    w.WriteStartObject();
                    w.WriteString("label", p.Label);
                    w.WriteStartArray("subset");
                    foreach (var s in p.Point.Subset)
                    {
                        w.WriteNumberValue(s);
                    }

                    w.WriteEndArray();
                    w.WriteString("loss", p.Point.Loss.ToString());
                    w.WriteBoolean("gradientIsZero", p.GradientIsZero);
                    if (p.Inertia is { } n)
                    {
                        w.WriteStartObject("inertia");
                        w.WriteNumber("negative", n.Negative);
                        w.WriteNumber("zero", n.Zero);
                        w.WriteNumber("positive", n.Positive);
                        w.WriteEndObject();
                    }

                    w.WriteString("classification", p.Classification);
                    w.WriteString("reason", p.Reason);
                    if (i < files.Count)
                    {
                        w.WriteString("file", files[i]);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }
}
