using System.Diagnostics;

namespace Verifier.Symbolic;

/// <summary>Floating-point evaluation of an expression at a point in IEEE double precision.</summary>
public static class DoubleEvaluator
{
    /// <summary>
    /// The double-precision value of the expression at the point given by the variable assignment, with the
    /// sigmoid computed stably and the convention step(0) = 0.
    /// </summary>
    /// <exception cref="ArgumentException">The expression contains a variable that has no value in the assignment.</exception>
    /// <exception cref="OverflowException">A constant of the expression is beyond the range of a double.</exception>
    public static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(values);
        var missing = expr.Variables.Where(name => !values.ContainsKey(name)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (missing is not null)
        {
            throw new ArgumentException($"No value is given for the variable '{missing}'.", nameof(values));
        }

        return Evaluate(expr, values, []);
    }

    /// <summary>The logistic sigmoid σ(u) = 1/(1 + e^−u), evaluated without overflow for either sign of u.</summary>
    public static double Sigmoid(double u)
    {
        if (u >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-u));
        }

        double e = Math.Exp(u);
        return e / (1.0 + e);
    }

    /// <summary>The value of the function f at u in double precision (step(0) = 0, relu(u) = max(0, u)).</summary>
    public static double Apply(Function function, double u) => function switch
    {
        Function.Exp => Math.Exp(u),
        Function.Log => Math.Log(u),
        Function.Sigmoid => Sigmoid(u),
        Function.Tanh => Math.Tanh(u),
        Function.Relu => Math.Max(0.0, u),
        Function.Step => Step(u),
        _ => throw new UnreachableException(),
    };

    /// <summary>The Heaviside step in double precision: 1 for u &gt; 0, NaN for NaN, otherwise 0 (so step(0) = 0).</summary>
    /// <remarks>Shared with the compiled evaluation (Verifier.Symbolic.Compilation), so that both give the same bits.</remarks>
    public static double Step(double u) => u > 0 ? 1.0 : double.IsNaN(u) ? double.NaN : 0.0;

    private static double Evaluate(Expr expr, IReadOnlyDictionary<string, double> values, Dictionary<Expr, double> memo)
    {
        if (expr is Const c)
        {
            return c.NearestDouble;
        }

        if (memo.TryGetValue(expr, out var known))
        {
            return known;
        }

        double result;
        switch (expr)
        {
            case Var v:
                result = values[v.Name];
                break;
            case Sum s:
                result = 0.0;
                foreach (var term in s.Terms.AsSpan())
                {
                    result += Evaluate(term, values, memo);
                }

                break;
            case Product p:
                result = 1.0;
                foreach (var factor in p.Factors.AsSpan())
                {
                    result *= Evaluate(factor, values, memo);
                }

                break;
            case Power p:
                result = IntegerPower(Evaluate(p.Base, values, memo), p.Exponent);
                break;
            case Apply a:
                result = Apply(a.Function, Evaluate(a.Argument, values, memo));
                break;
            case Const:
            default:
                throw new UnreachableException();
        }

        memo[expr] = result;
        return result;
    }

    // The compiler (Verifier.Symbolic.Compilation: Compiler.Emitter.EmitPower) emits exactly these cases; change both together.
    private static double IntegerPower(double x, int n) => n switch
    {
        2 => x * x,
        -1 => 1.0 / x,
        3 => x * x * x,
        _ => Math.Pow(x, n),
    };
}
