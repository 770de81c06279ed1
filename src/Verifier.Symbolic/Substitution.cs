using System.Diagnostics;

namespace Verifier.Symbolic;

/// <summary>Simultaneous substitution of expressions for variables.</summary>
public static class Substitution
{
    /// <summary>
    /// The canonical expression e[x₁ ↦ s₁, …, xₙ ↦ sₙ], replacing every listed variable simultaneously
    /// (a replacement is not itself substituted into); variables not listed are kept.
    /// </summary>
    /// <exception cref="DivideByZeroException">The substitution turns a divisor into the constant 0.</exception>
    public static Expr Substitute(Expr expr, IReadOnlyDictionary<string, Expr> bindings)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(bindings);
        var memo = new Dictionary<Expr, Expr>();
        return Rebuild(expr, bindings, memo);
    }

    private static Expr Rebuild(Expr expr, IReadOnlyDictionary<string, Expr> bindings, Dictionary<Expr, Expr> memo)
    {
        if (!Touches(expr, bindings))
        {
            return expr;
        }

        if (memo.TryGetValue(expr, out var done))
        {
            return done;
        }

        var result = expr switch
        {
            Const => expr,
            Var v => bindings[v.Name] ?? throw new ArgumentException($"The replacement for '{v.Name}' is null.", nameof(bindings)),
            Sum s => Expr.Add(s.Terms.Select(t => Rebuild(t, bindings, memo)).ToArray()),
            Product p => Expr.Multiply(p.Factors.Select(f => Rebuild(f, bindings, memo)).ToArray()),
            Power p => Expr.Pow(Rebuild(p.Base, bindings, memo), p.Exponent),
            Apply a => Expr.ApplyFunction(a.Function, Rebuild(a.Argument, bindings, memo)),
            _ => throw new UnreachableException(),
        };
        memo[expr] = result;
        return result;
    }

    private static bool Touches(Expr expr, IReadOnlyDictionary<string, Expr> bindings)
    {
        foreach (var name in expr.VariableSet)
        {
            if (bindings.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }
}
