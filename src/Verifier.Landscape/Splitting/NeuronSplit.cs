using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Splitting;

/// <summary>Where a split neuron's copies sit in the larger network's parameter vector.</summary>
/// <param name="IncomingA">Copy a's incoming weights u_a (then its bias, when the network has biases): the flat indices.</param>
/// <param name="IncomingB">Copy b's incoming weights u_b, in the same order.</param>
/// <param name="OutgoingA">Copy a's outgoing weights λ·v_k, k = 0 … n_{l+1} − 1.</param>
/// <param name="OutgoingB">Copy b's outgoing weights (1 − λ)·v_k.</param>
public sealed record SplitCoordinates(int[] IncomingA, int[] IncomingB, int[] OutgoingA, int[] OutgoingB);

/// <summary>
/// Neuron splitting (Fukumizu–Amari, as used by Petzka &amp; Sminchisescu; papers.md §2.3): unit r of hidden layer l is
/// duplicated into copies a (at index r) and b (at index r + 1) with the same incoming weights u and outgoing weights
/// λ·v and (1 − λ)·v. The larger network computes the same function for every λ (C1). Layers are numbered from 1 for
/// the first hidden layer (as kinks are reported), units from 0.
/// </summary>
public static class NeuronSplit
{
    /// <summary>Checks that (layer, unit) names a hidden unit of the network; the message says what is wrong.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The layer is not hidden or the unit is out of range.</exception>
    public static void CheckUnit(NetworkSpec network, int layer, int unit)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (layer < 1 || layer >= network.Depth)
        {
            throw new ArgumentOutOfRangeException(
                nameof(layer), layer,
                network.Depth == 1
                    ? "the network has no hidden layer to split"
                    : $"layer {layer} is not a hidden layer: the hidden layers are 1 … {network.Depth - 1} (layer {network.Depth} is the output)");
        }

        if (unit < 0 || unit >= network.Layers[layer])
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, $"unit {unit} is out of range: hidden layer {layer} has units 0 … {network.Layers[layer] - 1}");
        }
    }

    /// <summary>The larger architecture: hidden layer <paramref name="layer"/> one unit wider.</summary>
    public static NetworkSpec Widened(NetworkSpec network, int layer)
    {
        ArgumentNullException.ThrowIfNull(network);
        var widths = network.Layers.ToArray();
        widths[layer]++;
        return new NetworkSpec(widths, network.Activation, network.Output, network.Bias);
    }

    /// <summary>γ_λ: the instance's point split at (layer, unit) with outgoing shares λ and 1 − λ, exactly.</summary>
    /// <param name="instance">The smaller network at θ* (its weights are required).</param>
    /// <param name="layer">The hidden layer (1-based).</param>
    /// <param name="unit">The unit (0-based).</param>
    /// <param name="lambda">λ, any rational (negative and beyond 1 included).</param>
    public static Instance Split(Instance instance, int layer, int unit, Rational lambda)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var theta = instance.Weights ?? throw new ArgumentException("The instance has no weights: there is no point to split.", nameof(instance));
        return new Instance(instance.Name + $"-split-l{layer}-u{unit}", Widened(instance.Network, layer), instance.Loss, instance.Data, Split(instance.Network, theta, layer, unit, lambda));
    }

    /// <summary>The split point γ_λ as a flat parameter vector of <see cref="Widened"/>.</summary>
    public static Rational[] Split(NetworkSpec network, IReadOnlyList<Rational> theta, int layer, int unit, Rational lambda) =>
        Split(network, theta, layer, unit, w => lambda * w, w => (Rational.One - lambda) * w);

    /// <summary>
    /// The image of a box of the smaller network's parameters under the split map: each coordinate's interval copied
    /// to its place (both copies of u get u's interval), the outgoing weights multiplied by [λ] and [1 − λ]. It
    /// encloses γ_λ(θ) for every θ in the box.
    /// </summary>
    public static Interval[] SplitBox(NetworkSpec network, IReadOnlyList<Interval> box, int layer, int unit, Rational lambda)
    {
        var l = Interval.FromRational(lambda);
        var rest = Interval.FromRational(Rational.One - lambda);
        return Split(network, box, layer, unit, w => l * w, w => rest * w);
    }

    private static T[] Split<T>(NetworkSpec network, IReadOnlyList<T> theta, int layer, int unit, Func<T, T> shareA, Func<T, T> shareB)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(theta);
        CheckUnit(network, layer, unit);
        if (theta.Count != network.ParameterCount)
        {
            throw new ArgumentException($"The point has {theta.Count} entries; the network has {network.ParameterCount} parameters.", nameof(theta));
        }

        var big = Widened(network, layer);
        var result = new T[big.ParameterCount];
        for (int m = 1; m <= network.Depth; m++)
        {
            int cols = network.Layers[m - 1];
            int bigRows = big.Layers[m], bigCols = big.Layers[m - 1];
            for (int i = 0; i < bigRows; i++)
            {
                // Layer l gains row r + 1 (a copy of row r); layer l + 1 gains column r + 1.
                int si = m == layer && i > unit ? i - 1 : i;
                for (int j = 0; j < bigCols; j++)
                {
                    int sj = m == layer + 1 && j > unit ? j - 1 : j;
                    var w = theta[network.WeightOffset(m) + (si * cols) + sj];
                    result[big.WeightOffset(m) + (i * bigCols) + j] = m != layer + 1 ? w : j == unit ? shareA(w) : j == unit + 1 ? shareB(w) : w;
                }

                if (network.Bias)
                {
                    result[big.BiasOffset(m) + i] = theta[network.BiasOffset(m) + si];
                }
            }
        }

        return result;
    }

    /// <summary>The flat indices of the copies' parameters in <see cref="Widened"/>.</summary>
    public static SplitCoordinates Coordinates(NetworkSpec network, int layer, int unit)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckUnit(network, layer, unit);
        var big = Widened(network, layer);
        return new SplitCoordinates(Incoming(big, layer, unit), Incoming(big, layer, unit + 1), Outgoing(big, layer, unit), Outgoing(big, layer, unit + 1));
    }

    /// <summary>The flat indices of a unit's incoming weights, then its bias (the augmented input õ = (o, 1)).</summary>
    public static int[] Incoming(NetworkSpec network, int layer, int unit)
    {
        ArgumentNullException.ThrowIfNull(network);
        int cols = network.Layers[layer - 1];
        var idx = Enumerable.Range(network.WeightOffset(layer) + (unit * cols), cols);
        return network.Bias ? [.. idx, network.BiasOffset(layer) + unit] : [.. idx];
    }

    /// <summary>The flat indices of a hidden unit's outgoing weights W_{l+1}[k, unit], k = 0 … n_{l+1} − 1.</summary>
    public static int[] Outgoing(NetworkSpec network, int layer, int unit)
    {
        ArgumentNullException.ThrowIfNull(network);
        int cols = network.Layers[layer];
        return [.. Enumerable.Range(0, network.Layers[layer + 1]).Select(k => network.WeightOffset(layer + 1) + (k * cols) + unit)];
    }

    /// <summary>κ(λ) = λ(1 − λ)/((1 − λ)² + λ²): the factor of B on the unit-normalised split subspace S.</summary>
    public static Rational Kappa(Rational lambda)
    {
        var one = Rational.One - lambda;
        return lambda * one / ((one * one) + (lambda * lambda));
    }

    /// <summary>
    /// B = Σ_α (Σ_k δ^{l+1}_k(α)·v_k)·φ″(u·õ_α)·õ_α·õ_αᵀ and M = Σ_α δ^{l+1}(α)·φ′(u·õ_α)·õ_αᵀ of the unit (papers.md
    /// §2.3, C3), from the passes of the smaller network: exact, float or enclosed according to <typeparamref name="T"/>.
    /// B is (n_{l−1} + 1)² with biases (n_{l−1}² without), M is n_{l+1} × (n_{l−1} + 1). δ carries the loss's scale.
    /// </summary>
    public static (T[,] B, T[,] M) Matrices<T, TOps>(NetworkPasses<T> passes, int layer, int unit)
        where TOps : IScalarOps<T>
    {
        ArgumentNullException.ThrowIfNull(passes);
        var net = passes.Network;
        CheckUnit(net, layer, unit);
        int n = passes.SampleCount, width = net.Layers[layer], inputs = net.Layers[layer - 1], next = net.Layers[layer + 1];
        int dim = inputs + (net.Bias ? 1 : 0);
        var b = new T[dim, dim];
        var m = new T[next, dim];
        for (int i = 0; i < dim; i++)
        {
            for (int j = 0; j < dim; j++)
            {
                b[i, j] = TOps.Zero;
            }

            for (int k = 0; k < next; k++)
            {
                m[k, i] = TOps.Zero;
            }
        }

        var prev = passes.Activations(layer - 1);
        var d1 = passes.FirstDerivatives(layer);
        var d2 = passes.SecondDerivatives(layer);
        var delta = passes.Deltas(layer + 1);
        var w = passes.Weights(layer + 1);
        var o = new T[dim];
        for (int a = 0; a < n; a++)
        {
            for (int i = 0; i < inputs; i++)
            {
                o[i] = prev[(a * inputs) + i];
            }

            if (net.Bias)
            {
                o[inputs] = TOps.FromRational(Rational.One);
            }

            var g = TOps.Zero;
            for (int k = 0; k < next; k++)
            {
                g = TOps.Add(g, TOps.Multiply(delta[(a * next) + k], w[(k * width) + unit]));
            }

            var curvature = TOps.Multiply(g, d2[(a * width) + unit]);
            for (int i = 0; i < dim; i++)
            {
                var ci = TOps.Multiply(curvature, o[i]);
                for (int j = 0; j < dim; j++)
                {
                    b[i, j] = TOps.Add(b[i, j], TOps.Multiply(ci, o[j]));
                }

                for (int k = 0; k < next; k++)
                {
                    m[k, i] = TOps.Add(m[k, i], TOps.Multiply(TOps.Multiply(delta[(a * next) + k], d1[(a * width) + unit]), o[i]));
                }
            }
        }

        return (b, m);
    }

    /// <summary>
    /// The unit split directions at γ_λ: for each coordinate e_i of the unit's augmented input, the vector with
    /// (1 − λ)·e_i on u_a and −λ·e_i on u_b, divided by √((1 − λ)² + λ²) (the columns of S; papers.md §2.3).
    /// </summary>
    public static double[][] SplitDirections(NetworkSpec network, int layer, int unit, double lambda)
    {
        var c = Coordinates(network, layer, unit);
        int p = Widened(network, layer).ParameterCount;
        double norm = Math.Sqrt(((1 - lambda) * (1 - lambda)) + (lambda * lambda));
        var result = new double[c.IncomingA.Length][];
        for (int i = 0; i < result.Length; i++)
        {
            var d = new double[p];
            d[c.IncomingA[i]] = (1 - lambda) / norm;
            d[c.IncomingB[i]] = -lambda / norm;
            result[i] = d;
        }

        return result;
    }

    /// <summary>The line direction (δv_a, δv_b) = (v, −v): the exact null direction at a critical γ_λ (v from the smaller network).</summary>
    public static double[] LineDirection(NetworkSpec network, IReadOnlyList<double> smallTheta, int layer, int unit)
    {
        ArgumentNullException.ThrowIfNull(smallTheta);
        var c = Coordinates(network, layer, unit);
        var v = Outgoing(network, layer, unit).Select(i => smallTheta[i]).ToArray();
        var d = new double[Widened(network, layer).ParameterCount];
        for (int k = 0; k < v.Length; k++)
        {
            d[c.OutgoingA[k]] = v[k];
            d[c.OutgoingB[k]] = -v[k];
        }

        return d;
    }
}
