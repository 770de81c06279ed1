using Verifier.Symbolic;

namespace Verifier.Numerics.Budgets;

/// <summary>Sizes of exact numbers, in bits (numerator plus denominator), from which work budgets estimate costs.</summary>
public static class ExactSizes
{
    /// <summary>The bits of one rational: those of its numerator plus those of its denominator.</summary>
    public static long Bits(Rational r) => (long)r.Numerator.GetBitLength() + (long)r.Denominator.GetBitLength();

    /// <summary>The largest <see cref="Bits"/> among the values (0 for none).</summary>
    public static long MaxBits(IEnumerable<Rational> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        long bits = 0;
        foreach (var v in values)
        {
            bits = Math.Max(bits, Bits(v));
        }

        return bits;
    }

    /// <summary>The largest <see cref="Bits"/> among a matrix's entries (0 for an empty matrix).</summary>
    public static long MaxBits(Rational[,] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        long bits = 0;
        foreach (var v in m)
        {
            bits = Math.Max(bits, Bits(v));
        }

        return bits;
    }
}
