using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

public class PrintingTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");
    private static readonly Expr W1 = Expr.Variable("w1");

    [Test]
    public void PrintsTheBriefExample()
    {
        var e = 2 * Expr.Pow(X, 2) + Expr.Sigmoid(W1 * X - new Rational(1, 2));
        Assert.That(e.ToString(), Is.EqualTo("2*x^2 + sigmoid(w1*x - 1/2)"));
    }

    [Test]
    public void PrintsMinusSignsAndQuotientsNicely()
    {
        Assert.Multiple(() =>
        {
            Assert.That((X - Y).ToString(), Is.EqualTo("x - y"));
            Assert.That((-X).ToString(), Is.EqualTo("-x"));
            Assert.That((-X + Y).ToString(), Is.EqualTo("-x + y"));
            Assert.That((X - 2 * Y + 3).ToString(), Is.EqualTo("x - 2*y + 3"));
            Assert.That((X - new Rational(1, 2)).ToString(), Is.EqualTo("x - 1/2"));
            Assert.That((X / Y).ToString(), Is.EqualTo("x/y"));
            Assert.That((1 / X).ToString(), Is.EqualTo("1/x"));
            Assert.That((-1 / X).ToString(), Is.EqualTo("-1/x"));
            Assert.That((X / 2).ToString(), Is.EqualTo("x/2"));
            Assert.That((3 * X / (2 * Y)).ToString(), Is.EqualTo("3*x/(2*y)"));
            Assert.That((X / Expr.Pow(Y, 2)).ToString(), Is.EqualTo("x/y^2"));
            Assert.That(Expr.Constant(new Rational(-1, 2)).ToString(), Is.EqualTo("-1/2"));
            Assert.That(Expr.Exp(-X).ToString(), Is.EqualTo("exp(-x)"));
        });
    }

    [Test]
    public void ParenthesisesOnlyWhereNeeded()
    {
        Assert.Multiple(() =>
        {
            Assert.That((-(X + Y)).ToString(), Is.EqualTo("-(x + y)"));
            Assert.That((X * (Y + 1)).ToString(), Is.EqualTo("x*(y + 1)"));
            Assert.That(Expr.Pow(X + 1, 2).ToString(), Is.EqualTo("(x + 1)^2"));
            Assert.That((1 / (X + 1)).ToString(), Is.EqualTo("1/(x + 1)"));
            Assert.That((X - (Y + 1) * 2).ToString(), Is.EqualTo("x - 2*(y + 1)"));
            Assert.That(Expr.Pow(Expr.Tanh(X), 2).ToString(), Is.EqualTo("tanh(x)^2"));
            Assert.That(Expr.Step(X - X).ToString(), Is.EqualTo("step(0)"));
            Assert.That(Expr.Relu(X * Y - 1).ToString(), Is.EqualTo("relu(x*y - 1)"));
        });
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property PrintsUnambiguously(ExpressionCase c)
    {
        Expr e;
        try
        {
            e = c.Recipe.BuildCanonical();
        }
        catch (DivideByZeroException)
        {
            return true.ToProperty();
        }

        var text = e.ToString();
        var parsed = InfixParser.Parse(text);
        return parsed.Equals(e).Label($"printed {text}, parsed back as {parsed}");
    }
}
