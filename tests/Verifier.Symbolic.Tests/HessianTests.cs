using System.Diagnostics;

namespace Verifier.Symbolic.Tests;

public class HessianTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");

    [Test]
    public void ComputesASymmetricHessianOfTextbookFunctions()
    {
        var f = Expr.Pow(X, 3) * Y + Expr.Sigmoid(X * Y);
        var h = Calculus.Hessian(f, ["x", "y"]);
        var s = Expr.Sigmoid(X * Y);
        var sPrime = s - Expr.Pow(s, 2);
        var sSecond = sPrime - 2 * s * sPrime;
        Assert.That(h[0, 1], Is.SameAs(h[1, 0]));
        AssertSameValue(h[0, 0], 6 * X * Y + Expr.Pow(Y, 2) * sSecond, 1, 2);
        AssertSameValue(h[0, 1], 3 * Expr.Pow(X, 2) + sPrime + X * Y * sSecond, 1.0 / 3, -2);
        AssertSameValue(h[1, 1], Expr.Pow(X, 2) * sSecond, -1, 1);
    }

    [Test]
    public void AgreesWithIteratedDifferentiationInEitherOrder()
    {
        var f = Expr.Tanh(X - 2 * Y) * Expr.Exp(X * Y) + Expr.Log(1 + Expr.Pow(X, 2)) / (2 + Y);
        var h = Calculus.Hessian(f, ["x", "y"]);
        var xy = Calculus.Differentiate(Calculus.Differentiate(f, "x"), "y");
        var yx = Calculus.Differentiate(Calculus.Differentiate(f, "y"), "x");
        Assert.Multiple(() =>
        {
            Assert.That(h[1, 0], Is.SameAs(h[0, 1]));
            Assert.That(h[0, 1], Is.EqualTo(xy));
        });
        AssertSameValue(yx, xy, 0.3, -0.7);
    }

    [Test]
    public void AcceptsRepeatedAndAbsentVariables()
    {
        var h = Calculus.Hessian(X * X * Y, ["x", "w", "x"]);
        Assert.Multiple(() =>
        {
            Assert.That(h[0, 0], Is.EqualTo(2 * Y));
            Assert.That(h[0, 2], Is.EqualTo(2 * Y));
            Assert.That(h[1, 1], Is.EqualTo(Expr.Zero));
            Assert.That(h[0, 1], Is.EqualTo(Expr.Zero));
        });
    }

    [Test]
    public void DifferentiatesTheSmallNetworkLossQuickly()
    {
        var (loss, parameters) = NetworkLoss();
        Assert.That(parameters, Has.Count.EqualTo(13));
        _ = Calculus.Hessian(Expr.Sigmoid(X * Y) * X, ["x", "y"]); // JIT the code paths outside the timing

        var stopwatch = Stopwatch.StartNew();
        var hessian = Calculus.Hessian(loss, parameters);
        stopwatch.Stop();
        TestContext.Out.WriteLine($"13×13 Hessian of the 2-3-1 sigmoid network loss on 4 points: {stopwatch.Elapsed.TotalMilliseconds:F1} ms");
        Assert.That(stopwatch.Elapsed, Is.LessThan(Tolerances.NetworkHessianBudget));

        for (int i = 0; i < parameters.Count; i++)
        {
            for (int j = 0; j < parameters.Count; j++)
            {
                Assert.That(hessian[i, j], Is.SameAs(hessian[j, i]));
            }
        }
    }

    [Test]
    public void MatchesDifferencesOfTheGradientOnTheNetworkLoss()
    {
        var (loss, parameters) = NetworkLoss();
        var gradient = Calculus.Gradient(loss, parameters);
        var hessian = Calculus.Hessian(loss, parameters);
        var random = new Random(7);
        var point = parameters.ToDictionary(p => p, _ => random.NextDouble() * 2 - 1, StringComparer.Ordinal);
        double h = Tolerances.HessianDifferenceStep;
        for (int j = 0; j < parameters.Count; j++)
        {
            var plus = new Dictionary<string, double>(point) { [parameters[j]] = point[parameters[j]] + h };
            var minus = new Dictionary<string, double>(point) { [parameters[j]] = point[parameters[j]] - h };
            for (int i = 0; i < parameters.Count; i++)
            {
                double numeric = (DoubleEvaluator.Evaluate(gradient[i], plus) - DoubleEvaluator.Evaluate(gradient[i], minus)) / (2 * h);
                double symbolic = DoubleEvaluator.Evaluate(hessian[i, j], point);
                Assert.That(Math.Abs(symbolic - numeric), Is.LessThanOrEqualTo(Tolerances.HessianVersusDifference * Math.Max(1, Math.Abs(symbolic))),
                    $"H[{parameters[i]}, {parameters[j]}]");
            }
        }
    }

    private static void AssertSameValue(Expr actual, Expr expected, double x, double y)
    {
        var at = new Dictionary<string, double> { ["x"] = x, ["y"] = y };
        double e = DoubleEvaluator.Evaluate(expected, at);
        Assert.That(DoubleEvaluator.Evaluate(actual, at), Is.EqualTo(e).Within(Tolerances.EquivalentFormsRelative * Math.Max(1, Math.Abs(e))),
            $"{actual} vs {expected} at x={x}, y={y}");
    }

    // L(θ) = Σₖ (σ(Σⱼ vⱼ·σ(wⱼ₁xₖ₁ + wⱼ₂xₖ₂ + bⱼ) + c) − yₖ)² for a 2-3-1 network with sigmoid units.
    internal static (Expr Loss, IReadOnlyList<string> Parameters) NetworkLoss()
    {
        Rational[,] inputs = { { new Rational(1, 2), -1 }, { 2, new Rational(1, 3) }, { -1, new Rational(3, 2) }, { 1, 1 } };
        Rational[] targets = [0, 1, 1, new Rational(1, 2)];
        var parameters = new List<string>();
        Expr P(string name)
        {
            parameters.Add(name);
            return Expr.Variable(name);
        }

        var w = new Expr[3, 2];
        var b = new Expr[3];
        var v = new Expr[3];
        for (int j = 0; j < 3; j++)
        {
            w[j, 0] = P($"w{j + 1}1");
            w[j, 1] = P($"w{j + 1}2");
            b[j] = P($"b{j + 1}");
        }

        for (int j = 0; j < 3; j++)
        {
            v[j] = P($"v{j + 1}");
        }

        var c = P("c");
        var residuals = new List<Expr>();
        for (int k = 0; k < 4; k++)
        {
            var hidden = Enumerable.Range(0, 3)
                .Select(j => v[j] * Expr.Sigmoid(w[j, 0] * inputs[k, 0] + w[j, 1] * inputs[k, 1] + b[j]));
            var output = Expr.Sigmoid(Expr.Add(hidden) + c);
            residuals.Add(Expr.Pow(output - targets[k], 2));
        }

        return (Expr.Add(residuals), parameters);
    }
}
