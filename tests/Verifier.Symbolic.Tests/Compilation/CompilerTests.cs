using FsCheck;
using FsCheck.Fluent;

using Verifier.Symbolic.Compilation;

namespace Verifier.Symbolic.Tests.Compilation;

/// <summary>
/// The compiled evaluation against the interpreter (<see cref="DoubleEvaluator"/>): both perform the same IEEE
/// operations in the same order on each distinct subexpression, so their results are the same doubles. NaNs are
/// compared as NaN (any payload), since the JIT may fold an operation on constants that yields a NaN.
/// </summary>
public class CompilerTests
{
    private static readonly Expr X = Expr.Variable("x");
    private static readonly Expr Y = Expr.Variable("y");
    private static readonly Expr Z = Expr.Variable("z");
    private static readonly string[] Xyz = Generators.VariableNames;

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property CompiledCanonicalExpressionsEqualTheInterpreterBitForBit(ExpressionCase a, ExpressionCase b, ExpressionCase c)
    {
        Expr[] outputs;
        try
        {
            outputs = [a.Recipe.BuildCanonical(), b.Recipe.BuildCanonical(), c.Recipe.BuildCanonical()];
        }
        catch (DivideByZeroException)
        {
            return true.ToProperty();
        }

        return AgreesWithInterpreter(outputs, a.Point);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property CompiledRawTreesEqualTheInterpreterBitForBit(ExpressionCase a, ExpressionCase b)
    {
        // Non-canonical trees: nested and one-term sums, unsorted operands, x^0, x^1, constant products, 0^-1, ...
        Expr[] outputs = [a.Recipe.BuildRaw(), b.Recipe.BuildRaw()];
        return AgreesWithInterpreter(outputs, b.Point);
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public Property CompiledGradientAndHessianEqualTheInterpretedSymbolicOnes(ExpressionCase c)
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

        var point = DoublePoint(c.Point);
        var env = Environment(point);
        var gradient = Calculus.Gradient(e, Xyz);
        var hessian = Calculus.Hessian(e, Xyz);
        var compiledGradient = Compiler.CompileGradient(e, Xyz).Evaluate(point);
        var compiledHessian = Compiler.CompileHessian(e, Xyz).Evaluate(point);
        var failures = new List<string>();
        for (int i = 0; i < Xyz.Length; i++)
        {
            double expected = DoubleEvaluator.Evaluate(gradient[i], env);
            if (!SameDouble(compiledGradient[i], expected))
            {
                failures.Add($"∂/∂{Xyz[i]}: compiled {compiledGradient[i]:R}, interpreted {expected:R}");
            }

            for (int j = 0; j < Xyz.Length; j++)
            {
                expected = DoubleEvaluator.Evaluate(hessian[i, j], env);
                if (!SameDouble(compiledHessian[i, j], expected))
                {
                    failures.Add($"H[{Xyz[i]}, {Xyz[j]}]: compiled {compiledHessian[i, j]:R}, interpreted {expected:R}");
                }
            }
        }

        return (failures.Count == 0).Label($"{e}: {string.Join("; ", failures)}");
    }

    [Test]
    public void CompiledHessianOfTheSmallNetworkLossEqualsTheInterpreterAndIsSymmetric()
    {
        var (loss, parameters) = HessianTests.NetworkLoss();
        var hessian = Calculus.Hessian(loss, parameters);
        var compiled = Compiler.CompileSymmetric(hessian, parameters);
        var random = new Random(11);
        for (int trial = 0; trial < 5; trial++)
        {
            var point = parameters.Select(_ => random.NextDouble() * 4 - 2).ToArray();
            var env = parameters.Select((p, k) => (p, k)).ToDictionary(t => t.p, t => point[t.k], StringComparer.Ordinal);
            var h = compiled.Evaluate(point);
            for (int i = 0; i < parameters.Count; i++)
            {
                for (int j = 0; j < parameters.Count; j++)
                {
                    Assert.That(Bits(h[i, j]), Is.EqualTo(Bits(DoubleEvaluator.Evaluate(hessian[i, j], env))), $"H[{parameters[i]}, {parameters[j]}]");
                    Assert.That(Bits(h[i, j]), Is.EqualTo(Bits(h[j, i])), "exactly symmetric");
                }
            }
        }

        Assert.That(compiled.Function.NodeCount, Is.EqualTo(CommonSubexpressions.Find(UpperTriangle(hessian)).NodeCount));
    }

    [Test]
    public void ASubexpressionInEveryOutputIsOneNode()
    {
        // Each output builds its own x·y object; structurally they are one subexpression.
        var outputs = Enumerable.Range(1, 10).Select(k => Expr.Exp(Expr.Multiply(X, Y) + k) * Expr.Tanh(Expr.Multiply(X, Y) - k)).ToArray();
        static Expr FirstXy(Expr output) => ((Sum)((Apply)((Product)output).Factors[0]).Argument).Terms[0];
        Assert.That(FirstXy(outputs[0]), Is.EqualTo(Expr.Multiply(X, Y)));
        Assert.That(FirstXy(outputs[0]), Is.Not.SameAs(FirstXy(outputs[1])), "separate objects");

        var graph = CommonSubexpressions.Find(outputs);
        var xy = Expr.Multiply(X, Y);
        int index = graph.IndexOf(xy);
        Assert.Multiple(() =>
        {
            Assert.That(index, Is.GreaterThanOrEqualTo(0));
            Assert.That(graph.Nodes.Count(n => n.Equals(xy)), Is.EqualTo(1), "x·y is one node");
            Assert.That(graph.Nodes.Count(n => n.Equals(X)), Is.EqualTo(1), "x is one node");
            Assert.That(graph.Nodes, Is.Unique);
        });
    }

    [Test]
    public void SharedNodesAreCountedOncePerUse()
    {
        var xy = X * Y;
        var outputs = Enumerable.Range(1, 10).Select(k => Expr.Sigmoid(X * Y + k)).ToArray();
        var graph = CommonSubexpressions.Find(outputs);
        int index = graph.IndexOf(xy);
        Assert.Multiple(() =>
        {
            Assert.That(graph.Nodes.Count(n => n.Equals(xy)), Is.EqualTo(1));
            Assert.That(graph.UseCount(index), Is.EqualTo(10), "used by each of the ten sums");
            Assert.That(graph.Outputs, Has.Count.EqualTo(10));
            Assert.That(graph.Outputs, Is.Unique);
            // x, y, x·y, then for each k: the constant k, x·y + k and its sigmoid.
            Assert.That(graph.NodeCount, Is.EqualTo(3 + 10 * 3));
            Assert.That(graph.SharedCount, Is.EqualTo(1), "only x·y is shared");
            Assert.That(graph.IndexOf(Expr.Variable("w")), Is.EqualTo(-1));
        });

        var compiled = Compiler.Compile(outputs, ["x", "y"]);
        Assert.Multiple(() =>
        {
            Assert.That(compiled.NodeCount, Is.EqualTo(graph.NodeCount));
            Assert.That(compiled.TemporaryCount, Is.EqualTo(1), "one temporary holds x·y");
        });
    }

    [Test]
    public void NodesComeAfterTheirOperands()
    {
        var graph = CommonSubexpressions.Find([Expr.Exp(X * Y) + Expr.Pow(X + Z, 3), Expr.Log(X + Z) * (X * Y)]);
        for (int i = 0; i < graph.NodeCount; i++)
        {
            Assert.That(graph.OperandsOf(i), Has.All.LessThan(i), graph.Nodes[i].ToString());
        }
    }

    [Test]
    public void TemporariesAreReusedOnceDead()
    {
        // Forty independent shared subexpressions, each used twice by its own output and then dead.
        var outputs = Enumerable.Range(1, 40).Select(k =>
        {
            var s = Expr.Sigmoid(X * k + Y);
            return s * Expr.Exp(s);
        }).ToArray();
        var compiled = Compiler.Compile(outputs, ["x", "y"]);
        Assert.That(compiled.TemporaryCount, Is.LessThanOrEqualTo(3));
        var values = compiled.Evaluate([0.3, -0.2]);
        var env = new Dictionary<string, double> { ["x"] = 0.3, ["y"] = -0.2 };
        for (int k = 0; k < outputs.Length; k++)
        {
            Assert.That(Bits(values[k]), Is.EqualTo(Bits(DoubleEvaluator.Evaluate(outputs[k], env))));
        }
    }

    [Test]
    public void ConstantsVariablesAndRepeatedOutputsAreWritten()
    {
        var compiled = Compiler.Compile([Expr.Constant(new Rational(3, 2)), Y, X * Y, X * Y, Expr.Zero], ["x", "y"]);
        Assert.That(compiled.Evaluate([2.0, 5.0]), Is.EqualTo(new[] { 1.5, 5.0, 10.0, 10.0, 0.0 }));
        Assert.That(compiled.Shape, Is.EqualTo(new[] { 5 }));
        Assert.That(compiled.OutputCount, Is.EqualTo(5));
        Assert.That(compiled.Variables, Is.EqualTo(new[] { "x", "y" }));
    }

    [Test]
    public void NothingToComputeIsFine()
    {
        var empty = Compiler.Compile([], []);
        Assert.That(empty.Evaluate([]), Is.Empty);
        var constant = Compiler.Compile([Expr.Constant(7)], []);
        Assert.That(constant.Evaluate([]), Is.EqualTo(new[] { 7.0 }));
        var unused = Compiler.Compile([Expr.One], ["x"]);
        Assert.That(unused.Evaluate([double.NaN]), Is.EqualTo(new[] { 1.0 }));
    }

    [Test]
    public void FunctionsFollowTheInterpretersConventions()
    {
        Expr[] outputs =
        [
            Expr.Step(X), Expr.Relu(X), Expr.Sigmoid(X), Expr.Tanh(X), Expr.Exp(X), Expr.Log(X),
            Expr.Pow(X, -1), Expr.Pow(X, 2), Expr.Pow(X, 3), Expr.Pow(X, 5), Expr.Pow(X, -3), X + Y,
        ];
        var compiled = Compiler.Compile(outputs, ["x", "y"]);
        double[] xs = [0.0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 800, -800, 1e308, -1e308, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        foreach (double x in xs)
        {
            foreach (double y in new[] { -0.0, 0.0, 3.0 })
            {
                var values = compiled.Evaluate([x, y]);
                var env = new Dictionary<string, double> { ["x"] = x, ["y"] = y };
                for (int k = 0; k < outputs.Length; k++)
                {
                    double expected = DoubleEvaluator.Evaluate(outputs[k], env);
                    Assert.That(SameDouble(values[k], expected), Is.True, $"{outputs[k]} at x = {x:R}, y = {y:R}: compiled {values[k]:R}, interpreted {expected:R}");
                }
            }
        }

        var at = (double x) => Compiler.Compile([Expr.Step(X), Expr.Sigmoid(X), X + Y], ["x", "y"]).Evaluate([x, -0.0]);
        Assert.Multiple(() =>
        {
            Assert.That(at(0.0)[0], Is.Zero, "step(0) = 0");
            Assert.That(at(-700)[1], Is.GreaterThan(0).And.LessThan(1e-300), "the stable sigmoid: e^u/(1 + e^u) far left");
            Assert.That(Bits(at(-0.0)[2]), Is.EqualTo(Bits(0.0)), "−0 + −0 is +0, as the interpreter's 0 + t₁ + t₂");
        });
    }

    [Test]
    public void OutputsMayOverlapTheVariables()
    {
        var compiled = Compiler.Compile([Y, X, X * Y], ["x", "y"]);
        var buffer = new double[3] { 2, 3, 0 };
        compiled.Evaluate(buffer.AsSpan(0, 2), buffer);
        Assert.That(buffer, Is.EqualTo(new[] { 3.0, 2.0, 6.0 }));
    }

    [Test]
    public void AMissingVariableIsAClearError()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Compiler.Compile([X * Y + Z], ["x"]),
                Throws.ArgumentException.With.Message.Contains("'y', 'z'").And.Message.Contains("'x'"));
            Assert.That(() => Compiler.CompileGradient(X * Y, ["x"]), Throws.ArgumentException.With.Message.Contains("'y'"));
            Assert.That(() => Compiler.CompileHessian(X * Y, ["y"]), Throws.ArgumentException.With.Message.Contains("'x'"));
            Assert.That(() => Compiler.Compile([X], ["x", "x"]), Throws.ArgumentException.With.Message.Contains("twice"));
            Assert.That(() => Compiler.Compile([X], ["x", " "]), Throws.ArgumentException);
        });

        var compiled = Compiler.Compile([X * Y], ["x", "y"]);
        Assert.Multiple(() =>
        {
            Assert.That(() => compiled.Evaluate(new Dictionary<string, double> { ["x"] = 1 }),
                Throws.ArgumentException.With.Message.Contains("'y'"));
            Assert.That(() => compiled.Evaluate([1.0]), Throws.ArgumentException.With.Message.Contains("takes 2"));
            Assert.That(() => compiled.Evaluate([1.0, 2.0], new double[2]), Throws.ArgumentException.With.Message.Contains("writes 1"));
            Assert.That(compiled.Evaluate(new Dictionary<string, double> { ["x"] = 2, ["y"] = 3, ["unused"] = 9 }), Is.EqualTo(new[] { 6.0 }));
        });
    }

    [Test]
    public void CompiledHessianFillsASymmetricMatrix()
    {
        var f = Expr.Pow(X, 3) * Y + Expr.Sigmoid(X * Y) * Z;
        var compiled = Compiler.CompileHessian(f, ["x", "y", "z"]);
        Assert.Multiple(() =>
        {
            Assert.That(compiled.Dimension, Is.EqualTo(3));
            Assert.That(compiled.Variables, Is.EqualTo(new[] { "x", "y", "z" }));
            Assert.That(compiled.Function.Shape, Is.EqualTo(new[] { 3, 3 }));
        });

        var h = new double[3, 3];
        compiled.Evaluate([0.5, -1.5, 2.0], h);
        var symbolic = Calculus.Hessian(f, ["x", "y", "z"]);
        var env = new Dictionary<string, double> { ["x"] = 0.5, ["y"] = -1.5, ["z"] = 2.0 };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.That(h[i, j], Is.EqualTo(DoubleEvaluator.Evaluate(symbolic[i, j], env)));
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(compiled.Evaluate(env), Is.EqualTo(h));
            Assert.That(() => compiled.Evaluate([0.5, -1.5, 2.0], new double[2, 3]), Throws.ArgumentException.With.Message.Contains("3×3"));
            Assert.That(() => Compiler.CompileSymmetric(symbolic, ["x", "y"]), Throws.ArgumentException);
        });
    }

    [Test]
    public void ACompiledGradientIsTheGradient()
    {
        var f = Expr.Tanh(X - 2 * Y) * Expr.Exp(X * Y);
        var compiled = Compiler.CompileGradient(f, ["y", "x"]);
        var g = compiled.Evaluate([0.25, -0.5]);
        var env = new Dictionary<string, double> { ["x"] = -0.5, ["y"] = 0.25 };
        Assert.Multiple(() =>
        {
            Assert.That(g[0], Is.EqualTo(DoubleEvaluator.Evaluate(Calculus.Differentiate(f, "y"), env)));
            Assert.That(g[1], Is.EqualTo(DoubleEvaluator.Evaluate(Calculus.Differentiate(f, "x"), env)));
            Assert.That(compiled.Shape, Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public void TheEvaluatorDelegateIsTheEvaluation()
    {
        var compiled = Compiler.Compile([X + Y, X * Y], ["x", "y"]);
        Evaluator evaluate = compiled.Evaluator;
        Span<double> outputs = stackalloc double[2];
        evaluate([3.0, 4.0], outputs);
        Assert.That(outputs.ToArray(), Is.EqualTo(new[] { 7.0, 12.0 }));
    }

    private static Property AgreesWithInterpreter(Expr[] outputs, Dictionary<string, Rational> rationalPoint)
    {
        var point = DoublePoint(rationalPoint);
        var env = Environment(point);
        var compiled = Compiler.Compile(outputs, Xyz).Evaluate(point);
        var failures = new List<string>();
        for (int k = 0; k < outputs.Length; k++)
        {
            double expected = DoubleEvaluator.Evaluate(outputs[k], env);
            if (!SameDouble(compiled[k], expected))
            {
                failures.Add($"{outputs[k]}: compiled {compiled[k]:R}, interpreted {expected:R}");
            }
        }

        return (failures.Count == 0).Label(string.Join("; ", failures));
    }

    private static double[] DoublePoint(Dictionary<string, Rational> point) => [.. Xyz.Select(v => point[v].ToDouble())];

    private static Dictionary<string, double> Environment(double[] point) =>
        Xyz.Select((v, k) => (v, k)).ToDictionary(t => t.v, t => point[t.k], StringComparer.Ordinal);

    private static Expr[] UpperTriangle(Expr[,] m)
    {
        int n = m.GetLength(0);
        var result = new List<Expr>();
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                result.Add(m[i, j]);
            }
        }

        return [.. result];
    }

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static bool SameDouble(double a, double b) => Bits(a) == Bits(b) || (double.IsNaN(a) && double.IsNaN(b));
}
