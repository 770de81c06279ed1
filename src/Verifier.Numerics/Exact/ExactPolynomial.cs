using Verifier.Symbolic;

namespace Verifier.Numerics.Exact;

/// <summary>Exact univariate polynomials over the rationals, as coefficient arrays c₀ … c_d (p(t) = Σ cₖ tᵏ).</summary>
public static partial class ExactPolynomial
{
    /// <summary>
    /// The unique polynomial of degree ≤ n through (k, values[k]) for k = 0 … n, by Newton's divided
    /// differences, converted to monomial coefficients. Exact.
    /// </summary>
    public static Rational[] InterpolateAtIntegers(IReadOnlyList<Rational> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count - 1;
        if (n < 0)
        {
            return [];
        }

        var divided = values.ToArray();
        for (int level = 1; level <= n; level++)
        {
            for (int i = n; i >= level; i--)
            {
                divided[i] = (divided[i] - divided[i - 1]) / level;
            }
        }

        // p(t) = d₀ + (t − 0)(d₁ + (t − 1)(d₂ + …)): Horner from the top.
        var coefficients = new Rational[n + 1];
        for (int k = n; k >= 0; k--)
        {
            for (int d = n; d >= 1; d--)
            {
                coefficients[d] = coefficients[d - 1] - coefficients[d] * k;
            }

            coefficients[0] = -coefficients[0] * k + divided[k];
        }

        return coefficients;
    }

    /// <summary>p(t), exactly.</summary>
    public static Rational Evaluate(IReadOnlyList<Rational> coefficients, Rational t)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        Rational sum = Rational.Zero;
        for (int k = coefficients.Count - 1; k >= 0; k--)
        {
            sum = sum * t + coefficients[k];
        }

        return sum;
    }

    /// <summary>The index of the lowest non-zero coefficient at or above <paramref name="from"/>, or −1 when there is none.</summary>
    public static int LowestNonZero(IReadOnlyList<Rational> coefficients, int from = 0)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        for (int k = from; k < coefficients.Count; k++)
        {
            if (!coefficients[k].IsZero)
            {
                return k;
            }
        }

        return -1;
    }
}
