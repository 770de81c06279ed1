using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Native;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier analyze FILE [--format text|json] [--backend managed|lapack|auto|gpu]</c>: loss, gradient, Hessian spectrum and classification at the instance's point.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "The instance file (verifier-instance/1 JSON) with the point to analyse.",
        };
        file.Validators.Add(OptionParsers.NotAnOption);
        var format = new Option<string>("--format")
        {
            Description = $"Output format: {OptionParsers.FormatList}. With json, stdout holds exactly one JSON document.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
            CustomParser = OptionParsers.Format,
        };
        // The default stays managed: analyze's spectra are then the same bit for bit on every machine.
        var backend = HessianCommand.BackendOption(
            ManagedEigenSolver.BackendName,
            "Eigen backend for the Hessian spectrum: managed (MathNet, the default), lapack (OpenBLAS), auto (lapack when installed, otherwise managed), gpu (not in this build).");
        var exact = new Option<bool>("--exact")
        {
            Description = "Also decide the point exactly in rational arithmetic (linear and ReLU networks): exactLoss as \"p/q\", the exact inertia, the kinks, and a certified- classification.",
        };
        var command = new Command(
            "analyze",
            "Loss, gradient norm, Hessian eigenvalues and the second-order classification of the instance's point (float64 observations, not proofs).")
        {
            file,
            format,
            backend,
            exact,
        };
        command.SetAction(parse => Run(
            context,
            parse.GetValue(file)!,
            OptionParsers.ParseFormat(parse.GetValue(format)) ?? OutputFormat.Text,
            parse.GetValue(backend) ?? ManagedEigenSolver.BackendName,
            DenseHessianBudget.AvailableBytes,
            parse.GetValue(exact)));
        return command;
    }

    internal static int Run(CliContext context, string path, OutputFormat format, string backend = ManagedEigenSolver.BackendName) =>
        Run(context, path, format, backend, DenseHessianBudget.AvailableBytes);

    /// <summary>Runs the verb; <paramref name="availableBytes"/> is the memory the dense Hessian may use (tests pass their own).</summary>
    internal static int Run(CliContext context, string path, OutputFormat format, string backend, long availableBytes, bool exact = false)
    {
        var solver = HessianCommand.ResolveBackend(backend, out var fallbackNote);
        var instance = InstanceFile.Read(path);
        if (instance.Weights is null)
        {
            throw CliException.BadInput($"{path}: weights: missing (analyze needs a point)");
        }

        ExactPointAnalysis? exactAnalysis = null;
        if (exact)
        {
            exactAnalysis = ExactPointAnalysis.TryCreate(instance)
                ?? throw CliException.BadInput($"{path}: --exact needs a linear or ReLU network ({Names.Of(instance.Network.Activation)} values are not rational)");
        }

        var options = AnalysisOptions.Default with { EigenSolver = solver, MatrixKernels = MatrixKernels.Fastest() };
        int p = instance.Network.ParameterCount;
        if (p > options.MaxDenseParameters)
        {
            context.Stderr.WriteLine(
                $"note: P = {p} parameters exceeds the dense limit {options.MaxDenseParameters}: no Hessian is formed, eigenvalues are omitted and the classification of a critical point is 'unclassified'");
        }
        else
        {
            HessianCommand.CheckMemory(path, p, vectors: false, solver, availableBytes, "'verifier hessian --method lanczos --bottom K'");
        }

        AnalysisReport report;
        try
        {
            report = PointAnalysis.Analyze(instance, options);
        }
        catch (ArithmeticException e)
        {
            // The instance's numbers are too large for float64 at this point: a property of the input, not a bug.
            throw CliException.BadInput($"{path}: cannot analyse in double precision: {e.Message}");
        }

        if (fallbackNote is not null)
        {
            context.Stderr.WriteLine(fallbackNote);
        }

        var text = format == OutputFormat.Json
            ? AnalysisOutput.Json(instance, report, context.Stderr, exactAnalysis)
            : AnalysisOutput.Text(instance, report, exactAnalysis);
        context.Stdout.Write(text);
        return ExitCodes.Success;
    }
}
