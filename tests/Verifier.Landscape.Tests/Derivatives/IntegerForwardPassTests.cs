using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// The integer forward pass against the exact rational one (<see cref="NetworkCalculus{T, TOps}"/> over
/// <see cref="Rational"/>): the same outputs and the same loss, exactly, on random piecewise-linear networks of every
/// depth, with and without biases, with decimal data and weights that are decimals, dyadic float64 values or fractions
/// with unrelated denominators.
/// </summary>
public class IntegerForwardPassTests
{
    [Test]
    public void TheOutputsAndLossEqualTheRationalForwardPass([Values(1, 2, 3, 4, 5, 6)] int seed)
    {
        var rng = new Random(seed);
        int[][] shapes = [[3, 1], [2, 4, 1], [3, 4, 3, 2], [2, 3, 2, 3, 1]];
        foreach (var layers in shapes)
        {
            foreach (var activation in new[] { Activation.Relu, Activation.Linear })
            {
                var network = new NetworkSpec(layers, layers.Length == 2 ? Activation.Linear : activation, Activation.Linear, bias: rng.Next(2) == 0);
                var instance = RandomInstance.Mlp(network, rng.Next(3, 9), rng.Next(2) == 0 ? LossKind.Mse : LossKind.Sse, rng.Next());
                IReadOnlyList<Rational>[] points =
                [
                    instance.Weights!,
                    [.. instance.Weights!.Select(w => Rational.FromDouble(w.ToDouble() * 1.37))],
                    [.. instance.Weights!.Select(_ => new Rational(rng.Next(-40, 41), rng.Next(1, 30)))],
                ];
                var exact = new NetworkCalculus<Rational, RationalOps>(instance);
                foreach (var theta in points)
                {
                    var outputs = IntegerForwardPass.Outputs(instance, theta);
                    Assert.That(outputs, Is.EqualTo(exact.Outputs(theta)), $"seed {seed}, {string.Join('-', layers)} {network.Activation}");
                    Assert.That(IntegerForwardPass.SquaredLoss(instance, outputs), Is.EqualTo(exact.Loss(theta)));
                }
            }
        }
    }

    [Test]
    public void ASmoothNetworkIsRefused()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Sigmoid), 4, LossKind.Mse, 1);
        Assert.Throws<ArgumentException>(() => IntegerForwardPass.Outputs(instance, instance.Weights!));
    }
}
