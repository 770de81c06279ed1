using System.Diagnostics;

namespace Verifier.Symbolic;

/// <summary>
/// The deterministic total order on canonical expressions used to sort the operands of sums and products.
/// </summary>
/// <remarks>
/// A product is compared as the sequence of its factors and any other expression as the one-element sequence
/// of itself; sequences compare lexicographically. Single factors compare by base (constants, then variables
/// by name, then applications, sums), then by descending exponent, so that x² sorts before x and a numeric
/// coefficient sorts first. The order does not depend on hash codes, so it is the same in every process.
/// </remarks>
internal sealed class ExprOrder : IComparer<Expr>
{
    public static ExprOrder Instance { get; } = new();

    private ExprOrder()
    {
    }

    public int Compare(Expr? x, Expr? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        if (x is Product || y is Product)
        {
            ReadOnlySpan<Expr> a = x is Product px ? px.Factors.AsSpan() : new ReadOnlySpan<Expr>(in x);
            ReadOnlySpan<Expr> b = y is Product py ? py.Factors.AsSpan() : new ReadOnlySpan<Expr>(in y);
            return CompareSequences(a, b);
        }

        return CompareFactors(x, y);
    }

    private int CompareSequences(ReadOnlySpan<Expr> a, ReadOnlySpan<Expr> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int c = CompareFactors(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private int CompareFactors(Expr x, Expr y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        var (xBase, xExponent) = x is Power px ? (px.Base, px.Exponent) : (x, 1);
        var (yBase, yExponent) = y is Power py ? (py.Base, py.Exponent) : (y, 1);
        int c = CompareAtoms(xBase, yBase);
        if (c != 0)
        {
            return c;
        }

        c = yExponent.CompareTo(xExponent);
        if (c != 0)
        {
            return c;
        }

        // Only non-canonical trees reach here (e.g. x¹ written as a power); keep the order total anyway.
        return (x is Power).CompareTo(y is Power);
    }

    private int CompareAtoms(Expr x, Expr y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        int c = x.KindOf.CompareTo(y.KindOf);
        if (c != 0)
        {
            return c;
        }

        switch (x)
        {
            case Const a:
                return a.Value.CompareTo(((Const)y).Value);
            case Var a:
                return string.CompareOrdinal(a.Name, ((Var)y).Name);
            case Apply a:
            {
                var b = (Apply)y;
                c = a.Function.CompareTo(b.Function);
                return c != 0 ? c : Compare(a.Argument, b.Argument);
            }

            case Sum a:
                return CompareOperands(a.Terms.AsSpan(), ((Sum)y).Terms.AsSpan());
            case Product a:
                return CompareOperands(a.Factors.AsSpan(), ((Product)y).Factors.AsSpan());
            case Power a:
            {
                var b = (Power)y;
                c = Compare(a.Base, b.Base);
                return c != 0 ? c : a.Exponent.CompareTo(b.Exponent);
            }

            default:
                throw new UnreachableException();
        }
    }

    private int CompareOperands(ReadOnlySpan<Expr> a, ReadOnlySpan<Expr> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int c = Compare(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
