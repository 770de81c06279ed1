using Verifier.Landscape.Analysis;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// The mean absolute error on every path: exact gradients against exact rational difference quotients (a ReLU network's
/// loss is piecewise linear in each single parameter, so a small enough step's quotient is the derivative exactly); the
/// float loss, gradient, Hessian and Hessian-vector products against the symbolic oracle (|e| = relu(e) + relu(−e),
/// differentiated symbolically); the Hessian symmetric and Hv = H·v; interval enclosures containing the float values;
/// and a zero residual reported as a kink, refused by the exact derivatives.
/// </summary>
public class MaeLossTests
{
    /// <summary>Float vs symbolic agreement: both are double evaluations of the same expression away from kinks (a few hundred ulps).</summary>
    private const double Relative = 1e-11;

    /// <summary>
    /// The step of the exact difference quotients: small against every residual and pre-activation of the seeded
    /// points below (all at least 1e-4 away from 0), so no kink is crossed and the quotient is the derivative exactly.
    /// </summary>
    private static readonly Rational Step = new(1, 1_000_000_000);

    private static readonly IMatrixKernels Managed = new ManagedMatrixKernels();

    private static IEnumerable<(int[] Layers, Activation Hidden, int Seed)> PiecewiseLinearCases() =>
        from layers in new[] { new[] { 2, 3, 1 }, new[] { 2, 3, 2 }, new[] { 1, 2, 2, 1 } }
        from activation in new[] { Activation.Relu, Activation.Linear }
        from seed in new[] { 3, 4 }
        select (layers, activation, seed);

    [TestCaseSource(nameof(PiecewiseLinearCases))]
    public void TheExactGradientIsTheExactDifferenceQuotient((int[] Layers, Activation Hidden, int Seed) c)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec(c.Layers, c.Hidden, Activation.Linear, bias: true), 5, LossKind.Mae, c.Seed);
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!.ToArray();
        Assert.That(calculus.Kinks(theta), Is.Empty, $"seed {c.Seed}: the point must be away from kinks");
        var (loss, gradient) = calculus.LossAndGradient(theta);
        for (int k = 0; k < theta.Length; k++)
        {
            var moved = (Rational[])theta.Clone();
            moved[k] += Step;
            var quotient = (calculus.Loss(moved) - loss) / Step;
            Assert.That(gradient[k], Is.EqualTo(quotient), $"seed {c.Seed}, ∂L/∂{instance.Network.ParameterName(k)}");
        }
    }

    private static IEnumerable<(Activation Hidden, int Seed)> SmoothCases() =>
        from activation in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Relu }
        from seed in new[] { 3, 4 }
        select (activation, seed);

    [TestCaseSource(nameof(SmoothCases))]
    public void FloatLossGradientHessianAndProductsMatchTheSymbolicOracle((Activation Hidden, int Seed) c)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([1, 3, 2], c.Hidden, Activation.Linear, bias: true), 6, LossKind.Mae, c.Seed);
        var theta = instance.WeightsDouble();
        Assert.That(new NetworkCalculus<double, DoubleOps>(instance).Kinks(theta), Is.Empty);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var values = names.Zip(theta).ToDictionary(p => p.First, p => p.Second);
        var expr = SymbolicLoss.Build(instance);

        var (loss, gradient) = new NetworkCalculus<double, DoubleOps>(instance).LossAndGradient(theta);
        Assert.That(loss, Is.EqualTo(DoubleEvaluator.Evaluate(expr, values)).Within(Relative * Math.Max(1, loss)));
        var symbolicGradient = Calculus.Gradient(expr, names);
        for (int k = 0; k < theta.Length; k++)
        {
            double expected = DoubleEvaluator.Evaluate(symbolicGradient[k], values);
            Assert.That(gradient[k], Is.EqualTo(expected).Within(Relative * Math.Max(1, Math.Abs(expected))), $"∂L/∂{names[k]}");
        }

        var symbolicHessian = Calculus.Hessian(expr, names);
        var hessian = BatchedHessian.Compute(instance, theta, Managed);
        var v = Enumerable.Range(0, theta.Length).Select(k => Math.Sin(k + 1.0)).ToArray();
        var hv = new double[theta.Length];
        new HessianVectorProducts(instance, theta, Managed).Apply(v, hv);
        for (int i = 0; i < theta.Length; i++)
        {
            double row = 0, oracleRow = 0;
            for (int j = 0; j < theta.Length; j++)
            {
                double expected = DoubleEvaluator.Evaluate(symbolicHessian[i, j], values);
                Assert.That(hessian[i, j], Is.EqualTo(expected).Within(Relative * Math.Max(1, Math.Abs(expected))), $"H[{i},{j}]");
                Assert.That(hessian[i, j], Is.EqualTo(hessian[j, i]), $"H symmetric at [{i},{j}]");
                row += hessian[i, j] * v[j];
                oracleRow += expected * v[j];
            }

            // Hv = H·v: the R-operator product against the assembled Hessian's row sums (and the oracle's).
            Assert.That(hv[i], Is.EqualTo(row).Within(Relative * 10 * Math.Max(1, Math.Abs(row))), $"(Hv)[{i}] vs H·v");
            Assert.That(hv[i], Is.EqualTo(oracleRow).Within(Relative * 10 * Math.Max(1, Math.Abs(oracleRow))), $"(Hv)[{i}] vs oracle");
        }
    }

    [Test]
    public void TheFloatPassesEqualTheReferenceBitForBit()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([1, 4, 4, 1], Activation.Sigmoid), 9, LossKind.Mae, 5);
        var theta = instance.WeightsDouble();
        var fast = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
        var reference = new NetworkCalculus<double, DoubleOps>(instance).Passes(theta);
        Assert.That(BitConverter.DoubleToInt64Bits(fast.Loss), Is.EqualTo(BitConverter.DoubleToInt64Bits(reference.Loss)));
        Assert.That(fast.C[3].ToArray(), Is.EqualTo(reference.C[3].ToArray()));
        Assert.That(fast.Residual.ToArray(), Is.EqualTo(reference.Residual.ToArray()));
    }

    [TestCase(Activation.Sigmoid, 0.0)]
    [TestCase(Activation.Sigmoid, 1e-3)]
    [TestCase(Activation.Tanh, 1e-2)]
    [TestCase(Activation.Relu, 1e-6)]
    public void TheIntervalEnclosuresContainTheFloatValues(Activation hidden, double radius)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([1, 4, 4, 1], hidden), 8, LossKind.Mae, 7);
        var theta = instance.WeightsDouble();
        var box = theta.Select(t => new Interval(t - radius, t + radius)).ToArray();
        var intervals = new NetworkCalculus<Interval, IntervalOps>(instance);
        var (lossBox, gradientBox) = intervals.LossAndGradient(box);
        var (loss, gradient) = new NetworkCalculus<double, DoubleOps>(instance).LossAndGradient(theta);
        Assert.That(lossBox.Lo <= loss && loss <= lossBox.Hi, Is.True, $"{loss} in {lossBox}");
        for (int k = 0; k < theta.Length; k++)
        {
            Assert.That(gradientBox[k].Lo <= gradient[k] && gradient[k] <= gradientBox[k].Hi, Is.True, $"∂L/∂θ{k} = {gradient[k]} in {gradientBox[k]}");
        }
    }

    [Test]
    public void AnIntervalResidualAcrossZeroGivesTheSubdifferentialAndRefusesTheHessian()
    {
        // One linear unit f = w·x on x = 1, y = 1: at w ∈ [0.5, 1.5] the residual w − 1 straddles 0.
        var data = new Dataset(1, 1, 1, [1], [1]);
        var instance = new Instance("kink", new NetworkSpec([1, 1], Activation.Linear, bias: false), LossKind.Mae, data, [Rational.One]);
        var calculus = new NetworkCalculus<Interval, IntervalOps>(instance);
        Interval[] box = [new Interval(0.5, 1.5)];
        var (loss, gradient) = calculus.LossAndGradient(box);
        Assert.That(loss.Lo, Is.EqualTo(0.0));
        Assert.That(loss.Hi, Is.GreaterThanOrEqualTo(0.5));
        Assert.That(gradient[0].Lo <= -1 && gradient[0].Hi >= 1, Is.True, $"the subdifferential [−1, 1] in {gradient[0]}");
        Assert.Throws<KinkInBoxException>(() => calculus.Hessian(box));
    }

    [Test]
    public void AZeroResidualIsReportedAsAKinkAndTheExactDerivativesRefuse()
    {
        // f = w·x + b with w = 1, b = 0 fits sample 1 (x = 2, y = 2) exactly: its residual is 0.
        var data = new Dataset(2, 1, 1, [1, 2], [Rational.FromDouble(0.5), 2]);
        var instance = new Instance("zero-residual", new NetworkSpec([1, 1], Activation.Linear, bias: true), LossKind.Mae, data, [1, 0]);
        var exact = new NetworkCalculus<Rational, RationalOps>(instance);
        Assert.That(exact.Kinks(instance.Weights!), Is.EqualTo(new[] { new Kink(1, 2, 0) }));
        Assert.That(exact.Kinks(instance.Weights!)[0].IsResidual(instance.Network), Is.True);
        Assert.That(exact.Loss(instance.Weights!), Is.EqualTo(new Rational(1, 4)), "(|1 − 0.5| + |2 − 2|) / 2");
        Assert.Throws<InvalidOperationException>(() => exact.Gradient(instance.Weights!));
        Assert.That(new NetworkCalculus<double, DoubleOps>(instance).Kinks([1.0, 0.0]), Has.Count.EqualTo(1));

        var report = PointAnalysis.Analyze(instance, AnalysisOptions.Default);
        Assert.That(report.Classification, Is.EqualTo(Classification.NonDifferentiable));
        Assert.That(report.Kinks, Has.Count.EqualTo(1));
    }

    [Test]
    public void TheExactAnalysesRefuseTheAbsoluteLoss()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 2, 1], Activation.Relu), 4, LossKind.Mae, 6);
        Assert.That(instance.HasExactLoss, Is.False);
        Assert.That(Verifier.Landscape.Claims.ExactPointAnalysis.TryCreate(instance), Is.Null);
        var linear = RandomInstance.Mlp(new NetworkSpec([2, 2, 1], Activation.Linear, Activation.Linear, bias: false), 4, LossKind.Mae, 6);
        Assert.That(Verifier.Landscape.DeepLinear.DeepLinearProblem.TryCreate(linear), Is.Null, "the deep-linear theory is for squared errors");
        var hypotheses = Verifier.Landscape.DeepLinear.DeepLinearTheory.KawaguchiHypotheses(linear);
        Assert.That(hypotheses[0].Holds, Is.False);
        Assert.That(hypotheses[0].Detail, Does.Contain("loss mae"));
    }

    [Test]
    public void TheFileFormatReadsAndWritesMae()
    {
        var instance = InstanceFile.Parse("""{"network": {"layers": [1, 2, 1], "activation": "sigmoid"}, "loss": "mae", "data": {"x": [[0.5]], "y": [[0.1]]}}""");
        Assert.That(instance.Loss, Is.EqualTo(LossKind.Mae));
        Assert.That(InstanceFile.Parse(InstanceFile.Format(instance)).Loss, Is.EqualTo(LossKind.Mae));
        Assert.That(Names.ParseLoss("mae"), Is.EqualTo(LossKind.Mae));
        Assert.That(Names.LossList, Does.Contain("mae"));
    }
}
