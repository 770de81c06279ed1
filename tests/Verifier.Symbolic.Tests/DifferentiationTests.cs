using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

public class DifferentiationTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");
    private static readonly Expr W = Expr.Variable("w");
    private static readonly Expr B = Expr.Variable("b");

    private static Expr D(Expr e, string v = "x") => Calculus.Differentiate(e, v);

    [Test]
    public void DifferentiatesConstantsAndVariables()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D(Expr.Constant(7)), Is.EqualTo(Expr.Zero));
            Assert.That(D(X), Is.EqualTo(Expr.One));
            Assert.That(D(Y), Is.EqualTo(Expr.Zero));
            Assert.That(D(Expr.Sigmoid(Y * W)), Is.EqualTo(Expr.Zero), "a subtree without x has derivative 0");
        });
    }

    [Test]
    public void DifferentiatesSumsTermByTerm()
    {
        Assert.That(D(3 * X + Y + 5), Is.EqualTo(Expr.Constant(3)));
    }

    [Test]
    public void DifferentiatesProductByLeibnizRule()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D(X * Y), Is.EqualTo(Y));
            Assert.That(D(X * Expr.Exp(X)), Is.EqualTo(Expr.Exp(X) + X * Expr.Exp(X)));
            Assert.That(D(Expr.Sigmoid(X) * Expr.Tanh(X)),
                Is.EqualTo(Expr.Tanh(X) * (Expr.Sigmoid(X) - Expr.Pow(Expr.Sigmoid(X), 2))
                           + Expr.Sigmoid(X) * (1 - Expr.Pow(Expr.Tanh(X), 2))));
        });
    }

    [Test]
    public void DifferentiatesIntegerPowers()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D(Expr.Pow(X, 3)), Is.EqualTo(3 * Expr.Pow(X, 2)));
            Assert.That(D(1 / X), Is.EqualTo(-1 / Expr.Pow(X, 2)));
            Assert.That(D(Expr.Pow(X + 1, 3)), Is.EqualTo(3 * Expr.Pow(X + 1, 2)));
            Assert.That(D(Expr.Pow(2 * X + Y, -2)), Is.EqualTo(-4 * Expr.Pow(2 * X + Y, -3)));
        });
    }

    [Test]
    public void DifferentiatesExponentialAndLogarithm()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D(Expr.Exp(2 * X)), Is.EqualTo(2 * Expr.Exp(2 * X)));
            Assert.That(D(Expr.Log(X)), Is.EqualTo(1 / X));
            Assert.That(D(Expr.Log(X * X + 1)), Is.EqualTo(2 * X / (X * X + 1)));
        });
    }

    [Test]
    public void DifferentiatesSigmoidAsSigmaMinusSigmaSquared()
    {
        var s = Expr.Sigmoid(W * X + B);
        Assert.Multiple(() =>
        {
            Assert.That(D(Expr.Sigmoid(X)), Is.EqualTo(Expr.Sigmoid(X) - Expr.Pow(Expr.Sigmoid(X), 2)));
            Assert.That(D(s), Is.EqualTo(W * (s - Expr.Pow(s, 2))));
            Assert.That(D(s, "b"), Is.EqualTo(s - Expr.Pow(s, 2)));
        });
    }

    [Test]
    public void DifferentiatesTanhAsOneMinusTanhSquared()
    {
        Assert.That(D(Expr.Tanh(3 * X)), Is.EqualTo(3 * (1 - Expr.Pow(Expr.Tanh(3 * X), 2))));
    }

    [Test]
    public void DifferentiatesReluAsStepAndStepAsZero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(D(Expr.Relu(X)), Is.EqualTo(Expr.Step(X)));
            Assert.That(D(Expr.Relu(W * X - 1)), Is.EqualTo(W * Expr.Step(W * X - 1)));
            Assert.That(D(Expr.Step(X)), Is.EqualTo(Expr.Zero));
        });
    }

    [Test]
    public void ComputesGradientComponentwise()
    {
        var f = X * X * Y + Expr.Sigmoid(Y);
        var g = Calculus.Gradient(f, ["x", "y", "z"]);
        Assert.That(g, Is.EqualTo(new[] { 2 * X * Y, X * X + Expr.Sigmoid(Y) - Expr.Pow(Expr.Sigmoid(Y), 2), Expr.Zero }));
    }

    [Test]
    public void RejectsBlankVariableNames()
    {
        Assert.That(() => Calculus.Differentiate(X, " "), Throws.ArgumentException);
    }

    // Smooth test functions of (x, y) for the transcendental rules, with values and derivatives of moderate size
    // on the sampled box [-2, 2]².
    private static readonly (string Name, Expr F)[] SmoothFunctions =
    [
        ("sigmoid", Expr.Sigmoid(3 * X - Y) * X),
        ("tanh", Expr.Pow(Expr.Tanh(X * Y + new Rational(1, 3)), 2) - Expr.Tanh(X)),
        ("exp", Expr.Exp(-(X * X) / 2) * Y + Expr.Exp(X / 4)),
        ("log", Expr.Log(1 + X * X) * Expr.Sigmoid(Y) + Expr.Log(Expr.Sigmoid(X))),
        ("nested", Expr.Sigmoid(Expr.Tanh(X) - Y * Expr.Sigmoid(X * Y)) / (2 + Expr.Tanh(Y))),
        ("quotient", Expr.Exp(Expr.Tanh(X)) / (1 + Expr.Pow(X - Y, 2))),
    ];

    private static IEnumerable<TestCaseData> SmoothCases() =>
        SmoothFunctions.Select(f => new TestCaseData(f.F).SetArgDisplayNames(f.Name));

    [TestCaseSource(nameof(SmoothCases))]
    public void MatchesFivePointDifferencesForTranscendentalFunctions(Expr f)
    {
        var random = new Random(20240611);
        foreach (var variable in new[] { "x", "y" })
        {
            var derivative = Calculus.Differentiate(f, variable);
            for (int sample = 0; sample < 50; sample++)
            {
                var point = new Dictionary<string, double>
                {
                    ["x"] = random.NextDouble() * 4 - 2,
                    ["y"] = random.NextDouble() * 4 - 2,
                };
                double symbolic = DoubleEvaluator.Evaluate(derivative, point);
                double numeric = FivePointDifference(f, point, variable);
                Assert.That(Math.Abs(symbolic - numeric), Is.LessThanOrEqualTo(Tolerances.FiniteDifferenceRelative * Math.Max(1, Math.Abs(symbolic))),
                    $"d/d{variable} of {f} at x={point["x"]:R}, y={point["y"]:R}");
            }
        }
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public Property DerivativeOfSmoothRandomExpressionsMatchesFivePointDifference(ExpressionCase c)
    {
        // Only the smooth part of the language, with bounded arguments to exp and positive arguments to log.
        var f = Smooth(c.Recipe);
        var point = c.Point.ToDictionary(p => p.Key, p => p.Value.ToDouble() / 3, StringComparer.Ordinal);
        var derivative = Calculus.Differentiate(f, "x");
        double symbolic = DoubleEvaluator.Evaluate(derivative, point);
        double coarse = FivePointDifference(f, point, "x", Tolerances.FiniteDifferenceStep);
        double fine = FivePointDifference(f, point, "x", Tolerances.FiniteDifferenceStep / 2);

        // Random compositions can be steep (tanh(tanh(5xy(y − 3/2)))), where h⁴·f⁽⁵⁾ is not small. The truncation
        // error scales as h⁴, so |coarse − fine| ≈ 15·|error of fine|: adding it to the tolerance keeps the oracle
        // honest where it is accurate and silent only where it cannot judge (a wrong rule is off by O(|f′|)).
        double allowed = Tolerances.FiniteDifferenceRelative * Math.Max(1, Math.Abs(symbolic)) + Math.Abs(coarse - fine);
        return (double.IsFinite(symbolic) && Math.Abs(symbolic - fine) <= allowed)
            .Label($"f = {f}, symbolic {symbolic:R}, five-point {fine:R} (step {Tolerances.FiniteDifferenceStep / 2}), {coarse:R} (step {Tolerances.FiniteDifferenceStep})");
    }

    private static Expr Smooth(Recipe r) => r switch
    {
        Recipe.Number n => Expr.Constant(n.Value),
        Recipe.Variable v => Expr.Variable(v.Name),
        Recipe.Plus p => Expr.Add(p.Terms.Select(Smooth)),
        Recipe.Times t => Expr.Multiply(t.Factors.Take(3).Select(Smooth)),
        Recipe.Raise p => Expr.Pow(Smooth(p.Base), Math.Abs(p.Exponent) % 3),
        Recipe.FunctionOf { Function: Function.Exp } call => Expr.Exp(Expr.Tanh(Smooth(call.Argument))),
        Recipe.FunctionOf { Function: Function.Log } call => Expr.Log(1 + Expr.Pow(Smooth(call.Argument), 2)),
        Recipe.FunctionOf { Function: Function.Relu or Function.Step } call => Expr.Sigmoid(Smooth(call.Argument)),
        Recipe.FunctionOf call => Expr.ApplyFunction(call.Function, Expr.Tanh(Smooth(call.Argument))),
        _ => throw new InvalidOperationException(),
    };

    private static double FivePointDifference(Expr f, Dictionary<string, double> point, string variable, double h = Tolerances.FiniteDifferenceStep)
    {
        double x = point[variable];
        double At(double t)
        {
            var shifted = new Dictionary<string, double>(point) { [variable] = x + t };
            return DoubleEvaluator.Evaluate(f, shifted);
        }

        return (-At(2 * h) + 8 * At(h) - 8 * At(-h) + At(-2 * h)) / (12 * h);
    }
}
