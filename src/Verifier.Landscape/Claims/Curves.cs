using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>What the loss does along a line θ + t·d near t = 0, from the exact polynomial φ(t) = L(θ + t·d) − L(θ).</summary>
/// <param name="Direction">The direction d.</param>
/// <param name="Order">The order k of the lowest non-zero term cₖtᵏ of φ, or −1 when φ ≡ 0.</param>
/// <param name="LeadingCoefficient">cₖ (zero when φ ≡ 0).</param>
/// <param name="Coefficients">All coefficients c₀ … c_d of φ.</param>
public sealed record LineBehaviour(Rational[] Direction, int Order, Rational LeadingCoefficient, Rational[] Coefficients)
{
    /// <summary>True when the loss falls for small t of some sign (odd order, or even order with cₖ &lt; 0).</summary>
    public bool Decreases => Order > 0 && (Order % 2 == 1 || LeadingCoefficient.Sign < 0);

    /// <summary>True when the loss rises for small t of some sign (odd order, or even order with cₖ &gt; 0).</summary>
    public bool Increases => Order > 0 && (Order % 2 == 1 || LeadingCoefficient.Sign > 0);

    /// <summary>A small rational t at which φ(t) has the sign <paramref name="sign"/>: a witness that can be re-checked by evaluating L.</summary>
    public Rational WitnessStep(int sign)
    {
        // φ(t) = cₖtᵏ(1 + O(t)); shrink t until the sign of φ(t) is the sign of the leading term.
        Rational leadingSign = LeadingCoefficient.Sign;
        Rational t = sign * leadingSign;
        if (Order % 2 == 0)
        {
            t = Rational.One;
        }

        for (int i = 0; i < 200; i++)
        {
            if (ExactPolynomial.Evaluate(Coefficients, t).Sign == sign)
            {
                return t;
            }

            t /= 2;
        }

        throw new InvalidOperationException("No witness step found (the leading term should dominate for small t).");
    }
}

/// <summary>Exact curve arguments for linear and ReLU networks: lines through the point and rescaling orbits.</summary>
public static class Curves
{
    /// <summary>The scale c of the moved point θ(c) reported for a rescaling orbit (any c ≠ 1 would do; 2 keeps numbers short).</summary>
    public const int RescalingWitnessScale = 2;

    /// <summary>The behaviour of the loss along θ + t·d (linear networks: the loss is a polynomial in t).</summary>
    public static LineBehaviour AlongLine(ExactPointAnalysis point, Rational[] direction)
    {
        ArgumentNullException.ThrowIfNull(point);
        var c = point.LossAlongLine(direction);
        int k = ExactPolynomial.LowestNonZero(c, from: 1);
        return new LineBehaviour(direction, k, k < 0 ? Rational.Zero : c[k], c);
    }

    /// <summary>
    /// Candidate directions: every coordinate vector, then <paramref name="randomCount"/> directions with integer
    /// entries in [−3, 3] drawn from <paramref name="seed"/> (reported in the evidence so the search can be replayed).
    /// </summary>
    public static IEnumerable<Rational[]> CandidateDirections(int parameterCount, int seed, int randomCount)
    {
        for (int i = 0; i < parameterCount; i++)
        {
            var d = new Rational[parameterCount];
            d[i] = Rational.One;
            yield return d;
        }

        var rng = new Random(seed);
        for (int r = 0; r < randomCount; r++)
        {
            var d = new Rational[parameterCount];
            for (int i = 0; i < parameterCount; i++)
            {
                d[i] = rng.Next(-3, 4);
            }

            yield return d;
        }
    }

    /// <summary>
    /// A curve of constant loss through θ, if the network has one that moves θ: scale hidden layer l's weights and
    /// biases by c &gt; 0 and the next layer's weights by 1/c (linear and ReLU units are positively homogeneous).
    /// Returns θ(c) for c = <see cref="RescalingWitnessScale"/>, checked exactly to have the same loss and to differ from θ; null when no layer works.
    /// </summary>
    public static (int Layer, Rational[] Moved)? ConstantLossRescaling(ExactPointAnalysis point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var net = point.Instance.Network;
        if (net.Activation is not (Activation.Linear or Activation.Relu))
        {
            return null;
        }

        for (int l = 1; l < net.Depth; l++)
        {
            var moved = Rescale(net, point.Theta, l, RescalingWitnessScale);
            if (!moved.SequenceEqual(point.Theta) && point.Calculus.Loss(moved) == point.Loss
                && point.Calculus.Loss(Rescale(net, point.Theta, l, new Rational(1, RescalingWitnessScale))) == point.Loss)
            {
                return (l, moved);
            }
        }

        return null;
    }

    /// <summary>θ with layer l's W and b multiplied by c and layer l+1's W divided by c.</summary>
    public static Rational[] Rescale(NetworkSpec net, IReadOnlyList<Rational> theta, int layer, Rational c)
    {
        ArgumentNullException.ThrowIfNull(net);
        var moved = theta.ToArray();
        int w0 = net.WeightOffset(layer);
        int count = net.Layers[layer] * net.Layers[layer - 1] + (net.Bias ? net.Layers[layer] : 0);
        for (int k = w0; k < w0 + count; k++)
        {
            moved[k] *= c;
        }

        int next = net.WeightOffset(layer + 1);
        for (int k = next; k < next + net.Layers[layer + 1] * net.Layers[layer]; k++)
        {
            moved[k] /= c;
        }

        return moved;
    }
}
