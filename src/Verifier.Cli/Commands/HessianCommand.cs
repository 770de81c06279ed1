using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Verifier.Cli.Output;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Native;

namespace Verifier.Cli.Commands;

/// <summary>What <c>verifier hessian</c> was asked to do.</summary>
/// <param name="Path">The instance file.</param>
/// <param name="Method">"dense" or "lanczos".</param>
/// <param name="Backend">An eigen backend name (auto, managed, lapack, gpu).</param>
/// <param name="Vectors">Whether eigenvectors are wanted.</param>
/// <param name="Format">Text or JSON.</param>
/// <param name="Top">The K largest eigenvalues only, or null.</param>
/// <param name="Bottom">The K smallest eigenvalues only, or null.</param>
/// <param name="Tolerance">The Lanczos residual tolerance, or null.</param>
/// <param name="Seed">The seed of the Lanczos start vector, or null for the default.</param>
internal sealed record HessianRequest(
    string Path,
    string Method = HessianCommand.Dense,
    string Backend = EigenSolvers.AutoName,
    bool Vectors = false,
    OutputFormat Format = OutputFormat.Text,
    int? Top = null,
    int? Bottom = null,
    double? Tolerance = null,
    int? Seed = null);

/// <summary>What <c>verifier hessian</c> computed.</summary>
/// <param name="ParameterCount">P.</param>
/// <param name="Method">"dense" or "lanczos".</param>
/// <param name="Backend">The eigen backend that ran.</param>
/// <param name="Selection">"all", "top K" or "bottom K".</param>
/// <param name="Eigenvalues">The selected eigenvalues, ascending.</param>
/// <param name="Eigenvectors">The selected eigenvectors (one unit vector per eigenvalue), or null.</param>
/// <param name="HessianSeconds">Time to form the dense Hessian (lanczos: to prepare the products at the point).</param>
/// <param name="EigenSeconds">Time of the eigen-solver (lanczos: of the Lanczos iteration).</param>
/// <param name="Seconds">Time of the whole command up to the output.</param>
/// <param name="Lanczos">The Lanczos run's residuals and counts (lanczos only).</param>
internal sealed record HessianReport(
    int ParameterCount,
    string Method,
    string Backend,
    string Selection,
    IReadOnlyList<double> Eigenvalues,
    IReadOnlyList<double[]>? Eigenvectors,
    double HessianSeconds,
    double EigenSeconds,
    double Seconds,
    LanczosResult? Lanczos = null);

/// <summary>
/// <c>verifier hessian FILE [--method dense|lanczos] [--backend auto|managed|lapack|gpu] [--vectors] [--top K | --bottom K] [--tolerance T] [--format text|json]</c>:
/// the Hessian spectrum at the instance's point, on a chosen eigen backend.
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
        var file = new Argument<string>("FILE")
        {
            Description = "The instance file (verifier-instance/1 JSON) with the point.",
        };
        file.Validators.Add(OptionParsers.NotAnOption);
        var method = new Option<string>("--method")
        {
            Description = "dense: form the whole Hessian and decompose it; lanczos: extreme eigenvalues from Hessian-vector products (R-operator), never forming the Hessian (without --top or --bottom: the largest and the smallest eigenvalue).",
            HelpName = "dense|lanczos",
            DefaultValueFactory = _ => Dense,
            CustomParser = MethodName,
        };
        var backend = BackendOption(EigenSolvers.AutoName,
            "dense: eigen backend auto (lapack when OpenBLAS is installed, otherwise managed), managed (MathNet), lapack (OpenBLAS), gpu (Hessian assembled by GPU kernels; needs CUDA). lanczos: the kernels of the Hessian-vector products, auto (gpu when a CUDA device is present, else lapack = OpenBLAS dgemm, else managed), managed, lapack, gpu.");
        var vectors = new Option<bool>("--vectors")
        {
            Description = "Also output the eigenvectors (unit vectors, one per eigenvalue).",
            Arity = ArgumentArity.Zero,
        };
        var top = new Option<int?>("--top")
        {
            Description = "Only the K largest eigenvalues (lanczos: may be combined with --bottom).",
            HelpName = "K",
            CustomParser = r => OptionParsers.PositiveInt(r),
        };
        var bottom = new Option<int?>("--bottom")
        {
            Description = "Only the K smallest eigenvalues.",
            HelpName = "K",
            CustomParser = r => OptionParsers.PositiveInt(r),
        };
        var tolerance = new Option<double?>("--tolerance")
        {
            Description = $"Lanczos relative residual tolerance: every residual ||Hv - lambda v|| below T*max(1, ||H||) (lanczos only; default {LanczosOptions.DefaultTolerance:0e0}).",
            HelpName = "T",
            CustomParser = PositiveNumber,
        };
        var seed = new Option<int?>("--seed")
        {
            Description = $"Seed of the Lanczos start vector (lanczos only; default {LanczosOptions.DefaultSeed}); the same seed gives the same run.",
            HelpName = "S",
            CustomParser = r => OptionParsers.AnyInt(r),
        };
        var format = new Option<string>("--format")
        {
            Description = $"Output format: {OptionParsers.FormatList}. With json, stdout holds exactly one JSON document.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
            CustomParser = OptionParsers.Format,
        };
        var command = new Command(Verb, "Hessian eigenvalues (and eigenvectors) at the instance's point, on a chosen eigen backend.")
        {
            file,
            method,
            backend,
            vectors,
            top,
            bottom,
            tolerance,
            seed,
            format,
        };
        command.SetAction(parse => Run(context, new HessianRequest(
            parse.GetValue(file)!,
            parse.GetValue(method)!,
            parse.GetValue(backend)!,
            parse.GetValue(vectors),
            OptionParsers.ParseFormat(parse.GetValue(format)) ?? OutputFormat.Text,
            parse.GetValue(top),
            parse.GetValue(bottom),
            parse.GetValue(tolerance),
            parse.GetValue(seed))));
        return command;
    }

    /// <summary>Runs the verb against the memory this process may use.</summary>
    internal static int Run(CliContext context, HessianRequest request) => Run(context, request, DenseHessianBudget.AvailableBytes);

    /// <summary>Runs the verb; <paramref name="availableBytes"/> is the memory the dense Hessian may use (tests pass their own).</summary>
    internal static int Run(CliContext context, HessianRequest request, long availableBytes)
    {
        var clock = Stopwatch.StartNew();
        if (request.Method == Lanczos)
        {
            return RunLanczos(context, request, clock, availableBytes);
        }

        if (request.Top is not null && request.Bottom is not null)
        {
            throw CliException.Usage("--top and --bottom exclude each other with --method dense (lanczos takes both)", Verb);
        }

        if (request.Tolerance is not null)
        {
            throw CliException.Usage("--tolerance applies to --method lanczos only (dense computes every eigenvalue to working precision)", Verb);
        }

        if (request.Seed is not null)
        {
            throw CliException.Usage("--seed applies to --method lanczos only (dense uses no random numbers)", Verb);
        }

        using var gpu = request.Backend == EigenSolvers.GpuName ? ProductBackends.Resolve(EigenSolvers.GpuName) : null;
        var solver = gpu is null ? ResolveBackend(request.Backend, out var fallbackNote) : ResolveBackend(EigenSolvers.AutoName, out fallbackNote);
        var instance = InstanceFile.Read(request.Path);
        if (instance.Weights is null)
        {
            throw CliException.BadInput($"{request.Path}: weights: missing (hessian needs a point)");
        }

        int p = instance.Network.ParameterCount;
        CheckMemory(request.Path, p, request.Vectors, solver, availableBytes, "--method lanczos (with --top K or --bottom K)");
        double[,] h;
        SymmetricEigenDecomposition decomposition;
        var hessianClock = Stopwatch.StartNew();
        try
        {
            h = BatchedHessian.Compute(instance, instance.WeightsDouble(), gpu?.Kernels ?? MatrixKernels.Fastest());
        }
        catch (ArithmeticException e)
        {
            throw CliException.BadInput($"{request.Path}: cannot form the Hessian in double precision: {e.Message}");
        }

        double hessianSeconds = hessianClock.Elapsed.TotalSeconds;
        var eigenClock = Stopwatch.StartNew();
        try
        {
            // Without vectors the Hessian is not needed afterwards: the solver may work on it in place.
            decomposition = request.Vectors ? solver.Decompose(h, vectors: true) : new SymmetricEigenDecomposition(solver.EigenvaluesOverwriting(h), null);
        }
        catch (ArithmeticException e)
        {
            // A non-finite Hessian entry: the instance's numbers overflow double precision at this point.
            throw CliException.BadInput($"{request.Path}: cannot compute the Hessian spectrum in double precision: {e.Message}");
        }

        double eigenSeconds = eigenClock.Elapsed.TotalSeconds;
        var (first, count, selection) = Select(p, request.Top, request.Bottom);
        var values = decomposition.Values.AsSpan(first, count).ToArray();
        double[][]? vectors = decomposition.Vectors is null
            ? null
            : [.. Enumerable.Range(first, count).Select(decomposition.Vector)];
        var report = new HessianReport(p, Dense, gpu is null ? solver.Name : $"{gpu.Name} (eigen-solver {solver.Name})", selection, values, vectors, hessianSeconds, eigenSeconds, clock.Elapsed.TotalSeconds);
        if (fallbackNote is not null && gpu is null)
        {
            context.Stderr.WriteLine(fallbackNote);
        }

        if (request.Format == OutputFormat.Json)
        {
            HessianOutput.WriteJson(instance, report, context.Stdout, context.Stderr);
        }
        else
        {
            context.Stdout.Write(HessianOutput.Text(instance, report));
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>--method lanczos</c>: the extreme eigenvalues by thick-restart Lanczos over R-operator Hessian-vector
    /// products on the chosen kernels. Without --top or --bottom: the largest and the smallest eigenvalue. Exit 3
    /// With both, both ends. Exit 3 (inconclusive) when the product budget ran out before every residual met the tolerance; the document is
    /// written all the same, with <c>converged</c> false.
    /// </summary>
    private static int RunLanczos(CliContext context, HessianRequest request, Stopwatch clock, long availableBytes)
    {
        int top = request.Top ?? (request.Bottom is null ? 1 : 0);
        int bottom = request.Bottom ?? (request.Top is null ? 1 : 0);
        using var backend = ProductBackends.Resolve(request.Backend);
        var instance = InstanceFile.Read(request.Path);
        if (instance.Weights is null)
        {
            throw CliException.BadInput($"{request.Path}: weights: missing (hessian needs a point)");
        }

        int p = instance.Network.ParameterCount;
        top = Math.Min(top, p);
        bottom = Math.Min(bottom, p - top);
        var sizing = new LanczosOptions { Top = top, Bottom = bottom, Vectors = request.Vectors };
        CheckMatrixFreeMemory(request.Path, "--method lanczos", instance, Numerics.Krylov.Lanczos.WorkspaceBytes(p, sizing),
            string.Create(CultureInfo.InvariantCulture, $"a basis of {Numerics.Krylov.Lanczos.BasisSize(p, sizing)} vectors of P = {p}, its images and a restart copy"), availableBytes);
        var prepare = Stopwatch.StartNew();
        var theta = instance.WeightsDouble();
        if (theta.Any(t => !double.IsFinite(t)))
        {
            throw CliException.BadInput($"{request.Path}: weights: a number overflows double precision");
        }

        var products = backend.Products(instance, theta);
        double prepareSeconds = prepare.Elapsed.TotalSeconds;
        var options = new LanczosOptions
        {
            Top = top,
            Bottom = bottom,
            Tolerance = request.Tolerance ?? LanczosOptions.DefaultTolerance,
            Seed = request.Seed ?? LanczosOptions.DefaultSeed,
            Vectors = request.Vectors,
            Kernels = ProductBackends.Cpu(),
        };
        var iterate = Stopwatch.StartNew();
        LanczosResult result;
        try
        {
            result = Numerics.Krylov.Lanczos.Compute(products, options);
        }
        catch (ArithmeticException e)
        {
            throw CliException.BadInput($"{request.Path}: cannot compute the Hessian spectrum in double precision: {e.Message}");
        }
        double lanczosSeconds = iterate.Elapsed.TotalSeconds;
        if (result.Eigenvalues.Concat(result.Residuals).Any(x => !double.IsFinite(x)))
        {
            throw CliException.BadInput($"{request.Path}: cannot compute the Hessian spectrum in double precision: a Hessian-vector product is not finite");
        }

        string selection = (top, bottom) switch
        {
            ( > 0, > 0) => string.Create(CultureInfo.InvariantCulture, $"top {top}, bottom {bottom}"),
            ( > 0, _) => string.Create(CultureInfo.InvariantCulture, $"top {top}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"bottom {bottom}"),
        };
        var report = new HessianReport(p, Lanczos, backend.Name, selection, result.Eigenvalues, result.Eigenvectors,
            prepareSeconds, lanczosSeconds, clock.Elapsed.TotalSeconds, result);
        if (backend.Note is not null)
        {
            context.Stderr.WriteLine(backend.Note);
        }

        if (request.Format == OutputFormat.Json)
        {
            HessianOutput.WriteJson(instance, report, context.Stdout, context.Stderr);
        }
        else
        {
            context.Stdout.Write(HessianOutput.Text(instance, report));
        }

        if (!result.Converged)
        {
            context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inconclusive: Lanczos did not reach the tolerance {result.Tolerance:G3} within {result.Products} products (largest residual {result.Residuals.Max():G3})"));
            return ExitCodes.Inconclusive;
        }

        return ExitCodes.Success;
    }

    /// <summary>The --backend option shared by the verbs that compute spectra.</summary>
    internal static Option<string> BackendOption(string defaultBackend, string description) => new("--backend")
    {
        Description = description,
        HelpName = string.Join('|', EigenSolvers.BackendNames),
        DefaultValueFactory = _ => defaultBackend,
        CustomParser = BackendName,
    };

    /// <summary>
    /// The eigen-solver for a backend name. A backend named explicitly but unavailable is bad input (exit 2,
    /// the message says how to install it). When auto falls back to managed, <paramref name="fallbackNote"/>
    /// says so, for stderr once the command has succeeded (a failing command prints its one error line only).
    /// </summary>
    internal static ISymmetricEigenSolver ResolveBackend(string backend, out string? fallbackNote)
    {
        try
        {
            var solver = EigenSolvers.Resolve(backend, out var note);
            fallbackNote = backend == EigenSolvers.AutoName && solver.Name != LapackEigenSolver.BackendName ? $"note: {note}" : null;
            return solver;
        }
        catch (BackendUnavailableException e)
        {
            throw CliException.BadInput(e.Message);
        }
    }

    /// <summary>
    /// Refuses, with how much it would need, a matrix-free run (<paramref name="verb"/>) whose Krylov vectors
    /// (<paramref name="krylovBytes"/>, described by <paramref name="what"/>) and passes do not fit in memory: checked
    /// before any is allocated, since a run that ran out of memory half-way would end with nothing.
    /// </summary>
    internal static void CheckMatrixFreeMemory(string path, string verb, Instance instance, long krylovBytes, string what, long availableBytes)
    {
        long passes = HessianVectorProducts.WorkspaceBytes(instance.Network, instance.Data.Count);
        if (krylovBytes + passes > availableBytes)
        {
            throw CliException.BadInput(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {verb} needs about {DenseHessianBudget.Format(krylovBytes + passes)} here ({DenseHessianBudget.Format(krylovBytes)} for {what}; {DenseHessianBudget.Format(passes)} for the passes over {instance.Data.Count} samples) and {DenseHessianBudget.Format(availableBytes)} is available"));
        }
    }

    /// <summary>Refuses, with how much it would need, a dense Hessian that does not fit in memory.</summary>
    internal static void CheckMemory(string path, int parameterCount, bool vectors, ISymmetricEigenSolver solver, long availableBytes, string alternative)
    {
        try
        {
            DenseHessianBudget.Check(parameterCount, vectors, solver, availableBytes);
        }
        catch (DenseHessianTooLargeException e)
        {
            throw CliException.BadInput($"{path}: {e.Message}; use {alternative} for extreme eigenvalues without forming it");
        }
    }

    private static (int First, int Count, string Selection) Select(int p, int? top, int? bottom)
    {
        if (top is { } t)
        {
            int k = Math.Min(t, p);
            return (p - k, k, string.Create(CultureInfo.InvariantCulture, $"top {k}"));
        }

        if (bottom is { } b)
        {
            int k = Math.Min(b, p);
            return (0, k, string.Create(CultureInfo.InvariantCulture, $"bottom {k}"));
        }

        return (0, p, "all");
    }

    private static string MethodName(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (text is not (Dense or Lanczos))
        {
            result.AddError($"--method: unknown method '{text}' (expected one of {Dense}, {Lanczos})");
        }

        return text;
    }

    private static string BackendName(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!EigenSolvers.IsBackendName(text))
        {
            result.AddError($"--backend: unknown backend '{text}' (expected one of {string.Join(", ", EigenSolvers.BackendNames)})");
        }

        return text;
    }

    private static double? PositiveNumber(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0)
        {
            result.AddError($"--tolerance: '{text}' is not a finite number above 0");
            return null;
        }

        return value;
    }
}
