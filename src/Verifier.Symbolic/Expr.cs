namespace Verifier.Symbolic;

/// <summary>
/// A symbolic real-valued expression: a node of the closed union <see cref="Const"/>, <see cref="Var"/>,
/// <see cref="Sum"/>, <see cref="Product"/>, <see cref="Power"/> and <see cref="Apply"/>.
/// </summary>
/// <remarks>
/// Expressions are immutable and compare structurally; the structural hash and the variable set are computed
/// once, when a node is built. Every expression obtainable through the public API is canonical: the smart
/// constructors (<see cref="Add(Expr[])"/>, <see cref="Multiply(Expr[])"/>, <see cref="Pow"/>, the operators
/// and the function factories) flatten, fold constants, collect like terms and powers, and sort operands,
/// so that equal canonical forms are equal objects.
/// </remarks>
public abstract partial record Expr
{
    private readonly int _hash;

    private protected Expr(int hash, NameSet variables)
    {
        _hash = hash;
        VariableSet = variables;
    }

    /// <summary>The set of names of the variables occurring in this expression (cached, never null).</summary>
    public IReadOnlySet<string> Variables => VariableSet;

    internal NameSet VariableSet { get; }

    /// <summary>The case of the closed union; only this assembly can implement it, so nobody else can extend the union.</summary>
    private protected abstract ExprKind Kind { get; }

    internal ExprKind KindOf => Kind;

    /// <summary>The structural hash computed at construction.</summary>
    private protected int StructuralHash => _hash;

    /// <summary>The readable infix form of the expression, e.g. <c>2*x^2 + sigmoid(w1*x - 1/2)</c>.</summary>
    public sealed override string ToString() => ExprPrinter.Print(this);

    /// <summary>True when the expression contains the named variable.</summary>
    public bool DependsOn(string variable) => VariableSet.Contains(variable);

    internal static NameSet NoVariables => NameSet.Empty;

    /// <summary>The union of the variable sets of the operands, reusing the largest set when it already covers the rest.</summary>
    internal static NameSet UnionOfVariables(ReadOnlySpan<Expr> operands) => NameSet.UnionOf(operands);
}
