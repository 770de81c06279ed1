using System.Numerics;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// Exact outputs and squared loss of a piecewise-linear network (linear or ReLU layers) by integer arithmetic: each
/// layer's activations are integer numerators over one common denominator, each layer's weights and biases are scaled
/// to integers by the least common multiple of their denominators, so a pre-activation is an integer dot product with
/// no gcd, and ReLU acts on the numerators' signs. Rationals are built once per output. The same values as
/// <see cref="NetworkCalculus{T, TOps}"/> over <see cref="Rational"/> (a test holds them equal), several times faster on
/// data with long decimals and weights from float64 (dyadic), where every exact product would otherwise reduce a fraction.
/// </summary>
public static class IntegerForwardPass
{
    /// <summary>The network's outputs on every sample, sample-major (output j of sample t at t·n_out + j), exactly.</summary>
    /// <exception cref="ArgumentException">The network is not piecewise linear, or θ has the wrong length.</exception>
    public static Rational[] Outputs(Instance instance, IReadOnlyList<Rational> theta)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(theta);
        var net = instance.Network;
        if (!net.IsPiecewiseLinear)
        {
            throw new ArgumentException("The integer forward pass needs linear or ReLU layers.", nameof(instance));
        }

        if (theta.Count != net.ParameterCount)
        {
            throw new ArgumentException($"θ has {theta.Count} entries; the network has {net.ParameterCount} parameters.", nameof(theta));
        }

        int m = instance.Data.Count;
        int width = net.InputWidth;
        var x = instance.Data.XExact;
        var denominator = Lcm(x);
        var a = new BigInteger[m * width];
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = x[k].Numerator * (denominator / x[k].Denominator);
        }

        for (int layer = 1; layer <= net.Depth; layer++)
        {
            int outWidth = net.Layers[layer];
            int w0 = net.WeightOffset(layer), count = outWidth * width;
            var parameters = Enumerable.Range(w0, count + (net.Bias ? outWidth : 0)).Select(k => theta[k]).ToArray();
            var scale = Lcm(parameters);
            var w = parameters.Select(r => r.Numerator * (scale / r.Denominator)).ToArray();
            var z = new BigInteger[m * outWidth];
            bool relu = net.ActivationOf(layer) == Activation.Relu;
            for (int t = 0; t < m; t++)
            {
                for (int i = 0; i < outWidth; i++)
                {
                    var sum = net.Bias ? w[count + i] * denominator : BigInteger.Zero;
                    for (int k = 0; k < width; k++)
                    {
                        var input = a[(t * width) + k];
                        var weight = w[(i * width) + k];
                        if (!input.IsZero && !weight.IsZero)
                        {
                            sum += input * weight;
                        }
                    }

                    z[(t * outWidth) + i] = relu && sum.Sign < 0 ? BigInteger.Zero : sum;
                }
            }

            a = z;
            width = outWidth;
            denominator *= scale;
        }

        return [.. a.Select(v => new Rational(v, denominator))];
    }

    /// <summary>The loss of the outputs exactly: (s/2)·Σ (N − y)², s the loss's scale (1 for sse, 1/N for mse).</summary>
    /// <exception cref="ArgumentException">The loss is not a squared loss.</exception>
    public static Rational SquaredLoss(Instance instance, IReadOnlyList<Rational> outputs)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(outputs);
        if (instance.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            throw new ArgumentException("SquaredLoss needs the mse or sse loss.", nameof(instance));
        }

        var y = instance.Data.YExact;
        var sum = Rational.Zero;
        for (int k = 0; k < outputs.Count; k++)
        {
            var r = outputs[k] - y[k];
            sum += r * r;
        }

        return LossScale.Of(instance.Loss, instance.Data.Count) * sum / 2;
    }

    /// <summary>The least common multiple of the values' denominators (1 for none).</summary>
    internal static BigInteger Lcm(IEnumerable<Rational> values)
    {
        var lcm = BigInteger.One;
        foreach (var r in values)
        {
            var d = r.Denominator;
            if (!d.IsOne && !(lcm % d).IsZero)
            {
                lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, d) * d;
            }
        }

        return lcm;
    }
}
