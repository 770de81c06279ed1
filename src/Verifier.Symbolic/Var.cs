namespace Verifier.Symbolic;

/// <summary>A real variable x, identified by its name (compared ordinally).</summary>
public sealed record Var : Expr
{
    /// <summary>Creates the variable with the given name.</summary>
    /// <exception cref="ArgumentException">The name is null, empty or white space.</exception>
    public Var(string name)
        : base(HashCode.Combine(ExprKind.Var, CheckName(name)), NameSet.Of(name))
    {
        Name = name;
    }

    /// <summary>The name of the variable x.</summary>
    public string Name { get; }

    private protected override ExprKind Kind => ExprKind.Var;

    /// <summary>Deconstructs the variable into its name.</summary>
    public void Deconstruct(out string name) => name = Name;

    /// <summary>True when both variables have the same name.</summary>
    public bool Equals(Var? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <summary>The structural hash of the variable.</summary>
    public override int GetHashCode() => StructuralHash;

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name;
    }
}
