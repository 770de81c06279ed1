using System.Globalization;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;

namespace Verifier.Landscape.Services;

/// <summary>A request to analyse an instance's point: loss, gradient, Hessian spectrum and classification.</summary>
/// <param name="Instance">The instance, with weights (the point θ).</param>
/// <param name="Backend">The eigen backend of the Hessian spectrum (gpu: the Hessian assembled on the GPU).</param>
/// <param name="Exact">Whether to decide the point exactly in rational arithmetic as well (linear and ReLU networks).</param>
/// <param name="InertiaOnly">
/// Whether to classify from the inertia of the Hessian's Bunch–Kaufman LDLᵀ factorization instead of all its eigenvalues
/// (LAPACK's dsytrf when the backend resolves to lapack, else the managed factorization); no eigenvalue is reported.
/// </param>
public sealed record AnalysisRequest(Instance Instance, Backend Backend, bool Exact = false, bool InertiaOnly = false);

/// <summary>What <see cref="AnalysisService.Analyze"/> found at a point.</summary>
/// <param name="Analysis">The float64 observations: loss, gradient norm, spectrum, classification, tolerances, kinks.</param>
/// <param name="Exact">The exact analysis, or null when it was not asked for.</param>
/// <param name="Notes">What the run has to say, one line each: the dense limit when no Hessian was formed, then the backend choice.</param>
public sealed record PointAnalysisReport(AnalysisReport Analysis, ExactPointAnalysis? Exact, IReadOnlyList<string> Notes);

/// <summary>
/// The float64 analysis of an instance's point on a named backend, and optionally its exact decision: what
/// <c>verifier analyze</c> computes, for any caller. The dense Hessian's memory is checked before it is formed.
/// </summary>
public static class AnalysisService
{
    /// <summary>Analyses the point.</summary>
    /// <param name="request">The instance, backend and whether the exact analysis is wanted.</param>
    /// <param name="resources">The optional GPU and the memory available.</param>
    /// <exception cref="ArgumentException">The instance has no weights.</exception>
    /// <exception cref="BackendUnavailableException">The backend was named explicitly and cannot run here.</exception>
    /// <exception cref="UnsupportedInstanceException">The exact analysis was asked for on a network whose values are not rational.</exception>
    /// <exception cref="DenseHessianTooLargeException">The dense Hessian would not fit in memory.</exception>
    /// <exception cref="DoublePrecisionException">The instance's numbers overflow double precision at its point.</exception>
    public static PointAnalysisReport Analyze(AnalysisRequest request, ComputeResources resources)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resources);
        var instance = ServiceArguments.WithPoint(request.Instance, nameof(request));

        using var backend = resources.Backends.ForDenseSpectrum(request.Backend);
        var exact = request.Exact
            ? ExactPointAnalysis.TryCreate(instance)
                ?? throw new UnsupportedInstanceException(instance.Loss switch
                {
                    LossKind.Logistic => "needs a squared loss (the logistic loss is transcendental: it has no exact values)",
                    LossKind.Mae => "needs a squared loss (the exact analysis is written for squared errors; this instance's loss is mae)",
                    _ => $"needs a linear or ReLU network ({Names.Of(instance.Network.Activation)} values are not rational)",
                })
            : null;
        var options = AnalysisOptions.Default with { EigenSolver = backend.EigenSolver, MatrixKernels = backend.Kernels };
        var notes = new List<string>();
        if (request.InertiaOnly)
        {
            options = options with { InertiaSolver = InertiaSolverFor(backend.EigenSolver, notes) };
        }

        int p = instance.Network.ParameterCount;
        if (p > options.MaxDenseParameters)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"P = {p} parameters exceeds the dense limit {options.MaxDenseParameters}: no Hessian is formed; a critical point is classified from Lanczos at both ends of the spectrum, with residual bounds"));
        }
        else
        {
            DenseHessianBudget.Check(p, vectors: false, backend.EigenSolver, resources.AvailableBytes);
        }

        AnalysisReport report;
        try
        {
            report = PointAnalysis.Analyze(instance, options);
        }
        catch (ArithmeticException e)
        {
            // The instance's numbers are too large for float64 at this point: a property of the input, not a bug.
            throw new DoublePrecisionException($"cannot analyse in double precision: {e.Message}", e);
        }

        if (report.Classification == Classification.Unclassified)
        {
            var lanczos = HessianService.Compute(new HessianRequest(instance, new HessianMethod.Lanczos(Top: 1, Bottom: 1), request.Backend), resources);
            var bounds = LanczosBounds.From(((HessianRun.Lanczos)lanczos.Run).Result, p);
            report = report with { Classification = bounds.Classify(), Lanczos = bounds };
            notes.AddRange(lanczos.Notes);
        }

        notes.AddRange(backend.Notes);
        return new PointAnalysisReport(report, exact, notes);
    }

    // LAPACK's dsytrf when the eigen backend resolved to LAPACK and the library exports it; else the managed factorization.
    private static ISymmetricInertiaSolver InertiaSolverFor(ISymmetricEigenSolver eigenSolver, List<string> notes)
    {
        if (eigenSolver is not LapackEigenSolver)
        {
            return InertiaSolvers.Managed;
        }

        if (InertiaSolvers.TryCreateLapack(out var lapack, out var reason))
        {
            return lapack;
        }

        notes.Add($"the LDLT factorization runs managed: {reason}");
        return InertiaSolvers.Managed;
    }
}
