using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;

namespace Verifier.Cli.Commands;

/// <summary>What <c>verifier density</c> was asked on the command line.</summary>
/// <param name="Path">The instance file.</param>
/// <param name="Backend">The kernels of the Hessian-vector products.</param>
/// <param name="Options">The quadrature's settings (probes, steps, σ, grid, seed).</param>
/// <param name="Format">Text or JSON.</param>
internal sealed record DensityArguments(string Path, Backend Backend, SpectralDensityOptions Options, OutputFormat Format);

/// <summary>
/// <c>verifier density FILE [--probes M] [--steps S] [--sigma σ] [--grid G] [--seed S] [--backend ...] [--format json]</c>:
/// the Hessian's spectral density at the instance's point by stochastic Lanczos quadrature over Hessian-vector
/// products (the Hessian is never formed), computed by <see cref="DensityService"/>.
/// </summary>
internal static class DensityCommand
{
    public static Command Create(CliContext context)
    {
        var defaults = new SpectralDensityOptions();
        var file = CommonOptions.File("The instance file (verifier-instance/1 JSON) with the point.");
        var probes = Positive("--probes", "Random probe vectors (statistical error about 1/sqrt(M)).", "M", defaults.Probes);
        var steps = Positive("--steps", "Lanczos steps per probe (quadrature exact to degree 2S-1).", "S", defaults.Steps);
        var sigma = new Option<double>("--sigma")
        {
            Description = "Gaussian broadening (standard deviation); 0 chooses 1% of the spread of the nodes.",
            HelpName = "SIGMA",
            DefaultValueFactory = _ => 0.0,
            CustomParser = OptionParsers.NonNegativeFiniteDouble,
        };
        var grid = Positive("--grid", "Grid points of the tabulated density.", "G", defaults.GridPoints);
        var seed = CommonOptions.Seed("Seed of the probe vectors.", LanczosOptions.DefaultSeed);
        var backend = CommonOptions.Backend(new Backend.Auto(),
            "Kernels of the Hessian-vector products: auto (gpu when a CUDA device is present, else lapack = OpenBLAS dgemm, else managed), managed, lapack, gpu.");
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "density",
            "Spectral density of the Hessian at the instance's point, by stochastic Lanczos quadrature over Hessian-vector products.",
            parse => Run(context, new DensityArguments(
                parse.GetValue(file)!,
                parse.GetValue(backend)!,
                new SpectralDensityOptions
                {
                    Probes = parse.GetValue(probes),
                    Steps = parse.GetValue(steps),
                    Sigma = parse.GetValue(sigma),
                    GridPoints = Math.Max(2, parse.GetValue(grid)),
                    Seed = parse.GetValue(seed),
                },
                parse.GetValue(format)), DenseHessianBudget.AvailableBytes),
            file,
            probes,
            steps,
            sigma,
            grid,
            seed,
            backend,
            format);
    }

    /// <summary>Runs the verb; <paramref name="availableBytes"/> is the memory the run may use (tests pass their own).</summary>
    internal static int Run(CliContext context, DensityArguments arguments, long availableBytes)
    {
        var instance = CommonOptions.ReadPoint(arguments.Path, "density needs a point");
        var progress = ProgressLine.For(context, ProgressLine.QuietStart);
        DensityReport report;
        try
        {
            report = ServiceCall.Run(arguments.Path, "density", () => DensityService.Compute(
                new DensityRequest(instance, arguments.Backend, arguments.Options, (done, most) => progress.Show(string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"density: {done} of at most {most} Hessian-vector products ({arguments.Options.Probes} probes of {arguments.Options.Steps} steps)"))),
                ServiceCall.Resources(availableBytes)));
        }
        finally
        {
            progress.Clear();
        }

        CommonOptions.WriteNotes(context, report.Notes);
        CommonOptions.Write(context, "density", arguments.Format, json: () => DensityOutput.Json(instance, report), text: () => DensityOutput.Text(instance, report));
        return ExitCodes.Success;
    }

    private static Option<int> Positive(string name, string description, string helpName, int defaultValue) => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = OptionParsers.PositiveInt,
    };
}
