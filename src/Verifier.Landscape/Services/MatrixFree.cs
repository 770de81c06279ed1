using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Native;

namespace Verifier.Landscape.Services;

/// <summary>What the matrix-free services share: the memory budget of Krylov vectors plus passes, and the Hessian-vector products at θ on the resolved backend.</summary>
internal static class MatrixFree
{
    /// <summary>Refuses, before anything is allocated, Krylov vectors (<paramref name="krylovBytes"/>, described by <paramref name="what"/>) and passes that do not fit.</summary>
    /// <exception cref="MatrixFreeTooLargeException">They would not fit.</exception>
    public static void CheckBudget(Instance instance, long krylovBytes, string what, long availableBytes)
    {
        long passes = HessianVectorProducts.WorkspaceBytes(instance.Network, instance.Data.Count);
        if (!Fits(instance, krylovBytes, availableBytes))
        {
            throw new MatrixFreeTooLargeException(krylovBytes, what, passes, instance.Data.Count, availableBytes);
        }
    }

    /// <summary>Whether Krylov vectors of <paramref name="krylovBytes"/> and the passes fit in <paramref name="availableBytes"/>.</summary>
    public static bool Fits(Instance instance, long krylovBytes, long availableBytes) =>
        krylovBytes + HessianVectorProducts.WorkspaceBytes(instance.Network, instance.Data.Count) <= availableBytes;

    /// <summary>The instance's point in double precision.</summary>
    /// <exception cref="DoublePrecisionException">A weight overflows double precision.</exception>
    public static double[] Point(Instance instance)
    {
        var theta = instance.WeightsDouble();
        return theta.All(double.IsFinite) ? theta : throw new DoublePrecisionException("weights: a number overflows double precision");
    }

    /// <summary>
    /// The Hessian-vector products at θ on the backend: on a GPU through <see cref="IGpuDevice.Products"/> (every
    /// product on the device), otherwise <see cref="HessianVectorProducts"/> on the backend's kernels.
    /// </summary>
    public static ILinearOperator Products(ResolvedBackend backend, IGpuDevice? gpu, Instance instance, double[] theta) => backend.Ran switch
    {
        Backend.Gpu => (gpu ?? throw new InvalidOperationException("a GPU backend was resolved without a GPU")).Products(instance, theta, backend.Kernels),
        Backend.Managed or Backend.Lapack => new HessianVectorProducts(instance, theta, backend.Kernels),
        _ => throw new System.Diagnostics.UnreachableException($"resolved backend {backend.Ran}"),
    };

    /// <summary>The CPU kernels of the Krylov basis updates: OpenBLAS's dgemm when it loads, else the managed ones.</summary>
    public static Numerics.Kernels.IMatrixKernels BasisKernels() => MatrixKernels.Fastest();
}
