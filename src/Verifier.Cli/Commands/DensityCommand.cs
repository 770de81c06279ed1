using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Verifier.Cli.Output;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;

namespace Verifier.Cli.Commands;

/// <summary>What <c>verifier density</c> was asked to do.</summary>
/// <param name="Path">The instance file.</param>
/// <param name="Backend">The kernels of the Hessian-vector products (auto, managed, lapack, gpu).</param>
/// <param name="Options">The quadrature's settings (probes, steps, σ, grid, seed).</param>
/// <param name="Format">Text or JSON.</param>
internal sealed record DensityRequest(string Path, string Backend, SpectralDensityOptions Options, OutputFormat Format);

/// <summary>What <c>verifier density</c> computed.</summary>
/// <param name="ParameterCount">P.</param>
/// <param name="Backend">The kernels that ran.</param>
/// <param name="Density">The spectral density and its quadrature.</param>
/// <param name="Seconds">Time of the whole command up to the output.</param>
internal sealed record DensityReport(int ParameterCount, string Backend, SpectralDensityResult Density, double Seconds);

/// <summary>
/// <c>verifier density FILE [--probes M] [--steps S] [--sigma σ] [--grid G] [--seed S] [--backend ...] [--format json]</c>:
/// the Hessian's spectral density at the instance's point by stochastic Lanczos quadrature over Hessian-vector
/// products (the Hessian is never formed).
/// </summary>
internal static class DensityCommand
{
    private const string Verb = "density";

    public static Command Create(CliContext context)
    {
        var defaults = new SpectralDensityOptions();
        var file = new Argument<string>("FILE")
        {
            Description = "The instance file (verifier-instance/1 JSON) with the point.",
        };
        file.Validators.Add(OptionParsers.NotAnOption);
        var probes = new Option<int>("--probes")
        {
            Description = $"Random probe vectors (statistical error about 1/sqrt(M)). [default: {defaults.Probes}]",
            HelpName = "M",
            DefaultValueFactory = _ => defaults.Probes,
            CustomParser = OptionParsers.PositiveInt,
        };
        var steps = new Option<int>("--steps")
        {
            Description = $"Lanczos steps per probe (quadrature exact to degree 2S-1). [default: {defaults.Steps}]",
            HelpName = "S",
            DefaultValueFactory = _ => defaults.Steps,
            CustomParser = OptionParsers.PositiveInt,
        };
        var sigma = new Option<double>("--sigma")
        {
            Description = "Gaussian broadening (standard deviation); 0 chooses 1% of the spread of the nodes. [default: 0]",
            HelpName = "SIGMA",
            DefaultValueFactory = _ => 0.0,
            CustomParser = NonNegativeNumber,
        };
        var grid = new Option<int>("--grid")
        {
            Description = $"Grid points of the tabulated density. [default: {defaults.GridPoints}]",
            HelpName = "G",
            DefaultValueFactory = _ => defaults.GridPoints,
            CustomParser = r => Math.Max(2, OptionParsers.PositiveInt(r)),
        };
        var seed = new Option<int>("--seed")
        {
            Description = $"Seed of the probe vectors. [default: {LanczosOptions.DefaultSeed}]",
            HelpName = "S",
            DefaultValueFactory = _ => LanczosOptions.DefaultSeed,
            CustomParser = OptionParsers.AnyInt,
        };
        var backend = HessianCommand.BackendOption(EigenSolvers.AutoName,
            "Kernels of the Hessian-vector products: auto (gpu when a CUDA device is present, else lapack = OpenBLAS dgemm, else managed), managed, lapack, gpu.");
        var format = new Option<string>("--format")
        {
            Description = $"Output format: {OptionParsers.FormatList}. With json, stdout holds exactly one JSON document.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
            CustomParser = OptionParsers.Format,
        };
        var command = new Command(Verb, "Spectral density of the Hessian at the instance's point, by stochastic Lanczos quadrature over Hessian-vector products.")
        {
            file,
            probes,
            steps,
            sigma,
            grid,
            seed,
            backend,
            format,
        };
        command.SetAction(parse => Run(context, new DensityRequest(
            parse.GetValue(file)!,
            parse.GetValue(backend)!,
            new SpectralDensityOptions
            {
                Probes = parse.GetValue(probes),
                Steps = parse.GetValue(steps),
                Sigma = parse.GetValue(sigma),
                GridPoints = parse.GetValue(grid),
                Seed = parse.GetValue(seed),
            },
            OptionParsers.ParseFormat(parse.GetValue(format)) ?? OutputFormat.Text)));
        return command;
    }

    internal static int Run(CliContext context, DensityRequest request) => Run(context, request, DenseHessianBudget.AvailableBytes);

    /// <summary>Runs the verb; <paramref name="availableBytes"/> is the memory the run may use (tests pass their own).</summary>
    internal static int Run(CliContext context, DensityRequest request, long availableBytes)
    {
        var clock = Stopwatch.StartNew();
        using var backend = ProductBackends.Resolve(request.Backend);
        var instance = InstanceFile.Read(request.Path);
        if (instance.Weights is null)
        {
            throw CliException.BadInput($"{request.Path}: weights: missing (density needs a point)");
        }

        int p = instance.Network.ParameterCount;
        HessianCommand.CheckMatrixFreeMemory(request.Path, "density", instance, SpectralDensity.WorkspaceBytes(p, request.Options),
            string.Create(CultureInfo.InvariantCulture, $"a Lanczos basis of {Math.Min(request.Options.Steps, p) + 1} vectors of P = {p}"), availableBytes);
        var theta = instance.WeightsDouble();
        var products = backend.Products(instance, theta);
        SpectralDensityResult density;
        try
        {
            density = SpectralDensity.Compute(products, request.Options);
        }
        catch (ArithmeticException e)
        {
            throw CliException.BadInput($"{request.Path}: cannot compute the Hessian spectrum in double precision: {e.Message}");
        }
        if (density.Nodes.Concat(density.Density).Any(x => !double.IsFinite(x)))
        {
            throw CliException.BadInput($"{request.Path}: cannot compute the spectral density in double precision: a Hessian-vector product is not finite");
        }

        var report = new DensityReport(instance.Network.ParameterCount, backend.Name, density, clock.Elapsed.TotalSeconds);
        if (backend.Note is not null)
        {
            context.Stderr.WriteLine(backend.Note);
        }

        context.Stdout.Write(request.Format == OutputFormat.Json ? DensityOutput.Json(instance, report) : DensityOutput.Text(instance, report));
        return ExitCodes.Success;
    }

    private static double NonNegativeNumber(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0)
        {
            result.AddError($"--sigma: '{text}' is not a finite number ≥ 0");
            return 0;
        }

        return value;
    }
}
