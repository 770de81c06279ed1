using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier analyze FILE [--format text|json] [--backend managed|lapack|auto|gpu] [--exact] [--inertia-only]</c>: loss, gradient,
/// Hessian spectrum and classification at the instance's point, computed by <see cref="AnalysisService"/>.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance file (verifier-instance/1 JSON) with the point to analyse.");
        var format = CommonOptions.Format();
        // The default stays managed: analyze's spectra are then the same bit for bit on every machine.
        var backend = CommonOptions.Backend(
            new Backend.Auto(),
            "Eigen backend for the Hessian spectrum: auto (the default: lapack when OpenBLAS is installed, otherwise managed), managed (MathNet: bit-reproducible across machines, about 30x slower at P = 3073), lapack (OpenBLAS), gpu (Hessian assembled by GPU kernels; needs CUDA).");
        var exact = new Option<bool>("--exact")
        {
            Description = "Also decide the point exactly in rational arithmetic (linear and ReLU networks): exactLoss as \"p/q\", the exact inertia, the kinks, and a certified- classification.",
        };
        var inertiaOnly = new Option<bool>("--inertia-only")
        {
            Description = "Classify from the inertia of the Hessian's Bunch-Kaufman LDL^T factorization (LAPACK dsytrf, or managed) instead of all its eigenvalues: no eigenvalues are reported; a pivot within the tolerance makes the point degenerate (the factorization cannot decide).",
        };
        return CommonOptions.Verb(
            "analyze",
            "Loss, gradient norm, Hessian eigenvalues and the second-order classification of the instance's point (float64 observations, not proofs).",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(format), parse.GetValue(backend)!, DenseHessianBudget.AvailableBytes, parse.GetValue(exact), parse.GetValue(inertiaOnly)),
            file,
            format,
            backend,
            exact,
            inertiaOnly);
    }

    /// <summary>Runs the verb; <paramref name="availableBytes"/> is the memory the dense Hessian may use (tests pass their own).</summary>
    internal static int Run(CliContext context, string path, OutputFormat format, Backend backend, long availableBytes, bool exact = false, bool inertiaOnly = false)
    {
        var instance = CommonOptions.ReadPoint(path, "analyze needs a point");
        var report = ServiceCall.Run(path, "--exact", () => AnalysisService.Analyze(new AnalysisRequest(instance, backend, exact, inertiaOnly), ServiceCall.Resources(availableBytes)));
        CommonOptions.WriteNotes(context, report.Notes);
        CommonOptions.Write(context, "analysis", format,
            json: () => AnalysisOutput.Json(instance, report.Analysis, context.Stderr, report.Exact),
            text: () => AnalysisOutput.Text(instance, report.Analysis, report.Exact));
        return ExitCodes.Success;
    }
}
