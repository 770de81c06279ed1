namespace Verifier.Symbolic;

/// <summary>The application f(u) of an elementary <see cref="Symbolic.Function"/> f to an argument expression u.</summary>
public sealed record Apply : Expr
{
    internal Apply(Function function, Expr argument)
        : base(HashCode.Combine(ExprKind.Apply, function, argument), argument.VariableSet)
    {
        Function = function;
        Argument = argument;
    }

    /// <summary>The function f being applied.</summary>
    public Function Function { get; }

    /// <summary>The argument u of the application.</summary>
    public Expr Argument { get; }

    private protected override ExprKind Kind => ExprKind.Apply;

    /// <summary>Deconstructs f(u) into f and u.</summary>
    public void Deconstruct(out Function function, out Expr argument)
    {
        function = Function;
        argument = Argument;
    }

    /// <summary>True when both applications apply the same function to structurally equal arguments.</summary>
    public bool Equals(Apply? other) =>
        ReferenceEquals(this, other)
        || (other is not null && other.StructuralHash == StructuralHash && Function == other.Function && Argument.Equals(other.Argument));

    /// <summary>The structural hash of the application.</summary>
    public override int GetHashCode() => StructuralHash;
}
