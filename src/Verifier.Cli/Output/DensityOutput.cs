using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Services;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Renders a <see cref="DensityReport"/> as one JSON document or as a readable summary with a coarse plot.</summary>
internal static class DensityOutput
{
    /// <summary>The JSON document (camelCase fields, one trailing newline).</summary>
    public static string Json(Instance instance, DensityReport report)
    {
        return VerifierJson.Write(w =>
        {
            var d = report.Density;
            w.WriteStartObject();
            ReportFields.WriteInstance(w, instance);
            w.WriteString("method", "stochastic-lanczos-quadrature");
            w.WriteString("backend", report.Backend);
            w.WriteNumber("probes", d.Probes);
            w.WriteNumber("steps", d.Steps);
            w.WriteNumber("sigma", d.Sigma);
            w.WriteNumber("seed", d.Seed);
            w.WriteNumber("products", d.Products);
            foreach (var (name, values) in (ReadOnlySpan<(string, IReadOnlyList<double>)>)[("grid", d.Grid), ("density", d.Density), ("nodes", d.Nodes), ("weights", d.Weights)])
            {
                w.WritePropertyName(name);
                VerifierJson.Serialize(w, values);
            }
            w.WriteNumber("seconds", report.Seconds);
            w.WriteEndObject();
        });
    }

    /// <summary>A readable summary: the settings, the range of the nodes and a coarse plot of log₁₀ of the density.</summary>
    public static string Text(Instance instance, DensityReport report)
    {
        var d = report.Density;
        var sb = new SummaryLines(instance, report.ParameterCount);
        sb.Line("method", $"stochastic Lanczos quadrature, backend {report.Backend}");
        sb.Line("settings", string.Create(CultureInfo.InvariantCulture, $"{d.Probes} probes, {d.Steps} steps, sigma {AnalysisOutput.R(d.Sigma)}, seed {d.Seed} ({d.Products} products)"));
        sb.Line("nodes", $"from {AnalysisOutput.R(d.Nodes.Min())} to {AnalysisOutput.R(d.Nodes.Max())}");

        // 20 bins of the grid, each with a bar of log10 of its largest density, above a floor of 1e-8 of the peak.
        double peak = d.Density.Max();
        int rows = Math.Min(20, d.Grid.Count);
        for (int r = 0; r < rows; r++)
        {
            int g0 = (int)((long)r * d.Grid.Count / rows), g1 = (int)((long)(r + 1) * d.Grid.Count / rows);
            double top = d.Density.Skip(g0).Take(g1 - g0).Max();
            double level = Math.Log10(Math.Max(top, 1e-8 * peak) / peak) + 8; // 0 … 8
            double centre = 0.5 * (d.Grid[g0] + d.Grid[g1 - 1]);
            sb.Line(r == 0 ? "log density" : "", string.Create(CultureInfo.InvariantCulture, $"{centre,12:G4}  {new string('#', (int)Math.Round(level * 5))}"));
        }

        sb.Line("time", string.Create(CultureInfo.InvariantCulture, $"{report.Seconds:0.000} s"));
        return sb.ToString();
    }
}
