using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Verifier.Cli.Output;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;

namespace Verifier.Cli.Commands;

/// <summary>What <c>verifier hessian</c> was asked on the command line.</summary>
/// <param name="Path">The instance file.</param>
/// <param name="Backend">The backend asked for.</param>
/// <param name="Method">"dense" or "lanczos".</param>
/// <param name="Vectors">Whether eigenvectors are wanted.</param>
/// <param name="Format">Text or JSON.</param>
/// <param name="Top">The K largest eigenvalues only, or null.</param>
/// <param name="Bottom">The K smallest eigenvalues only, or null.</param>
/// <param name="Tolerance">The Lanczos residual tolerance, or null.</param>
/// <param name="Seed">The seed of the Lanczos start vector, or null for the default.</param>
/// <param name="MultiplicityCheck">--multiplicity-check on|off, or null when not given.</param>
internal sealed record HessianArguments(
    string Path,
    Backend Backend,
    string Method = HessianCommand.Dense,
    bool Vectors = false,
    OutputFormat Format = OutputFormat.Text,
    int? Top = null,
    int? Bottom = null,
    double? Tolerance = null,
    int? Seed = null,
    string? MultiplicityCheck = null);

/// <summary>
/// <c>verifier hessian FILE [--method dense|lanczos] [--backend auto|managed|lapack|gpu] [--vectors] [--top K | --bottom K] [--tolerance T] [--format text|json]</c>:
/// the Hessian spectrum at the instance's point, on a chosen eigen backend, computed by <see cref="HessianService"/>.
/// </summary>
internal static class HessianCommand
{
    /// <summary>The dense method: form the P×P Hessian and decompose it.</summary>
    public const string Dense = "dense";

    /// <summary>The Lanczos method: extreme eigenvalues from Hessian-vector products, the Hessian never formed.</summary>
    public const string Lanczos = "lanczos";

    private const string Verb = "hessian";

    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance file (verifier-instance/1 JSON) with the point.");
        var method = new Option<string>("--method")
        {
            Description = "dense: form the whole Hessian and decompose it; lanczos: extreme eigenvalues from Hessian-vector products (R-operator), never forming the Hessian (without --top or --bottom: the largest and the smallest eigenvalue).",
            HelpName = "dense|lanczos",
            DefaultValueFactory = _ => Dense,
            CustomParser = MethodName,
        };
        var backend = CommonOptions.Backend(new Backend.Auto(),
            "dense: eigen backend auto (lapack when OpenBLAS is installed, otherwise managed), managed (MathNet), lapack (OpenBLAS), gpu (Hessian assembled by GPU kernels; needs CUDA). lanczos: the kernels of the Hessian-vector products, auto (gpu when a CUDA device is present, else lapack = OpenBLAS dgemm, else managed), managed, lapack, gpu.");
        var vectors = new Option<bool>("--vectors")
        {
            Description = "Also output the eigenvectors (unit vectors, one per eigenvalue).",
            Arity = ArgumentArity.Zero,
        };
        var top = Count("--top", "Only the K largest eigenvalues (lanczos: may be combined with --bottom).");
        var bottom = Count("--bottom", "Only the K smallest eigenvalues.");
        var tolerance = new Option<double?>("--tolerance")
        {
            Description = $"Lanczos relative residual tolerance: every residual ||Hv - lambda v|| below T*max(1, ||H||) (lanczos only; default {LanczosOptions.DefaultTolerance:0e0}).",
            HelpName = "T",
            CustomParser = OptionParsers.PositiveFiniteDouble,
        };
        var seed = CommonOptions.OptionalSeed($"Seed of the Lanczos start vector (lanczos only; default {LanczosOptions.DefaultSeed}); the same seed gives the same run.");
        var multiplicity = new Option<string?>("--multiplicity-check")
        {
            Description = "on (default): after convergence, a run on the complement of the found vectors looks for missed copies of repeated extreme eigenvalues (a single start vector's Krylov space holds one direction of each eigenspace); off: skip it, saving its products, at the risk that a repeated eigenvalue among the K wanted is counted once and a smaller one listed in its place (lanczos only).",
            HelpName = "on|off",
        };
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            Verb,
            "Hessian eigenvalues (and eigenvectors) at the instance's point, on a chosen eigen backend.",
            parse => Run(context, new HessianArguments(
                parse.GetValue(file)!,
                parse.GetValue(backend)!,
                parse.GetValue(method)!,
                parse.GetValue(vectors),
                parse.GetValue(format),
                parse.GetValue(top),
                parse.GetValue(bottom),
                parse.GetValue(tolerance),
                parse.GetValue(seed),
                parse.GetValue(multiplicity)), DenseHessianBudget.AvailableBytes),
            file,
            method,
            backend,
            vectors,
            top,
            bottom,
            tolerance,
            seed,
            multiplicity,
            format);
    }

    /// <summary>
    /// Runs the verb; <paramref name="availableBytes"/> is the memory the run may use (tests pass their own). Exit 3
    /// (inconclusive) when a Lanczos run's product budget ran out before every residual met the tolerance; the
    /// document is written all the same, with <c>converged</c> false.
    /// </summary>
    internal static int Run(CliContext context, HessianArguments arguments, long availableBytes)
    {
        var method = MethodOf(arguments);
        var instance = CommonOptions.ReadPoint(arguments.Path, "hessian needs a point");
        var report = ServiceCall.Run(arguments.Path, "--method lanczos",
            () => HessianService.Compute(new HessianRequest(instance, method, arguments.Backend, arguments.Vectors), ServiceCall.Resources(availableBytes)),
            denseAlternative: "--method lanczos (with --top K or --bottom K)");
        CommonOptions.WriteNotes(context, report.Notes);
        if (arguments.Format == OutputFormat.Json)
        {
            HessianOutput.WriteJson(instance, report, context.Stdout, context.Stderr);
        }
        else
        {
            context.Stdout.Write(HessianOutput.Text(instance, report));
        }

        if (report.Run is HessianRun.Lanczos { Result: { Converged: false } result })
        {
            context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inconclusive: Lanczos did not reach the tolerance {result.Tolerance:G3} within {result.Products} products (largest residual {result.Residuals.Max():G3})"));
            return ExitCodes.Inconclusive;
        }

        return ExitCodes.Success;
    }

    /// <summary>The method the command line asks for; options that do not apply to it are usage errors.</summary>
    private static HessianMethod MethodOf(HessianArguments a)
    {
        if (a.Method == Lanczos)
        {
            return new HessianMethod.Lanczos(
                Top: a.Top ?? (a.Bottom is null ? 1 : 0),
                Bottom: a.Bottom ?? (a.Top is null ? 1 : 0),
                Tolerance: a.Tolerance ?? LanczosOptions.DefaultTolerance,
                Seed: a.Seed ?? LanczosOptions.DefaultSeed,
                CheckMultiplicity: a.MultiplicityCheck switch
                {
                    null or "on" => true,
                    "off" => false,
                    var other => throw CliException.Usage($"--multiplicity-check: '{other}' is not on or off", Verb),
                });
        }

        if (a.MultiplicityCheck is not null)
        {
            throw CliException.Usage("--multiplicity-check applies to --method lanczos only", Verb);
        }

        if (a.Top is not null && a.Bottom is not null)
        {
            throw CliException.Usage("--top and --bottom exclude each other with --method dense (lanczos takes both)", Verb);
        }

        if (a.Tolerance is not null)
        {
            throw CliException.Usage("--tolerance applies to --method lanczos only (dense computes every eigenvalue to working precision)", Verb);
        }

        if (a.Seed is not null)
        {
            throw CliException.Usage("--seed applies to --method lanczos only (dense uses no random numbers)", Verb);
        }

        return new HessianMethod.Dense(
            a.Top is { } t ? new DenseSelection.Top(t) : a.Bottom is { } b ? new DenseSelection.Bottom(b) : new DenseSelection.All());
    }

    private static Option<int?> Count(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "K",
        CustomParser = r => OptionParsers.PositiveInt(r),
    };

    private static string MethodName(ArgumentResult result) =>
        OptionParsers.KnownName(result, "method", text => text is Dense or Lanczos, $"{Dense}, {Lanczos}");
}
