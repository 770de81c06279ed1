using System.Diagnostics;
using System.Text;

namespace Verifier.Symbolic;

/// <summary>Writes expressions in readable infix notation with the fewest parentheses that keep the meaning.</summary>
/// <remarks>
/// Precedence, loosest first: sums and differences; products, quotients and unary minus; powers; atoms.
/// Negative powers are written as quotients (x·y⁻² as <c>x/y^2</c>), a rational coefficient p/q contributes p
/// to the numerator and q to the denominator, and negative terms of a sum are written with a binary minus.
/// </remarks>
internal static class ExprPrinter
{
    private const int SumLevel = 1;
    private const int ProductLevel = 2;
    private const int PowerLevel = 3;
    private const int AtomLevel = 4;

    public static string Print(Expr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr expr, int context)
    {
        bool parenthesise = Level(expr) < context;
        if (parenthesise)
        {
            sb.Append('(');
        }

        switch (expr)
        {
            case Const c:
                sb.Append(c.Value.ToString());
                break;
            case Var v:
                sb.Append(v.Name);
                break;
            case Sum s:
                WriteSum(sb, s);
                break;
            case Product p:
                WriteProduct(sb, Expr.SplitCoefficient(p).Coefficient, p.Factors[0] is Const ? p.Factors.AsSpan()[1..] : p.Factors.AsSpan());
                break;
            case Power p when p.Exponent < 0:
                WriteProduct(sb, Rational.One, new ReadOnlySpan<Expr>(in expr));
                break;
            case Power p:
                Write(sb, p.Base, AtomLevel);
                sb.Append('^').Append(p.Exponent.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Apply a:
                sb.Append(Name(a.Function)).Append('(');
                Write(sb, a.Argument, 0);
                sb.Append(')');
                break;
            default:
                throw new UnreachableException();
        }

        if (parenthesise)
        {
            sb.Append(')');
        }
    }

    private static int Level(Expr expr) => expr switch
    {
        Const c => c.Value.Sign < 0 || !c.Value.IsInteger ? ProductLevel : AtomLevel,
        Var => AtomLevel,
        Sum => SumLevel,
        Product => ProductLevel,
        Power p => p.Exponent < 0 ? ProductLevel : PowerLevel,
        Apply => AtomLevel,
        _ => throw new UnreachableException(),
    };

    private static void WriteSum(StringBuilder sb, Sum sum)
    {
        var terms = sum.Terms.AsSpan();
        for (int i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            var (coefficient, monomial) = Expr.SplitCoefficient(term);
            if (i == 0)
            {
                Write(sb, term, SumLevel + 1);
            }
            else if (coefficient.Sign < 0)
            {
                sb.Append(" - ");
                Write(sb, Expr.Multiply(Expr.Constant(-coefficient), monomial), SumLevel + 1);
            }
            else
            {
                sb.Append(" + ");
                Write(sb, term, SumLevel + 1);
            }
        }
    }

    // Writes coefficient · Π factors as [-]numerator[/denominator], moving negative powers into the denominator.
    private static void WriteProduct(StringBuilder sb, Rational coefficient, ReadOnlySpan<Expr> factors)
    {
        var numerator = new List<Expr>(factors.Length);
        var denominator = new List<Expr>();
        foreach (var factor in factors)
        {
            if (factor is Power { Exponent: < 0 } p)
            {
                denominator.Add(Expr.Pow(p.Base, -p.Exponent));
            }
            else
            {
                numerator.Add(factor);
            }
        }

        if (coefficient.Sign < 0)
        {
            sb.Append('-');
        }

        var magnitude = coefficient.Abs();
        int numeratorItems = numerator.Count + (magnitude.Numerator.IsOne ? 0 : 1);
        if (numeratorItems == 0)
        {
            sb.Append('1');
        }
        else
        {
            bool first = true;
            if (!magnitude.Numerator.IsOne)
            {
                sb.Append(magnitude.Numerator.ToString(System.Globalization.CultureInfo.InvariantCulture));
                first = false;
            }

            foreach (var factor in numerator)
            {
                if (!first)
                {
                    sb.Append('*');
                }

                Write(sb, factor, PowerLevel);
                first = false;
            }
        }

        int denominatorItems = denominator.Count + (magnitude.Denominator.IsOne ? 0 : 1);
        if (denominatorItems == 0)
        {
            return;
        }

        sb.Append('/');
        if (denominatorItems > 1)
        {
            sb.Append('(');
        }

        bool firstBelow = true;
        if (!magnitude.Denominator.IsOne)
        {
            sb.Append(magnitude.Denominator.ToString(System.Globalization.CultureInfo.InvariantCulture));
            firstBelow = false;
        }

        foreach (var factor in denominator)
        {
            if (!firstBelow)
            {
                sb.Append('*');
            }

            Write(sb, factor, PowerLevel);
            firstBelow = false;
        }

        if (denominatorItems > 1)
        {
            sb.Append(')');
        }
    }

    private static string Name(Function function) => function switch
    {
        Function.Exp => "exp",
        Function.Log => "log",
        Function.Sigmoid => "sigmoid",
        Function.Tanh => "tanh",
        Function.Relu => "relu",
        Function.Step => "step",
        _ => throw new UnreachableException(),
    };
}
