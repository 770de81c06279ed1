using System.Diagnostics;

namespace Verifier.Symbolic;

/// <summary>Symbolic differentiation: partial derivatives, gradients and Hessians of expressions.</summary>
public static class Calculus
{
    /// <summary>The canonical partial derivative ∂e/∂x of an expression with respect to a variable.</summary>
    /// <remarks>
    /// The derivative of relu(u) is H(u)·u′ with the Heaviside step H, whose own derivative is taken as 0; both
    /// hold away from the kink u = 0, where the exact evaluator reports H as undefined.
    /// </remarks>
    public static Expr Differentiate(Expr expr, string variable)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentException.ThrowIfNullOrWhiteSpace(variable);
        return new Differentiator(variable).Derive(expr);
    }

    /// <summary>The gradient (∂e/∂x₁, …, ∂e/∂xₙ) of an expression with respect to the listed variables.</summary>
    public static Expr[] Gradient(Expr expr, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var differentiators = CreateDifferentiators(variables);
        var gradient = new Expr[differentiators.Length];
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = differentiators[i].Derive(expr);
        }

        return gradient;
    }

    /// <summary>
    /// The symmetric Hessian matrix H[i, j] = ∂²e/∂xᵢ∂xⱼ of an expression with respect to the listed variables;
    /// each unordered pair is differentiated once and mirrored.
    /// </summary>
    public static Expr[,] Hessian(Expr expr, IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var differentiators = CreateDifferentiators(variables);
        int n = differentiators.Length;
        var hessian = new Expr[n, n];
        for (int i = 0; i < n; i++)
        {
            // The same per-variable memo serves the gradient and the second derivatives, since the first
            // derivatives share most of their subtrees with the original expression.
            var first = differentiators[i].Derive(expr);
            for (int j = i; j < n; j++)
            {
                var second = differentiators[j].Derive(first);
                hessian[i, j] = second;
                hessian[j, i] = second;
            }
        }

        return hessian;
    }

    private static Differentiator[] CreateDifferentiators(IReadOnlyList<string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var result = new Differentiator[variables.Count];
        var shared = new Dictionary<string, Differentiator>(StringComparer.Ordinal);
        for (int i = 0; i < result.Length; i++)
        {
            var name = variables[i];
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(variables));
            if (!shared.TryGetValue(name, out var d))
            {
                d = new Differentiator(name);
                shared.Add(name, d);
            }

            result[i] = d;
        }

        return result;
    }

    /// <summary>Differentiation with respect to one variable, memoised over shared subtrees.</summary>
    private sealed class Differentiator(string variable)
    {
        private readonly Dictionary<Expr, Expr> _memo = [];

        public Expr Derive(Expr expr)
        {
            if (!expr.DependsOn(variable))
            {
                return Expr.Zero;
            }

            if (_memo.TryGetValue(expr, out var known))
            {
                return known;
            }

            var derivative = expr switch
            {
                Const => Expr.Zero,
                Var v => string.Equals(v.Name, variable, StringComparison.Ordinal) ? Expr.One : Expr.Zero,
                Sum s => DeriveSum(s),
                Product p => DeriveProduct(p),
                Power p => Expr.Multiply(Expr.Constant(p.Exponent), Expr.Pow(p.Base, checked(p.Exponent - 1)), Derive(p.Base)),
                Apply a => Expr.Multiply(OuterDerivative(a), Derive(a.Argument)),
                _ => throw new UnreachableException(),
            };
            _memo[expr] = derivative;
            return derivative;
        }

        private Expr DeriveSum(Sum sum)
        {
            var terms = new List<Expr>(sum.Terms.Count);
            foreach (var term in sum.Terms.AsSpan())
            {
                var d = Derive(term);
                if (d is not Const { Value.IsZero: true })
                {
                    terms.Add(d);
                }
            }

            return Expr.Add(terms);
        }

        // Leibniz rule: (f₁⋯fₙ)′ = Σᵢ f₁⋯fᵢ′⋯fₙ, summing only over the factors that depend on the variable.
        private Expr DeriveProduct(Product product)
        {
            var factors = product.Factors.AsSpan();
            var terms = new List<Expr>();
            for (int i = 0; i < factors.Length; i++)
            {
                if (!factors[i].DependsOn(variable))
                {
                    continue;
                }

                var term = new Expr[factors.Length];
                for (int j = 0; j < factors.Length; j++)
                {
                    term[j] = j == i ? Derive(factors[j]) : factors[j];
                }

                terms.Add(Expr.Multiply(term));
            }

            return Expr.Add(terms);
        }

        // f′(u) for the function f of the application f(u), reusing the node f(u) itself where the rule allows.
        private static Expr OuterDerivative(Apply a) => a.Function switch
        {
            Function.Exp => a,
            Function.Log => Expr.Pow(a.Argument, -1),
            Function.Sigmoid => Expr.Subtract(a, Expr.Pow(a, 2)),
            Function.Tanh => Expr.Subtract(Expr.One, Expr.Pow(a, 2)),
            Function.Relu => Expr.Step(a.Argument),
            Function.Step => Expr.Zero,
            _ => throw new UnreachableException(),
        };
    }
}
