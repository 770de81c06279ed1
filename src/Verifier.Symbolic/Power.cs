namespace Verifier.Symbolic;

/// <summary>
/// An integer power bⁿ. In canonical form n ∉ {0, 1} and the base b is a variable, a sum or a function
/// application (constants are folded, products are distributed, nested powers are merged).
/// </summary>
public sealed record Power : Expr
{
    internal Power(Expr @base, int exponent)
        : base(HashCode.Combine(ExprKind.Power, @base, CheckExponent(exponent)), @base.VariableSet)
    {
        Base = @base;
        Exponent = exponent;
    }

    /// <summary>The base b of the power.</summary>
    public Expr Base { get; }

    /// <summary>The integer exponent n of the power.</summary>
    public int Exponent { get; }

    private protected override ExprKind Kind => ExprKind.Power;

    /// <summary>Deconstructs the power bⁿ into b and n.</summary>
    public void Deconstruct(out Expr @base, out int exponent)
    {
        @base = Base;
        exponent = Exponent;
    }

    /// <summary>True when both powers have equal exponents and structurally equal bases.</summary>
    public bool Equals(Power? other) =>
        ReferenceEquals(this, other)
        || (other is not null && other.StructuralHash == StructuralHash && Exponent == other.Exponent && Base.Equals(other.Base));

    /// <summary>The structural hash of the power.</summary>
    public override int GetHashCode() => StructuralHash;

    // int.MinValue has no negation in int, which differentiation (n − 1) and printing (b^−n) rely on.
    private static int CheckExponent(int exponent) =>
        exponent != int.MinValue ? exponent : throw new OverflowException("The exponent of a power must be above int.MinValue.");
}
