using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Backends;

/// <summary>
/// The one place where a <see cref="Backend"/> becomes the kernels and eigen-solver that run. A backend named
/// explicitly but unavailable is an error (<see cref="BackendUnavailableException"/>, whose message says how to make
/// it available); <see cref="Backend.Auto"/> falls back step by step and says which backend ran. Nothing is cached or
/// switched globally: each call probes and returns what it found.
/// </summary>
/// <param name="gpu">The GPU, when the caller carries the GPU assembly; null when this program has none.</param>
/// <param name="openBlasCandidates">Sonames or paths tried in order for OpenBLAS.</param>
public sealed class BackendResolver(IGpuKernelSource? gpu, IReadOnlyList<string> openBlasCandidates)
{
    private const string NoGpuHere = "no GPU support in this program (the gpu backend needs the Verifier.Gpu assembly)";

    /// <summary>A resolver that loads OpenBLAS from <see cref="OpenBlas.DefaultCandidates"/>.</summary>
    /// <param name="gpu">The GPU, when the caller carries the GPU assembly; null when this program has none.</param>
    public BackendResolver(IGpuKernelSource? gpu)
        : this(gpu, OpenBlas.DefaultCandidates)
    {
    }

    /// <summary>
    /// The backend of a dense Hessian spectrum. managed: MathNet's eigen-solver; lapack: OpenBLAS's (an error when
    /// it is missing); auto: lapack when OpenBLAS loads, otherwise managed (saying so); gpu: the Hessian assembled
    /// by the GPU's kernels and decomposed by the auto eigen-solver. Hessian assembly otherwise runs on the fastest
    /// CPU kernels (<see cref="MatrixKernels.Fastest(IEnumerable{string})"/>), whichever eigen-solver was named.
    /// </summary>
    /// <param name="backend">The backend asked for.</param>
    /// <exception cref="BackendUnavailableException">The backend was named explicitly and cannot run here.</exception>
    public ResolvedBackend ForDenseSpectrum(Backend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        switch (backend)
        {
            case Backend.Managed:
                return new ResolvedBackend(backend, backend, EigenSolvers.Managed.Name, [], FastestCpu(), EigenSolvers.Managed);
            case Backend.Lapack:
                return EigenSolvers.TryCreateLapack(LapackDriver.Auto, openBlasCandidates, out var lapack, out var reason)
                    ? new ResolvedBackend(backend, backend, lapack.Name, [], FastestCpu(), lapack)
                    : throw Unavailable(backend, reason);

            case Backend.Auto:
            {
                var (solver, note) = AutoEigenSolver();
                return new ResolvedBackend(backend, solver is LapackEigenSolver ? new Backend.Lapack() : new Backend.Managed(), solver.Name, note, FastestCpu(), solver);
            }

            case Backend.Gpu:
            {
                var (kernels, _) = OpenGpu(backend);
                // The eigen-solver runs on the processor: the auto one, whose fallback is not worth a note here.
                var (solver, _) = AutoEigenSolver();
                return new ResolvedBackend(backend, backend, $"{backend.Name} (eigen-solver {solver.Name})", [], kernels, solver);
            }

            default:
                throw new System.Diagnostics.UnreachableException($"backend {backend}");
        }
    }

    /// <summary>
    /// The kernels of Hessian-vector products (and of anything else built from matrix products). managed: the SIMD
    /// kernels; lapack: OpenBLAS's dgemm (an error when it is missing); gpu: the GPU's kernels (an error without a
    /// CUDA device); auto: gpu when a CUDA device is present, else lapack when OpenBLAS loads (unless it runs kernels
    /// narrower than the managed ones: <see cref="MatrixKernels.NarrowerThanManaged(IMatrixKernels)"/>), else managed,
    /// saying which ran and why.
    /// </summary>
    /// <param name="backend">The backend asked for.</param>
    /// <exception cref="BackendUnavailableException">The backend was named explicitly and cannot run here.</exception>
    public ResolvedBackend ForProducts(Backend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        switch (backend)
        {
            case Backend.Managed:
                return new ResolvedBackend(backend, backend, backend.Name, [], ManagedMatrixKernels.Default, EigenSolvers.Managed);
            case Backend.Lapack:
                return MatrixKernels.TryCreateOpenBlas(openBlasCandidates, out var blas, out var why)
                    ? new ResolvedBackend(backend, backend, backend.Name, [], blas, EigenSolvers.Managed)
                    : throw Unavailable(backend, why);
            case Backend.Gpu:
                return new ResolvedBackend(backend, backend, backend.Name, [], OpenGpu(backend).Kernels, EigenSolvers.Managed);
            case Backend.Auto:
            {
                var opening = gpu?.Open() ?? new GpuOpening.Unavailable(NoGpuHere);
                if (opening is GpuOpening.Opened device)
                {
                    return new ResolvedBackend(backend, new Backend.Gpu(), "gpu", [$"auto chose gpu ({device.Device})"], device.Kernels, EigenSolvers.Managed);
                }

                string noGpu = ((GpuOpening.Unavailable)opening).Reason;
                if (MatrixKernels.TryCreateOpenBlas(openBlasCandidates, out var openBlas, out var noBlas))
                {
                    if (MatrixKernels.NarrowerThanManaged(openBlas))
                    {
                        return new ResolvedBackend(backend, new Backend.Managed(), "managed",
                            [$"auto chose managed (SIMD GEMM, {ManagedMatrixKernels.Default.MicroKernel}) for the Hessian-vector products: {noGpu}; OpenBLAS runs its {((OpenBlasKernels)openBlas).CoreName} kernels, without 512-bit vectors (--backend lapack runs them)"],
                            ManagedMatrixKernels.Default, EigenSolvers.Managed);
                    }

                    return new ResolvedBackend(backend, new Backend.Lapack(), "lapack", [$"auto chose lapack (OpenBLAS dgemm) for the Hessian-vector products: {noGpu}"], openBlas, EigenSolvers.Managed);
                }

                return new ResolvedBackend(backend, new Backend.Managed(), "managed", [$"auto fell back to the managed matrix kernels: {noGpu}; {noBlas}"], ManagedMatrixKernels.Default, EigenSolvers.Managed);
            }

            default:
                throw new System.Diagnostics.UnreachableException($"backend {backend}");
        }
    }

    private static BackendUnavailableException Unavailable(Backend backend, string reason) =>
        new(backend.Name, $"backend '{backend.Name}' is not available: {reason}");

    private IMatrixKernels FastestCpu() => MatrixKernels.Fastest(openBlasCandidates);

    private (ISymmetricEigenSolver Solver, IReadOnlyList<string> Notes) AutoEigenSolver() =>
        EigenSolvers.TryCreateLapack(LapackDriver.Auto, openBlasCandidates, out var lapack, out var reason)
            ? (lapack, [])
            : (EigenSolvers.Managed, [$"auto fell back to the managed eigen-solver: {reason}"]);

    private GpuOpening.Opened OpenGpu(Backend backend) => (gpu?.Open() ?? new GpuOpening.Unavailable(NoGpuHere)) switch
    {
        GpuOpening.Opened opened => opened,
        GpuOpening.Unavailable none => throw new BackendUnavailableException(backend.Name, $"backend 'gpu' is not available: {none.Reason}; use --backend auto, lapack or managed"),
        _ => throw new System.Diagnostics.UnreachableException("GPU opening"),
    };
}
