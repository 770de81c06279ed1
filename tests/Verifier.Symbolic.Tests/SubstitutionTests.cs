using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

public class SubstitutionTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");
    private static readonly Expr Z = Expr.Variable("z");

    private static Expr Sub(Expr e, params (string Name, Expr Value)[] bindings) =>
        Substitution.Substitute(e, bindings.ToDictionary(b => b.Name, b => b.Value, StringComparer.Ordinal));

    [Test]
    public void ReplacesVariablesAndReturnsTheCanonicalForm()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Sub(Expr.Pow(X, 2), ("x", Y + 1)), Is.EqualTo(Expr.Pow(1 + Y, 2)));
            Assert.That(Sub(X - Y, ("x", Y)), Is.EqualTo(Expr.Zero));
            Assert.That(Sub(X * Y + Expr.Step(X), ("x", Expr.Zero)), Is.EqualTo(Expr.Step(Expr.Zero)));
            Assert.That(Sub(Expr.Sigmoid(X * Z), ("x", 2 * Y)), Is.EqualTo(Expr.Sigmoid(2 * Y * Z)));
            Assert.That(Sub(X * X * Y, ("x", 1 / Y)), Is.EqualTo(1 / Y));
        });
    }

    [Test]
    public void SubstitutesSimultaneously()
    {
        Assert.That(Sub(X - 2 * Y, ("x", Y), ("y", X)), Is.EqualTo(Y - 2 * X));
    }

    [Test]
    public void LeavesUnboundVariablesAndUntouchedSubtreesAlone()
    {
        var untouched = Expr.Tanh(Y * Z);
        var e = X + untouched;
        var result = Sub(e, ("x", Expr.Constant(3)));
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(untouched + 3));
            Assert.That(((Sum)result).Terms[0], Is.SameAs(untouched));
            Assert.That(Sub(e, ("w", X)), Is.SameAs(e));
        });
    }

    [Test]
    public void ThrowsWhenSubstitutionDividesByTheConstantZero()
    {
        Assert.That(() => Sub(1 / X, ("x", Expr.Zero)), Throws.TypeOf<DivideByZeroException>());
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property CommutesWithExactEvaluation(ExpressionCase outer, PolynomialCase inner)
    {
        // e[x ↦ q](point) = e(point with x = q(point)) whenever the left side is a rational value.
        Expr e;
        try
        {
            e = outer.Recipe.BuildCanonical();
        }
        catch (DivideByZeroException)
        {
            return true.ToProperty();
        }

        var q = inner.Polynomial;
        var point = new Dictionary<string, Rational>(outer.Point);
        Expr substituted;
        try
        {
            substituted = Substitution.Substitute(e, new Dictionary<string, Expr> { ["x"] = q });
        }
        catch (DivideByZeroException)
        {
            return true.ToProperty();
        }

        if (ExactEvaluator.Evaluate(substituted, point) is not ExactResult.Value left)
        {
            return true.ToProperty();
        }

        var qValue = ((ExactResult.Value)ExactEvaluator.Evaluate(q, point)).Number;
        var right = ExactEvaluator.Evaluate(e, new Dictionary<string, Rational>(point) { ["x"] = qValue });
        // Substitution may cancel a singularity (x/y with x ↦ y), so only compare where the direct side is defined.
        return (right is not ExactResult.Value || right == left).Label($"e = {e}, q = {q}: substituted {left}, direct {right}");
    }
}
