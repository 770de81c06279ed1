using Verifier.Gpu;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;

namespace Verifier.Cli.Commands;

/// <summary>The matrix kernels that Hessian-vector products (and Hessian assembly) run on, with the backend's name.</summary>
/// <param name="kernels">The kernels.</param>
/// <param name="name">The backend name as <c>--backend</c> spells it: managed, lapack (OpenBLAS dgemm) or gpu.</param>
/// <param name="note">For auto: which backend runs and why, in one line for stderr.</param>
internal sealed class ProductBackend(IMatrixKernels kernels, string name, string? note) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>The kernels.</summary>
    public IMatrixKernels Kernels { get; } = kernels;

    /// <summary>The backend name as <c>--backend</c> spells it.</summary>
    public string Name { get; } = name;

    /// <summary>For auto: which backend runs and why, in one line for stderr.</summary>
    public string? Note { get; } = note;

    /// <summary>
    /// The Hessian-vector products of an instance at θ on this backend: on a GPU the passes are prepared on the fastest
    /// CPU kernels and every product then runs on the device (<see cref="GpuHessianVectorProducts"/>); otherwise
    /// <see cref="HessianVectorProducts"/> on the kernels.
    /// </summary>
    public ILinearOperator Products(Instance instance, double[] theta)
    {
        if (Kernels is GpuMatrixKernels gpu)
        {
            var device = new GpuHessianVectorProducts(new HessianVectorProducts(instance, theta, MatrixKernels.Fastest()), gpu);
            _owned.Add(device);
            return device;
        }

        return new HessianVectorProducts(instance, theta, Kernels);
    }

    /// <summary>Releases the device buffers and the GPU, when the kernels hold one.</summary>
    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        (Kernels as IDisposable)?.Dispose();
    }
}

/// <summary>
/// Resolves <c>--backend auto|managed|lapack|gpu</c> for the matrix-free methods: managed (the SIMD kernels), lapack
/// (OpenBLAS dgemm), gpu (ILGPU kernels on the first CUDA device), auto (gpu when a CUDA device is present, else
/// lapack when OpenBLAS loads, else managed; it says which ran). A backend named explicitly but unavailable is bad
/// input (exit 2) with the reason.
/// </summary>
internal static class ProductBackends
{
    public static ProductBackend Resolve(string backend)
    {
        switch (backend)
        {
            case ManagedEigenSolver.BackendName:
                return new ProductBackend(ManagedMatrixKernels.Default, ManagedEigenSolver.BackendName, null);
            case LapackEigenSolver.BackendName:
                return MatrixKernels.TryCreateOpenBlas(out var blas, out var why)
                    ? new ProductBackend(blas, LapackEigenSolver.BackendName, null)
                    : throw CliException.BadInput($"backend 'lapack' is not available: {why}");
            case EigenSolvers.GpuName:
                return GpuMatrixKernels.TryCreateCuda(out var gpu, out var reason)
                    ? new ProductBackend(gpu, EigenSolvers.GpuName, null)
                    : throw CliException.BadInput($"backend 'gpu' is not available: {reason}; use --backend auto, lapack or managed");
            case EigenSolvers.AutoName:
            {
                if (GpuMatrixKernels.TryCreateCuda(out var cuda, out var noGpu))
                {
                    return new ProductBackend(cuda, EigenSolvers.GpuName, $"note: auto chose gpu ({cuda.Device})");
                }

                if (MatrixKernels.TryCreateOpenBlas(out var openBlas, out var noBlas))
                {
                    return new ProductBackend(openBlas, LapackEigenSolver.BackendName, $"note: auto chose lapack (OpenBLAS dgemm) for the Hessian-vector products: {noGpu}");
                }

                return new ProductBackend(ManagedMatrixKernels.Default, ManagedEigenSolver.BackendName,
                    $"note: auto fell back to the managed matrix kernels: {noGpu}; {noBlas}");
            }

            default:
                throw CliException.BadInput($"--backend: unknown backend '{backend}' (expected one of {string.Join(", ", EigenSolvers.BackendNames)})");
        }
    }

    /// <summary>The fastest CPU kernels (OpenBLAS dgemm, else managed) for the Lanczos basis updates.</summary>
    public static IMatrixKernels Cpu() => MatrixKernels.Fastest();
}
