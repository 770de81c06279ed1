using System.Globalization;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Instances;

/// <summary>Reproducible random instances: Gaussian inputs, a random teacher network's outputs plus noise as targets, and a random point θ.</summary>
/// <remarks>
/// Inputs are N(0, 1); weights are N(0, 1/fan-in) (biases N(0, 0.01)); targets are a teacher network of the
/// same architecture plus N(0, 0.01) noise. Every number is rounded to <see cref="SignificantDigits"/>
/// significant digits and the instance holds that decimal exactly, so the file written from it is the
/// instance. The same seed gives the same instance on every machine (System.Random with a seed is stable).
/// </remarks>
public static class RandomInstance
{
    /// <summary>Significant decimal digits of every generated number.</summary>
    public const int SignificantDigits = 9;

    /// <summary>Generates an instance with data and weights from <paramref name="seed"/>.</summary>
    public static Instance Mlp(NetworkSpec network, int samples, LossKind loss, int seed, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var rng = new Random(seed);
        var x = new Rational[samples * network.InputWidth];
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = Round(Gaussian(rng));
        }

        var teacher = RandomWeights(network, rng);
        var theta = RandomWeights(network, rng);
        var probe = new Dataset(samples, network.InputWidth, network.OutputWidth, x, new Rational[samples * network.OutputWidth]);
        var outputs = new NetworkCalculus<double, DoubleOps>(network, loss, probe).Outputs([.. teacher.Select(t => t.ToDouble())]);
        var y = new Rational[outputs.Length];
        for (int k = 0; k < y.Length; k++)
        {
            // The logistic loss takes labels: 1 where the noisy teacher's logit is positive, else 0.
            double noisy = outputs[k] + 0.1 * Gaussian(rng);
            y[k] = loss == LossKind.Logistic ? (noisy > 0 ? Rational.One : Rational.Zero) : Round(noisy);
        }

        var data = new Dataset(samples, network.InputWidth, network.OutputWidth, x, y);
        name ??= $"mlp-{string.Join('-', network.Layers)}-{Names.Of(network.Activation)}-n{samples}-seed{seed}";
        return new Instance(name, network, loss, data, theta);
    }

    /// <summary>A random point θ for the network (N(0, 1/fan-in) weights, N(0, 0.01) biases), rounded like the data.</summary>
    public static Rational[] RandomWeights(NetworkSpec network, Random rng)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(rng);
        var theta = new Rational[network.ParameterCount];
        for (int l = 1; l <= network.Depth; l++)
        {
            int nIn = network.Layers[l - 1], nOut = network.Layers[l];
            double sd = 1.0 / Math.Sqrt(nIn);
            int w0 = network.WeightOffset(l);
            for (int k = 0; k < nIn * nOut; k++)
            {
                theta[w0 + k] = Round(sd * Gaussian(rng));
            }

            if (network.Bias)
            {
                int b0 = network.BiasOffset(l);
                for (int r = 0; r < nOut; r++)
                {
                    theta[b0 + r] = Round(0.1 * Gaussian(rng));
                }
            }
        }

        return theta;
    }

    /// <summary>A standard normal variate by the Box–Muller transform.</summary>
    public static double Gaussian(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The exact decimal with <see cref="SignificantDigits"/> significant digits nearest to x.</summary>
    public static Rational Round(double x) =>
        Rational.Parse(x.ToString("G" + SignificantDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
}
