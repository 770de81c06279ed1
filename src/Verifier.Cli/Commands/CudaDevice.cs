using Verifier.Gpu;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Native;

namespace Verifier.Cli.Commands;

/// <summary>
/// The first CUDA device, through the GPU assembly (ILGPU): opened on demand, so a machine without CUDA says why
/// when the gpu backend is named, and <c>auto</c> falls back.
/// </summary>
internal sealed class CudaDevice : IGpuDevice
{
    /// <summary>Kernels on the first CUDA device, or the reason there is none.</summary>
    public GpuOpening Open() =>
        GpuMatrixKernels.TryCreateCuda(out var kernels, out var reason)
            ? new GpuOpening.Opened(kernels, kernels.Device)
            : new GpuOpening.Unavailable(reason);

    /// <summary>
    /// The passes are prepared on the fastest CPU kernels and every product then runs on the device
    /// (<see cref="GpuHessianVectorProducts"/>).
    /// </summary>
    public ILinearOperator Products(Instance instance, double[] theta, IMatrixKernels deviceKernels) =>
        new GpuHessianVectorProducts(new HessianVectorProducts(instance, theta, MatrixKernels.Fastest()), (GpuMatrixKernels)deviceKernels);
}
