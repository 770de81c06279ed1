using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

public class EvaluationTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");

    private static ExactResult Exact(Expr e, Rational x, Rational? y = null)
    {
        var values = new Dictionary<string, Rational> { ["x"] = x };
        if (y is { } yValue)
        {
            values["y"] = yValue;
        }

        return ExactEvaluator.Evaluate(e, values);
    }

    [Test]
    public void EvaluatesRationalExpressionsExactly()
    {
        var e = Expr.Pow(X, 3) / 3 - X * Y + Expr.Relu(X - 1) + Expr.Step(Y);
        Assert.That(Exact(e, new Rational(3, 2), new Rational(-1, 4)),
            Is.EqualTo(new ExactResult.Value(new Rational(9, 8) + new Rational(3, 8) + new Rational(1, 2) + 0)));
    }

    [Test]
    public void FoldsFunctionsAtZeroExactly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Exact(Expr.Sigmoid(X), 0), Is.EqualTo(new ExactResult.Value(new Rational(1, 2))));
            Assert.That(Exact(Expr.Exp(X) + Expr.Tanh(X), 0), Is.EqualTo(new ExactResult.Value(1)));
            Assert.That(Exact(Expr.Log(X), 1), Is.EqualTo(new ExactResult.Value(0)));
        });
    }

    [Test]
    public void ReportsUndefinedAtTheReluKink()
    {
        var result = Exact(Expr.Step(X), 0);
        Assert.That(result, Is.TypeOf<ExactResult.Undefined>());
        Assert.That(((ExactResult.Undefined)result).Reason, Does.Contain("ReLU kink"));
        Assert.That(Exact(Calculus.Differentiate(Expr.Relu(X - 1), "x"), 1), Is.TypeOf<ExactResult.Undefined>());
        Assert.That(Exact(Expr.Step(X), new Rational(1, 1000)), Is.EqualTo(new ExactResult.Value(1)));
        Assert.That(Exact(Expr.Step(X), new Rational(-1, 1000)), Is.EqualTo(new ExactResult.Value(0)));
    }

    [Test]
    public void ReportsNotRationalForTranscendentalValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExactEvaluator.Evaluate(Expr.Exp(1), new Dictionary<string, Rational>()), Is.TypeOf<ExactResult.NotRational>());
            Assert.That(Exact(Expr.Exp(X), 1), Is.TypeOf<ExactResult.NotRational>());
            Assert.That(Exact(Expr.Log(X), 2), Is.TypeOf<ExactResult.NotRational>());
            Assert.That(Exact(Expr.Sigmoid(X) + 1, 1), Is.TypeOf<ExactResult.NotRational>());
            Assert.That(Exact(Expr.Tanh(X) * X, new Rational(1, 2)), Is.TypeOf<ExactResult.NotRational>());
        });
    }

    [Test]
    public void ReportsUndefinedForDivisionByZeroAndLogOfNonPositive()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Exact(1 / X, 0), Is.TypeOf<ExactResult.Undefined>());
            Assert.That(Exact(1 / (X - Y), 2, 2), Is.TypeOf<ExactResult.Undefined>());
            Assert.That(Exact(Expr.Log(X), 0), Is.TypeOf<ExactResult.Undefined>());
            Assert.That(Exact(Expr.Log(X), -3), Is.TypeOf<ExactResult.Undefined>());
            Assert.That(Exact(Expr.Exp(Y) + 1 / X, 0, 1), Is.TypeOf<ExactResult.Undefined>(), "undefined wins over not rational");
        });
    }

    [Test]
    public void NamesTheMissingVariable()
    {
        Assert.That(() => ExactEvaluator.Evaluate(X + Expr.Variable("weight7"), new Dictionary<string, Rational> { ["x"] = 1 }),
            Throws.ArgumentException.With.Message.Contains("weight7"));
        Assert.That(() => DoubleEvaluator.Evaluate(X * Expr.Variable("bias"), new Dictionary<string, double> { ["x"] = 1 }),
            Throws.ArgumentException.With.Message.Contains("bias"));
    }

    [Test]
    public void ExposesTheValueThroughTryGetValue()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Exact(X * X, 3).TryGetValue(out var nine), Is.True);
            Assert.That(nine, Is.EqualTo(new Rational(9)));
            Assert.That(Exact(Expr.Exp(X), 3).TryGetValue(out _), Is.False);
        });
    }

    [Test]
    public void ComputesSigmoidStablyInDouble()
    {
        var values = new[] { -800.0, -40, -1e-300, 0, 1e-300, 40, 800 };
        foreach (var u in values)
        {
            double s = DoubleEvaluator.Evaluate(Expr.Sigmoid(X), new Dictionary<string, double> { ["x"] = u });
            Assert.That(double.IsFinite(s) && s >= 0 && s <= 1, Is.True, $"sigmoid({u}) = {s}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(DoubleEvaluator.Sigmoid(-800), Is.EqualTo(0.0));
            Assert.That(DoubleEvaluator.Sigmoid(800), Is.EqualTo(1.0));
            Assert.That(DoubleEvaluator.Sigmoid(-40), Is.EqualTo(Math.Exp(-40) / (1 + Math.Exp(-40))));
            Assert.That(DoubleEvaluator.Sigmoid(0), Is.EqualTo(0.5));
        });
    }

    [Test]
    public void UsesStepZeroConventionAndReluInDouble()
    {
        var at = (double x) => new Dictionary<string, double> { ["x"] = x };
        Assert.Multiple(() =>
        {
            Assert.That(DoubleEvaluator.Evaluate(Expr.Step(X), at(0)), Is.EqualTo(0.0));
            Assert.That(DoubleEvaluator.Evaluate(Expr.Step(X), at(1e-300)), Is.EqualTo(1.0));
            Assert.That(DoubleEvaluator.Evaluate(Expr.Step(X), at(-2)), Is.EqualTo(0.0));
            Assert.That(DoubleEvaluator.Evaluate(Expr.Step(Expr.Zero), at(5)), Is.EqualTo(0.0));
            Assert.That(DoubleEvaluator.Evaluate(Expr.Relu(X), at(-2)), Is.EqualTo(0.0));
            Assert.That(DoubleEvaluator.Evaluate(Expr.Relu(X), at(2.5)), Is.EqualTo(2.5));
            Assert.That(DoubleEvaluator.Evaluate(Expr.Tanh(X) + Expr.Exp(X) + Expr.Log(X), at(0.75)),
                Is.EqualTo(Math.Tanh(0.75) + Math.Exp(0.75) + Math.Log(0.75)));
        });
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property DoubleEvaluationAgreesWithExactEvaluation(ExpressionCase c)
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

        var exact = ExactEvaluator.Evaluate(e, c.Point);
        if (exact is not ExactResult.Value { Number: var value })
        {
            return true.ToProperty();
        }

        double approx = DoubleEvaluator.Evaluate(e, c.Point.ToDictionary(p => p.Key, p => p.Value.ToDouble(), StringComparer.Ordinal));
        double reference = value.ToDouble();
        return (Math.Abs(approx - reference) <= Tolerances.DoubleVersusExact * (1 + Math.Abs(reference)))
            .Label($"{e}: double {approx:R}, exact {value}");
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property ExactEvaluationNeverThrowsOrProducesNaN(ExpressionCase c)
    {
        var raw = c.Recipe.BuildRaw();
        var result = ExactEvaluator.Evaluate(raw, c.Point);
        return (result is ExactResult.Value or ExactResult.NotRational { Reason.Length: > 0 } or ExactResult.Undefined { Reason.Length: > 0 })
            .Label(result.ToString());
    }
}
