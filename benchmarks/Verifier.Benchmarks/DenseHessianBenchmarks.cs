using System.Globalization;
using BenchmarkDotNet.Attributes;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;

namespace Verifier.Benchmarks;

/// <summary>
/// The full float64 Hessian of a sigmoid network with mse loss, by each assembly method: P Hessian-vector
/// products by the R-operator, and the batched assembly on each available matrix-kernel backend.
/// </summary>
[MemoryDiagnoser]
public class DenseHessianBenchmarks
{
    private Func<double[,]> _hessian = null!;

    /// <summary>Layer widths and sample count, e.g. "10-64-1 N=256".</summary>
    [Params("10-64-1 N=256", "10-256-1 N=1024")]
    public string Size { get; set; } = "";

    /// <summary>The assembly method and kernels: r-operator, batched-managed, batched-openblas (where OpenBLAS loads).</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "";

    public static IEnumerable<string> Backends()
    {
        yield return "r-operator";
        yield return "batched-managed";
        if (MatrixKernels.TryCreateOpenBlas(out _, out _))
        {
            yield return "batched-openblas";
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split(" N=");
        int[] layers = [.. parts[0].Split('-').Select(w => int.Parse(w, CultureInfo.InvariantCulture))];
        int samples = int.Parse(parts[1], CultureInfo.InvariantCulture);
        var instance = RandomInstance.Mlp(new NetworkSpec(layers, Activation.Sigmoid), samples, LossKind.Mse, Inputs.Seed);
        var theta = instance.WeightsDouble();
        switch (Backend)
        {
            case "r-operator":
            {
                var calculus = new NetworkCalculus<double, DoubleOps>(instance);
                _hessian = () => calculus.Hessian(theta);
                break;
            }

            case "batched-managed":
            {
                var batched = new BatchedHessian(instance, ManagedMatrixKernels.Default);
                _hessian = () => batched.Hessian(theta);
                break;
            }

            case "batched-openblas":
            {
                if (!MatrixKernels.TryCreateOpenBlas(out var kernels, out var reason))
                {
                    throw new InvalidOperationException(reason);
                }

                var batched = new BatchedHessian(instance, kernels);
                _hessian = () => batched.Hessian(theta);
                break;
            }

            default:
                throw new InvalidOperationException($"unknown backend {Backend}");
        }
    }

    [Benchmark]
    public double[,] Hessian() => _hessian();
}
