namespace Verifier.Symbolic;

/// <summary>The case of the closed expression union, in the rank used by the canonical term order.</summary>
internal enum ExprKind
{
    Const = 0,
    Var = 1,
    Apply = 2,
    Sum = 3,
    Power = 4,
    Product = 5,
}
