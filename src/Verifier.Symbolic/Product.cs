namespace Verifier.Symbolic;

/// <summary>
/// A finite product f₁ · f₂ · … · fₙ of at least two factors. In canonical form a rational coefficient other
/// than 1 comes first, equal bases are merged into one power, and the other factors are sorted by the
/// canonical order; no factor is itself a product.
/// </summary>
public sealed record Product : Expr
{
    internal Product(ExprList factors)
        : base(HashCode.Combine(ExprKind.Product, factors), UnionOfVariables(factors.AsSpan()))
    {
        Factors = factors;
    }

    /// <summary>The factors fᵢ of the product.</summary>
    public ExprList Factors { get; }

    private protected override ExprKind Kind => ExprKind.Product;

    /// <summary>Deconstructs the product into its factors.</summary>
    public void Deconstruct(out ExprList factors) => factors = Factors;

    /// <summary>True when both products have structurally equal factors in the same order.</summary>
    public bool Equals(Product? other) =>
        ReferenceEquals(this, other) || (other is not null && other.StructuralHash == StructuralHash && Factors.Equals(other.Factors));

    /// <summary>The structural hash of the product.</summary>
    public override int GetHashCode() => StructuralHash;
}
