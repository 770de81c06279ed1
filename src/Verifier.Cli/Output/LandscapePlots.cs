using System.Globalization;
using ScottPlot;
using Verifier.Landscape.Analysis;

namespace Verifier.Cli.Output;

/// <summary>
/// The figures of <c>verifier plot</c>, drawn headless with ScottPlot and written atomically (a temporary file, then a
/// rename). Quantities spanning orders of magnitude (eigenvalue counts, spectral densities) are drawn on a log scale:
/// log₁₀ of the value, with ticks labelled by the value itself.
/// </summary>
internal static class LandscapePlots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>Spectral densities are clipped below this fraction of their peak (Gaussian tails fall off without end).</summary>
    public const double DensityFloor = 1e-8;

    /// <summary>A histogram of eigenvalues, counts on a log scale.</summary>
    public static void SaveHistogram(double[] values, int bins, string title, string path)
    {
        double lo = values.Min(), hi = values.Max();
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        double width = (hi - lo) / bins;
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        }

        var plot = new Plot();
        var bars = new List<Bar>();
        for (int b = 0; b < bins; b++)
        {
            if (counts[b] > 0)
            {
                // log₁₀(1 + count): a bin of one eigenvalue is visible, an empty bin is not drawn.
                bars.Add(new Bar { Position = lo + ((b + 0.5) * width), Value = Math.Log10(1 + counts[b]), Size = width * 0.95, FillColor = Colors.SteelBlue, LineWidth = 0 });
            }
        }

        plot.Add.Bars(bars);
        LogTicks(plot.Axes.Left, Math.Log10(1 + counts.Max()), shifted: true);
        plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title(title);
        plot.XLabel("eigenvalue of the Hessian");
        plot.YLabel("eigenvalues per bin (log scale)");
        Save(plot, path);
    }

    /// <summary>A spectral density on a grid, density on a log scale (values below <see cref="DensityFloor"/> of the peak are clipped, as the axis label says).</summary>
    public static void SaveDensity(double[] grid, double[] density, string title, string path)
    {
        double peak = density.Max();
        double floor = peak * DensityFloor;
        var plot = new Plot();
        var logs = density.Select(v => Math.Log10(Math.Max(v, floor))).ToArray();
        var line = plot.Add.Scatter(grid, logs, Colors.SteelBlue);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        LogTicks(plot.Axes.Left, logs.Max(), shifted: false, lowest: logs.Min());
        plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title(title);
        plot.XLabel("eigenvalue of the Hessian");
        plot.YLabel($"spectral density (log scale, clipped at {DensityFloor:G1} of the peak)");
        Save(plot, path);
    }

    /// <summary>1-D loss slices, one curve per direction, the point at t = 0 marked.</summary>
    public static void SaveSlices(IReadOnlyList<LossSlice> slices, string title, string path)
    {
        var plot = new Plot();
        Color[] colors = [Colors.SteelBlue, Colors.OrangeRed, Colors.SeaGreen];
        for (int i = 0; i < slices.Count; i++)
        {
            var line = plot.Add.Scatter(slices[i].T, slices[i].Loss, colors[i % colors.Length]);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = slices[i].Label;
        }

        plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);
        plot.Title(title);
        plot.XLabel("offset t along the direction");
        plot.YLabel("loss L(θ + t·d)");
        plot.ShowLegend(Edge.Bottom);
        Save(plot, path);
    }

    /// <summary>A 2-D loss surface as a heatmap with a colour bar, the point marked.</summary>
    public static void SaveSurface(LossSurface surface, string title, string path)
    {
        var plot = new Plot();
        int n = surface.Offsets.Length;
        var heat = plot.Add.Heatmap(surface.Loss);
        double step = surface.Offsets[1] - surface.Offsets[0];
        heat.Extent = new CoordinateRect(surface.Offsets[0] - (step / 2), surface.Offsets[n - 1] + (step / 2), surface.Offsets[0] - (step / 2), surface.Offsets[n - 1] + (step / 2));
        heat.FlipVertically = true;
        heat.Colormap = new ScottPlot.Colormaps.Viridis();
        var bar = plot.Add.ColorBar(heat, Edge.Right);
        bar.Label = "loss";
        var point = plot.Add.Scatter(0.0, 0.0, Colors.Red);
        point.MarkerSize = 8;
        point.LegendText = "θ";
        plot.Title(title);
        plot.XLabel("offset a along " + surface.Labels.First);
        plot.YLabel("offset b along " + surface.Labels.Second);
        Save(plot, path);
    }

    /// <summary>The loss along a path against the distance travelled.</summary>
    public static void SavePath(double[] distance, double[] loss, string title, string path)
    {
        var plot = new Plot();
        var line = plot.Add.Scatter(distance, loss, Colors.SteelBlue);
        line.MarkerSize = distance.Length <= 60 ? 5 : 2;
        line.LineWidth = 2;
        line.LegendText = "loss at the path's points (joined by straight lines)";
        plot.Title(title);
        plot.XLabel("distance travelled ‖Δθ‖ (Euclidean, summed over segments)");
        plot.YLabel("loss");
        plot.ShowLegend(Edge.Bottom);
        Save(plot, path);
    }

    /// <summary>
    /// The loss along a string of beads, interpolated between them, against the arc length over the chord (0 … ℓ):
    /// the beads marked, and the level L₀ as a dashed line when given.
    /// </summary>
    public static void SaveBeads(double[] along, double[] loss, double[] beadAt, double[] beadLoss, double? level, string title, string path)
    {
        var plot = new Plot();
        var line = plot.Add.Scatter(along, loss, Colors.SteelBlue);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = "loss on the straight segments between beads";
        var beads = plot.Add.Scatter(beadAt, beadLoss, Colors.OrangeRed);
        beads.LineWidth = 0;
        beads.MarkerSize = 7;
        beads.LegendText = $"beads ({beadAt.Length}, endpoints included)";
        if (level is { } l)
        {
            var h = plot.Add.HorizontalLine(l);
            h.LinePattern = LinePattern.Dashed;
            h.Color = Colors.Black;
            h.LegendText = string.Create(CultureInfo.InvariantCulture, $"level L0 = {l:G4}");
        }

        plot.Title(title);
        plot.XLabel("arc length along the string / ‖θ_last − θ_first‖ (ends at the normalized length)");
        plot.YLabel("loss");
        plot.ShowLegend(Edge.Bottom);
        Save(plot, path);
    }

    // Ticks at whole powers of ten on a log₁₀ axis; shifted: the axis holds log₁₀(1 + v).
    private static void LogTicks(ScottPlot.IAxis axis, double top, bool shifted, double lowest = 0)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int first = shifted ? 0 : (int)Math.Floor(lowest);
        for (int e = first; e <= (int)Math.Ceiling(top); e++)
        {
            double value = Math.Pow(10, e);
            double at = shifted ? Math.Log10(1 + value) : e;
            ticks.AddMajor(at, shifted ? value.ToString("G", CultureInfo.InvariantCulture) : $"1e{e}");
        }

        if (shifted)
        {
            ticks.AddMajor(0, "0");
        }

        axis.TickGenerator = ticks;
    }

    // Written to a temporary file beside the target, then renamed: the PNG is whole or absent.
    private static void Save(Plot plot, string path)
    {
        string temporary = path + ".tmp-" + Environment.ProcessId + ".png";
        try
        {
            plot.SavePng(temporary, Width, Height);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
