using Verifier.Landscape.Instances;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;

namespace Verifier.Landscape.Services;

/// <summary>
/// A GPU that runs Hessian-vector products: its kernels (<see cref="IGpuKernelSource.Open"/>) and the products on
/// them. The GPU assembly is optional at run time, so the landscape knows no GPU: a caller that carries one
/// implements this and passes it in <see cref="ComputeResources"/>.
/// </summary>
public interface IGpuDevice : IGpuKernelSource
{
    /// <summary>The Hessian-vector products v ↦ ∇²L(θ)·v of an instance on the device whose kernels <see cref="IGpuKernelSource.Open"/> gave.</summary>
    /// <param name="instance">The network, loss and data.</param>
    /// <param name="theta">The point θ, in double precision.</param>
    /// <param name="deviceKernels">The kernels <see cref="IGpuKernelSource.Open"/> returned.</param>
    /// <returns>The operator; dispose it when it is disposable (it holds device buffers).</returns>
    ILinearOperator Products(Instance instance, double[] theta, IMatrixKernels deviceKernels);
}

/// <summary>What the services may use: the optional GPU and the bytes of memory a computation may take.</summary>
/// <param name="Gpu">The GPU, or null when this program carries no GPU support.</param>
/// <param name="AvailableBytes">The memory available (a run that needs more is refused before anything is allocated).</param>
public sealed record ComputeResources(IGpuDevice? Gpu, long AvailableBytes)
{
    /// <summary>The memory this process may use, with the given GPU (or none).</summary>
    /// <param name="gpu">The GPU, or null.</param>
    public static ComputeResources Here(IGpuDevice? gpu = null) => new(gpu, DenseHessianBudget.AvailableBytes);

    /// <summary>The resolver of named backends on this machine, with this GPU.</summary>
    public BackendResolver Backends => new(Gpu);
}

/// <summary>The argument checks every service shares.</summary>
internal static class ServiceArguments
{
    /// <summary>The request's instance, which must have weights (the point θ the service works at).</summary>
    /// <exception cref="ArgumentException">The instance has no weights.</exception>
    public static Instance WithPoint(Instance instance, string parameterName) =>
        instance.Weights is null ? throw new ArgumentException("The instance has no weights: there is no point.", parameterName) : instance;
}
