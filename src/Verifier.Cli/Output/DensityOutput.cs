using System.Globalization;
using System.Text;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
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
            void Array(string name, IEnumerable<double> values)
            {
                w.WriteStartArray(name);
                foreach (var v in values)
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
            }

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
            Array("grid", d.Grid);
            Array("density", d.Density);
            Array("nodes", d.Nodes);
            Array("weights", d.Weights);
            w.WriteNumber("seconds", report.Seconds);
            w.WriteEndObject();
        });
    }

    /// <summary>A readable summary: the settings, the range of the nodes and a coarse plot of log₁₀ of the density.</summary>
    public static string Text(Instance instance, DensityReport report)
    {
        var d = report.Density;
        var sb = new StringBuilder();
        void Line(string label, string value) => sb.Append(CultureInfo.InvariantCulture, $"{label,-16}{value}\n");
        Line("instance", instance.Name.Length > 0 ? instance.Name : "(unnamed)");
        Line("network", $"{instance.Network}, loss {Names.Of(instance.Loss)}, {instance.Data.Count} samples");
        Line("parameters", report.ParameterCount.ToString(CultureInfo.InvariantCulture));
        Line("method", $"stochastic Lanczos quadrature, backend {report.Backend}");
        Line("settings", string.Create(CultureInfo.InvariantCulture, $"{d.Probes} probes, {d.Steps} steps, sigma {AnalysisOutput.R(d.Sigma)}, seed {d.Seed} ({d.Products} products)"));
        Line("nodes", $"from {AnalysisOutput.R(d.Nodes.Min())} to {AnalysisOutput.R(d.Nodes.Max())}");

        // 20 bins of the grid, each with a bar of log10 of its largest density, above a floor of 1e-8 of the peak.
        double peak = d.Density.Max();
        int rows = Math.Min(20, d.Grid.Count);
        for (int r = 0; r < rows; r++)
        {
            int g0 = (int)((long)r * d.Grid.Count / rows), g1 = (int)((long)(r + 1) * d.Grid.Count / rows);
            double top = d.Density.Skip(g0).Take(g1 - g0).Max();
            double level = Math.Log10(Math.Max(top, 1e-8 * peak) / peak) + 8; // 0 … 8
            double centre = 0.5 * (d.Grid[g0] + d.Grid[g1 - 1]);
            Line(r == 0 ? "log density" : "", string.Create(CultureInfo.InvariantCulture, $"{centre,12:G4}  {new string('#', (int)Math.Round(level * 5))}"));
        }

        Line("time", string.Create(CultureInfo.InvariantCulture, $"{report.Seconds:0.000} s"));
        return sb.ToString();
    }
}
