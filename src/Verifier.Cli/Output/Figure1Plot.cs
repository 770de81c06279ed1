using System.Globalization;
using ScottPlot;
using Verifier.Proofs.FreemanBruna2017;

namespace Verifier.Cli.Output;

/// <summary>Freeman and Bruna's Figure 1 beside ours: normalized length and beads against L₀ on log₁₀ axes, with 95% intervals.</summary>
internal static class Figure1Plot
{
    /// <summary>Writes one figure (PNG, 900 × 600): <paramref name="beads"/> plots bead counts, otherwise normalized lengths.</summary>
    public static void Save(Figure1Report report, bool beads, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = new Plot();
        var ours = report.Rows.Where(r => (beads ? r.BeadsMean : r.LengthMean) is not null).ToList();
        var paper = report.Rows.Where(r => (beads ? r.PaperBeads : r.PaperLength) is not null).ToList();
        double Y(double v) => Math.Log10(v);
        if (paper.Count > 0)
        {
            var p = plot.Add.Scatter(paper.Select(r => Math.Log10(r.Level)).ToArray(), paper.Select(r => Y(beads ? r.PaperBeads!.Value : r.PaperLength!.Value)).ToArray(), Colors.Gray);
            p.LegendText = "paper (read from its figure)";
            p.LinePattern = LinePattern.Dashed;
        }

        if (ours.Count > 0)
        {
            var o = plot.Add.Scatter(ours.Select(r => Math.Log10(r.Level)).ToArray(), ours.Select(r => Y(beads ? r.BeadsMean!.Value : r.LengthMean!.Value)).ToArray(), Colors.OrangeRed);
            o.LegendText = $"Verifier ({report.Parameters.Pairs} pair(s) per level, 95% intervals)";
            o.MarkerSize = 7;
            foreach (var r in ours)
            {
                var (lo, hi) = beads ? (r.BeadsLower, r.BeadsUpper) : (r.LengthLower, r.LengthUpper);
                if (lo is { } l && hi is { } h && l > 0)
                {
                    var bar = plot.Add.Line(Math.Log10(r.Level), Y(l), Math.Log10(r.Level), Y(h));
                    bar.Color = Colors.OrangeRed;
                    bar.LineWidth = 1.5f;
                }
            }
        }

        // The scripts' measure (weights only) beside ours, on the length plot.
        var weightsOnly = beads ? [] : report.Rows.Where(r => r.WeightsLengthMean is not null).ToList();
        if (weightsOnly.Count > 0)
        {
            var w = plot.Add.Scatter(weightsOnly.Select(r => Math.Log10(r.Level)).ToArray(), weightsOnly.Select(r => Y(r.WeightsLengthMean!.Value)).ToArray(), Colors.SteelBlue);
            w.LegendText = "Verifier, weight matrices only (the scripts' measure)";
            w.MarkerSize = 5;
            w.LinePattern = LinePattern.Dotted;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks(report.Rows.Select(r => r.Level), LevelMantissas);
        plot.Axes.Left.TickGenerator = LogTicks(
            ours.Select(r => beads ? r.BeadsMean!.Value : r.LengthMean!.Value)
                .Concat(paper.Select(r => beads ? r.PaperBeads!.Value : r.PaperLength!.Value))
                .Concat(weightsOnly.Select(r => r.WeightsLengthMean!.Value)),
            ValueMantissas);
        plot.Title($"Freeman & Bruna Figure 1, {report.Parameters.Task} task: {(beads ? "beads" : "normalized length")} against L0");
        plot.XLabel("level L0 (log scale)");
        plot.YLabel(beads ? "beads, endpoints included (log scale)" : "normalized length (log scale)");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, 900, 600);
    }

    // Levels span decades: 1, 2 and 5 per decade. Lengths and beads may lie between 1 and 2: finer steps there.
    private static readonly double[] LevelMantissas = [1.0, 2.0, 5.0];
    private static readonly double[] ValueMantissas = [1.0, 1.1, 1.2, 1.3, 1.5, 1.7, 2.0, 2.5, 3.0, 5.0, 7.0];

    // Ticks at the values' decades times the mantissas, labelled with the values (the axis holds log₁₀).
    private static ScottPlot.TickGenerators.NumericManual LogTicks(IEnumerable<double> values, double[] mantissas)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var list = values.Where(v => v > 0).ToList();
        if (list.Count == 0)
        {
            return ticks;
        }

        int lo = (int)Math.Floor(Math.Log10(list.Min())), hi = (int)Math.Ceiling(Math.Log10(list.Max()));
        for (int e = lo; e <= hi; e++)
        {
            foreach (var m in mantissas)
            {
                // Fractional mantissas only in the decade from 1 (lengths); above it they crowd (beads 11, 12, 13).
                if (e > 0 && m != Math.Floor(m))
                {
                    continue;
                }

                double v = m * Math.Pow(10, e);
                ticks.AddMajor(Math.Log10(v), v.ToString("G3", CultureInfo.InvariantCulture));
            }
        }

        return ticks;
    }
}
