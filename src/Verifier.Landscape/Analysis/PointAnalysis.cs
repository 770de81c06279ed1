using System.Diagnostics;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;

namespace Verifier.Landscape.Analysis;

/// <summary>Options of <see cref="PointAnalysis"/>; backends are passed explicitly, never global.</summary>
/// <param name="EigenSolver">The symmetric eigen-solver for the Hessian spectrum.</param>
/// <param name="MaxDenseParameters">Above this many parameters no dense Hessian is formed.</param>
/// <param name="MaxExactKinkWork">Up to this many multiply-adds (N·P) ReLU kinks are located in exact arithmetic; above it in float64.</param>
/// <param name="MatrixKernels">The GEMM kernels of the batched Hessian assembly (null: the managed SIMD kernels).</param>
public sealed record AnalysisOptions(ISymmetricEigenSolver EigenSolver, int MaxDenseParameters = 4000, long MaxExactKinkWork = 2_000_000, IMatrixKernels? MatrixKernels = null)
{
    /// <summary>The defaults with the managed eigen-solver.</summary>
    public static AnalysisOptions Default { get; } = new(new ManagedEigenSolver());
}

/// <summary>What <see cref="PointAnalysis.Analyze"/> found at a point.</summary>
/// <param name="ParameterCount">P.</param>
/// <param name="Loss">L(θ) in float64.</param>
/// <param name="GradientNorm">‖∇L(θ)‖₂ in float64.</param>
/// <param name="Eigenvalues">All Hessian eigenvalues ascending, or null when P exceeds the dense limit.</param>
/// <param name="Classification">The second-order classification.</param>
/// <param name="Tolerances">The zero tolerances used.</param>
/// <param name="Inertia">Counts of negative, zero and positive eigenvalues under the tolerance (null without eigenvalues).</param>
/// <param name="Kinks">ReLU kinks at the point.</param>
/// <param name="KinkCheck">"exact", "float64" or "none" (no ReLU layer).</param>
/// <param name="EigenBackend">The eigen-solver that ran, or null.</param>
/// <param name="Seconds">Wall-clock time of the analysis.</param>
public sealed record AnalysisReport(
    int ParameterCount,
    double Loss,
    double GradientNorm,
    IReadOnlyList<double>? Eigenvalues,
    Classification Classification,
    Tolerances Tolerances,
    Inertia? Inertia,
    IReadOnlyList<Kink> Kinks,
    string KinkCheck,
    string? EigenBackend,
    double Seconds);

/// <summary>Numbers of negative, zero and positive eigenvalues.</summary>
/// <param name="Negative">Eigenvalues below −τ.</param>
/// <param name="Zero">Eigenvalues in [−τ, τ].</param>
/// <param name="Positive">Eigenvalues above τ.</param>
public sealed record Inertia(int Negative, int Zero, int Positive);

/// <summary>Float64 analysis of a point: loss, gradient, full Hessian spectrum, classification.</summary>
/// <remarks>
/// These are observations, not proofs: the words carry no "certified-" prefix. Kinks of ReLU networks are
/// located exactly (from the file's exact numbers) when that is affordable.
/// </remarks>
public static class PointAnalysis
{
    /// <summary>Analyses the instance at its own weights.</summary>
    /// <exception cref="InvalidOperationException">The instance has no weights.</exception>
    public static AnalysisReport Analyze(Instance instance, AnalysisOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        var exactTheta = instance.Weights ?? throw new InvalidOperationException("The instance has no weights: there is no point to analyse.");
        var clock = Stopwatch.StartNew();
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var theta = instance.WeightsDouble();
        var (loss, gradient) = calculus.LossAndGradient(theta);
        double gradientNorm = Norm(gradient);
        if (!double.IsFinite(loss) || !double.IsFinite(gradientNorm))
        {
            throw new ArithmeticException($"The loss or gradient overflowed in double precision (loss {loss}, gradient norm {gradientNorm}).");
        }

        var (kinks, kinkCheck) = FindKinks(instance, exactTheta, theta, options);
        int p = calculus.ParameterCount;
        double[]? eigenvalues = null;
        if (p <= options.MaxDenseParameters)
        {
            var h = new BatchedHessian(instance, options.MatrixKernels ?? ManagedMatrixKernels.Default).Hessian(theta, cancellation);
            eigenvalues = options.EigenSolver.Eigenvalues(h);
        }

        double hessianNorm = eigenvalues is { Length: > 0 } ? Math.Max(Math.Abs(eigenvalues[0]), Math.Abs(eigenvalues[^1])) : 0.0;
        var tolerances = Tolerances.For(loss, p, hessianNorm);
        Inertia? inertia = eigenvalues is null ? null : InertiaOf(eigenvalues, tolerances.Eigenvalue);
        var classification = Classify(gradientNorm, kinks.Count > 0, inertia, tolerances);
        return new AnalysisReport(p, loss, gradientNorm, eigenvalues, classification, tolerances, inertia, kinks, kinkCheck,
            eigenvalues is null ? null : options.EigenSolver.Name, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The classification rule of the contract, applied to measured quantities.</summary>
    public static Classification Classify(double gradientNorm, bool atKink, Inertia? inertia, Tolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(tolerances);
        if (atKink)
        {
            return Classification.NonDifferentiable;
        }

        if (!(gradientNorm <= tolerances.Gradient))
        {
            return Classification.NotCritical;
        }

        if (inertia is null)
        {
            return Classification.Unclassified;
        }

        return inertia switch
        {
            { Negative: > 0, Positive: > 0 } => Classification.StrictSaddle,
            { Zero: 0, Negative: 0 } => Classification.StrictLocalMin,
            { Zero: 0, Positive: 0 } => Classification.StrictLocalMax,
            _ => Classification.Degenerate,
        };
    }

    /// <summary>Counts eigenvalues below −τ, within [−τ, τ] and above τ.</summary>
    public static Inertia InertiaOf(IReadOnlyList<double> eigenvalues, double tau)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        int neg = eigenvalues.Count(l => l < -tau);
        int pos = eigenvalues.Count(l => l > tau);
        return new Inertia(neg, eigenvalues.Count - neg - pos, pos);
    }

    private static (IReadOnlyList<Kink> Kinks, string Check) FindKinks(Instance instance, IReadOnlyList<Rational> exactTheta, double[] theta, AnalysisOptions options)
    {
        if (!instance.Network.HasRelu)
        {
            return ([], "none");
        }

        if (instance.Network.IsPiecewiseLinear && (long)instance.Data.Count * instance.Network.ParameterCount <= options.MaxExactKinkWork)
        {
            return (new NetworkCalculus<Rational, RationalOps>(instance).Kinks(exactTheta), "exact");
        }

        return (new NetworkCalculus<double, DoubleOps>(instance).Kinks(theta), "float64");
    }

    private static double Norm(double[] v)
    {
        // Scaled to avoid overflow of the squares.
        double scale = 0;
        foreach (var x in v)
        {
            scale = Math.Max(scale, Math.Abs(x));
        }

        if (scale == 0 || !double.IsFinite(scale))
        {
            return scale;
        }

        double sum = 0;
        foreach (var x in v)
        {
            double y = x / scale;
            sum += y * y;
        }

        return scale * Math.Sqrt(sum);
    }
}
