using System.Diagnostics;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;

namespace Verifier.Landscape.Analysis;

/// <summary>Options of <see cref="PointAnalysis"/>; backends are passed explicitly, never global.</summary>
/// <param name="EigenSolver">The symmetric eigen-solver for the Hessian spectrum.</param>
/// <param name="MaxDenseParameters">Above this many parameters no dense Hessian is formed.</param>
/// <param name="MaxExactKinkWork">Up to this many multiply-adds (N·P) ReLU kinks are located in exact arithmetic; above it in float64.</param>
/// <param name="MatrixKernels">The GEMM kernels of the batched Hessian assembly (null: the managed SIMD kernels).</param>
/// <param name="InertiaSolver">
/// When set, the inertia comes from this LDLᵀ factorization of the Hessian (see <see cref="PivotInertia"/>) and no
/// eigenvalue is computed; null: from all the eigenvalues.
/// </param>
public sealed record AnalysisOptions(ISymmetricEigenSolver EigenSolver, int MaxDenseParameters = 4000, long MaxExactKinkWork = 2_000_000, IMatrixKernels? MatrixKernels = null, ISymmetricInertiaSolver? InertiaSolver = null)
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
/// <param name="Kinks">Kinks at the point: ReLU pre-activations and (mean absolute error) residuals exactly 0.</param>
/// <param name="KinkCheck">"exact", "float64" or "none" (no ReLU layer and a smooth loss).</param>
/// <param name="EigenBackend">The eigen-solver that ran, or null.</param>
/// <param name="Seconds">Wall-clock time of the analysis.</param>
/// <param name="Lanczos">Beyond the dense limit, at a critical point: the Lanczos bounds at both ends of the spectrum that classified it; null otherwise.</param>
/// <param name="Pivots">With an inertia solver: the LDLᵀ pivots' counts that gave <paramref name="Inertia"/> (no eigenvalues then); null otherwise.</param>
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
    double Seconds,
    LanczosBounds? Lanczos = null,
    PivotInertia? Pivots = null);

/// <summary>
/// Lanczos at both ends of the spectrum, for P beyond the dense limit. A unit Ritz vector x with Ritz value θ and
/// residual r = Hx − θx proves, in exact arithmetic on the operator, an eigenvalue of H in [θ − ‖r‖, θ + ‖r‖]; the
/// residuals are explicit products, and rounding is allowed for by <paramref name="Allowance"/> = 64·P·ε·max(1, |θ|max),
/// added to each residual (a bound of the size of the products' rounding errors, not a rigorous analysis).
/// </summary>
/// <param name="Smallest">The smallest Ritz value.</param>
/// <param name="SmallestResidual">Its residual ‖Hx − θx‖₂.</param>
/// <param name="Largest">The largest Ritz value.</param>
/// <param name="LargestResidual">Its residual.</param>
/// <param name="Allowance">The rounding allowance added to each residual.</param>
/// <param name="Products">Hessian-vector products used.</param>
/// <param name="Seed">The seed of the start vector.</param>
/// <param name="Converged">Whether both residuals met Lanczos's tolerance.</param>
/// <param name="Finding">What the run shows, in words (e.g. "a negative and a positive eigenvalue are proved").</param>
public sealed record LanczosBounds(double Smallest, double SmallestResidual, double Largest, double LargestResidual, double Allowance, int Products, int Seed, bool Converged, string Finding)
{
    /// <summary>
    /// The classification of a critical point these bounds give: <see cref="Classification.StrictSaddle"/> when a negative
    /// and a positive eigenvalue are proved; <see cref="Classification.NoNegativeCurvatureFound"/> when a positive one is
    /// proved and no negative one (the smallest Ritz value proved positive, or 0 within its residual bound, as at a
    /// singular positive semidefinite Hessian); <see cref="Classification.NoPositiveCurvatureFound"/> for the mirror
    /// image; <see cref="Classification.Unclassified"/> when no sign is proved at either end. Never a strict minimum or
    /// maximum: Lanczos does not prove that no eigenvalue lies beyond its extreme Ritz values.
    /// </summary>
    public Classification Classify()
    {
        bool negative = Smallest + SmallestResidual + Allowance < 0;
        bool positive = Largest - LargestResidual - Allowance > 0;
        if (negative && positive)
        {
            return Classification.StrictSaddle;
        }

        if (positive || Smallest - SmallestResidual - Allowance > 0)
        {
            return Classification.NoNegativeCurvatureFound;
        }

        return negative || Largest + LargestResidual + Allowance < 0 ? Classification.NoPositiveCurvatureFound : Classification.Unclassified;
    }

    /// <summary>The rounding allowance of a run on a P-dimensional operator: 64·P·ε·max(1, largest |Ritz value|).</summary>
    public static double RoundingAllowance(Numerics.Krylov.LanczosResult result, int parameters)
    {
        ArgumentNullException.ThrowIfNull(result);
        double top = result.Eigenvalues.Count == 0 ? 0 : result.Eigenvalues.Max(Math.Abs);
        return 64.0 * parameters * Numerics.FloatingPoint.MachineEpsilon * Math.Max(1, top);
    }

    /// <summary>"negative" or "positive" when the Ritz value's interval θ ± (residual + allowance) excludes 0, else "undecided".</summary>
    public static string ProvedSign(double ritz, double residual, double allowance) =>
        ritz + residual + allowance < 0 ? "negative" : ritz - residual - allowance > 0 ? "positive" : "undecided";

    /// <summary>The bounds of a Lanczos run for the smallest and the largest eigenvalue of a P-dimensional Hessian.</summary>
    public static LanczosBounds From(Numerics.Krylov.LanczosResult result, int parameters)
    {
        ArgumentNullException.ThrowIfNull(result);
        double smallest = result.Eigenvalues[0], largest = result.Eigenvalues[^1];
        double allowance = RoundingAllowance(result, parameters);
        var b = new LanczosBounds(smallest, result.Residuals[0], largest, result.Residuals[^1], allowance, result.Products, result.Seed, result.Converged, "");
        int steps = result.Products;
        string finding = b.Classify() switch
        {
            Classification.StrictSaddle => "a negative and a positive eigenvalue are proved (each Ritz value's residual interval excludes 0)",
            Classification.NoNegativeCurvatureFound when smallest - b.SmallestResidual - allowance > 0 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no negative eigenvalue found by Lanczos with {steps} products from seed {result.Seed}: the smallest Ritz value is proved positive, which does not prove that no smaller eigenvalue exists"),
            Classification.NoNegativeCurvatureFound => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no negative eigenvalue found by Lanczos with {steps} products from seed {result.Seed}: a positive eigenvalue is proved and the smallest Ritz value {smallest:G6} is 0 within its bound {b.SmallestResidual + allowance:G3} (the Hessian may be singular there); this does not prove that no negative eigenvalue exists"),
            Classification.NoPositiveCurvatureFound when largest + b.LargestResidual + allowance < 0 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no positive eigenvalue found by Lanczos with {steps} products from seed {result.Seed}: the largest Ritz value is proved negative"),
            Classification.NoPositiveCurvatureFound => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no positive eigenvalue found by Lanczos with {steps} products from seed {result.Seed}: a negative eigenvalue is proved and the largest Ritz value {largest:G6} is 0 within its bound {b.LargestResidual + allowance:G3}"),
            _ => "the Ritz values' residual intervals contain 0: no sign is proved",
        };
        return b with { Finding = finding };
    }
}

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
        PivotInertia? pivots = null;
        Tolerances? pivotTolerances = null;
        if (p <= options.MaxDenseParameters)
        {
            var h = new BatchedHessian(instance, options.MatrixKernels ?? ManagedMatrixKernels.Default).Hessian(theta, cancellation);

            // The Hessian is not needed afterwards: the solvers may work on it in place (no P×P working copy).
            if (options.InertiaSolver is { } inertiaSolver)
            {
                pivotTolerances = Tolerances.ForPivots(loss, p, PivotInertia.InfinityNorm(h));
                pivots = inertiaSolver.InertiaOverwriting(h, pivotTolerances.Eigenvalue);
            }
            else
            {
                eigenvalues = options.EigenSolver.EigenvaluesOverwriting(h);
            }
        }

        double hessianNorm = eigenvalues is { Length: > 0 } ? Math.Max(Math.Abs(eigenvalues[0]), Math.Abs(eigenvalues[^1])) : 0.0;
        var tolerances = pivotTolerances ?? Tolerances.For(loss, p, hessianNorm);
        Inertia? inertia = eigenvalues is not null ? InertiaOf(eigenvalues, tolerances.Eigenvalue)
            : pivots is not null ? new Inertia(pivots.Negative, pivots.NearZero, pivots.Positive)
            : null;
        var classification = Classify(gradientNorm, kinks.Count > 0, inertia, tolerances);
        string? backend = eigenvalues is not null ? options.EigenSolver.Name : pivots is not null ? pivots.Backend + " (LDLT)" : null;
        return new AnalysisReport(p, loss, gradientNorm, eigenvalues, classification, tolerances, inertia, kinks, kinkCheck,
            backend, clock.Elapsed.TotalSeconds, Pivots: pivots);
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
        // Kinks are ReLU pre-activations exactly 0 and, under the mean absolute error, residuals exactly 0.
        if (!instance.Network.HasRelu && instance.Loss != LossKind.Mae)
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
