namespace Verifier.Symbolic;

/// <summary>
/// A finite sum t₁ + t₂ + … + tₙ of at least two terms. In canonical form the terms are flattened, like terms
/// are collected, the constant term (if any) comes last and the others are sorted by the canonical order.
/// </summary>
public sealed record Sum : Expr
{
    internal Sum(ExprList terms)
        : base(HashCode.Combine(ExprKind.Sum, terms), UnionOfVariables(terms.AsSpan()))
    {
        Terms = terms;
    }

    /// <summary>The terms tᵢ of the sum.</summary>
    public ExprList Terms { get; }

    private protected override ExprKind Kind => ExprKind.Sum;

    /// <summary>Deconstructs the sum into its terms.</summary>
    public void Deconstruct(out ExprList terms) => terms = Terms;

    /// <summary>True when both sums have structurally equal terms in the same order.</summary>
    public bool Equals(Sum? other) =>
        ReferenceEquals(this, other) || (other is not null && other.StructuralHash == StructuralHash && Terms.Equals(other.Terms));

    /// <summary>The structural hash of the sum.</summary>
    public override int GetHashCode() => StructuralHash;
}
