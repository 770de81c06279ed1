using BenchmarkDotNet.Attributes;
using Verifier.Numerics.Eigen;

namespace Verifier.Benchmarks;

/// <summary>Eigenvalues, and the full eigen-decomposition, of a random symmetric matrix on each available backend.</summary>
[MemoryDiagnoser]
public class EigenBenchmarks
{
    private double[,] _matrix = null!;
    private ISymmetricEigenSolver _solver = null!;

    [Params(500, 1000, 2000)]
    public int N { get; set; }

    /// <summary>The backend: managed always, lapack where OpenBLAS loads.</summary>
    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "";

    public static IEnumerable<string> Backends()
    {
        yield return EigenSolvers.Managed.Name;
        if (EigenSolvers.TryCreateLapack(out var lapack, out _))
        {
            yield return lapack.Name;
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _matrix = Inputs.RandomSymmetric(N);
        _solver = new Verifier.Numerics.Backends.BackendResolver(gpu: null).ForDenseSpectrum(Verifier.Numerics.Backends.Backend.Parse(Backend)!).EigenSolver;
    }

    [Benchmark]
    public double[] Eigenvalues() => _solver.Eigenvalues(_matrix);

    [Benchmark]
    public SymmetricEigenDecomposition EigenvaluesAndVectors() => _solver.Decompose(_matrix, vectors: true);
}
