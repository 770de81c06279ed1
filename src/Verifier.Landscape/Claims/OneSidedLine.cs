using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// The exact loss of a linear or ReLU network along a one-sided line θ + t·d, t &gt; 0 small, at any depth and at kinks.
/// Every pre-activation along the line is a polynomial in t (a layer's weights are linear in t and its inputs are
/// polynomials), and a ReLU of a polynomial is, for all t in some (0, ε), either the polynomial or 0, as the sign of its
/// lowest-order non-zero coefficient says. So φ(t) = L(θ + t·d) − L(θ) is one exact polynomial of degree at most
/// 2·depth on (0, ε); ε is bounded below by the least positive root bound of the ReLU inputs (for
/// p(t) = tᵏ(cₖ + cₖ₊₁t + …), no root lies in (0, |cₖ| / (|cₖ| + maxⱼ |cⱼ|))).
/// </summary>
public static class OneSidedLine
{
    /// <summary>The coefficients c₀ … c_D of φ and a bound ValidBelow &gt; 0 such that φ is exact on (0, ValidBelow) (null: on every t &gt; 0).</summary>
    /// <param name="instance">A linear or ReLU network with a squared loss and a point θ.</param>
    /// <param name="direction">d.</param>
    /// <exception cref="ArgumentException">The network is not piecewise linear, the loss is not squared, there is no point, or d has the wrong length.</exception>
    public static (Rational[] Coefficients, Rational? ValidBelow) Of(Instance instance, IReadOnlyList<Rational> direction)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(direction);
        var net = instance.Network;
        var theta = instance.Weights ?? throw new ArgumentException("The instance has no point.", nameof(instance));
        if (!net.IsPiecewiseLinear || instance.Loss is not (LossKind.Sse or LossKind.Mse) || direction.Count != theta.Count)
        {
            throw new ArgumentException("A one-sided line needs a linear or ReLU network, a squared loss and a direction of the point's length.", nameof(direction));
        }

        int n = instance.Data.Count, m = net.OutputWidth;
        Rational? validBelow = null;
        var sum = new Rational[1];
        for (int i = 0; i < n; i++)
        {
            var a = Enumerable.Range(0, net.InputWidth).Select(k => new[] { instance.Data.XExact[(i * net.InputWidth) + k] }).ToArray();
            for (int l = 1; l <= net.Depth; l++)
            {
                int nIn = net.Layers[l - 1], nOut = net.Layers[l];
                int w0 = net.WeightOffset(l), b0 = net.BiasOffset(l);
                var next = new Rational[nOut][];
                for (int r = 0; r < nOut; r++)
                {
                    Rational[] z = net.Bias ? [theta[b0 + r], direction[b0 + r]] : [Rational.Zero];
                    for (int c = 0; c < nIn; c++)
                    {
                        z = Add(z, Multiply([theta[w0 + (r * nIn) + c], direction[w0 + (r * nIn) + c]], a[c]));
                    }

                    if (net.ActivationOf(l) == Activation.Relu)
                    {
                        int k = ExactPolynomial.LowestNonZero(z);
                        if (k >= 0)
                        {
                            var tail = z.Skip(k + 1).Select(x => x.Abs()).DefaultIfEmpty(Rational.Zero).Max();
                            if (!tail.IsZero)
                            {
                                var bound = z[k].Abs() / (z[k].Abs() + tail);
                                validBelow = validBelow is { } v ? Rational.Min(v, bound) : bound;
                            }
                        }

                        next[r] = k >= 0 && z[k].Sign > 0 ? z : [Rational.Zero];
                    }
                    else
                    {
                        next[r] = z;
                    }
                }

                a = next;
            }

            for (int o = 0; o < m; o++)
            {
                var e = Add(a[o], [-instance.Data.YExact[(i * m) + o]]);
                sum = Add(sum, Multiply(e, e));
            }
        }

        var scale = LossScale.Of(instance.Loss, n) / 2;
        var phi = sum.Select(c => c * scale).ToArray();
        phi[0] = Rational.Zero;
        return (phi, validBelow);
    }

    /// <summary>
    /// A descent along d, when the lowest-order non-zero coefficient of φ is negative: the loss falls for every t in
    /// (0, ValidBelow); the step returned is such a t, and φ(step) is re-checked against the network's loss.
    /// </summary>
    /// <returns>The evidence item, or null when φ does not fall.</returns>
    /// <exception cref="InvalidOperationException">The polynomial disagrees with the loss at its step (a bug).</exception>
    public static EvidenceItem.OneSidedDescent? Descent(Instance instance, IReadOnlyList<Rational> direction, string how)
    {
        var (c, validBelow) = Of(instance, direction);
        int order = ExactPolynomial.LowestNonZero(c, from: 1);
        if (order < 0 || c[order].Sign >= 0)
        {
            return null;
        }

        // A step inside (0, validBelow) where φ < 0: the lowest-order term dominates for small t.
        Rational t = validBelow is { } v ? Rational.Min(Rational.One, v / 2) : Rational.One;
        for (int i = 0; i < 400 && ExactPolynomial.Evaluate(c, t).Sign >= 0; i++)
        {
            t /= 2;
        }

        var theta = instance.Weights!;
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var moved = theta.Select((x, k) => x + (t * direction[k])).ToArray();
        var drop = calculus.Loss(moved) - calculus.Loss(theta);
        if (drop != ExactPolynomial.Evaluate(c, t) || drop.Sign >= 0)
        {
            throw new InvalidOperationException("The one-sided line polynomial disagrees with the loss at its witness step (a bug).");
        }

        return new EvidenceItem.OneSidedDescent(how, [.. direction], order, c[order], c, validBelow, t);
    }

    private static Rational[] Add(Rational[] a, Rational[] b)
    {
        var r = new Rational[Math.Max(a.Length, b.Length)];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = (k < a.Length ? a[k] : Rational.Zero) + (k < b.Length ? b[k] : Rational.Zero);
        }

        return r;
    }

    private static Rational[] Multiply(Rational[] a, Rational[] b)
    {
        var r = new Rational[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i].IsZero)
            {
                continue;
            }

            for (int j = 0; j < b.Length; j++)
            {
                r[i + j] += a[i] * b[j];
            }
        }

        return r;
    }
}
