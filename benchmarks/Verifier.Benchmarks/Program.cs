using BenchmarkDotNet.Running;

namespace Verifier.Benchmarks;

/// <summary>
/// The project's BenchmarkDotNet kernels. Run from the repository root, e.g.
/// <c>dotnet run -c Release --project benchmarks/Verifier.Benchmarks -- --filter '*' --job short</c>;
/// <c>verifier bench</c> prints the same operations as one table without BenchmarkDotNet.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
