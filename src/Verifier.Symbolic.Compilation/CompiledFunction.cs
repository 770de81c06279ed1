using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Verifier.Symbolic.Compilation;

/// <summary>Evaluates compiled expressions: reads one value per variable and writes one value per output.</summary>
/// <param name="variables">The values of the variables, in the compiled variable order.</param>
/// <param name="outputs">Receives the outputs, row-major for a matrix.</param>
public delegate void Evaluator(ReadOnlySpan<double> variables, Span<double> outputs);

/// <summary>
/// Expressions compiled together by <see cref="Compiler"/> into one delegate: it knows its variable order and
/// the shape of its output, and computes each common subexpression once per call.
/// </summary>
/// <remarks>Immutable and safe to call from several threads at once.</remarks>
public sealed class CompiledFunction
{
    private readonly string[] _variables;
    private readonly int[] _shape;
    private readonly CompiledKernel _kernel;

    internal CompiledFunction(string[] variables, int[] shape, CompiledKernel kernel, int nodeCount, int temporaryCount)
    {
        _variables = variables;
        _shape = shape;
        _kernel = kernel;
        Variables = new ReadOnlyCollection<string>(_variables);
        Shape = new ReadOnlyCollection<int>(_shape);
        OutputCount = 1;
        foreach (int d in shape)
        {
            OutputCount *= d;
        }

        NodeCount = nodeCount;
        TemporaryCount = temporaryCount;
        Evaluator = Evaluate;
    }

    /// <summary>The variables, in the order their values are passed.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The shape of the output: [m] for a list of m expressions, [n, n] for a Hessian (row-major).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The number of values one evaluation writes (the product of the <see cref="Shape"/>).</summary>
    public int OutputCount { get; }

    /// <summary>The number of distinct subexpressions of the compiled expressions (constants and variables included).</summary>
    public int NodeCount { get; }

    /// <summary>The number of double temporaries the compiled method holds shared subexpressions in (after reuse).</summary>
    public int TemporaryCount { get; }

    /// <summary>The evaluation as a delegate (the same as calling <see cref="Evaluate(ReadOnlySpan{double}, Span{double})"/>).</summary>
    public Evaluator Evaluator { get; }

    /// <summary>Evaluates every output at the point given by the variable values.</summary>
    /// <exception cref="ArgumentException">The spans do not hold exactly one value per variable and one slot per output.</exception>
    public void Evaluate(ReadOnlySpan<double> variables, Span<double> outputs)
    {
        if (variables.Length != _variables.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{variables.Length} variable values are given; the compiled function takes {_variables.Length} ({string.Join(", ", _variables)})."),
                nameof(variables));
        }

        if (outputs.Length != OutputCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The output span has {outputs.Length} elements; the compiled function writes {OutputCount}."),
                nameof(outputs));
        }

        _kernel(ref MemoryMarshal.GetReference(variables), ref MemoryMarshal.GetReference(outputs));
    }

    /// <summary>Evaluates every output at the point given by the variable values, into a new array.</summary>
    /// <exception cref="ArgumentException">The span does not hold exactly one value per variable.</exception>
    public double[] Evaluate(ReadOnlySpan<double> variables)
    {
        var outputs = new double[OutputCount];
        Evaluate(variables, outputs);
        return outputs;
    }

    /// <summary>Evaluates every output at the point given by a variable assignment (extra entries are ignored).</summary>
    /// <exception cref="ArgumentException">A compiled variable has no value in the assignment.</exception>
    public double[] Evaluate(IReadOnlyDictionary<string, double> values) => Evaluate(PointOf(values));

    /// <summary>The values of the compiled variables in their order, read from an assignment.</summary>
    /// <exception cref="ArgumentException">A compiled variable has no value in the assignment.</exception>
    public double[] PointOf(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var point = new double[_variables.Length];
        for (int i = 0; i < point.Length; i++)
        {
            if (!values.TryGetValue(_variables[i], out point[i]))
            {
                throw new ArgumentException($"No value is given for the variable '{_variables[i]}'.", nameof(values));
            }
        }

        return point;
    }
}

/// <summary>A compiled symmetric matrix of expressions, typically a Hessian: it fills a symmetric n × n matrix.</summary>
/// <remarks>
/// Only the upper triangle is computed; each of its entries is written to both (i, j) and (j, i), so the
/// matrix is exactly symmetric. Immutable and safe to call from several threads at once.
/// </remarks>
public sealed class CompiledHessian
{
    internal CompiledHessian(CompiledFunction function)
    {
        Function = function;
    }

    /// <summary>The underlying compiled function, whose output is the whole matrix, row-major (shape [n, n]).</summary>
    public CompiledFunction Function { get; }

    /// <summary>The variables, in the order of the rows and columns and of the values passed.</summary>
    public IReadOnlyList<string> Variables => Function.Variables;

    /// <summary>The number n of variables (rows and columns).</summary>
    public int Dimension => Function.Variables.Count;

    /// <summary>Fills the n × n matrix with the Hessian at the point given by the variable values.</summary>
    /// <exception cref="ArgumentException">The point does not hold n values, or the matrix is not n × n.</exception>
    public void Evaluate(ReadOnlySpan<double> point, double[,] hessian)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        int n = Dimension;
        if (hessian.GetLength(0) != n || hessian.GetLength(1) != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The matrix is {hessian.GetLength(0)}×{hessian.GetLength(1)}; the compiled Hessian is {n}×{n}."),
                nameof(hessian));
        }

        // A rectangular array stores its elements contiguously, row-major.
        var cells = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(hessian)), n * n);
        Function.Evaluate(point, cells);
    }

    /// <summary>The Hessian at the point given by the variable values, as a new n × n matrix.</summary>
    /// <exception cref="ArgumentException">The point does not hold n values.</exception>
    public double[,] Evaluate(ReadOnlySpan<double> point)
    {
        var hessian = new double[Dimension, Dimension];
        Evaluate(point, hessian);
        return hessian;
    }

    /// <summary>The Hessian at the point given by a variable assignment (extra entries are ignored).</summary>
    /// <exception cref="ArgumentException">A variable has no value in the assignment.</exception>
    public double[,] Evaluate(IReadOnlyDictionary<string, double> values) => Evaluate(Function.PointOf(values));
}
