namespace Verifier.Symbolic;

/// <summary>An exact rational constant c.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The mathematical name is part of the agreed API; the library targets C# consumers.")]
public sealed record Const : Expr
{
    /// <summary>Creates the constant expression with the given exact value.</summary>
    public Const(Rational value)
        : base(HashCode.Combine(ExprKind.Const, value), NoVariables)
    {
        Value = value;
    }

    /// <summary>The exact value c of the constant.</summary>
    public Rational Value { get; }

    private protected override ExprKind Kind => ExprKind.Const;

    // The nearest double, boxed so that the lazy write is atomic; computed on first use by the floating path.
    private object? _nearestDouble;

    /// <summary>The nearest double to c (cached after the first call).</summary>
    /// <exception cref="OverflowException">c is beyond the range of a double.</exception>
    public double NearestDouble => (double)(_nearestDouble ??= Value.ToDouble());

    /// <summary>Deconstructs the constant into its value c.</summary>
    public void Deconstruct(out Rational value) => value = Value;

    /// <summary>True when both constants have the same exact value.</summary>
    public bool Equals(Const? other) => other is not null && Value == other.Value;

    /// <summary>The structural hash of the constant.</summary>
    public override int GetHashCode() => StructuralHash;
}
