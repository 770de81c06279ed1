
using ScottPlot;
using Verifier.Proofs.Swirszcz2016;

namespace Verifier.Cli.Output;

/// <summary>
/// Table 1 as a PNG: four panels (XOR or jellyfish, ReLU or sigmoid), each with our convergence rate against h for GD
/// and Adam (lines, with their 95% Wilson intervals as vertical bars) and the paper's rates (open markers).
/// </summary>
internal static class Table1Plot
{
    /// <summary>Writes the figure to <paramref name="path"/> (PNG, 1200 × 900).</summary>
    public static void Save(Table1Report report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(4);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows: 2, columns: 2);
        int panel = 0;
        foreach (var dataset in new[] { "xor", "jellyfish" })
        {
            foreach (var activation in new[] { "relu", "sigmoid" })
            {
                var plot = multiplot.GetPlot(panel++);
                foreach (var (method, color) in new[] { ("gd", ScottPlot.Colors.Blue), ("adam", ScottPlot.Colors.OrangeRed) })
                {
                    var cells = report.Cells.Where(c => c.Dataset == dataset && c.Activation == activation && c.Method == method).OrderBy(c => c.Hidden).ToList();
                    double[] h = [.. cells.Select(c => (double)c.Hidden)];
                    double[] ours = [.. cells.Select(c => 100 * c.Rate)];
                    var line = plot.Add.Scatter(h, ours, color);
                    line.LegendText = $"{(method == "gd" ? "GD" : "Adam")}, ours";
                    foreach (var c in cells)
                    {
                        // The 95% Wilson interval (asymmetric), as a vertical segment.
                        var bar = plot.Add.Line(c.Hidden, 100 * c.Lower, c.Hidden, 100 * c.Upper);
                        bar.Color = color;
                        bar.LineWidth = 1.5f;
                    }

                    var paper = plot.Add.ScatterPoints(h, [.. cells.Select(c => 100 * c.Paper)], color);
                    paper.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
                    paper.MarkerSize = 9;
                    paper.LegendText = $"{(method == "gd" ? "GD" : "Adam")}, paper";
                }

                plot.Title($"{(dataset == "xor" ? "XOR" : "Jellyfish")}, {(activation == "relu" ? "ReLU" : "sigmoid")} hidden units");
                plot.XLabel("hidden units h");
                plot.YLabel("runs reaching zero training error (%)");
                plot.Axes.SetLimits(1.5, 7.5, -5, 105);
                plot.ShowLegend(Edge.Right);
            }
        }

        multiplot.SavePng(path, 1200, 900);
    }
}
