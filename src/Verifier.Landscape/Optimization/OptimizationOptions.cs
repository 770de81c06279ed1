using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;

namespace Verifier.Landscape.Optimization;

/// <summary>Which optimiser <see cref="Optimizer"/> runs.</summary>
public enum OptimizationMethod
{
    /// <summary>
    /// The default descent method: L-BFGS with a strong-Wolfe line search until the gradient is small,
    /// then trust-region Newton polishing with the dense Hessian. Every accepted step lowers the loss (or,
    /// once loss differences are at the rounding level, keeps it and lowers the gradient), so it moves away
    /// from saddles and maxima and converges to a local minimum in all but exceptional cases.
    /// </summary>
    TrustRegion,

    /// <summary>L-BFGS with a strong-Wolfe line search alone (no Hessian): a descent method for any P.</summary>
    Lbfgs,

    /// <summary>
    /// Newton's method from the start point: dense-Hessian steps, damped only to reduce the gradient norm.
    /// It converges to the nearby critical point whatever its type (minimum, saddle or maximum); that is
    /// what it is for, e.g. to land exactly on a saddle predicted by a paper.
    /// </summary>
    Newton,
}

/// <summary>Why an optimiser stopped.</summary>
public enum StopReason
{
    /// <summary>The gradient norm reached the rounding-level tolerance.</summary>
    Converged,

    /// <summary>Steps stopped reducing the gradient (or the loss) before the tolerance was reached.</summary>
    Stalled,

    /// <summary>The iteration limit was reached first.</summary>
    MaxIterations,
}

/// <summary>The contract's kebab-case words for <see cref="OptimizationMethod"/> and <see cref="StopReason"/>.</summary>
public static class OptimizationNames
{
    /// <summary>The method names as the command line spells them.</summary>
    public const string MethodList = "newton, lbfgs, trust-region";

    /// <summary>The word for a method, e.g. "trust-region".</summary>
    public static string Of(OptimizationMethod method) => method switch
    {
        OptimizationMethod.TrustRegion => "trust-region",
        OptimizationMethod.Lbfgs => "lbfgs",
        OptimizationMethod.Newton => "newton",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown optimisation method"),
    };

    /// <summary>The word for a stop reason, e.g. "max-iterations".</summary>
    public static string Of(StopReason reason) => reason switch
    {
        StopReason.Converged => "converged",
        StopReason.Stalled => "stalled",
        StopReason.MaxIterations => "max-iterations",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown stop reason"),
    };

    /// <summary>The method for a name, or null when the name is none of <see cref="MethodList"/>.</summary>
    public static OptimizationMethod? ParseMethod(string? name) => name switch
    {
        "trust-region" => OptimizationMethod.TrustRegion,
        "lbfgs" => OptimizationMethod.Lbfgs,
        "newton" => OptimizationMethod.Newton,
        _ => null,
    };
}

/// <summary>Everything that steers <see cref="Optimizer"/>; nothing is global.</summary>
public sealed record OptimizationOptions
{
    /// <summary>The float64 machine epsilon 2⁻⁵².</summary>
    public const double MachineEpsilon = Verifier.Numerics.FloatingPoint.MachineEpsilon;

    /// <summary>The defaults: trust-region, at most <see cref="DefaultMaxIterations"/> iterations, the managed eigen-solver.</summary>
    public static OptimizationOptions Default { get; } = new();

    /// <summary>The default iteration limit.</summary>
    public const int DefaultMaxIterations = 10_000;

    /// <summary>The method.</summary>
    public OptimizationMethod Method { get; init; } = OptimizationMethod.TrustRegion;

    /// <summary>At most this many iterations in all phases together (an L-BFGS line search or a trust-region trial step is one iteration).</summary>
    public int MaxIterations { get; init; } = DefaultMaxIterations;

    /// <summary>The seed of the random start point, drawn when the instance has no weights (null: such an instance is refused).</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// The factor c of the gradient tolerance (see <see cref="GradientTolerance"/>). Near a critical point θ*
    /// a float64 gradient is dominated by two roundings: of the point itself (θ is θ* to within ε·‖θ‖, which
    /// moves the gradient by up to ‖H‖·ε·‖θ‖) and of the sums that evaluate it (a few ε times the size of the
    /// loss's terms in each of the P components). On networks up to a few hundred parameters Newton polishing
    /// stops at or below 0.1·ε·‖H‖·‖θ‖ or 1.5·ε·√P·max(1, |L|), whichever is larger; 16 leaves a margin of at
    /// least 10 above that and stays far below analyze's 1e-9·max(1, |L|).
    /// </summary>
    public double GradientToleranceFactor { get; init; } = 16;

    /// <summary>
    /// The trust-region method hands over from L-BFGS to Newton polishing once ‖∇L‖ ≤ this·max(1, |L|)
    /// (or when L-BFGS stalls): close enough that Newton steps converge quadratically.
    /// </summary>
    public double PolishThreshold { get; init; } = 1e-4;

    /// <summary>The number of L-BFGS correction pairs kept.</summary>
    public int LbfgsMemory { get; init; } = 10;

    /// <summary>Above this many parameters no dense Hessian is formed: trust-region then runs L-BFGS alone and says so, and Newton is refused.</summary>
    public int MaxDenseParameters { get; init; } = 4000;

    /// <summary>
    /// Up to this many parameters the trust-region subproblem is solved exactly through the Hessian's
    /// eigen-decomposition when a Cholesky step does not do; above it by Steihaug's truncated CG on the dense
    /// Hessian (an eigen-decomposition costs far more than a Cholesky factorisation at that size).
    /// </summary>
    public int MaxEigenParameters { get; init; } = 1500;

    /// <summary>
    /// A phase stops as stalled after this many consecutive iterations without progress: the gradient norm
    /// falling below 0.9 of its best, or the loss falling below its best by more than its rounding level
    /// (L-BFGS) or by more than 1e-8 relative (trust-region Newton; Newton counts the gradient only).
    /// </summary>
    public int StallIterations { get; init; } = 25;

    /// <summary>The eigen-solver for indefinite or singular Hessians (eigenvectors are asked for).</summary>
    public ISymmetricEigenSolver EigenSolver { get; init; } = new ManagedEigenSolver();

    /// <summary>The matrix kernels that assemble dense Hessians (<see cref="Derivatives.BatchedHessian"/>).</summary>
    public IMatrixKernels MatrixKernels { get; init; } = ManagedMatrixKernels.Default;

    /// <summary>Called after every iteration (on the optimising thread); for progress displays.</summary>
    public Action<OptimizationProgress>? Progress { get; init; }

    /// <summary>
    /// The gradient tolerance is never above this·max(1, |L|): a tenth of analyze's criticality tolerance
    /// (<see cref="Analysis.Tolerances.GradientRelative"/>), so a converged point is one analyze calls critical with
    /// a margin, however large ‖H‖·‖θ‖ grows on a run whose weights drift off towards infinity.
    /// </summary>
    public const double GradientCeiling = 1e-10;

    /// <summary>The rule of <see cref="GradientTolerance"/> in words, for reports.</summary>
    public string GradientToleranceRule =>
        FormattableString.Invariant(
            $"min({GradientToleranceFactor}*eps*(sqrt(P)*max(1,|loss|) + |H|*|theta|), 1e-10*max(1,|loss|)); eps = 2^-52, |H| = the Hessian's spectral norm (power-iteration estimate), |theta| = the point's Euclidean norm");

    /// <summary>
    /// The gradient tolerance, the rounding level of a float64 gradient near a critical point:
    /// c·ε·(√P·max(1, |L|) + ‖H‖₂·‖θ‖₂), capped at <see cref="GradientCeiling"/>·max(1, |L|).
    /// </summary>
    /// <param name="loss">L(θ).</param>
    /// <param name="parameterCount">P.</param>
    /// <param name="thetaNorm">‖θ‖₂.</param>
    /// <param name="hessianNorm">An estimate of ‖∇²L(θ)‖₂.</param>
    public double GradientTolerance(double loss, int parameterCount, double thetaNorm, double hessianNorm)
    {
        double evaluation = Math.Sqrt(Math.Max(1, parameterCount)) * Math.Max(1.0, Math.Abs(loss));
        double rounding = GradientToleranceFactor * MachineEpsilon * (evaluation + (hessianNorm * thetaNorm));
        return Math.Min(rounding, GradientCeiling * Math.Max(1.0, Math.Abs(loss)));
    }
}

/// <summary>One iteration as reported to <see cref="OptimizationOptions.Progress"/> and kept in <see cref="OptimizationResult.Trace"/>.</summary>
/// <param name="Iteration">The iteration number (1-based, over all phases).</param>
/// <param name="Phase">"lbfgs", "trust-region" or "newton".</param>
/// <param name="Loss">L(θ) after the iteration.</param>
/// <param name="GradientNorm">‖∇L(θ)‖₂ after the iteration.</param>
/// <param name="StepNorm">The length of the step taken (0 when a trust-region step was rejected).</param>
public sealed record OptimizationProgress(int Iteration, string Phase, double Loss, double GradientNorm, double StepNorm);
