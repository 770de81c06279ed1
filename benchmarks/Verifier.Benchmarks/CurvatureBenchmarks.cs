using BenchmarkDotNet.Attributes;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Native;

namespace Verifier.Benchmarks;

/// <summary>
/// Matrix-free curvature of the 128-256-256-10 sigmoid MLP on 1024 samples (P = 101,386): one Hessian-vector product
/// by the batched R-operator, and the 5 largest eigenvalues by Lanczos at the default tolerance, on each available
/// matrix-kernel backend.
/// </summary>
[MemoryDiagnoser]
public class CurvatureBenchmarks
{
    private HessianVectorProducts _products = null!;
    private IMatrixKernels _kernels = null!;
    private double[] _v = [];
    private double[] _hv = [];

    /// <summary>The matrix kernels: managed, or openblas where OpenBLAS loads.</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "";

    public static IEnumerable<string> Backends()
    {
        yield return "managed";
        if (MatrixKernels.TryCreateOpenBlas(out _, out _))
        {
            yield return "openblas";
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _kernels = Backend == "openblas" && MatrixKernels.TryCreateOpenBlas(out var native, out _) ? native : ManagedMatrixKernels.Default;
        var instance = RandomInstance.Mlp(new NetworkSpec([128, 256, 256, 10], Activation.Sigmoid), 1024, LossKind.Mse, Inputs.Seed);
        _products = new HessianVectorProducts(instance, instance.WeightsDouble(), _kernels);
        var rng = new Random(Inputs.Seed);
        _v = [.. Enumerable.Range(0, _products.Dimension).Select(_ => (2 * rng.NextDouble()) - 1)];
        _hv = new double[_v.Length];
    }

    [Benchmark]
    public void HessianVectorProduct() => _products.Apply(_v, _hv);

    [Benchmark]
    public LanczosResult LanczosTop5() => Lanczos.Compute(_products, new LanczosOptions { Top = 5, Kernels = MatrixKernels.Fastest() });
}
