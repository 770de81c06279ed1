using ScottPlot;
using Verifier.Proofs.SafranShamir2016;

namespace Verifier.Cli.Output;

/// <summary>The basin-quality experiment as a PNG: the two frequencies against width, with their 95% Wilson intervals.</summary>
internal static class BasinPlot
{
    /// <summary>Writes the figure to <paramref name="path"/> (PNG, 900 × 600).</summary>
    public static void Save(BasinReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new Plot();
        double[] widths = [.. report.Rows.Select(r => (double)r.Width)];
        var series = new (string Label, Color Color, Func<BasinWidthRow, (double Rate, double Lower, double Upper)> Of)[]
        {
            ("P[L(W0) ≥ L(0)]", Colors.Blue, r => ((double)r.HighStart / r.Runs, r.HighStartLower, r.HighStartUpper)),
            ("P[basin value ≤ L(0)/20]", Colors.OrangeRed, r => ((double)r.Good / r.Runs, r.GoodLower, r.GoodUpper)),
        };
        foreach (var (label, color, of) in series)
        {
            var line = plot.Add.Scatter(widths, [.. report.Rows.Select(r => 100 * of(r).Rate)], color);
            line.LegendText = label;
            foreach (var r in report.Rows)
            {
                var (_, lower, upper) = of(r);
                var bar = plot.Add.Line(r.Width, 100 * lower, r.Width, 100 * upper);
                bar.Color = color;
                bar.LineWidth = 1.5f;
            }
        }

        plot.Title($"Initial basins against width ({report.Parameters.Data} data, {report.Parameters.Runs} draws per width)");
        plot.XLabel("hidden units n");
        plot.YLabel("fraction of random initialisations (%)");
        plot.Axes.SetLimitsY(-5, 105);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 900, 600);
    }
}
