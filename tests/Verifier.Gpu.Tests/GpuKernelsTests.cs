using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;

namespace Verifier.Gpu.Tests;

/// <summary>
/// The ILGPU kernels run on ILGPU's CPU accelerator (the same kernel code a CUDA device runs) and are held to the
/// managed CPU backend: the GEMM in every transpose and stride combination, the R-operator Hessian-vector products
/// and the batched Hessian assembly built on it. Sizes are small: the simulator is about 15× slower than plain loops.
/// </summary>
[NonParallelizable]
public sealed class GpuKernelsTests : IDisposable
{
    private readonly GpuMatrixKernels _gpu = GpuMatrixKernels.CreateCpuSimulator();
    private readonly ManagedMatrixKernels _managed = new();

    public void Dispose() => _gpu.Dispose();

    [Test]
    public void TheGemmKernelAgreesWithTheManagedKernelsForEveryTransposeStrideAndBeta([Values] bool transposeA, [Values] bool transposeB, [Values(0.0, 0.5)] double beta)
    {
        var rng = new Random(3);
        int m = 13, n = 9, k = 17;
        int lda = (transposeA ? m : k) + 2, ldb = (transposeB ? k : n) + 1, ldc = n + 3;
        var a = Random(rng, (transposeA ? k : m) * lda);
        var b = Random(rng, (transposeB ? n : k) * ldb);
        var c0 = Random(rng, m * ldc);
        var expected = (double[])c0.Clone();
        var actual = (double[])c0.Clone();
        _managed.Gemm(transposeA, transposeB, m, n, k, 1.5, a, lda, b, ldb, beta, expected, ldc);
        _gpu.Gemm(transposeA, transposeB, m, n, k, 1.5, a, lda, b, ldb, beta, actual, ldc);

        // Entries of C between rows (the stride padding) are left as they were.
        Assert.That(actual, Is.EqualTo(expected).Within(GpuTolerance.GemmRelative * k * 1.5 * 2));
    }

    [TestCase(Activation.Sigmoid, true, LossKind.Mse)]
    [TestCase(Activation.Tanh, false, LossKind.Sse)]
    [TestCase(Activation.Relu, true, LossKind.Mse)]
    public void HessianVectorProductsOnTheGpuKernelsAgreeWithTheCpu(Activation activation, bool bias, LossKind loss)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([5, 8, 6, 2], activation, Activation.Linear, bias), 20, loss, seed: 5);
        var theta = instance.WeightsDouble();
        var v = Random(new Random(9), theta.Length);
        var expected = new double[theta.Length];
        var actual = new double[theta.Length];
        new HessianVectorProducts(instance, theta, _managed).Apply(v, expected);
        new HessianVectorProducts(instance, theta, _gpu).Apply(v, actual);
        double scale = Math.Max(1, expected.Max(Math.Abs));

        Assert.That(actual, Is.EqualTo(expected).Within(GpuTolerance.ProductRelative * scale));
    }

    [TestCase(Activation.Sigmoid, true, LossKind.Mse, 3)]
    [TestCase(Activation.Tanh, false, LossKind.Sse, 3)]
    [TestCase(Activation.Relu, true, LossKind.Mse, 2)]
    [TestCase(Activation.Linear, false, LossKind.Mse, 1)]
    public void DeviceResidentHessianVectorProductsAgreeWithTheCpu(Activation activation, bool bias, LossKind loss, int depth)
    {
        int[] layers = depth switch { 1 => [5, 3], 2 => [5, 7, 3], _ => [5, 8, 6, 2] };
        var instance = RandomInstance.Mlp(new NetworkSpec(layers, activation, Activation.Linear, bias), 20, loss, seed: 7);
        var theta = instance.WeightsDouble();
        var cpu = new HessianVectorProducts(instance, theta, _managed);
        using var device = new GpuHessianVectorProducts(cpu, _gpu);
        for (int seed = 1; seed <= 2; seed++)
        {
            var v = Random(new Random(seed), theta.Length);
            var expected = new double[theta.Length];
            var actual = new double[theta.Length];
            cpu.Apply(v, expected);
            device.Apply(v, actual);
            double scale = Math.Max(1, expected.Max(Math.Abs));

            Assert.That(actual, Is.EqualTo(expected).Within(GpuTolerance.ProductRelative * scale));
        }
    }

    [Test]
    public void DeviceProductsOverThePublicPassesEqualThoseOverTheCpuProducts()
    {
        // The public pass record is all the device code reads: uploading it directly or through the CPU products
        // runs the same kernels on the same numbers, so the results agree bit for bit.
        var instance = RandomInstance.Mlp(new NetworkSpec([3, 5, 4, 2], Activation.Sigmoid, Activation.Tanh, bias: true), 12, LossKind.Sse, seed: 4);
        var theta = instance.WeightsDouble();
        var passes = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
        using var direct = new GpuHessianVectorProducts(passes, _gpu);
        using var viaProducts = new GpuHessianVectorProducts(new HessianVectorProducts(instance, theta, _managed), _gpu);
        var v = Random(new Random(2), theta.Length);
        var expected = new double[theta.Length];
        var actual = new double[theta.Length];
        viaProducts.Apply(v, expected);
        direct.Apply(v, actual);

        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void TheHessianAssembledOnTheGpuKernelsAgreesWithTheCpu()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([4, 6, 5, 2], Activation.Tanh), 16, LossKind.Mse, seed: 6);
        var theta = instance.WeightsDouble();
        var expected = BatchedHessian.Compute(instance, theta, _managed);
        var actual = BatchedHessian.Compute(instance, theta, _gpu);
        double scale = Math.Max(1, expected.Cast<double>().Max(Math.Abs));

        Assert.That(actual, Is.EqualTo(expected).Within(GpuTolerance.ProductRelative * scale));
    }

    [Test]
    public void WithoutACudaDeviceTheCudaBackendSaysWhy()
    {
        if (GpuMatrixKernels.TryCreateCuda(out var cuda, out var reason))
        {
            using (cuda)
            {
                Assert.That(cuda.IsCuda, Is.True);
                Assert.Ignore($"a CUDA device is present here: {cuda}");
            }
        }

        Assert.That(reason, Is.Not.Empty);
        Assert.That(_gpu.IsCuda, Is.False);
        Assert.That(_gpu.Name, Is.EqualTo("gpu-cpu-simulator"));
    }

    private static double[] Random(Random rng, int length) => [.. Enumerable.Range(0, length).Select(_ => (2 * rng.NextDouble()) - 1)];
}

/// <summary>The tolerances of the GPU kernel tests, with why they have their size.</summary>
internal static class GpuTolerance
{
    /// <summary>
    /// One GEMM entry, per unit of k·|α|·max|a|·max|b| (entries in [−1, 1]): the kernel sums in order, the managed
    /// kernel in blocks with fused multiply–adds, so they differ by ≲ k·ε of the sum of |terms|; 1e-14 per term
    /// leaves a margin of about 50.
    /// </summary>
    public const double GemmRelative = 1e-14;

    /// <summary>
    /// Hessian-vector products and Hessians on the GPU kernels against the managed ones, relative to max(1, max|·|):
    /// the same passes with GEMMs summed in different orders over ≤ 20 samples and widths ≤ 8; ≲ 1e-14 expected.
    /// </summary>
    public const double ProductRelative = 1e-12;
}
