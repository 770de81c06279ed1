using System.Diagnostics;

namespace Verifier.Symbolic;

/// <summary>The canonical simplifier, which maps an expression tree to its canonical form.</summary>
public static class Simplifier
{
    /// <summary>
    /// The canonical form of an expression, rebuilt bottom-up through the smart constructors; idempotent, and
    /// the identity (up to structural equality) on expressions that are already canonical.
    /// </summary>
    /// <exception cref="DivideByZeroException">The tree divides by a subexpression that simplifies to the constant 0.</exception>
    public static Expr Simplify(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var memo = new Dictionary<Expr, Expr>(ReferenceEqualityComparer.Instance);
        return Rebuild(expr, memo);
    }

    private static Expr Rebuild(Expr expr, Dictionary<Expr, Expr> memo)
    {
        if (memo.TryGetValue(expr, out var done))
        {
            return done;
        }

        var result = expr switch
        {
            Const c => Expr.Constant(c.Value),
            Var => expr,
            Sum s => Expr.Add(s.Terms.Select(t => Rebuild(t, memo)).ToArray()),
            Product p => Expr.Multiply(p.Factors.Select(f => Rebuild(f, memo)).ToArray()),
            Power p => Expr.Pow(Rebuild(p.Base, memo), p.Exponent),
            Apply a => Expr.ApplyFunction(a.Function, Rebuild(a.Argument, memo)),
            _ => throw new UnreachableException(),
        };
        memo[expr] = result;
        return result;
    }
}
