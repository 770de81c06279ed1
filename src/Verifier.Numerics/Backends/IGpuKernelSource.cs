using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Backends;

/// <summary>
/// A source of matrix kernels on a CUDA device. The GPU assembly is optional at run time, so the numerics know no
/// GPU: a caller that carries one passes a source to <see cref="BackendResolver"/>.
/// </summary>
public interface IGpuKernelSource
{
    /// <summary>Opens kernels on the first CUDA device, or says why none can be used.</summary>
    GpuOpening Open();
}

/// <summary>What opening a GPU gave: kernels on a device, or the reason there are none (a closed choice).</summary>
public abstract record GpuOpening
{
    private GpuOpening()
    {
    }

    /// <summary>Kernels on a CUDA device; the caller owns them (they are disposable when the device holds resources).</summary>
    /// <param name="Kernels">The device's matrix kernels.</param>
    /// <param name="Device">The device as people name it, e.g. "NVIDIA H200".</param>
    public sealed record Opened(IMatrixKernels Kernels, string Device) : GpuOpening;

    /// <summary>No device can be used; the reason says why (and what would make one available).</summary>
    /// <param name="Reason">Why, in one line.</param>
    public sealed record Unavailable(string Reason) : GpuOpening;
}
