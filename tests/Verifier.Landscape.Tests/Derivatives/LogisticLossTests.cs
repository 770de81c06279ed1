using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// The logistic loss on every path against the symbolic oracle (log(1 + eᶻ) − y·z, differentiated symbolically and
/// evaluated in double): the loss, the gradient, Hessian-vector products and the batched Hessian; the interval path
/// encloses the float values, also at huge logits; the exact path refuses it; and the file format checks its targets.
/// </summary>
public class LogisticLossTests
{
    /// <summary>Float vs symbolic agreement: both are double evaluations of the same smooth expression (a few hundred ulps).</summary>
    private const double Relative = 1e-11;

    private static readonly IMatrixKernels Managed = new ManagedMatrixKernels();

    private static IEnumerable<(Activation Hidden, int Seed)> Cases() =>
        from activation in new[] { Activation.Relu, Activation.Sigmoid, Activation.Tanh, Activation.Linear }
        from seed in new[] { 3, 4 }
        select (activation, seed);

    [TestCaseSource(nameof(Cases))]
    public void LossGradientAndCurvatureMatchTheSymbolicOracle((Activation Hidden, int Seed) c)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], c.Hidden, Activation.Linear, bias: true), 6, LossKind.Logistic, c.Seed);
        var theta = instance.WeightsDouble();
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
            double row = 0;
            for (int j = 0; j < theta.Length; j++)
            {
                double expected = DoubleEvaluator.Evaluate(symbolicHessian[i, j], values);
                Assert.That(hessian[i, j], Is.EqualTo(expected).Within(Relative * Math.Max(1, Math.Abs(expected))), $"H[{i},{j}]");
                row += expected * v[j];
            }

            Assert.That(hv[i], Is.EqualTo(row).Within(Relative * 10 * Math.Max(1, Math.Abs(row))), $"(Hv)[{i}]");
        }
    }

    [Test]
    public void TheFloatPassesEqualTheReferenceBitForBit()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 4, 1], Activation.Sigmoid), 7, LossKind.Logistic, 5);
        var theta = instance.WeightsDouble();
        var fast = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
        var reference = new NetworkCalculus<double, DoubleOps>(instance).Passes(theta);
        Assert.That(BitConverter.DoubleToInt64Bits(fast.Loss), Is.EqualTo(BitConverter.DoubleToInt64Bits(reference.Loss)));
        Assert.That(fast.C[2].ToArray(), Is.EqualTo(reference.C[2].ToArray()));
        Assert.That(fast.Residual.ToArray(), Is.EqualTo(reference.Residual.ToArray()));
    }

    [TestCase(1e-3)]
    [TestCase(40.0)]
    [TestCase(1e4)]
    [TestCase(1e300)]
    public void TheIntervalPathEnclosesTheLossWithoutNaNAtAnyLogit(double scale)
    {
        // One linear unit z = w·x with w = ±scale: the logits reach ±scale·x, far past where e^z overflows.
        var data = new Dataset(2, 1, 1, [1, -1], [1, 1]);
        var instance = new Instance("logit", new NetworkSpec([1, 1], Activation.Linear, bias: false), LossKind.Logistic, data, [Rational.FromDouble(scale)]);
        var enclosure = new NetworkCalculus<Interval, IntervalOps>(instance).Loss([Interval.Point(scale)]);
        double value = new NetworkCalculus<double, DoubleOps>(instance).Loss([scale]);
        Assert.That(double.IsNaN(enclosure.Lo) || double.IsNaN(enclosure.Hi), Is.False);
        Assert.That(enclosure.Lo <= value && value <= enclosure.Hi, Is.True, $"{value} in {enclosure}");
    }

    [Test]
    public void TheExactPathRefusesTheLogisticLoss()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 2, 1], Activation.Relu), 4, LossKind.Logistic, 6);
        Assert.That(instance.HasExactLoss, Is.False);
        Assert.That(Verifier.Landscape.Claims.ExactPointAnalysis.TryCreate(instance), Is.Null);
        Assert.Throws<NotSupportedException>(() => new NetworkCalculus<Rational, RationalOps>(instance).Loss(instance.Weights!));
    }

    [TestCase("""{"network": {"layers": [1, 1]}, "loss": "logistic", "data": {"x": [[1], [2]], "y": [[0], [2]]}}""", "data.y[1]")]
    [TestCase("""{"network": {"layers": [1, 2]}, "loss": "logistic", "data": {"x": [[1]], "y": [[0, 1]]}}""", "loss")]
    [TestCase("""{"network": {"layers": [1, 1], "output": "sigmoid"}, "loss": "logistic", "data": {"x": [[1]], "y": [[0]]}}""", "loss")]
    public void TheFileFormatChecksTheLogisticSetting(string json, string location)
    {
        var e = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse(json));
        Assert.That(e!.Message, Does.Contain(location));
    }
}
