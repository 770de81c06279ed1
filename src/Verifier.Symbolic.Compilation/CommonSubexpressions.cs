using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Verifier.Symbolic.Compilation;

/// <summary>
/// The directed acyclic graph of the distinct subexpressions of several expressions: every structurally equal
/// subtree, wherever it occurs in any of the expressions, is one node (hash-consing).
/// </summary>
/// <remarks>
/// Nodes are numbered in a topological order (every operand before the nodes that use it), which is the order
/// of a depth-first post-order walk of the expressions in the order given. A compiled evaluation computes each
/// node once; <see cref="UseCount"/> tells which nodes are shared and therefore worth keeping in a temporary.
/// </remarks>
public sealed class CommonSubexpressions
{
    private readonly Expr[] _nodes;
    private readonly int[][] _operands;
    private readonly int[] _useCounts;
    private readonly int[] _outputs;
    private readonly Dictionary<Expr, int> _index;

    private CommonSubexpressions(Expr[] nodes, int[][] operands, int[] useCounts, int[] outputs, Dictionary<Expr, int> index)
    {
        _nodes = nodes;
        _operands = operands;
        _useCounts = useCounts;
        _outputs = outputs;
        _index = index;
        Nodes = new ReadOnlyCollection<Expr>(_nodes);
        Outputs = new ReadOnlyCollection<int>(_outputs);
    }

    /// <summary>The distinct subexpressions, operands before their users.</summary>
    public IReadOnlyList<Expr> Nodes { get; }

    /// <summary>The number of distinct subexpressions (constants and variables included).</summary>
    public int NodeCount => _nodes.Length;

    /// <summary>For each expression given, in order, the index of its node.</summary>
    public IReadOnlyList<int> Outputs { get; }

    /// <summary>The number of distinct nodes that use at least two times: shared subexpressions other than constants and variables.</summary>
    public int SharedCount
    {
        get
        {
            int shared = 0;
            for (int i = 0; i < _nodes.Length; i++)
            {
                if (_useCounts[i] >= 2 && _nodes[i] is not (Const or Var))
                {
                    shared++;
                }
            }

            return shared;
        }
    }

    /// <summary>
    /// Finds the distinct subexpressions of the given expressions.
    /// </summary>
    /// <exception cref="ArgumentNullException">The list or one of its expressions is null.</exception>
    public static CommonSubexpressions Find(IReadOnlyList<Expr> expressions)
    {
        ArgumentNullException.ThrowIfNull(expressions);
        var builder = new Builder();
        var outputs = new int[expressions.Count];
        for (int i = 0; i < outputs.Length; i++)
        {
            var e = expressions[i];
            ArgumentNullException.ThrowIfNull(e, nameof(expressions));
            outputs[i] = builder.Visit(e);
            builder.UseCounts[outputs[i]]++;
        }

        return new CommonSubexpressions(
            [.. builder.Nodes], [.. builder.Operands], [.. builder.UseCounts], outputs, builder.Structural);
    }

    /// <summary>
    /// The number of uses of a node: once for every operand position of another distinct node that holds it and
    /// once for every output that is it.
    /// </summary>
    public int UseCount(int node) => _useCounts[node];

    /// <summary>The indices of the operands of a node (empty for constants and variables), in operand order.</summary>
    public IReadOnlyList<int> OperandsOf(int node) => _operands[node];

    /// <summary>The index of the node structurally equal to the expression, or −1 when it does not occur.</summary>
    public int IndexOf(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return _index.TryGetValue(expr, out int i) ? i : -1;
    }

    internal ReadOnlySpan<int> Operands(int node) => _operands[node];

    private sealed class Builder
    {
        // Most repeated subtrees are the very same object (derivatives reuse their input's nodes), so a reference
        // lookup answers them without a structural comparison; the structural map catches equal copies.
        private readonly Dictionary<Expr, int> _byReference = new(ReferenceEqualityComparer.Instance);

        public List<Expr> Nodes { get; } = [];

        public List<int[]> Operands { get; } = [];

        public List<int> UseCounts { get; } = [];

        public Dictionary<Expr, int> Structural { get; } = [];

        public int Visit(Expr expr)
        {
            if (_byReference.TryGetValue(expr, out int known))
            {
                return known;
            }

            if (Structural.TryGetValue(expr, out known))
            {
                _byReference.Add(expr, known);
                return known;
            }

            int[] operands = expr switch
            {
                Const or Var => [],
                Sum s => VisitAll(s.Terms.AsSpan()),
                Product p => VisitAll(p.Factors.AsSpan()),
                Power p => [Visit(p.Base)],
                Apply a => [Visit(a.Argument)],
                _ => throw new UnreachableException(),
            };
            foreach (int o in operands)
            {
                UseCounts[o]++;
            }

            int index = Nodes.Count;
            Nodes.Add(expr);
            Operands.Add(operands);
            UseCounts.Add(0);
            Structural.Add(expr, index);
            _byReference.Add(expr, index);
            return index;
        }

        private int[] VisitAll(ReadOnlySpan<Expr> operands)
        {
            var result = new int[operands.Length];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = Visit(operands[i]);
            }

            return result;
        }
    }
}
