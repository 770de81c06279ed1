using BenchmarkDotNet.Attributes;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;
using Verifier.Symbolic.Compilation;

namespace Verifier.Benchmarks;

/// <summary>
/// The symbolic Hessian of the 2-2-1 sigmoid XOR network (9 parameters): building it, compiling it into one
/// delegate, and one evaluation, compiled and interpreted.
/// </summary>
[MemoryDiagnoser]
public class SymbolicHessianBenchmarks
{
    private Instance _instance = null!;
    private string[] _names = null!;
    private Expr[,] _hessian = null!;
    private CompiledHessian _compiled = null!;
    private double[] _point = null!;
    private double[,] _matrix = null!;
    private Dictionary<string, double> _values = null!;

    [GlobalSetup]
    public void Setup()
    {
        _instance = Inputs.Xor();
        _names = SymbolicLoss.VariableNames(_instance.Network);
        _hessian = Calculus.Hessian(SymbolicLoss.Build(_instance), _names);
        _compiled = Compiler.CompileSymmetric(_hessian, _names);
        _point = _instance.WeightsDouble();
        _matrix = new double[_names.Length, _names.Length];
        _values = _names.Select((n, k) => (n, k)).ToDictionary(t => t.n, t => _point[t.k], StringComparer.Ordinal);
    }

    [Benchmark]
    public Expr[,] Build() => Calculus.Hessian(SymbolicLoss.Build(_instance), _names);

    [Benchmark]
    public CompiledHessian Compile() => Compiler.CompileSymmetric(_hessian, _names);

    [Benchmark]
    public CompiledHessian BuildAndCompile() => Compiler.CompileHessian(SymbolicLoss.Build(_instance), _names);

    [Benchmark]
    public double[,] EvaluateCompiled()
    {
        _compiled.Evaluate(_point, _matrix);
        return _matrix;
    }

    [Benchmark]
    public double[,] EvaluateInterpreted()
    {
        for (int i = 0; i < _names.Length; i++)
        {
            for (int j = i; j < _names.Length; j++)
            {
                _matrix[i, j] = _matrix[j, i] = DoubleEvaluator.Evaluate(_hessian[i, j], _values);
            }
        }

        return _matrix;
    }
}
