using System.Numerics;
using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

/// <summary>
/// A construction recipe for an expression, built either through the smart constructors (canonical) or through
/// the raw internal constructors (an arbitrary, non-canonical tree with the same meaning).
/// </summary>
public abstract record Recipe
{
    public sealed record Number(Rational Value) : Recipe;

    public sealed record Variable(string Name) : Recipe;

    public sealed record Plus(Recipe[] Terms) : Recipe;

    public sealed record Times(Recipe[] Factors) : Recipe;

    public sealed record Raise(Recipe Base, int Exponent) : Recipe;

    public sealed record FunctionOf(Function Function, Recipe Argument) : Recipe;

    public Expr BuildCanonical() => this switch
    {
        Number n => Expr.Constant(n.Value),
        Variable v => Expr.Variable(v.Name),
        Plus p => Expr.Add(p.Terms.Select(t => t.BuildCanonical())),
        Times t => Expr.Multiply(t.Factors.Select(f => f.BuildCanonical())),
        Raise r => Expr.Pow(r.Base.BuildCanonical(), r.Exponent),
        FunctionOf c => Expr.ApplyFunction(c.Function, c.Argument.BuildCanonical()),
        _ => throw new InvalidOperationException(),
    };

    // Raw trees keep every node as written: nested sums, unsorted operands, x^1, 2*3, ...
    public Expr BuildRaw() => this switch
    {
        Number n => new Const(n.Value),
        Variable v => new Var(v.Name),
        Plus p when p.Terms.Length == 0 => new Const(Rational.Zero),
        Plus p => new Sum(new ExprList(p.Terms.Select(t => t.BuildRaw()))),
        Times t when t.Factors.Length == 0 => new Const(Rational.One),
        Times t => new Product(new ExprList(t.Factors.Select(f => f.BuildRaw()))),
        Raise r => new Power(r.Base.BuildRaw(), r.Exponent),
        FunctionOf c => new Apply(c.Function, c.Argument.BuildRaw()),
        _ => throw new InvalidOperationException(),
    };

    public override string ToString() => this switch
    {
        Number n => n.Value.ToString(),
        Variable v => v.Name,
        Plus p => "(" + string.Join(" + ", p.Terms.Select(t => t.ToString())) + ")",
        Times t => "(" + string.Join(" * ", t.Factors.Select(f => f.ToString())) + ")",
        Raise r => $"({r.Base})^{r.Exponent}",
        FunctionOf c => $"{c.Function}({c.Argument})",
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>A random polynomial over two or three variables, a point and the variable to differentiate in.</summary>
public sealed record PolynomialCase(Recipe Recipe, string[] Variables, Rational[] Point, int Direction)
{
    public Expr Polynomial => Recipe.BuildCanonical();

    public string DirectionName => Variables[Direction];

    public Dictionary<string, Rational> Assignment() =>
        Variables.Zip(Point).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

    public override string ToString() =>
        $"p = {Polynomial}, d/d{DirectionName} at ({string.Join(", ", Variables.Zip(Point).Select(p => $"{p.First}={p.Second}"))})";
}

/// <summary>A random expression recipe that may contain any function, with a rational point.</summary>
public sealed record ExpressionCase(Recipe Recipe, Dictionary<string, Rational> Point)
{
    public override string ToString() =>
        $"{Recipe} at ({string.Join(", ", Point.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})";
}

/// <summary>A random double that is finite (given by its bit pattern, so subnormals and extremes occur).</summary>
public sealed record FiniteDouble(double Value)
{
    public override string ToString() => $"{Value:R} (0x{BitConverter.DoubleToInt64Bits(Value):X16})";
}

/// <summary>A random decimal numeral such as "-1234.5e-310", in or near the range of double.</summary>
public sealed record DecimalText(string Text)
{
    public override string ToString() => Text;
}

/// <summary>The FsCheck generators of the symbolic tests (register with <c>Arbitrary = [typeof(Generators)]</c>).</summary>
public static class Generators
{
    public static readonly string[] VariableNames = ["x", "y", "z"];

    public static Gen<Rational> SmallRational { get; } =
        from p in Gen.Choose(-6, 6)
        from q in Gen.Elements(1, 1, 1, 2, 3, 4)
        select new Rational(p, q);

    public static Gen<Recipe> Polynomial(string[] variables, int depth)
    {
        var leaf = Gen.OneOf(
            SmallRational.Select(r => (Recipe)new Recipe.Number(r)),
            Gen.Elements(variables).Select(v => (Recipe)new Recipe.Variable(v)),
            Gen.Elements(variables).Select(v => (Recipe)new Recipe.Variable(v)));
        if (depth == 0)
        {
            return leaf;
        }

        var sub = Polynomial(variables, depth - 1);
        return Gen.Frequency(
            (2, leaf),
            (3, Gen.Choose(2, 3).SelectMany(n => Gen.ArrayOf(sub, n)).Select(ts => (Recipe)new Recipe.Plus(ts))),
            (3, Gen.Choose(2, 3).SelectMany(n => Gen.ArrayOf(sub, n)).Select(fs => (Recipe)new Recipe.Times(fs))),
            (1, from b in sub from e in Gen.Choose(0, 3) select (Recipe)new Recipe.Raise(b, e)));
    }

    /// <summary>Any expression: polynomial structure plus every function and small negative powers.</summary>
    public static Gen<Recipe> AnyExpression(string[] variables, int depth)
    {
        var leaf = Gen.OneOf(
            SmallRational.Select(r => (Recipe)new Recipe.Number(r)),
            Gen.Elements(variables).Select(v => (Recipe)new Recipe.Variable(v)));
        if (depth == 0)
        {
            return leaf;
        }

        var sub = AnyExpression(variables, depth - 1);
        return Gen.Frequency(
            (2, leaf),
            (3, Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(sub, n)).Select(ts => (Recipe)new Recipe.Plus(ts))),
            (3, Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(sub, n)).Select(fs => (Recipe)new Recipe.Times(fs))),
            (1, from b in sub from e in Gen.Choose(-2, 3) select (Recipe)new Recipe.Raise(b, e)),
            (2, from f in Gen.Elements(Enum.GetValues<Function>()) from a in sub select (Recipe)new Recipe.FunctionOf(f, a)));
    }

    public static Arbitrary<PolynomialCase> PolynomialCases() => Arb.From(
        from count in Gen.Choose(2, 3)
        let variables = VariableNames[..count]
        from recipe in Polynomial(variables, 3)
        from point in Gen.ArrayOf(SmallRational, count)
        let occurring = Enumerable.Range(0, count).Where(i => recipe.BuildCanonical().Variables.Contains(variables[i])).ToArray()
        from direction in occurring.Length > 0 ? Gen.Elements(occurring) : Gen.Choose(0, count - 1)
        select new PolynomialCase(recipe, variables, point, direction));

    public static Arbitrary<ExpressionCase> ExpressionCases() => Arb.From(
        from recipe in AnyExpression(VariableNames, 3)
        from point in Gen.ArrayOf(SmallRational, VariableNames.Length)
        select new ExpressionCase(recipe, VariableNames.Zip(point).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)));

    public static Arbitrary<FiniteDouble> FiniteDoubles() => Arb.From(
        from bits in RandomBits()
        let x = BitConverter.Int64BitsToDouble(bits)
        where double.IsFinite(x)
        select new FiniteDouble(x));

    // Significands of 1 to 25 digits and decimal exponents spanning the subnormal range through ~1e300.
    public static Arbitrary<DecimalText> DecimalTexts() => Arb.From(
        from sign in Gen.Elements("", "-", "+")
        from digitCount in Gen.Choose(1, 25)
        from digits in Gen.ArrayOf(Gen.Choose(0, 9), digitCount)
        from point in Gen.Choose(0, digitCount)
        from exponent in Gen.Choose(-345, 280)
        from marker in Gen.Elements("e", "E")
        let mantissa = string.Concat(digits.Take(point)) + (point < digitCount ? "." + string.Concat(digits.Skip(point)) : "")
        select new DecimalText($"{sign}{(mantissa.StartsWith('.') ? "0" + mantissa : mantissa)}{marker}{exponent}"));

    public static Arbitrary<Rational> Rationals() => Arb.From(
        from p in BigIntegers()
        from q in BigIntegers().Where(q => !q.IsZero)
        select new Rational(p, q));

    private static Gen<BigInteger> BigIntegers() =>
        from size in Gen.Choose(0, 3)
        from bits in Gen.ArrayOf(RandomBits(), size)
        from small in Gen.Choose(-1000, 1000)
        select bits.Aggregate(new BigInteger(small), (acc, b) => (acc << 64) + new BigInteger(b));

    private static Gen<long> RandomBits() =>
        from a in Gen.Choose(0, 0xFFFF)
        from b in Gen.Choose(0, 0xFFFF)
        from c in Gen.Choose(0, 0xFFFF)
        from d in Gen.Choose(0, 0xFFFF)
        select (long)(((ulong)(uint)a << 48) | ((ulong)(uint)b << 32) | ((ulong)(uint)c << 16) | (uint)d);
}
