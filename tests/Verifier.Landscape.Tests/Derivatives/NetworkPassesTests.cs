using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;
using Verifier.Generators;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// The one float64 definition of the forward and backward passes (<see cref="NetworkPasses.Compute"/>, batched
/// kernels) held bit for bit to the scalar reference <c>NetworkCalculus&lt;double, DoubleOps&gt;.Passes</c>, to the
/// exact rational passes within a named tolerance, and shown to be what every batched consumer reads.
/// </summary>
public class NetworkPassesTests
{
    private static readonly IMatrixKernels Managed = new ManagedMatrixKernels();

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 300)]
    public bool BatchedPassesEqualTheScalarReferenceBitForBitOnEveryNetworkKind(NetworkCase c)
    {
        var theta = c.Instance.WeightsDouble();
        return Mismatch(NetworkPasses.Compute(c.Instance.Network, c.Instance.Loss, c.Instance.Data, theta), Float(c.Instance).Passes(theta)) is null;
    }

    // Large enough that OrderedProduct and the elementwise activation split their rows among the processors.
    [TestCase(Activation.Sigmoid, Activation.Tanh, true, LossKind.Mse)]
    [TestCase(Activation.Tanh, Activation.Sigmoid, false, LossKind.Sse)]
    [TestCase(Activation.Relu, Activation.Linear, true, LossKind.Mse)]
    [TestCase(Activation.Relu, Activation.Relu, false, LossKind.Sse)]
    public void BatchedPassesEqualTheScalarReferenceBitForBitWhenTheWorkIsShared(Activation hidden, Activation output, bool bias, LossKind loss)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([5, 9, 8, 2], hidden, output, bias), 700, loss, seed: 13);
        var theta = instance.WeightsDouble();

        var mismatch = Mismatch(NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta), Float(instance).Passes(theta));

        Assert.That(mismatch, Is.Null);
    }

    [Test]
    public void AReluUnitExactlyAtItsKinkGetsTheDerivativeZeroOnBothPaths()
    {
        // Zero first-layer weights and biases put every hidden pre-activation exactly at 0.
        var network = new NetworkSpec([2, 3, 1], Activation.Relu, Activation.Linear, bias: true);
        var instance = RandomInstance.Mlp(network, 4, LossKind.Mse, seed: 3);
        var theta = instance.WeightsDouble();
        Array.Clear(theta, network.WeightOffset(1), 6);
        Array.Clear(theta, network.BiasOffset(1), 3);

        var passes = NetworkPasses.Compute(network, LossKind.Mse, instance.Data, theta);

        Assert.That(passes.PreActivations(1).ToArray(), Is.All.EqualTo(0.0));
        Assert.That(passes.FirstDerivatives(1).ToArray(), Is.All.EqualTo(0.0));
        Assert.That(Mismatch(passes, Float(instance).Passes(theta)), Is.Null);
    }

    [Property(Arbitrary = new[] { typeof(PiecewiseLinearArbitraries) }, MaxTest = 200)]
    public bool BatchedPassesEqualTheExactRationalPassesRoundedOnLinearAndReluNetworks(NetworkCase c)
    {
        var instance = c.Instance;
        var exact = Exact(instance);
        var theta = instance.WeightsDouble();
        var passes = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
        var exactLoss = exact.Loss(instance.Weights!);
        bool lossAgrees = Close(passes.Loss, exactLoss, Math.Max(1, Math.Abs(exactLoss.ToDouble())));
        if (exact.Kinks(instance.Weights!).Count > 0)
        {
            // At a kink the exact derivatives do not exist; the values still do.
            var outputs = exact.Outputs(instance.Weights!);
            return lossAgrees && AllClose(passes.Activations(instance.Network.Depth), outputs);
        }

        var reference = exact.Passes(instance.Weights!);
        for (int l = 1; l <= instance.Network.Depth; l++)
        {
            if (!AllClose(passes.PreActivations(l), reference.PreActivations(l))
                || !AllClose(passes.Activations(l), reference.Activations(l))
                || !AllClose(passes.FirstDerivatives(l), reference.FirstDerivatives(l))
                || !AllClose(passes.SecondDerivatives(l), reference.SecondDerivatives(l))
                || !AllClose(passes.Deltas(l), reference.Deltas(l))
                || !AllClose(passes.CurvatureWeights(l), reference.CurvatureWeights(l)))
            {
                return false;
            }
        }

        var gradient = NetworkPasses.Gradient(passes, Managed);
        return lossAgrees && AllClose(passes.Residual, reference.Residual) && AllClose(gradient, exact.Gradient(instance.Weights!));
    }

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 100)]
    public bool EveryBatchedConsumerReadsTheOneDefinition(NetworkCase c)
    {
        var instance = c.Instance;
        var theta = instance.WeightsDouble();
        var passes = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
        var gradient = NetworkPasses.Gradient(passes, Managed);
        var products = new HessianVectorProducts(instance, theta, Managed);
        var dense = new BatchedHessian(instance, Managed).Evaluate(theta);
        return Mismatch(products.Passes, passes) is null
            && Bitwise(products.Loss, passes.Loss) && Bitwise(dense.Loss, passes.Loss)
            && AllBitwise([.. products.Gradient], gradient) && AllBitwise(dense.Gradient, gradient);
    }

    [Test]
    public void PassesOverSharedPassesGiveTheSameProducts()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([4, 6, 3], Activation.Tanh, Activation.Linear, bias: true), 30, LossKind.Mse, seed: 5);
        var theta = instance.WeightsDouble();
        var passes = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
        var v = Enumerable.Range(0, theta.Length).Select(k => Math.Sin(k + 1.0)).ToArray();
        var expected = new double[v.Length];
        var actual = new double[v.Length];
        new HessianVectorProducts(instance, theta, Managed).Apply(v, expected);
        new HessianVectorProducts(passes, Managed).Apply(v, actual);

        // The same passes and the same kernels: the same arithmetic, so the same bits.
        Assert.That(AllBitwise(actual, expected), Is.True);
    }

    [Test]
    public void LayersOutsideTheNetworkAreRefused()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Sigmoid), 3, LossKind.Sse, seed: 1);
        var passes = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, instance.WeightsDouble());

        Assert.That(() => passes.PreActivations(0).Length, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => passes.Deltas(3).Length, Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(passes.Activations(0).ToArray(), Is.EqualTo(instance.Data.XDouble));
    }

    /// <summary>The first quantity in which two float64 passes differ in any bit, or null when none does.</summary>
    internal static string? Mismatch(NetworkPasses<double> actual, NetworkPasses<double> expected)
    {
        if (!Bitwise(actual.Loss, expected.Loss))
        {
            return "loss";
        }

        if (!AllBitwise(actual.Residual, expected.Residual))
        {
            return "residual";
        }

        for (int l = 0; l <= expected.Depth; l++)
        {
            if (!AllBitwise(actual.Activations(l), expected.Activations(l)))
            {
                return $"a_{l}";
            }

            if (l == 0)
            {
                continue;
            }

            var pairs = new (string Name, bool Equal)[]
            {
                ("W", AllBitwise(actual.Weights(l), expected.Weights(l))),
                ("z", AllBitwise(actual.PreActivations(l), expected.PreActivations(l))),
                ("φ′", AllBitwise(actual.FirstDerivatives(l), expected.FirstDerivatives(l))),
                ("φ″", AllBitwise(actual.SecondDerivatives(l), expected.SecondDerivatives(l))),
                ("δ", AllBitwise(actual.Deltas(l), expected.Deltas(l))),
                ("C", AllBitwise(actual.CurvatureWeights(l), expected.CurvatureWeights(l))),
            };
            foreach (var (name, equal) in pairs)
            {
                if (!equal)
                {
                    return $"{name}_{l}";
                }
            }
        }

        return null;
    }

    private static bool Bitwise(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static bool AllBitwise(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int k = 0; k < a.Length; k++)
        {
            if (!Bitwise(a[k], b[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Close(double actual, Rational exact, double scale) =>
        Math.Abs(actual - exact.ToDouble()) <= Tolerance.FloatVsExactRelative * scale;

    private static bool AllClose(ReadOnlySpan<double> actual, ReadOnlySpan<Rational> exact)
    {
        if (actual.Length != exact.Length)
        {
            return false;
        }

        double scale = 1;
        foreach (var e in exact)
        {
            scale = Math.Max(scale, Math.Abs(e.ToDouble()));
        }

        for (int k = 0; k < actual.Length; k++)
        {
            if (!Close(actual[k], exact[k], scale))
            {
                return false;
            }
        }

        return true;
    }
}
