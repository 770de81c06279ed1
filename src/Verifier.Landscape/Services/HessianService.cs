using System.Diagnostics;
using System.Globalization;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;

namespace Verifier.Landscape.Services;

/// <summary>Which eigenvalues of a dense Hessian spectrum to report (a closed choice).</summary>
public abstract record DenseSelection
{
    private DenseSelection()
    {
    }

    /// <summary>All P eigenvalues.</summary>
    public sealed record All : DenseSelection;

    /// <summary>The <paramref name="Count"/> largest (all of them when P is smaller).</summary>
    /// <param name="Count">K ≥ 1.</param>
    public sealed record Top(int Count) : DenseSelection;

    /// <summary>The <paramref name="Count"/> smallest (all of them when P is smaller).</summary>
    /// <param name="Count">K ≥ 1.</param>
    public sealed record Bottom(int Count) : DenseSelection;
}

/// <summary>How the Hessian spectrum is computed (a closed choice).</summary>
public abstract record HessianMethod
{
    private HessianMethod()
    {
    }

    /// <summary>The method's name: "dense" or "lanczos".</summary>
    public abstract string Name { get; }

    /// <summary>Form the P×P Hessian (batched assembly) and decompose it: every eigenvalue to working precision.</summary>
    /// <param name="Selection">Which eigenvalues to report.</param>
    public sealed record Dense(DenseSelection Selection) : HessianMethod
    {
        /// <inheritdoc/>
        public override string Name => "dense";
    }

    /// <summary>
    /// Extreme eigenvalues by thick-restart Lanczos over R-operator Hessian-vector products, the Hessian never formed.
    /// </summary>
    /// <param name="Top">How many of the largest (0 or more; capped at P).</param>
    /// <param name="Bottom">How many of the smallest (0 or more; capped at what P leaves); Top + Bottom ≥ 1.</param>
    /// <param name="Tolerance">The relative residual tolerance T: every ‖Hv − λv‖ below T·max(1, ‖H‖).</param>
    /// <param name="Seed">The seed of the start vector: the same seed gives the same run.</param>
    /// <param name="CheckMultiplicity">Whether to look for missed copies of repeated extreme eigenvalues after convergence (see <see cref="LanczosOptions.CheckMultiplicity"/>).</param>
    public sealed record Lanczos(int Top = 1, int Bottom = 1, double Tolerance = LanczosOptions.DefaultTolerance, int Seed = LanczosOptions.DefaultSeed, bool CheckMultiplicity = true) : HessianMethod
    {
        /// <inheritdoc/>
        public override string Name => "lanczos";
    }
}

/// <summary>A request for the Hessian spectrum ∇²L(θ) at an instance's point.</summary>
/// <param name="Instance">The instance, with weights (the point θ).</param>
/// <param name="Method">Dense or Lanczos, with its selection and settings.</param>
/// <param name="Backend">The backend asked for: dense, the eigen-solver (gpu: assembly on the GPU); Lanczos, the kernels of the products.</param>
/// <param name="Vectors">Whether unit eigenvectors are wanted too.</param>
public sealed record HessianRequest(Instance Instance, HessianMethod Method, Backend Backend, bool Vectors = false);

/// <summary>How the reported spectrum was computed, with what that method has to report (a closed choice).</summary>
public abstract record HessianRun
{
    private HessianRun()
    {
    }

    /// <summary>The method's name: "dense" or "lanczos".</summary>
    public abstract string Name { get; }

    /// <summary>Whether every reported eigenvalue met its accuracy (dense: always; Lanczos: every residual within the tolerance).</summary>
    public abstract bool Converged { get; }

    /// <summary>A dense decomposition: every eigenvalue to working precision.</summary>
    public sealed record Dense : HessianRun
    {
        /// <inheritdoc/>
        public override string Name => "dense";

        /// <inheritdoc/>
        public override bool Converged => true;
    }

    /// <summary>A Lanczos run, with its residuals, products, restarts and seed.</summary>
    /// <param name="Result">The run.</param>
    public sealed record Lanczos(LanczosResult Result) : HessianRun
    {
        /// <inheritdoc/>
        public override string Name => "lanczos";

        /// <inheritdoc/>
        public override bool Converged => Result.Converged;
    }
}

/// <summary>The Hessian spectrum at an instance's point, as <see cref="HessianService.Compute"/> found it.</summary>
/// <param name="ParameterCount">P.</param>
/// <param name="Run">How it was computed, with the Lanczos residuals when it was iterated.</param>
/// <param name="Backend">What ran, e.g. "lapack" or "gpu (eigen-solver lapack)".</param>
/// <param name="Notes">What the backend choice has to say, one line each (auto: which ran and why).</param>
/// <param name="Selection">"all", "top K", "bottom K" or "top K, bottom K".</param>
/// <param name="Eigenvalues">The selected eigenvalues, ascending.</param>
/// <param name="Eigenvectors">The unit eigenvectors, one per eigenvalue, or null when not asked for.</param>
/// <param name="HessianSeconds">Time to form the dense Hessian (Lanczos: to prepare the products at the point).</param>
/// <param name="EigenSeconds">Time of the eigen-solver (Lanczos: of the iteration).</param>
/// <param name="Seconds">Time of the whole computation, the backend's resolution included.</param>
public sealed record HessianReport(
    int ParameterCount,
    HessianRun Run,
    string Backend,
    IReadOnlyList<string> Notes,
    string Selection,
    IReadOnlyList<double> Eigenvalues,
    IReadOnlyList<IReadOnlyList<double>>? Eigenvectors,
    double HessianSeconds,
    double EigenSeconds,
    double Seconds);

/// <summary>
/// The Hessian spectrum at an instance's point, dense or by Lanczos, on a named backend: what <c>verifier hessian</c>
/// computes, for any caller. The backend is resolved by <see cref="BackendResolver"/>; the memory a run needs is
/// checked against <see cref="ComputeResources.AvailableBytes"/> before anything is allocated.
/// </summary>
public static class HessianService
{
    /// <summary>Computes the requested spectrum.</summary>
    /// <param name="request">The instance, method, backend and whether vectors are wanted.</param>
    /// <param name="resources">The optional GPU and the memory available.</param>
    /// <exception cref="ArgumentException">The instance has no weights, or a selection is empty.</exception>
    /// <exception cref="BackendUnavailableException">The backend was named explicitly and cannot run here.</exception>
    /// <exception cref="DenseHessianTooLargeException">A dense Hessian would not fit in memory.</exception>
    /// <exception cref="MatrixFreeTooLargeException">A Lanczos run would not fit in memory.</exception>
    /// <exception cref="DoublePrecisionException">The instance's numbers overflow double precision at its point.</exception>
    public static HessianReport Compute(HessianRequest request, ComputeResources resources)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resources);
        ServiceArguments.WithPoint(request.Instance, nameof(request));

        return request.Method switch
        {
            HessianMethod.Dense dense => ComputeDense(request, dense.Selection, resources),
            HessianMethod.Lanczos lanczos => ComputeLanczos(request, lanczos, resources),
            _ => throw new UnreachableException($"method {request.Method}"),
        };
    }

    private static HessianReport ComputeDense(HessianRequest request, DenseSelection selection, ComputeResources resources)
    {
        var clock = Stopwatch.StartNew();
        var instance = request.Instance;
        using var backend = resources.Backends.ForDenseSpectrum(request.Backend);
        int p = instance.Network.ParameterCount;
        var (first, count, description) = selection switch
        {
            DenseSelection.All => (0, p, "all"),
            DenseSelection.Top top => (p - Math.Min(Positive(top.Count), p), Math.Min(top.Count, p), Invariant($"top {Math.Min(top.Count, p)}")),
            DenseSelection.Bottom bottom => (0, Math.Min(Positive(bottom.Count), p), Invariant($"bottom {Math.Min(bottom.Count, p)}")),
            _ => throw new UnreachableException($"selection {selection}"),
        };
        DenseHessianBudget.Check(p, request.Vectors, backend.EigenSolver, resources.AvailableBytes);
        var hessianClock = Stopwatch.StartNew();
        double[,] h;
        try
        {
            h = BatchedHessian.Compute(instance, instance.WeightsDouble(), backend.Kernels);
        }
        catch (ArithmeticException e)
        {
            throw new DoublePrecisionException($"cannot form the Hessian in double precision: {e.Message}", e);
        }

        double hessianSeconds = hessianClock.Elapsed.TotalSeconds;
        var eigenClock = Stopwatch.StartNew();
        SymmetricEigenDecomposition decomposition;
        try
        {
            // Without vectors the Hessian is not needed afterwards: the solver may work on it in place.
            decomposition = request.Vectors
                ? backend.EigenSolver.Decompose(h, vectors: true)
                : new SymmetricEigenDecomposition(backend.EigenSolver.EigenvaluesOverwriting(h), null);
        }
        catch (ArithmeticException e)
        {
            // A non-finite Hessian entry: the instance's numbers overflow double precision at this point.
            throw new DoublePrecisionException($"cannot compute the Hessian spectrum in double precision: {e.Message}", e);
        }

        double eigenSeconds = eigenClock.Elapsed.TotalSeconds;
        var values = decomposition.Values.AsSpan(first, count).ToArray();
        IReadOnlyList<IReadOnlyList<double>>? vectors = decomposition.Vectors is null
            ? null
            : [.. Enumerable.Range(first, count).Select(decomposition.Vector)];
        return new HessianReport(p, new HessianRun.Dense(), backend.Description, backend.Notes, description, values, vectors,
            hessianSeconds, eigenSeconds, clock.Elapsed.TotalSeconds);
    }

    private static HessianReport ComputeLanczos(HessianRequest request, HessianMethod.Lanczos method, ComputeResources resources)
    {
        var clock = Stopwatch.StartNew();
        var instance = request.Instance;
        if (method.Top < 0 || method.Bottom < 0 || method.Top + method.Bottom < 1)
        {
            throw new ArgumentException($"Lanczos needs at least one eigenvalue (top {method.Top}, bottom {method.Bottom}).", nameof(request));
        }

        using var backend = resources.Backends.ForProducts(request.Backend);
        int p = instance.Network.ParameterCount;
        int top = Math.Min(method.Top, p);
        int bottom = Math.Min(method.Bottom, p - top);
        var sizing = new LanczosOptions { Top = top, Bottom = bottom, Vectors = request.Vectors };
        if (!MatrixFree.Fits(instance, Numerics.Krylov.Lanczos.WorkspaceBytes(p, sizing), resources.AvailableBytes))
        {
            // Half the basis (more restarts and products) before refusing the run.
            sizing = sizing with { BasisSize = Numerics.Krylov.Lanczos.CompactBasisSize(top + bottom) };
        }

        MatrixFree.CheckBudget(instance, Numerics.Krylov.Lanczos.WorkspaceBytes(p, sizing),
            Invariant($"a basis of {Numerics.Krylov.Lanczos.BasisSize(p, sizing)} vectors of P = {p}, its images and a restart copy"), resources.AvailableBytes);
        var prepare = Stopwatch.StartNew();
        var products = MatrixFree.Products(backend, resources.Gpu, instance, MatrixFree.Point(instance));
        using var owned = products as IDisposable;
        double prepareSeconds = prepare.Elapsed.TotalSeconds;
        var options = sizing with { Tolerance = method.Tolerance, Seed = method.Seed, Kernels = MatrixFree.BasisKernels(), CheckMultiplicity = method.CheckMultiplicity };
        var iterate = Stopwatch.StartNew();
        LanczosResult result;
        try
        {
            result = Numerics.Krylov.Lanczos.Compute(products, options);
        }
        catch (ArithmeticException e)
        {
            throw new DoublePrecisionException($"cannot compute the Hessian spectrum in double precision: {e.Message}", e);
        }

        double lanczosSeconds = iterate.Elapsed.TotalSeconds;
        if (result.Eigenvalues.Concat(result.Residuals).Any(x => !double.IsFinite(x)))
        {
            throw new DoublePrecisionException("cannot compute the Hessian spectrum in double precision: a Hessian-vector product is not finite");
        }

        string selection = (top, bottom) switch
        {
            ( > 0, > 0) => Invariant($"top {top}, bottom {bottom}"),
            ( > 0, _) => Invariant($"top {top}"),
            _ => Invariant($"bottom {bottom}"),
        };
        return new HessianReport(p, new HessianRun.Lanczos(result), backend.Description, backend.Notes, selection, result.Eigenvalues, result.Eigenvectors,
            prepareSeconds, lanczosSeconds, clock.Elapsed.TotalSeconds);
    }

    private static int Positive(int count) => count >= 1 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "A selection takes at least one eigenvalue.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
