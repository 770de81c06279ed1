using System.Diagnostics;

namespace Verifier.Symbolic;

/// <summary>Exact evaluation of an expression at a rational point, in rational arithmetic without rounding.</summary>
public static class ExactEvaluator
{
    /// <summary>
    /// The exact value of the expression at the point given by the variable assignment; never rounds and never
    /// produces NaN: undefined points and irrational values are reported as such.
    /// </summary>
    /// <exception cref="ArgumentException">The expression contains a variable that has no value in the assignment.</exception>
    public static ExactResult Evaluate(Expr expr, IReadOnlyDictionary<string, Rational> values)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(values);
        var missing = expr.Variables.Where(name => !values.ContainsKey(name)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (missing is not null)
        {
            throw new ArgumentException($"No value is given for the variable '{missing}'.", nameof(values));
        }

        return new Evaluator(values).Evaluate(expr);
    }

    private sealed class Evaluator(IReadOnlyDictionary<string, Rational> values)
    {
        private readonly Dictionary<Expr, ExactResult> _memo = [];

        public ExactResult Evaluate(Expr expr)
        {
            if (_memo.TryGetValue(expr, out var known))
            {
                return known;
            }

            var result = expr switch
            {
                Const c => new ExactResult.Value(c.Value),
                Var v => new ExactResult.Value(values[v.Name]),
                Sum s => Fold(s.Terms, Rational.Zero, static (a, b) => a + b),
                Product p => Fold(p.Factors, Rational.One, static (a, b) => a * b),
                Power p => EvaluatePower(p),
                Apply a => EvaluateApply(a),
                _ => throw new UnreachableException(),
            };
            _memo[expr] = result;
            return result;
        }

        // Undefined anywhere makes the whole undefined; otherwise a non-rational operand makes it non-rational.
        private ExactResult Fold(ExprList operands, Rational seed, Func<Rational, Rational, Rational> combine)
        {
            var accumulator = seed;
            ExactResult? notRational = null;
            foreach (var operand in operands.AsSpan())
            {
                switch (Evaluate(operand))
                {
                    case ExactResult.Value v:
                        if (notRational is null)
                        {
                            accumulator = combine(accumulator, v.Number);
                        }

                        break;
                    case ExactResult.NotRational n:
                        notRational ??= n;
                        break;
                    case ExactResult.Undefined u:
                        return u;
                    default:
                        throw new UnreachableException();
                }
            }

            return notRational ?? new ExactResult.Value(accumulator);
        }

        private ExactResult EvaluatePower(Power power)
        {
            var inner = Evaluate(power.Base);
            if (inner is not ExactResult.Value { Number: var b })
            {
                return inner;
            }

            if (b.IsZero && power.Exponent < 0)
            {
                return new ExactResult.Undefined($"division by zero: {Describe(power.Base)} is 0 and is raised to the power {power.Exponent}");
            }

            return new ExactResult.Value(b.Pow(power.Exponent));
        }

        private ExactResult EvaluateApply(Apply apply)
        {
            var inner = Evaluate(apply.Argument);
            if (inner is not ExactResult.Value { Number: var u })
            {
                return inner;
            }

            return apply.Function switch
            {
                Function.Exp => u.IsZero ? new ExactResult.Value(Rational.One) : Irrational("exp", u),
                Function.Log => u.Sign <= 0
                    ? new ExactResult.Undefined($"log({u}): the logarithm of a non-positive number")
                    : u.IsOne ? new ExactResult.Value(Rational.Zero) : Irrational("log", u),
                Function.Sigmoid => u.IsZero ? new ExactResult.Value(new Rational(1, 2)) : Irrational("sigmoid", u),
                Function.Tanh => u.IsZero ? new ExactResult.Value(Rational.Zero) : Irrational("tanh", u),
                Function.Relu => new ExactResult.Value(Rational.Max(Rational.Zero, u)),
                Function.Step => u.Sign switch
                {
                    > 0 => new ExactResult.Value(Rational.One),
                    < 0 => new ExactResult.Value(Rational.Zero),
                    _ => new ExactResult.Undefined($"step(0) at the ReLU kink: the argument {Describe(apply.Argument)} is exactly 0"),
                },
                _ => throw new UnreachableException(),
            };
        }

        // Reasons quote the offending subexpression, shortened so that a failure on a large loss stays readable.
        private static string Describe(Expr expr)
        {
            var text = expr.ToString();
            return text.Length <= 120 ? text : text[..117] + "...";
        }

        private static ExactResult.NotRational Irrational(string function, Rational argument) =>
            new($"{function}({argument}) is irrational");
    }
}
