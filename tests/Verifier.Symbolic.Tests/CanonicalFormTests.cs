using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

public class CanonicalFormTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");
    private static readonly Expr Z = Expr.Variable("z");

    private static void AssertSame(Expr actual, Expr expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual, Is.EqualTo(expected), $"{actual} vs {expected}");
            Assert.That(actual.GetHashCode(), Is.EqualTo(expected.GetHashCode()));
        });
    }

    [Test]
    public void BuildsEqualObjectsWithEqualHashesIndependently()
    {
        var a = Expr.Sigmoid(Expr.Variable("w") * Expr.Variable("x") + 1) * Expr.Pow(Expr.Variable("x") + 2, 3);
        var b = Expr.Pow(2 + Expr.Variable("x"), 3) * Expr.Sigmoid(1 + Expr.Variable("x") * Expr.Variable("w"));
        Assert.That(ReferenceEquals(a, b), Is.False);
        AssertSame(a, b);
    }

    [Test]
    public void MakesSumsCommutativeAndAssociative()
    {
        AssertSame(X + Y, Y + X);
        AssertSame((X + Y) + Z, X + (Y + Z));
        AssertSame(Expr.Add(Z, X, Y), Expr.Add(Y, Z, X));
        Assert.That(((Sum)(X + Y + Z)).Terms, Has.Count.EqualTo(3), "nested sums are flattened");
    }

    [Test]
    public void MakesProductsCommutativeAndAssociative()
    {
        AssertSame(X * Y, Y * X);
        AssertSame((X * Y) * Z, X * (Y * Z));
        AssertSame(Expr.Multiply(3, Z, X, Y), Expr.Multiply(Y, Z, X, 3));
        Assert.That(((Product)(X * Y * Z)).Factors, Has.Count.EqualTo(3), "nested products are flattened");
    }

    [Test]
    public void CollectsLikeTerms()
    {
        AssertSame(X + X, 2 * X);
        AssertSame(2 * X * Y + 3 * Y * X, 5 * X * Y);
        AssertSame(X - X, Expr.Zero);
        AssertSame(X + 1 + Y - X - 1, Y);
        AssertSame(new Rational(1, 2) * X + new Rational(1, 3) * X, new Rational(5, 6) * X);
        AssertSame(Expr.Exp(X) + Expr.Exp(X), 2 * Expr.Exp(X));
        AssertSame((X + 1) * 2 - (1 + X), X + 1);
    }

    [Test]
    public void CollectsPowersOfEqualBases()
    {
        AssertSame(X * X, Expr.Pow(X, 2));
        AssertSame(Expr.Pow(X, 2) * Expr.Pow(X, -1), X);
        AssertSame(X / X, Expr.One);
        AssertSame(Expr.Pow(X + 1, 2) * (1 + X), Expr.Pow(X + 1, 3));
        AssertSame(Expr.Pow(Expr.Pow(X, 2), 3), Expr.Pow(X, 6));
        AssertSame(Expr.Pow(Expr.Pow(X, -2), -3), Expr.Pow(X, 6));
        AssertSame(Expr.Pow(X, 0), Expr.One);
        AssertSame(Expr.Pow(X + Y, 0), Expr.One);
        AssertSame(Expr.Pow(X, 1), X);
        AssertSame(Expr.Pow(2 * X * Y, 2), 4 * Expr.Pow(X, 2) * Expr.Pow(Y, 2));
    }

    [Test]
    public void FoldsConstantsExactly()
    {
        AssertSame(Expr.Constant(2) + 3, Expr.Constant(5));
        AssertSame(Expr.Constant(2) * new Rational(1, 4), Expr.Constant(new Rational(1, 2)));
        AssertSame(Expr.Pow(new Rational(2, 3), -2), Expr.Constant(new Rational(9, 4)));
        AssertSame(Expr.Pow(-2, 3), Expr.Constant(-8));
        AssertSame(Expr.Constant(1) / 3, Expr.Constant(new Rational(1, 3)));
        AssertSame(0 * Expr.Sigmoid(X), Expr.Zero);
        AssertSame(1 * X, X);
        AssertSame(-(-X), X);
        Assert.That(Expr.Multiply(), Is.EqualTo(Expr.One));
        Assert.That(Expr.Add(), Is.EqualTo(Expr.Zero));
    }

    [Test]
    public void PutsTheNumericCoefficientFirst()
    {
        var product = (Product)(X * Y * 3);
        Assert.Multiple(() =>
        {
            Assert.That(product.Factors[0], Is.EqualTo(Expr.Constant(3)));
            Assert.That(product.Factors.Skip(1), Is.EqualTo(new[] { X, Y }));
        });
    }

    [Test]
    public void RejectsDivisionByTheConstantZeroAtConstruction()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => X / 0, Throws.TypeOf<DivideByZeroException>());
            Assert.That(() => X / (Y - Y), Throws.TypeOf<DivideByZeroException>());
            Assert.That(() => Expr.Pow(Expr.Zero, -2), Throws.TypeOf<DivideByZeroException>());
        });
    }

    [Test]
    public void UnwrapsSingleOperandSumsAndProducts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Expr.Add(X), Is.SameAs(X));
            Assert.That(Expr.Multiply(X), Is.SameAs(X));
            Assert.That(Expr.Add(X, 0), Is.SameAs(X));
            Assert.That(Expr.Multiply(1, X), Is.SameAs(X));
        });
    }

    [Test]
    public void DoesNotDistributeProductsOverSums()
    {
        var e = 2 * (X + Y);
        Assert.That(e, Is.TypeOf<Product>());
        Assert.That(((Product)e).Factors[1], Is.EqualTo(X + Y));
        Assert.That((X + 1) * (X - 1), Is.TypeOf<Product>());
    }

    [Test]
    public void FoldsFunctionsOfConstantsOnlyWhenExact()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Expr.Exp(0), Is.EqualTo(Expr.One));
            Assert.That(Expr.Log(1), Is.EqualTo(Expr.Zero));
            Assert.That(Expr.Sigmoid(0), Is.EqualTo(Expr.Constant(new Rational(1, 2))));
            Assert.That(Expr.Tanh(0), Is.EqualTo(Expr.Zero));
            Assert.That(Expr.Relu(new Rational(-3, 2)), Is.EqualTo(Expr.Zero));
            Assert.That(Expr.Relu(new Rational(3, 2)), Is.EqualTo(Expr.Constant(new Rational(3, 2))));
            Assert.That(Expr.Step(new Rational(1, 9)), Is.EqualTo(Expr.One));
            Assert.That(Expr.Step(-5), Is.EqualTo(Expr.Zero));
            Assert.That(Expr.Step(X - X), Is.EqualTo(new Apply(Function.Step, Expr.Zero)), "step(0) stays unevaluated");
            Assert.That(Expr.Exp(1), Is.TypeOf<Apply>());
            Assert.That(Expr.Log(2), Is.TypeOf<Apply>());
            Assert.That(Expr.Log(0), Is.TypeOf<Apply>());
            Assert.That(Expr.Sigmoid(1), Is.TypeOf<Apply>());
        });
    }

    [Test]
    public void CachesTheVariableSet()
    {
        var e = Expr.Sigmoid(X * Y) + Expr.Pow(Z, 2) - 3;
        var first = e.Variables;
        Assert.Multiple(() =>
        {
            Assert.That(e.Variables, Is.EquivalentTo(new[] { "x", "y", "z" }));
            Assert.That(e.Variables, Is.SameAs(first), "computed once, at construction");
            Assert.That(Expr.Constant(4).Variables, Is.Empty);
            Assert.That((X - X + 1).Variables, Is.Empty);
        });
    }

    [Test]
    public void GivesExprListValueEquality()
    {
        var a = new ExprList([X, Y + 1]);
        var b = new ExprList([X, 1 + Y]);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a == b, Is.True);
            Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
            Assert.That(a, Is.Not.EqualTo(new ExprList([Y + 1, X])));
            Assert.That(ExprList.Empty, Is.EqualTo(new ExprList([])));
        });
    }

    [Test]
    public void SimplifiesRawTreesToTheirCanonicalForm()
    {
        var raw = new Sum(new ExprList([
            new Product(new ExprList([new Const(2), new Var("x")])),
            new Sum(new ExprList([new Var("x"), new Const(1)])),
            new Power(new Var("x"), 1),
            new Product(new ExprList([new Var("y"), new Power(new Var("y"), -1)])),
        ]));
        var simplified = Simplifier.Simplify(raw);
        AssertSame(simplified, 4 * X + 2);
        AssertSame(Simplifier.Simplify(simplified), simplified);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property SimplifyIsIdempotentAndFixesCanonicalForms(ExpressionCase c)
    {
        Expr canonical;
        try
        {
            canonical = c.Recipe.BuildCanonical();
        }
        catch (DivideByZeroException)
        {
            return true.ToProperty();
        }

        var once = Simplifier.Simplify(canonical);
        var twice = Simplifier.Simplify(once);
        return (once.Equals(canonical) && twice.Equals(once) && once.GetHashCode() == canonical.GetHashCode())
            .Label($"canonical {canonical}, simplified {once}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property SimplifyingARawTreeGivesTheSmartConstructorResult(ExpressionCase c)
    {
        Expr canonical;
        try
        {
            canonical = c.Recipe.BuildCanonical();
        }
        catch (DivideByZeroException)
        {
            return Prop.ToProperty(() => Assert.That(() => Simplifier.Simplify(c.Recipe.BuildRaw()), Throws.TypeOf<DivideByZeroException>()));
        }

        var simplified = Simplifier.Simplify(c.Recipe.BuildRaw());
        return simplified.Equals(canonical).Label($"raw simplified to {simplified}, smart gave {canonical}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property CanonicalisationKeepsEveryRationalValue(ExpressionCase c)
    {
        // Simplification may remove a removable singularity (x/x → 1) but never changes a defined value.
        var raw = ExactEvaluator.Evaluate(c.Recipe.BuildRaw(), c.Point);
        if (raw is not ExactResult.Value rawValue)
        {
            return true.ToProperty();
        }

        var canonical = ExactEvaluator.Evaluate(c.Recipe.BuildCanonical(), c.Point);
        return (canonical == rawValue).Label($"raw {rawValue}, canonical {canonical}");
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public Property OperandOrderDoesNotMatter(ExpressionCase a, ExpressionCase b, ExpressionCase c)
    {
        Expr[] operands;
        try
        {
            operands = [a.Recipe.BuildCanonical(), b.Recipe.BuildCanonical(), c.Recipe.BuildCanonical()];
        }
        catch (DivideByZeroException)
        {
            return true.ToProperty();
        }

        Expr[] reversed = [operands[2], operands[1], operands[0]];
        Expr[] rotated = [operands[1], operands[2], operands[0]];
        var sum = Expr.Add(operands);
        var product = Expr.Multiply(operands);
        return (sum.Equals(Expr.Add(reversed)) && sum.Equals(Expr.Add(rotated))
                && sum.Equals(operands[0] + (operands[1] + operands[2]))
                && sum.GetHashCode() == Expr.Add(reversed).GetHashCode()
                && product.Equals(Expr.Multiply(reversed)) && product.Equals(Expr.Multiply(rotated))
                && product.Equals(operands[0] * (operands[1] * operands[2]))
                && product.GetHashCode() == Expr.Multiply(rotated).GetHashCode())
            .Label($"sum {sum}, product {product}");
    }

    [Test]
    public void SupportsPositionalPatternsOnTheCases()
    {
        var description = (3 * Expr.Pow(X + 1, 2)) switch
        {
            Product(var factors) when factors[0] is Const(var c) && factors[1] is Power(Sum(var terms), var n) =>
                $"{c} times a power {n} of a sum of {terms.Count} terms",
            _ => "unexpected",
        };
        Assert.That(description, Is.EqualTo("3 times a power 2 of a sum of 2 terms"));
        Assert.That(Expr.Sigmoid(X) is Apply(Function.Sigmoid, Var("x")), Is.True);
    }

    [Test]
    public void RejectsInvalidConstructorArguments()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Expr.Variable(""), Throws.ArgumentException);
            Assert.That(() => new Var(" "), Throws.ArgumentException);
            Assert.That(() => Expr.ApplyFunction((Function)42, X), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => Expr.Pow(Expr.Pow(X, 1 << 20), 1 << 20), Throws.TypeOf<OverflowException>());
            Assert.That(() => Expr.Pow(X, int.MinValue), Throws.TypeOf<OverflowException>());
            Assert.That(() => Expr.Add(X, null!), Throws.ArgumentNullException);
        });
    }

    [Test]
    public void DistinguishesDifferentCasesAndValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Expr.Constant(1), Is.Not.EqualTo(X));
            Assert.That(Expr.Exp(X), Is.Not.EqualTo(Expr.Log(X)));
            Assert.That(Expr.Pow(X, 2), Is.Not.EqualTo(Expr.Pow(X, 3)));
            Assert.That(X + 1, Is.Not.EqualTo(X + 2));
            Assert.That(X * Y, Is.Not.EqualTo(X + Y));
            Assert.That(Expr.Variable("x"), Is.Not.EqualTo(Expr.Variable("X")));
        });
    }
}
