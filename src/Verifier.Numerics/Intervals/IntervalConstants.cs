using System.Numerics;
using Verifier.Symbolic;

namespace Verifier.Numerics.Intervals;

/// <summary>
/// The constants of the elementary functions, derived at type initialisation from exact rational series
/// with exact remainder bounds (so no decimal constant can be mistyped).
/// </summary>
internal static class IntervalConstants
{
    /// <summary>Terms of the series for ln 2; the remainder is below 4·10⁻⁴² (see <see cref="Ln2Bounds"/>).</summary>
    private const int Ln2Terms = 41;

    static IntervalConstants()
    {
        var (lower, upper) = Ln2Bounds();
        Ln2Lower = lower;
        Ln2Upper = upper;
        Ln2 = new Interval(Interval.FromRational(lower).Lo, Interval.FromRational(upper).Hi);

        // C1: ln 2 truncated to 32 fractional bits, so k·C1 is exact for |k| < 2^21.
        var c1 = new Rational(BigInteger.Divide(lower.Numerator << 32, lower.Denominator), BigInteger.One << 32);
        Ln2C1 = c1.ToDouble();
        if (Rational.FromDouble(Ln2C1) != c1)
        {
            throw new InvalidOperationException("Internal error: the leading part of ln 2 is not a double.");
        }

        // C2: the next 53 bits (rounded down); C3: an interval holding the rest, ln 2 − C1 − C2.
        Ln2C2 = Interval.FromRational(lower - c1).Lo;
        var c12 = c1 + Rational.FromDouble(Ln2C2);
        Ln2C3 = new Interval(Interval.FromRational(lower - c12).Lo, Interval.FromRational(upper - c12).Hi);

        InverseFactorials = new Interval[MaxFactorial + 1];
        var factorial = BigInteger.One;
        for (int j = 0; j <= MaxFactorial; j++)
        {
            if (j > 0)
            {
                factorial *= j;
            }

            InverseFactorials[j] = Interval.FromRational(new Rational(BigInteger.One, factorial));
        }

        (PiLower, PiUpper) = PiBounds();
        Pi = new Interval(Interval.FromRational(PiLower).Lo, Interval.FromRational(PiUpper).Hi);

        // π/2 = HalfPiC1 + (an element of HalfPiC2): C1 has 32 fractional bits, so k·C1 is exact for |k| < 2^21.
        var halfLower = PiLower / 2;
        var halfC1 = new Rational(BigInteger.Divide(halfLower.Numerator << 32, halfLower.Denominator), BigInteger.One << 32);
        HalfPiC1 = halfC1.ToDouble();
        if (Rational.FromDouble(HalfPiC1) != halfC1)
        {
            throw new InvalidOperationException("Internal error: the leading part of π/2 is not a double.");
        }

        HalfPiC2 = new Interval(Interval.FromRational(halfLower - halfC1).Lo, Interval.FromRational((PiUpper / 2) - halfC1).Hi);

        InverseOdd = new Interval[MaxOdd + 1];
        for (int j = 0; j <= MaxOdd; j++)
        {
            InverseOdd[j] = Interval.FromRational(new Rational(1, 2 * j + 1));
        }
    }

    /// <summary>The largest j with 1/j! in <see cref="InverseFactorials"/>.</summary>
    public const int MaxFactorial = 30;

    /// <summary>The largest j with 1/(2j+1) in <see cref="InverseOdd"/>.</summary>
    public const int MaxOdd = 30;

    /// <summary>A rational below ln 2 (within 4·10⁻⁴²).</summary>
    public static Rational Ln2Lower { get; }

    /// <summary>A rational above ln 2 (within 4·10⁻⁴²).</summary>
    public static Rational Ln2Upper { get; }

    /// <summary>A rational below π (within 10⁻⁴⁰; see <see cref="PiBounds"/>).</summary>
    public static Rational PiLower { get; }

    /// <summary>A rational above π (within 10⁻⁴⁰).</summary>
    public static Rational PiUpper { get; }

    /// <summary>π/2 truncated to 32 fractional bits (a double with at most 33 significant bits).</summary>
    public static double HalfPiC1 { get; }

    /// <summary>An interval containing π/2 − <see cref="HalfPiC1"/>.</summary>
    public static Interval HalfPiC2 { get; }

    /// <summary>The two doubles around π.</summary>
    public static Interval Pi { get; }

    /// <summary>The two doubles around ln 2.</summary>
    public static Interval Ln2 { get; }

    /// <summary>ln 2 to 32 fractional bits (a double with at most 32 significant bits).</summary>
    public static double Ln2C1 { get; }

    /// <summary>The next 53 bits of ln 2: ln 2 − C1 rounded down.</summary>
    public static double Ln2C2 { get; }

    /// <summary>An interval containing ln 2 − C1 − C2 (of size about 2⁻⁸⁶).</summary>
    public static Interval Ln2C3 { get; }

    /// <summary>Enclosures of 1/j! for j = 0 … <see cref="MaxFactorial"/>.</summary>
    public static Interval[] InverseFactorials { get; }

    /// <summary>Enclosures of 1/(2j+1) for j = 0 … <see cref="MaxOdd"/>.</summary>
    public static Interval[] InverseOdd { get; }

    /// <summary>
    /// π = 16·atan(1/5) − 4·atan(1/239) (Machin). For 0 &lt; x &lt; 1 the series atan x = Σ_{j≥0} (−1)ʲ x^{2j+1}/(2j+1)
    /// alternates with terms decreasing to 0, so consecutive partial sums bracket atan x: with
    /// <see cref="AtanTerms"/> terms (an odd count, whose last term is added) the partial sum is above and the sum with
    /// one more term below. Then π ∈ [16·atan₅↓ − 4·atan₂₃₉↑, 16·atan₅↑ − 4·atan₂₃₉↓]; the width is below
    /// 20·5^−(2n+1) &lt; 10⁻⁴⁰ for n = <see cref="AtanTerms"/>.
    /// </summary>
    internal static (Rational Lower, Rational Upper) PiBounds()
    {
        var (a5Low, a5High) = AtanBounds(new Rational(1, 5));
        var (a239Low, a239High) = AtanBounds(new Rational(1, 239));
        return ((16 * a5Low) - (4 * a239High), (16 * a5High) - (4 * a239Low));
    }

    // Terms of the arctangent series (odd, so that the partial sum ends on a positive term and is an upper bound).
    private const int AtanTerms = 31;

    // Bounds on atan x for 0 < x < 1 from two consecutive partial sums of the alternating series.
    private static (Rational Lower, Rational Upper) AtanBounds(Rational x)
    {
        var sum = Rational.Zero;
        var power = x;
        var x2 = x * x;
        for (int j = 0; j < AtanTerms; j++)
        {
            var term = power / ((2 * j) + 1);
            sum = j % 2 == 0 ? sum + term : sum - term;
            power *= x2;
        }

        var next = sum - (power / ((2 * AtanTerms) + 1));
        return (next, sum);
    }

    /// <summary>
    /// ln 2 = 2·atanh(1/3) = 2·Σ_{j≥0} 3^−(2j+1)/(2j+1). Every term is positive, so the partial sum S up to
    /// j = n is a lower bound, and the tail is below 3^−(2n+3)/(2n+3)·Σ_{i≥0} 9^−i = (9/8)·3^−(2n+3)/(2n+3).
    /// </summary>
    internal static (Rational Lower, Rational Upper) Ln2Bounds()
    {
        var sum = Rational.Zero;
        for (int j = 0; j < Ln2Terms; j++)
        {
            sum += new Rational(BigInteger.One, (2 * j + 1) * BigInteger.Pow(3, 2 * j + 1));
        }

        int n = Ln2Terms - 1;
        var tail = new Rational(9, 8) * new Rational(BigInteger.One, (2 * n + 3) * BigInteger.Pow(3, 2 * n + 3));
        return (2 * sum, 2 * (sum + tail));
    }
}
