using System.Globalization;
using System.Text;

namespace Verifier.Symbolic;

/// <summary>Writes polynomial expressions as SMT-LIB2 real-arithmetic terms (for an external decision procedure).</summary>
public static class SmtLib
{
    /// <summary>The SMT-LIB2 symbol for a variable name: quoted with bars when it is not a plain symbol (e.g. |W1[0,1]|).</summary>
    public static string Symbol(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('|', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The name '{name}' cannot be written as an SMT-LIB symbol.", nameof(name));
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]) ? name : $"|{name}|";
    }

    /// <summary>An exact rational as an SMT-LIB2 real constant, e.g. "(/ 1.0 3.0)" or "(- 2.0)".</summary>
    public static string Number(Rational r)
    {
        string Magnitude(System.Numerics.BigInteger n) => n.ToString(CultureInfo.InvariantCulture) + ".0";
        var abs = r.Abs();
        string body = abs.IsInteger ? Magnitude(abs.Numerator) : $"(/ {Magnitude(abs.Numerator)} {Magnitude(abs.Denominator)})";
        return r.Sign < 0 ? $"(- {body})" : body;
    }

    /// <summary>The expression as an SMT-LIB2 term over the reals.</summary>
    /// <exception cref="NotSupportedException">The expression is not a polynomial (a function application or a negative power).</exception>
    public static string Term(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case Const c:
                sb.Append(Number(c.Value));
                break;
            case Var v:
                sb.Append(Symbol(v.Name));
                break;
            case Sum s:
                WriteApplication(sb, "+", s.Terms);
                break;
            case Product p:
                WriteApplication(sb, "*", p.Factors);
                break;
            case Power { Exponent: > 0 } pw:
                WriteApplication(sb, "*", Enumerable.Repeat(pw.Base, pw.Exponent).ToList());
                break;
            default:
                throw new NotSupportedException($"SMT-LIB export handles polynomials only, not {ExprPrinter.Print(expr)}.");
        }
    }

    private static void WriteApplication(StringBuilder sb, string op, IReadOnlyList<Expr> args)
    {
        sb.Append('(').Append(op);
        foreach (var a in args)
        {
            sb.Append(' ');
            Write(sb, a);
        }

        sb.Append(')');
    }
}
