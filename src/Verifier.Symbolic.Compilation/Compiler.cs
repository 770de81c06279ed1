using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;

namespace Verifier.Symbolic.Compilation;

/// <summary>
/// Compiles several expressions (a gradient, the upper triangle of a Hessian, any list) into one delegate that
/// evaluates them together in double precision, computing every common subexpression once.
/// </summary>
/// <remarks>
/// <para>
/// The expressions are first merged into the graph of their distinct subexpressions
/// (<see cref="CommonSubexpressions"/>). That graph becomes a straight-line program: each subexpression used
/// more than once is computed into a temporary, each one used once is computed in place where it is needed,
/// and temporaries are reused once their last use is past. The program is emitted as one method body
/// (<see cref="DynamicMethod"/>) and compiled by the JIT: emitting the few hundred instructions directly takes
/// far less time than building and compiling an equivalent <c>System.Linq.Expressions</c> tree, and lets the
/// method read and write spans without copying.
/// </para>
/// <para>
/// Every operation is the one <see cref="DoubleEvaluator"/> performs, in the same order (sums and products fold
/// from the left, the same integer-power rules, the same stable sigmoid, step(0) = 0, relu(u) = max(0, u)), and
/// the interpreter also evaluates each distinct subexpression once. Since IEEE arithmetic is deterministic, the
/// compiled and the interpreted values are the same doubles, bit for bit.
/// </para>
/// </remarks>
public static class Compiler
{
    /// <summary>Compiles a list of expressions; output k of the result is the value of <paramref name="outputs"/>[k].</summary>
    /// <param name="outputs">The expressions to evaluate together.</param>
    /// <param name="variables">The variables, in the order their values are passed to the compiled function.</param>
    /// <exception cref="ArgumentException">
    /// An expression uses a variable that is not listed, or a variable is listed twice, or a name is null or blank.
    /// </exception>
    /// <exception cref="OverflowException">A constant of an expression is beyond the range of a double.</exception>
    public static CompiledFunction Compile(IReadOnlyList<Expr> outputs, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var destinations = new int[outputs.Count][];
        for (int k = 0; k < destinations.Length; k++)
        {
            destinations[k] = [k];
        }

        return CompileCore(outputs, destinations, variables, [outputs.Count]);
    }

    /// <summary>Differentiates the expression and compiles its gradient (∂e/∂x₁, …, ∂e/∂xₙ) in the order of the variables.</summary>
    /// <exception cref="ArgumentException">The expression uses a variable that is not listed, or a name is repeated, null or blank.</exception>
    public static CompiledFunction CompileGradient(Expr expr, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var names = CheckVariables(variables);
        CheckCovered([expr], names);
        return Compile(Calculus.Gradient(expr, names), names);
    }

    /// <summary>
    /// Builds the symbolic Hessian of the expression (<see cref="Calculus.Hessian"/>) and compiles it; the compiled
    /// Hessian fills a symmetric n × n matrix.
    /// </summary>
    /// <exception cref="ArgumentException">The expression uses a variable that is not listed, or a name is repeated, null or blank.</exception>
    public static CompiledHessian CompileHessian(Expr expr, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var names = CheckVariables(variables);
        CheckCovered([expr], names);
        return CompileSymmetric(Calculus.Hessian(expr, names), names);
    }

    /// <summary>
    /// Compiles a symmetric matrix of expressions given whole (e.g. the result of <see cref="Calculus.Hessian"/>):
    /// only the upper triangle (i ≤ j) is compiled, and each of its entries is written to both (i, j) and (j, i).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The matrix is not square or its size differs from the number of variables, or an entry uses a variable that
    /// is not listed, or a name is repeated, null or blank.
    /// </exception>
    public static CompiledHessian CompileSymmetric(Expr[,] matrix, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(variables);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n || n != variables.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The matrix is {n}×{matrix.GetLength(1)}; a Hessian in {variables.Count} variables is {variables.Count}×{variables.Count}."),
                nameof(matrix));
        }

        var entries = new Expr[n * (n + 1) / 2];
        var destinations = new int[entries.Length][];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                entries[k] = matrix[i, j] ?? throw new ArgumentException($"The entry ({i}, {j}) is null.", nameof(matrix));
                destinations[k] = i == j ? [i * n + j] : [i * n + j, j * n + i];
                k++;
            }
        }

        return new CompiledHessian(CompileCore(entries, destinations, variables, [n, n]));
    }

    private static CompiledFunction CompileCore(IReadOnlyList<Expr> values, int[][] destinations, IReadOnlyList<string> variables, int[] shape)
    {
        var names = CheckVariables(variables);
        var graph = CommonSubexpressions.Find(values);
        int outputLength = 1;
        foreach (int d in shape)
        {
            outputLength = checked(outputLength * d);
        }

        _ = checked(outputLength * sizeof(double)); // every byte offset must fit the int the emitter uses
        var position = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            position.Add(names[i], i);
        }

        var missing = graph.Nodes.OfType<Var>().Select(v => v.Name).Where(name => !position.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw MissingVariables(missing, names, nameof(variables));
        }

        var method = new DynamicMethod(
            "Verifier.Symbolic.Compiled",
            typeof(void),
            [typeof(double).MakeByRefType(), typeof(double).MakeByRefType()],
            typeof(Compiler).Module,
            skipVisibility: true);
        var emitter = new Emitter(method.GetILGenerator(), graph, destinations, position);
        emitter.Emit();
        var kernel = method.CreateDelegate<CompiledKernel>();

        // One call at the origin makes the JIT compile the method now, so that compiling includes it and the
        // first evaluation does not; floating-point arithmetic raises no exceptions, whatever the values.
        var origin = new double[Math.Max(1, names.Length)];
        var scratch = new double[Math.Max(1, outputLength)];
        kernel(ref origin[0], ref scratch[0]);
        return new CompiledFunction(names, shape, kernel, graph.NodeCount, emitter.TemporaryCount);
    }

    private static string[] CheckVariables(IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var names = new string[variables.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            var name = variables[i];
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(variables));
            if (!seen.Add(name))
            {
                throw new ArgumentException($"The variable '{name}' is listed twice.", nameof(variables));
            }

            names[i] = name;
        }

        return names;
    }

    private static void CheckCovered(IEnumerable<Expr> exprs, string[] variables)
    {
        var listed = new HashSet<string>(variables, StringComparer.Ordinal);
        var missing = exprs.SelectMany(e => e.Variables).Where(v => !listed.Contains(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw MissingVariables(missing, variables, nameof(variables));
        }
    }

    private static ArgumentException MissingVariables(List<string> missing, string[] names, string paramName)
    {
        var which = string.Join(", ", missing.Select(m => $"'{m}'"));
        var listed = names.Length == 0 ? "none are listed" : "the listed ones are " + string.Join(", ", names.Select(m => $"'{m}'"));
        var noun = missing.Count == 1 ? "variable" : "variables";
        return new ArgumentException($"The expressions use the {noun} {which}, not among the compiled function's variables ({listed}).", paramName);
    }

    /// <summary>Writes the straight-line program of a subexpression graph as IL.</summary>
    private sealed class Emitter
    {
        private static readonly MethodInfo MathExp = Method(typeof(Math), nameof(Math.Exp), typeof(double));
        private static readonly MethodInfo MathLog = Method(typeof(Math), nameof(Math.Log), typeof(double));
        private static readonly MethodInfo MathTanh = Method(typeof(Math), nameof(Math.Tanh), typeof(double));
        private static readonly MethodInfo MathMax = Method(typeof(Math), nameof(Math.Max), typeof(double), typeof(double));
        private static readonly MethodInfo MathPow = Method(typeof(Math), nameof(Math.Pow), typeof(double), typeof(double));
        private static readonly MethodInfo Sigmoid = Method(typeof(DoubleEvaluator), nameof(DoubleEvaluator.Sigmoid), typeof(double));
        private static readonly MethodInfo Step = Method(typeof(DoubleEvaluator), nameof(DoubleEvaluator.Step), typeof(double));
        private static readonly long NegativeZeroBits = BitConverter.DoubleToInt64Bits(-0.0);

        private readonly ILGenerator _il;
        private readonly CommonSubexpressions _graph;
        private readonly int[][] _destinations;
        private readonly Dictionary<string, int> _position;
        private readonly LocalBuilder?[] _local;
        private readonly bool[] _materialized;
        private readonly List<int>?[] _outputsAt;
        private readonly List<int>?[] _freeAfter;
        private readonly Stack<LocalBuilder> _free = new();

        public Emitter(ILGenerator il, CommonSubexpressions graph, int[][] destinations, Dictionary<string, int> position)
        {
            _il = il;
            _graph = graph;
            _destinations = destinations;
            _position = position;
            int n = graph.NodeCount;
            _local = new LocalBuilder?[n];
            _materialized = new bool[n];
            _outputsAt = new List<int>?[n];
            _freeAfter = new List<int>?[n];
            for (int k = 0; k < graph.Outputs.Count; k++)
            {
                (_outputsAt[graph.Outputs[k]] ??= []).Add(k);
            }

            for (int i = 0; i < n; i++)
            {
                _materialized[i] = graph.UseCount(i) >= 2 && !IsLeaf(i);
            }

            PlanLifetimes();
        }

        /// <summary>The number of double temporaries the method declares (after reuse), variables excluded.</summary>
        public int TemporaryCount { get; private set; }

        public void Emit()
        {
            // Every variable is read before any output is written, so the outputs may even overlap the inputs.
            for (int i = 0; i < _graph.NodeCount; i++)
            {
                if (_graph.Nodes[i] is Var v)
                {
                    var local = _il.DeclareLocal(typeof(double));
                    _local[i] = local;
                    _il.Emit(OpCodes.Ldarg_0);
                    EmitOffset(_position[v.Name]);
                    _il.Emit(OpCodes.Ldind_R8);
                    _il.Emit(OpCodes.Stloc, local);
                }
            }

            LocalBuilder? scratch = null;
            for (int i = 0; i < _graph.NodeCount; i++)
            {
                var outputs = _outputsAt[i];
                if (IsLeaf(i))
                {
                    if (outputs is not null)
                    {
                        foreach (int k in outputs)
                        {
                            foreach (int d in _destinations[k])
                            {
                                EmitStore(d, () => EmitOperand(i));
                            }
                        }
                    }

                    continue;
                }

                if (!_materialized[i] && outputs is null)
                {
                    continue; // computed in place inside the statement of its only user
                }

                if (!_materialized[i] && outputs is [int only] && _destinations[only] is [int destination])
                {
                    // The common case of an output computed in place and written to one slot: no temporary.
                    EmitStore(destination, () => EmitValue(i));
                    Release(i, exceptSelf: true);
                    continue;
                }

                EmitValue(i);
                Release(i, exceptSelf: true);
                LocalBuilder target;
                if (_materialized[i])
                {
                    target = Allocate();
                    _local[i] = target;
                }
                else
                {
                    target = scratch ??= Allocate();
                }

                _il.Emit(OpCodes.Stloc, target);
                if (outputs is not null)
                {
                    foreach (int k in outputs)
                    {
                        foreach (int d in _destinations[k])
                        {
                            EmitStore(d, () => _il.Emit(OpCodes.Ldloc, target));
                        }
                    }
                }

                if (_materialized[i] && _freeAfter[i] is { } frees && frees.Contains(i))
                {
                    _free.Push(target);
                }
            }

            _il.Emit(OpCodes.Ret);
        }

        private static MethodInfo Method(Type type, string name, params Type[] parameters) =>
            type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, parameters)
            ?? throw new MissingMethodException(type.Name, name);

        private bool IsLeaf(int i) => _graph.Nodes[i] is Const or Var;

        /// <summary>
        /// Finds, for every temporary, the statement of its last use, so that its local can serve a later
        /// temporary. A node computed in place belongs to the statement of its only user.
        /// </summary>
        private void PlanLifetimes()
        {
            int n = _graph.NodeCount;
            var statement = new int[n];
            var parent = new int[n];
            Array.Fill(parent, -1);
            for (int p = 0; p < n; p++)
            {
                foreach (int o in _graph.Operands(p))
                {
                    if (!_materialized[o] && !IsLeaf(o))
                    {
                        parent[o] = p;
                    }
                }
            }

            for (int i = n - 1; i >= 0; i--)
            {
                statement[i] = _materialized[i] || _outputsAt[i] is not null || parent[i] < 0 ? i : statement[parent[i]];
            }

            var lastUse = new int[n];
            for (int i = 0; i < n; i++)
            {
                lastUse[i] = _outputsAt[i] is not null ? i : -1;
            }

            for (int p = 0; p < n; p++)
            {
                foreach (int o in _graph.Operands(p))
                {
                    if (_materialized[o])
                    {
                        lastUse[o] = Math.Max(lastUse[o], statement[p]);
                    }
                }
            }

            for (int i = 0; i < n; i++)
            {
                if (_materialized[i])
                {
                    Debug.Assert(lastUse[i] >= i, "a temporary is used after it is computed");
                    (_freeAfter[lastUse[i]] ??= []).Add(i);
                }
            }
        }

        private LocalBuilder Allocate()
        {
            if (_free.TryPop(out var local))
            {
                return local;
            }

            TemporaryCount++;
            return _il.DeclareLocal(typeof(double));
        }

        /// <summary>Returns the locals of the temporaries whose last use is the statement just emitted.</summary>
        private void Release(int statement, bool exceptSelf)
        {
            if (_freeAfter[statement] is not { } frees)
            {
                return;
            }

            foreach (int t in frees)
            {
                if (exceptSelf && t == statement)
                {
                    continue;
                }

                _free.Push(_local[t] ?? throw new UnreachableException("a temporary is released before it is computed"));
            }
        }

        /// <summary>Pushes the value of an operand: a constant, a variable, a temporary, or the operand computed in place.</summary>
        private void EmitOperand(int i)
        {
            switch (_graph.Nodes[i])
            {
                case Const c:
                    _il.Emit(OpCodes.Ldc_R8, c.NearestDouble);
                    return;
                case Var:
                    _il.Emit(OpCodes.Ldloc, _local[i]!);
                    return;
                default:
                    if (_materialized[i])
                    {
                        _il.Emit(OpCodes.Ldloc, _local[i] ?? throw new UnreachableException("a temporary is used before it is computed"));
                    }
                    else
                    {
                        EmitValue(i);
                    }

                    return;
            }
        }

        /// <summary>Pushes the value of a non-leaf node from its operands, exactly as <see cref="DoubleEvaluator"/> computes it.</summary>
        private void EmitValue(int i)
        {
            var operands = _graph.Operands(i);
            switch (_graph.Nodes[i])
            {
                case Sum s:
                    if (operands.Length == 0)
                    {
                        _il.Emit(OpCodes.Ldc_R8, 0.0);
                        return;
                    }

                    // The interpreter folds 0 + t₁ + t₂ + …; dropping the leading 0 changes the result only when
                    // every term is −0 (giving −0 instead of +0), which a term that is a constant other than −0 rules out.
                    if (!HasConstantOtherThanNegativeZero(s.Terms))
                    {
                        _il.Emit(OpCodes.Ldc_R8, 0.0);
                        EmitOperand(operands[0]);
                        _il.Emit(OpCodes.Add);
                    }
                    else
                    {
                        EmitOperand(operands[0]);
                    }

                    for (int k = 1; k < operands.Length; k++)
                    {
                        EmitOperand(operands[k]);
                        _il.Emit(OpCodes.Add);
                    }

                    return;
                case Product:
                    // 1·f₁ = f₁ exactly, so the interpreter's leading 1 is left out.
                    if (operands.Length == 0)
                    {
                        _il.Emit(OpCodes.Ldc_R8, 1.0);
                        return;
                    }

                    EmitOperand(operands[0]);
                    for (int k = 1; k < operands.Length; k++)
                    {
                        EmitOperand(operands[k]);
                        _il.Emit(OpCodes.Mul);
                    }

                    return;
                case Power p:
                    EmitPower(operands[0], p.Exponent);
                    return;
                case Apply a:
                    EmitApply(a.Function, operands[0]);
                    return;
                default:
                    throw new UnreachableException();
            }
        }

        private static bool HasConstantOtherThanNegativeZero(ExprList terms)
        {
            foreach (var t in terms.AsSpan())
            {
                if (t is Const c && BitConverter.DoubleToInt64Bits(c.NearestDouble) != NegativeZeroBits)
                {
                    return true;
                }
            }

            return false;
        }

        // The cases of DoubleEvaluator.IntegerPower; multiplication is commutative in IEEE arithmetic, so
        // x·(x·x) is the same double as (x·x)·x.
        private void EmitPower(int @base, int exponent)
        {
            switch (exponent)
            {
                case 2:
                    EmitOperand(@base);
                    _il.Emit(OpCodes.Dup);
                    _il.Emit(OpCodes.Mul);
                    break;
                case -1:
                    _il.Emit(OpCodes.Ldc_R8, 1.0);
                    EmitOperand(@base);
                    _il.Emit(OpCodes.Div);
                    break;
                case 3:
                    EmitOperand(@base);
                    _il.Emit(OpCodes.Dup);
                    _il.Emit(OpCodes.Dup);
                    _il.Emit(OpCodes.Mul);
                    _il.Emit(OpCodes.Mul);
                    break;
                default:
                    EmitOperand(@base);
                    _il.Emit(OpCodes.Ldc_R8, (double)exponent);
                    _il.Emit(OpCodes.Call, MathPow);
                    break;
            }
        }

        private void EmitApply(Function function, int argument)
        {
            if (function == Function.Relu)
            {
                _il.Emit(OpCodes.Ldc_R8, 0.0);
                EmitOperand(argument);
                _il.Emit(OpCodes.Call, MathMax);
                return;
            }

            EmitOperand(argument);
            _il.Emit(OpCodes.Call, function switch
            {
                Function.Exp => MathExp,
                Function.Log => MathLog,
                Function.Sigmoid => Sigmoid,
                Function.Tanh => MathTanh,
                Function.Step => Step,
                _ => throw new UnreachableException(),
            });
        }

        private void EmitStore(int destination, Action pushValue)
        {
            _il.Emit(OpCodes.Ldarg_1);
            EmitOffset(destination);
            pushValue();
            _il.Emit(OpCodes.Stind_R8);
        }

        /// <summary>Adds the byte offset of element <paramref name="index"/> to the reference on the stack.</summary>
        private void EmitOffset(int index)
        {
            if (index == 0)
            {
                return;
            }

            _il.Emit(OpCodes.Ldc_I4, index * sizeof(double));
            _il.Emit(OpCodes.Conv_I);
            _il.Emit(OpCodes.Add);
        }
    }
}

/// <summary>The emitted method: reads the variables from the first reference and writes the outputs from the second.</summary>
internal delegate void CompiledKernel(ref double variables, ref double outputs);
