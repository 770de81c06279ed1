using Verifier.Generators;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Splitting;

/// <summary>The split map against its defining identities: the same function exactly, B as the split direction's second derivative, κ's values.</summary>
public class NeuronSplitTests
{
    private static readonly Rational[] Lambdas = [new(-1, 2), new(1, 3), 2, 0, 1];

    /// <summary>Piecewise-linear networks with a hidden layer: outputs are exact rationals.</summary>
    public static class DeepPiecewiseLinear
    {
        public static FsCheck.Arbitrary<NetworkCase> NetworkCase() =>
            InstanceGenerators.Arbitrary(InstanceGenerators.Cases(InstanceGenerators.Networks(2, 3, 3, Activation.Linear, Activation.Relu), 3));
    }

    [Property(Arbitrary = [typeof(DeepPiecewiseLinear)], MaxTest = 60, Replay = "(20261204,7)")]
    public void SplittingAnyHiddenUnitPreservesTheExactOutputs(NetworkCase c)
    {
        var instance = c.Instance;
        var net = instance.Network;
        var before = new NetworkCalculus<Rational, RationalOps>(instance).Outputs(instance.Weights!);
        for (int layer = 1; layer < net.Depth; layer++)
        {
            for (int unit = 0; unit < net.Layers[layer]; unit++)
            {
                foreach (var lambda in Lambdas)
                {
                    var big = NeuronSplit.Split(instance, layer, unit, lambda);
                    Assert.That(big.Network.Layers[layer], Is.EqualTo(net.Layers[layer] + 1));
                    Assert.That(new NetworkCalculus<Rational, RationalOps>(big).Outputs(big.Weights!), Is.EqualTo(before), $"layer {layer}, unit {unit}, λ = {lambda}");
                }
            }
        }
    }

    [Test]
    public void TheSplitBoxEnclosesTheSplitPoint()
    {
        var instance = SigmoidInstance();
        var box = instance.Weights!.Select(Interval.FromRational).ToArray();
        var lambda = new Rational(3, 7);
        var point = NeuronSplit.Split(instance, 1, 1, lambda).Weights!;
        var enclosure = NeuronSplit.SplitBox(instance.Network, box, 1, 1, lambda);
        Assert.That(point.Zip(enclosure).All(p => p.Second.Contains(p.First)), Is.True);
    }

    [Test]
    public void KappaHasItsClosedFormValues()
    {
        Assert.That(NeuronSplit.Kappa(new Rational(1, 2)), Is.EqualTo(new Rational(1, 2)));
        Assert.That(NeuronSplit.Kappa(new Rational(3, 2)), Is.EqualTo(new Rational(-3, 10)));
        Assert.That(NeuronSplit.Kappa(new Rational(1, 4)), Is.EqualTo(new Rational(3, 10)));
        Assert.That(NeuronSplit.Kappa(0), Is.EqualTo(Rational.Zero));
    }

    // The defining expansion (papers.md §2.3, C3): along the split direction ((1−λ)η, −λη) on (u_a, u_b), the loss's
    // second derivative is λ(1−λ)·ηᵀBη at any point (critical or not). Central second differences with t = 1e-3 carry
    // an O(t²) truncation (about 1e-6 relative here) and rounding of about ε·E/t² ≈ 1e-10: a relative tolerance of 1e-4.
    [TestCase(1, 0, 0.25)]
    [TestCase(1, 1, -0.5)]
    [TestCase(2, 0, 1.5)]
    public void BIsTheSecondDerivativeAlongTheSplitDirection(int layer, int unit, double lambda)
    {
        var instance = SigmoidInstance();
        var passes = new NetworkCalculus<double, DoubleOps>(instance).Passes(instance.WeightsDouble());
        var (b, _) = NeuronSplit.Matrices<double, DoubleOps>(passes, layer, unit);
        var big = NeuronSplit.Split(instance, layer, unit, Rational.FromDouble(lambda));
        var c = NeuronSplit.Coordinates(instance.Network, layer, unit);
        var eta = Enumerable.Range(0, c.IncomingA.Length).Select(i => 0.3 + (0.4 * i)).ToArray();
        var gamma = big.WeightsDouble();
        var calculus = new NetworkCalculus<double, DoubleOps>(big);
        double E(double t)
        {
            var p = (double[])gamma.Clone();
            for (int i = 0; i < eta.Length; i++)
            {
                p[c.IncomingA[i]] += (1 - lambda) * t * eta[i];
                p[c.IncomingB[i]] -= lambda * t * eta[i];
            }

            return calculus.Loss(p);
        }

        const double T = 1e-3;
        double second = (E(T) + E(-T) - (2 * E(0))) / (T * T);
        double expected = 0;
        for (int i = 0; i < eta.Length; i++)
        {
            for (int j = 0; j < eta.Length; j++)
            {
                expected += lambda * (1 - lambda) * eta[i] * b[i, j] * eta[j];
            }
        }

        Assert.That(second, Is.EqualTo(expected).Within(1e-4 * Math.Abs(expected) + 1e-9));
    }

    [Test]
    public void TheOutputLayerAndAnOutOfRangeUnitAreRefused()
    {
        var net = SigmoidInstance().Network;
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronSplit.CheckUnit(net, 3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronSplit.CheckUnit(net, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronSplit.CheckUnit(net, 1, 3));
    }

    // A 2-3-2-2 sigmoid network with vector output at a non-critical point.
    private static Instance SigmoidInstance()
    {
        var net = new NetworkSpec([2, 3, 2, 2], Activation.Sigmoid);
        var theta = Enumerable.Range(0, net.ParameterCount).Select(k => new Rational(((k * 7) % 11) - 5, 4)).ToArray();
        var data = new Dataset(4, 2, 2, [1, 0, 0, 1, -1, 2, new Rational(1, 2), -1], [1, 0, 0, 1, 1, 1, -1, 0]);
        return new Instance("split-test", net, LossKind.Mse, data, theta);
    }
}
