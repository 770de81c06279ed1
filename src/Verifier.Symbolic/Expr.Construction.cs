using System.Diagnostics;

namespace Verifier.Symbolic;

/// <content>The smart constructors, which return the canonical form of what they build.</content>
public abstract partial record Expr
{
    /// <summary>The constant expression 0.</summary>
    public static Expr Zero { get; } = new Const(Rational.Zero);

    /// <summary>The constant expression 1.</summary>
    public static Expr One { get; } = new Const(Rational.One);

    /// <summary>The constant expression −1.</summary>
    public static Expr MinusOne { get; } = new Const(Rational.MinusOne);

    /// <summary>The constant expression c.</summary>
    public static Expr Constant(Rational value) =>
        value.IsZero ? Zero : value.IsOne ? One : value == Rational.MinusOne ? MinusOne : new Const(value);

    /// <summary>The variable expression with the given name.</summary>
    /// <exception cref="ArgumentException">The name is null, empty or white space.</exception>
    public static Expr Variable(string name) => new Var(name);

    /// <summary>The canonical sum of the given terms (0 when there are none).</summary>
    public static Expr Add(params Expr[] terms) => Add((IEnumerable<Expr>)terms);

    /// <summary>The canonical sum of the given terms (0 when there are none).</summary>
    public static Expr Add(IEnumerable<Expr> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var constant = Rational.Zero;
        var coefficients = new Dictionary<Expr, Rational>();
        foreach (var term in terms)
        {
            ArgumentNullException.ThrowIfNull(term, nameof(terms));
            AccumulateTerm(term, coefficients, ref constant);
        }

        var collected = new List<(Expr Monomial, Expr Term)>(coefficients.Count + 1);
        foreach (var (monomial, coefficient) in coefficients)
        {
            if (!coefficient.IsZero)
            {
                collected.Add((monomial, Scale(coefficient, monomial)));
            }
        }

        collected.Sort((a, b) => ExprOrder.Instance.Compare(a.Monomial, b.Monomial));
        if (collected.Count == 0)
        {
            return Constant(constant);
        }

        if (collected.Count == 1 && constant.IsZero)
        {
            return collected[0].Term;
        }

        var result = new Expr[collected.Count + (constant.IsZero ? 0 : 1)];
        for (int i = 0; i < collected.Count; i++)
        {
            result[i] = collected[i].Term;
        }

        if (!constant.IsZero)
        {
            result[^1] = Constant(constant);
        }

        return new Sum(new ExprList(result, owned: true));
    }

    /// <summary>The canonical product of the given factors (1 when there are none).</summary>
    /// <exception cref="DivideByZeroException">A factor is the constant 0 raised to a negative power.</exception>
    public static Expr Multiply(params Expr[] factors) => Multiply((IEnumerable<Expr>)factors);

    /// <summary>The canonical product of the given factors (1 when there are none).</summary>
    public static Expr Multiply(IEnumerable<Expr> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        var coefficient = Rational.One;
        var exponents = new Dictionary<Expr, int>();
        foreach (var factor in factors)
        {
            ArgumentNullException.ThrowIfNull(factor, nameof(factors));
            AccumulateFactor(factor, exponents, ref coefficient);
        }

        if (coefficient.IsZero)
        {
            return Zero;
        }

        var collected = new List<Expr>(exponents.Count + 1);
        foreach (var (@base, exponent) in exponents)
        {
            if (exponent != 0)
            {
                collected.Add(exponent == 1 ? @base : new Power(@base, exponent));
            }
        }

        if (collected.Count == 0)
        {
            return Constant(coefficient);
        }

        collected.Sort(ExprOrder.Instance);
        if (collected.Count == 1 && coefficient.IsOne)
        {
            return collected[0];
        }

        if (!coefficient.IsOne)
        {
            collected.Insert(0, Constant(coefficient));
        }

        return new Product(new ExprList([.. collected], owned: true));
    }

    /// <summary>The canonical integer power bⁿ (b⁰ = 1 for every b).</summary>
    /// <exception cref="DivideByZeroException">b is the constant 0 and n is negative.</exception>
    /// <exception cref="OverflowException">A resulting exponent does not fit in <see cref="int"/> or is <see cref="int.MinValue"/>.</exception>
    public static Expr Pow(Expr @base, int exponent)
    {
        ArgumentNullException.ThrowIfNull(@base);
        if (exponent == 0)
        {
            return One;
        }

        if (exponent == 1)
        {
            return @base;
        }

        switch (@base)
        {
            case Const c:
                if (c.Value.IsZero && exponent < 0)
                {
                    throw new DivideByZeroException($"0^{exponent}: division by the constant 0.");
                }

                return Constant(c.Value.Pow(exponent));
            case Var or Sum or Apply:
                return new Power(@base, exponent);
            case Power p:
                return Pow(p.Base, checked(p.Exponent * exponent));
            case Product p:
            {
                var powered = new Expr[p.Factors.Count];
                for (int i = 0; i < powered.Length; i++)
                {
                    powered[i] = Pow(p.Factors[i], exponent);
                }

                return Multiply(powered);
            }

            default:
                throw new UnreachableException();
        }
    }

    /// <summary>The canonical difference a − b.</summary>
    public static Expr Subtract(Expr left, Expr right) => Add(left, Negate(right));

    /// <summary>The canonical quotient a / b = a · b⁻¹.</summary>
    /// <exception cref="DivideByZeroException">b is the constant 0.</exception>
    public static Expr Divide(Expr left, Expr right) => Multiply(left, Pow(right, -1));

    /// <summary>The canonical negation −a.</summary>
    public static Expr Negate(Expr operand) => Multiply(MinusOne, operand);

    /// <summary>The canonical application f(u), folding f of a constant when the value is exactly rational.</summary>
    public static Expr ApplyFunction(Function function, Expr argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (!Enum.IsDefined(function))
        {
            throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown function.");
        }

        if (argument is Const { Value: var c })
        {
            switch (function)
            {
                case Function.Exp when c.IsZero:
                    return One;
                case Function.Log when c.IsOne:
                    return Zero;
                case Function.Sigmoid when c.IsZero:
                    return Constant(new Rational(1, 2));
                case Function.Tanh when c.IsZero:
                    return Zero;
                case Function.Relu:
                    return Constant(Rational.Max(Rational.Zero, c));
                case Function.Step when !c.IsZero:
                    return c.Sign > 0 ? One : Zero;
                default:
                    break;
            }
        }

        return new Apply(function, argument);
    }

    /// <summary>The canonical exponential e^u.</summary>
    public static Expr Exp(Expr argument) => ApplyFunction(Function.Exp, argument);

    /// <summary>The canonical natural logarithm ln u.</summary>
    public static Expr Log(Expr argument) => ApplyFunction(Function.Log, argument);

    /// <summary>The canonical logistic sigmoid σ(u).</summary>
    public static Expr Sigmoid(Expr argument) => ApplyFunction(Function.Sigmoid, argument);

    /// <summary>The canonical hyperbolic tangent tanh u.</summary>
    public static Expr Tanh(Expr argument) => ApplyFunction(Function.Tanh, argument);

    /// <summary>The canonical rectifier relu(u) = max(0, u).</summary>
    public static Expr Relu(Expr argument) => ApplyFunction(Function.Relu, argument);

    /// <summary>The canonical Heaviside step H(u) (left unevaluated at the constant 0).</summary>
    public static Expr Step(Expr argument) => ApplyFunction(Function.Step, argument);

    /// <summary>The canonical sum a + b.</summary>
    public static Expr operator +(Expr left, Expr right) => Add(left, right);

    /// <summary>The canonical difference a − b.</summary>
    public static Expr operator -(Expr left, Expr right) => Subtract(left, right);

    /// <summary>The canonical product a · b.</summary>
    public static Expr operator *(Expr left, Expr right) => Multiply(left, right);

    /// <summary>The canonical quotient a / b.</summary>
    /// <exception cref="DivideByZeroException">b is the constant 0.</exception>
    public static Expr operator /(Expr left, Expr right) => Divide(left, right);

    /// <summary>The canonical negation −a.</summary>
    public static Expr operator -(Expr operand) => Negate(operand);

    /// <summary>The integer n as a constant expression.</summary>
    public static implicit operator Expr(int value) => Constant(value);

    /// <summary>The rational c as a constant expression.</summary>
    public static implicit operator Expr(Rational value) => Constant(value);

    /// <summary>The integer n as a constant expression (named alternative of the implicit conversion).</summary>
    public static Expr FromInt32(int value) => Constant(value);

    /// <summary>The rational c as a constant expression (named alternative of the implicit conversion).</summary>
    public static Expr FromRational(Rational value) => Constant(value);

    /// <summary>Splits a canonical term into its rational coefficient and its monomial (the rest, without the coefficient).</summary>
    internal static (Rational Coefficient, Expr Monomial) SplitCoefficient(Expr term)
    {
        switch (term)
        {
            case Const c:
                return (c.Value, One);
            case Product p when p.Factors[0] is Const c:
                return p.Factors.Count == 2
                    ? (c.Value, p.Factors[1])
                    : (c.Value, new Product(new ExprList(p.Factors.AsSpan()[1..].ToArray(), owned: true)));
            case Var or Sum or Power or Apply or Product:
                return (Rational.One, term);
            default:
                throw new UnreachableException();
        }
    }

    private static void AccumulateTerm(Expr term, Dictionary<Expr, Rational> coefficients, ref Rational constant)
    {
        switch (term)
        {
            case Const c:
                constant += c.Value;
                break;
            case Sum s:
                foreach (var inner in s.Terms.AsSpan())
                {
                    AccumulateTerm(inner, coefficients, ref constant);
                }

                break;
            case Var or Product or Power or Apply:
            {
                var (coefficient, monomial) = SplitCoefficient(term);
                if (monomial is Const m)
                {
                    // Only reachable for non-canonical products such as 2·3.
                    constant += coefficient * m.Value;
                    break;
                }

                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(coefficients, monomial, out _);
                slot += coefficient;
                break;
            }

            default:
                throw new UnreachableException();
        }
    }

    private static void AccumulateFactor(Expr factor, Dictionary<Expr, int> exponents, ref Rational coefficient)
    {
        switch (factor)
        {
            case Const c:
                coefficient *= c.Value;
                break;
            case Product p:
                foreach (var inner in p.Factors.AsSpan())
                {
                    AccumulateFactor(inner, exponents, ref coefficient);
                }

                break;
            case Power p when p.Base is Var or Sum or Apply:
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(exponents, p.Base, out _);
                slot = checked(slot + p.Exponent);
                break;
            }

            case Power p:
                // Non-canonical base (a constant, product or power): canonicalise the power first.
                AccumulateFactor(Pow(p.Base, p.Exponent), exponents, ref coefficient);
                break;
            case Var or Sum or Apply:
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(exponents, factor, out _);
                slot = checked(slot + 1);
                break;
            }

            default:
                throw new UnreachableException();
        }
    }

    /// <summary>The canonical term c·m for a non-zero coefficient c and a canonical monomial m without coefficient.</summary>
    private static Expr Scale(Rational coefficient, Expr monomial)
    {
        if (coefficient.IsOne)
        {
            return monomial;
        }

        if (monomial is Product p)
        {
            var factors = new Expr[p.Factors.Count + 1];
            factors[0] = Constant(coefficient);
            p.Factors.AsSpan().CopyTo(factors.AsSpan(1));
            return new Product(new ExprList(factors, owned: true));
        }

        return new Product(new ExprList([Constant(coefficient), monomial], owned: true));
    }
}
