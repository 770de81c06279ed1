using System.CommandLine;
using System.Globalization;
using Verifier.Cli.Output;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Paths;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier plot spectrum|slice|path …  -o OUT.png</c>: PNG figures of the Hessian's spectrum at a point (histogram
/// of every eigenvalue for P ≤ the dense limit, the stochastic Lanczos density above it), of loss slices around a
/// point (1-D or 2-D, filter-normalised random or eigenvector directions), and of the loss along a path file.
/// </summary>
internal static class PlotCommand
{
    /// <summary>The largest P whose spectrum is drawn from every eigenvalue (dense); above it, the SLQ density.</summary>
    public const int DenseLimit = 4000;

    public static Command Create(CliContext context)
    {
        var plot = new Command("plot", "PNG figures: the Hessian's spectrum, loss slices around a point, the loss along a path.");
        plot.Add(CreateSpectrum(context));
        plot.Add(CreateSlice(context));
        plot.Add(CreatePath(context));
        plot.Add(CreateBeads(context));
        return plot;
    }

    private static Option<string> Png() => CommonOptions.Out("The PNG file to write (written atomically).", "OUT.png");

    private static Command CreateSpectrum(CliContext context)
    {
        var file = CommonOptions.File("The instance file with the point.");
        var output = Png();
        var bins = new Option<int>("--bins") { Description = "Histogram bins (dense spectra).", HelpName = "K", DefaultValueFactory = _ => 60, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("Seed of the SLQ probes (spectra above the dense limit).", LanczosOptions.DefaultSeed);
        return CommonOptions.Verb(
            "spectrum",
            $"The Hessian's spectrum at the point: a histogram of every eigenvalue for P ≤ {DenseLimit} (counts on a log scale), the stochastic Lanczos quadrature density above (density on a log scale).",
            parse => RunSpectrum(context, parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(bins), parse.GetValue(seed)),
            file, output, bins, seed);
    }

    private static Command CreateSlice(CliContext context)
    {
        var file = CommonOptions.File("The instance file with the point.");
        var output = Png();
        var directions = new Option<string>("--directions") { Description = "random (filter-normalised Gaussian, Li et al. 2018) or eigen (the Hessian's eigenvectors of the smallest and largest eigenvalue).", HelpName = "random|eigen", DefaultValueFactory = _ => "random" };
        var twoD = new Option<bool>("--2d") { Description = "Draw the 2-D surface over both directions (a heatmap) instead of two 1-D slices." };
        var range = new Option<double>("--range") { Description = "Offsets t ∈ [−R, R] along each direction.", HelpName = "R", DefaultValueFactory = _ => 1.0, CustomParser = r => OptionParsers.PositiveFiniteDouble(r) ?? 1.0 };
        var points = new Option<int>("--points") { Description = "Points per direction (at least 3). [default: 101 in 1-D, 41 in 2-D]", HelpName = "K", CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("Seed of the random directions.", 1);
        return CommonOptions.Verb(
            "slice",
            "Loss slices around the point along two directions: two 1-D curves, or with --2d a heatmap of the surface.",
            parse => RunSlice(context, parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(directions)!, parse.GetValue(twoD), parse.GetValue(range), parse.GetResult(points) is { Implicit: false } ? parse.GetValue(points) : null, parse.GetValue(seed)),
            file, output, directions, twoD, range, points, seed);
    }

    private static Command CreatePath(CliContext context)
    {
        var file = CommonOptions.File("A path file (verifier-path/1), e.g. from 'path monotone -o'.", "PATH.json");
        var output = Png();
        return CommonOptions.Verb(
            "path",
            "The loss along a piecewise-linear path against the distance travelled, with its points marked.",
            parse => RunPath(context, parse.GetValue(file)!, parse.GetValue(output)!),
            file, output);
    }

    private static Command CreateBeads(CliContext context)
    {
        var file = CommonOptions.File("A string of beads (verifier-path/1), e.g. from 'connect -o'.", "PATH.json");
        var output = Png();
        var level = new Option<double?>("--level") { Description = "Draw the level L0 as a dashed line.", HelpName = "L0", CustomParser = OptionParsers.PositiveFiniteDouble };
        var samples = new Option<int>("--samples") { Description = "Loss samples per segment between beads.", HelpName = "K", DefaultValueFactory = _ => 100, CustomParser = OptionParsers.PositiveInt };
        return CommonOptions.Verb(
            "beads",
            "The loss along a DSS string, interpolated between its beads, against the normalized arc length, with the beads and the level marked.",
            parse => RunBeads(context, parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(level), parse.GetValue(samples)),
            file, output, level, samples);
    }

    private static int RunBeads(CliContext context, string path, string output, double? level, int samples)
    {
        OutputPaths.CheckTarget(output, path);
        var (instance, points) = PathFile.Parse(CommonOptions.ReadText(path), path);
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var beads = points.Select(q => q.Select(r => r.ToDouble()).ToArray()).ToArray();
        double chord = StringSampling.Distance(beads[0], beads[^1]);
        double scale = chord > 0 ? chord : 1;
        var beadAt = StringSampling.ArcLengths(beads).Select(d => d / scale).ToArray();
        var along = new List<double>();
        var loss = new List<double>();
        for (int i = 0; i + 1 < beads.Length; i++)
        {
            for (int k = 0; k <= samples; k++)
            {
                double t = (double)k / samples;
                along.Add(beadAt[i] + (t * (beadAt[i + 1] - beadAt[i])));
                loss.Add(calculus.Loss(beads[i].Zip(beads[i + 1], (a, b) => a + (t * (b - a))).ToArray()));
            }
        }

        var beadLoss = beads.Select(calculus.Loss).ToArray();
        if (loss.Any(v => !double.IsFinite(v)) || along.Any(v => !double.IsFinite(v)))
        {
            throw CliException.BadInput($"{path}: the string's losses or lengths overflow double precision");
        }

        LandscapePlots.SaveBeads([.. along], [.. loss], beadAt, beadLoss, level, $"Loss along a string of {beads.Length} beads\n{instance.Name}", output);
        context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: {beads.Length} beads, normalized length {(chord > 0 ? beadAt[^1].ToString("G6", CultureInfo.InvariantCulture) : "— (the ends coincide)")}, largest sampled loss {loss.Max():G6}\n"));
        return ExitCodes.Success;
    }

    private static int RunSpectrum(CliContext context, string path, string output, int bins, int seed)
    {
        OutputPaths.CheckTarget(output, path);
        var instance = CommonOptions.ReadPoint(path, "the spectrum is the Hessian's at the point");
        int p = instance.Network.ParameterCount;
        if (p <= DenseLimit)
        {
            var report = ServiceCall.Run(path, "plot spectrum", () => HessianService.Compute(
                new HessianRequest(instance, new HessianMethod.Dense(new DenseSelection.All()), new Backend.Auto()), ServiceCall.Resources(DenseHessianBudget.AvailableBytes)));
            LandscapePlots.SaveHistogram([.. report.Eigenvalues], bins, $"Hessian spectrum, P = {p}, every eigenvalue\n{instance.Name}", output);
            context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: histogram of all {p} eigenvalues in [{report.Eigenvalues[0]:G4}, {report.Eigenvalues[^1]:G4}], {bins} bins\n"));
        }
        else
        {
            var options = new SpectralDensityOptions { Seed = seed };
            var report = ServiceCall.Run(path, "plot spectrum", () => DensityService.Compute(new DensityRequest(instance, new Backend.Auto(), options), ServiceCall.Resources(DenseHessianBudget.AvailableBytes)));
            var d = report.Density;
            LandscapePlots.SaveDensity([.. d.Grid], [.. d.Density], $"Hessian spectral density, P = {p}\n{instance.Name}; SLQ: {d.Probes} probes × {d.Steps} steps, σ = {d.Sigma:G3}, seed {d.Seed}", output);
            context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: SLQ density over [{d.Grid[0]:G4}, {d.Grid[^1]:G4}] ({d.Probes} probes, {d.Steps} steps, seed {d.Seed}, σ = {d.Sigma:G3})\n"));
        }

        return ExitCodes.Success;
    }

    private static int RunSlice(CliContext context, string path, string output, string kind, bool twoD, double range, int? points, int seed)
    {
        if (kind is not ("random" or "eigen"))
        {
            throw CliException.Usage($"--directions: '{kind}' is not random or eigen", "plot slice");
        }

        int k = points ?? (twoD ? 41 : 101);
        if (k < 3)
        {
            throw CliException.Usage($"--points: {k} is below 3", "plot slice");
        }

        OutputPaths.CheckTarget(output, path);
        var instance = CommonOptions.ReadPoint(path, "slices are taken around the point");
        (double[] Direction, string Label)[] directions;
        try
        {
            directions = kind == "random" ? LossSlices.FilterNormalised(instance, seed) : LossSlices.Eigen(instance, EigenSolvers.TryCreateLapack(out var lapack, out _) ? lapack : EigenSolvers.Managed);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput($"{path}: {e.Message}");
        }

        string title = $"Loss around the point of {instance.Name}\n{(kind == "random" ? $"filter-normalised random directions, seed {seed}" : "Hessian eigenvectors")}";
        if (twoD)
        {
            var surface = LossSlices.Surface(instance, directions, range, k);
            if (surface.Loss.Cast<double>().Any(v => !double.IsFinite(v)))
            {
                throw CliException.BadInput($"{path}: the loss overflows double precision on the grid over [−{range}, {range}]²; give a smaller --range");
            }

            LandscapePlots.SaveSurface(surface, title, output);
            context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: {k} × {k} grid over [−{range}, {range}]²\n"));
        }
        else
        {
            var slices = LossSlices.Slices(instance, directions, range, k);
            if (slices.Any(sl => sl.Loss.Any(v => !double.IsFinite(v))))
            {
                throw CliException.BadInput($"{path}: the loss overflows double precision along the slices over [−{range}, {range}]; give a smaller --range");
            }

            LandscapePlots.SaveSlices(slices, title, output);
            context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: {slices.Length} slices of {k} points over [−{range}, {range}]\n"));
        }

        return ExitCodes.Success;
    }

    private static int RunPath(CliContext context, string path, string output)
    {
        OutputPaths.CheckTarget(output, path);
        var (instance, points) = PathFile.Parse(CommonOptions.ReadText(path), path);

        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var theta = points.Select(q => q.Select(r => r.ToDouble()).ToArray()).ToArray();
        var distance = StringSampling.ArcLengths(theta);

        var loss = theta.Select(calculus.Loss).ToArray();
        if (loss.Any(v => !double.IsFinite(v)) || distance.Any(v => !double.IsFinite(v)))
        {
            throw CliException.BadInput($"{path}: the path's losses or lengths overflow double precision");
        }

        LandscapePlots.SavePath(distance, loss, $"Loss along the path, {theta.Length} points\n{instance.Name}", output);
        context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"wrote {output}: {theta.Length} points, length {distance[^1]:G4}, loss from {loss[0]:G4} to {loss[^1]:G4}\n"));
        return ExitCodes.Success;
    }
}
