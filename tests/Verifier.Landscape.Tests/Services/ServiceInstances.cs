using Verifier.Landscape.Instances;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;

namespace Verifier.Landscape.Tests.Services;

/// <summary>The example instances the service tests run on, and a GPU stand-in that runs on the processor.</summary>
internal static class ServiceInstances
{
    /// <summary>Plenty of memory: these instances need kilobytes.</summary>
    public const long Ample = 1L << 30;

    public static Instance Xor => Example("xor-2-2-1-sigmoid.json");

    public static Instance KawaguchiOrigin => Example("kawaguchi-2-1-2-origin.json");

    public static ComputeResources Resources(IGpuDevice? gpu = null, long availableBytes = Ample) => new(gpu, availableBytes);

    public static Instance Example(string name) =>
        InstanceFile.Read(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", "instances", name));

    /// <summary>A "GPU" whose kernels and products run on the processor, to test the plumbing without a device.</summary>
    public sealed class ProcessorGpu : IGpuDevice
    {
        public int ProductsCreated { get; private set; }

        public GpuOpening Open() => new GpuOpening.Opened(ManagedMatrixKernels.Default, "processor stand-in");

        public ILinearOperator Products(Instance instance, double[] theta, IMatrixKernels deviceKernels)
        {
            ProductsCreated++;
            return new Landscape.Derivatives.HessianVectorProducts(instance, theta, deviceKernels);
        }
    }
}
