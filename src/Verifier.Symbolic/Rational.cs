using System.Globalization;
using System.Numerics;

namespace Verifier.Symbolic;

/// <summary>An exact rational number p/q over <see cref="BigInteger"/>, always in lowest terms with q &gt; 0.</summary>
/// <remarks>
/// Arithmetic never rounds and never overflows: numerators and denominators grow as needed.
/// Division by zero throws <see cref="DivideByZeroException"/>; conversions to fixed-size types
/// throw <see cref="OverflowException"/> rather than wrap or saturate.
/// </remarks>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>, IComparable
{
    // The default struct value must mean 0/1, so the denominator is stored minus one.
    private readonly BigInteger _denominatorMinusOne;

    /// <summary>The numerator p (carries the sign).</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator q, always positive.</summary>
    public BigInteger Denominator => _denominatorMinusOne + BigInteger.One;

    /// <summary>The rational number 0.</summary>
    public static Rational Zero => default;

    /// <summary>The rational number 1.</summary>
    public static Rational One { get; } = new(BigInteger.One);

    /// <summary>The rational number −1.</summary>
    public static Rational MinusOne { get; } = new(BigInteger.MinusOne);

    /// <summary>Creates the integer n as a rational number.</summary>
    public Rational(BigInteger n)
    {
        Numerator = n;
        _denominatorMinusOne = BigInteger.Zero;
    }

    /// <summary>Creates p/q, reduced to lowest terms with a positive denominator.</summary>
    /// <exception cref="DivideByZeroException">q is zero.</exception>
    public Rational(BigInteger p, BigInteger q)
    {
        if (q.IsZero)
        {
            throw new DivideByZeroException("A rational number cannot have denominator zero.");
        }

        if (q.Sign < 0)
        {
            p = -p;
            q = -q;
        }

        var g = BigInteger.GreatestCommonDivisor(p, q);
        if (!g.IsOne && !g.IsZero)
        {
            p /= g;
            q /= g;
        }

        if (p.IsZero)
        {
            q = BigInteger.One;
        }

        Numerator = p;
        _denominatorMinusOne = q - BigInteger.One;
    }

    /// <summary>The sign: −1, 0 or 1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>True when this is 0.</summary>
    public bool IsZero => Numerator.IsZero;

    /// <summary>True when this is 1.</summary>
    public bool IsOne => Numerator.IsOne && _denominatorMinusOne.IsZero;

    /// <summary>True when the denominator is 1.</summary>
    public bool IsInteger => _denominatorMinusOne.IsZero;

    /// <summary>The absolute value |p/q|.</summary>
    public Rational Abs() => Numerator.Sign < 0 ? -this : this;

    /// <summary>The reciprocal q/p.</summary>
    /// <exception cref="DivideByZeroException">This is zero.</exception>
    public Rational Reciprocal() => new(Denominator, Numerator);

    /// <summary>Raises to an integer power; negative exponents take the reciprocal first.</summary>
    /// <exception cref="DivideByZeroException">Zero raised to a negative power.</exception>
    public Rational Pow(int exponent)
    {
        if (exponent < 0)
        {
            return Reciprocal().Pow(checked(-exponent));
        }

        return FromReduced(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));
    }

    /// <summary>The largest integer not above this value.</summary>
    public BigInteger Floor() => BigInteger.Divide(Numerator - (Numerator.Sign < 0 ? Denominator - BigInteger.One : BigInteger.Zero), Denominator);

    /// <summary>The smaller of two rationals.</summary>
    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;

    /// <summary>The larger of two rationals.</summary>
    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    // p and q are already coprime with q > 0 (e.g. powers of a reduced fraction).
    private static Rational FromReduced(BigInteger p, BigInteger q) => new(p, q, reduced: true);

#pragma warning disable IDE0060 // the flag only selects the constructor
    private Rational(BigInteger p, BigInteger q, bool reduced)
#pragma warning restore IDE0060
    {
        Numerator = p;
        _denominatorMinusOne = q - BigInteger.One;
    }

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b)
    {
        if (a.IsInteger && b.IsInteger)
        {
            return new Rational(a.Numerator + b.Numerator);
        }

        return new Rational(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);
    }

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) => a + -b;

    /// <summary>Negation.</summary>
    public static Rational operator -(Rational a) => FromReduced(-a.Numerator, a.Denominator);

    /// <summary>Identity.</summary>
    public static Rational operator +(Rational a) => a;

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b)
    {
        if (a.IsZero || b.IsZero)
        {
            return Zero;
        }

        if (a.IsInteger && b.IsInteger)
        {
            return new Rational(a.Numerator * b.Numerator);
        }

        return new Rational(a.Numerator * b.Numerator, a.Denominator * b.Denominator);
    }

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException">b is zero.</exception>
    public static Rational operator /(Rational a, Rational b)
    {
        if (b.IsZero)
        {
            throw new DivideByZeroException("Division of a rational number by zero.");
        }

        return new Rational(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
    }

    /// <summary>Equality of values.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    /// <summary>Inequality of values.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    /// <summary>Strictly less.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    /// <summary>Strictly greater.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    /// <summary>Less or equal.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    /// <summary>Greater or equal.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>An integer as a rational.</summary>
    public static implicit operator Rational(int n) => new(new BigInteger(n));

    /// <summary>An integer as a rational.</summary>
    public static implicit operator Rational(long n) => new(new BigInteger(n));

    /// <summary>An integer as a rational.</summary>
    public static implicit operator Rational(BigInteger n) => new(n);

    /// <inheritdoc/>
    public bool Equals(Rational other) => Numerator == other.Numerator && _denominatorMinusOne == other._denominatorMinusOne;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Numerator, _denominatorMinusOne);

    /// <inheritdoc/>
    public int CompareTo(Rational other)
    {
        if (IsInteger && other.IsInteger)
        {
            return Numerator.CompareTo(other.Numerator);
        }

        return (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);
    }

    /// <inheritdoc/>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Rational r => CompareTo(r),
        _ => throw new ArgumentException("Can only compare a Rational with a Rational.", nameof(obj)),
    };

    /// <summary>Writes "p" for integers and "p/q" otherwise.</summary>
    public override string ToString() =>
        IsInteger ? Numerator.ToString(CultureInfo.InvariantCulture)
                  : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The exact decimal expansion when the denominator has no prime factors other than 2 and 5
    /// (e.g. "0.125"), otherwise null.
    /// </summary>
    public string? ToExactDecimalString()
    {
        var q = Denominator;
        int twos = 0, fives = 0;
        while (q.IsEven)
        {
            q >>= 1;
            twos++;
        }

        while ((q % 5).IsZero)
        {
            q /= 5;
            fives++;
        }

        if (!q.IsOne)
        {
            return null;
        }

        int digits = Math.Max(twos, fives);
        var scaled = BigInteger.Abs(Numerator) * BigInteger.Pow(10, digits) / Denominator;
        var text = scaled.ToString(CultureInfo.InvariantCulture);
        if (digits > 0)
        {
            text = text.PadLeft(digits + 1, '0');
            text = text[..^digits] + "." + text[^digits..];
        }

        return Numerator.Sign < 0 ? "-" + text : text;
    }

    /// <summary>Parses "p/q", an integer, or an exact decimal such as "-0.25" or "1.5e-3".</summary>
    /// <exception cref="FormatException">The text is none of these, or its exponent is beyond ±10000.</exception>
    /// <exception cref="DivideByZeroException">The denominator of "p/q" is zero.</exception>
    public static Rational Parse(string text)
    {
        if (TryParse(text, out var value, out var error))
        {
            return value;
        }

        if (error == ParseError.ZeroDenominator)
        {
            throw new DivideByZeroException($"'{text}' has denominator zero.");
        }

        throw new FormatException(error == ParseError.ExponentTooLarge
            ? $"'{text}' has an exponent beyond ±{MaxDecimalExponent}."
            : $"'{text}' is not a rational number (expected an integer, a decimal such as 0.25 or 1e-3, or \"p/q\").");
    }

    /// <summary>Parses like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, out Rational value) => TryParse(text, out value, out _);

    /// <summary>The largest decimal exponent accepted by <see cref="Parse"/> (bounds the size of the exact value).</summary>
    public const int MaxDecimalExponent = 10000;

    private enum ParseError
    {
        None,
        Syntax,
        ZeroDenominator,
        ExponentTooLarge,
    }

    private static bool TryParse(string? text, out Rational value, out ParseError error)
    {
        value = Zero;
        error = ParseError.Syntax;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (TryParsePlainDecimal(text, out value))
        {
            error = ParseError.None;
            return true;
        }

        var s = text.Trim();
        int slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!TryParseInteger(s[..slash].Trim(), out var p) || !TryParseInteger(s[(slash + 1)..].Trim(), out var q))
            {
                return false;
            }

            if (q.IsZero)
            {
                error = ParseError.ZeroDenominator;
                return false;
            }

            value = new Rational(p, q);
            error = ParseError.None;
            return true;
        }

        return TryParseDecimal(s, out value, out error);
    }

    private static bool TryParseInteger(string s, out BigInteger n)
    {
        n = BigInteger.Zero;
        if (s.Length == 0)
        {
            return false;
        }

        int start = s[0] is '+' or '-' ? 1 : 0;
        if (start == s.Length)
        {
            return false;
        }

        for (int i = start; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }

        n = BigInteger.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryParseDecimal(string s, out Rational value, out ParseError error)
    {
        value = Zero;
        error = ParseError.Syntax;
        int i = 0;
        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        var mantissa = new System.Text.StringBuilder();
        int fractionDigits = 0;
        bool seenPoint = false, seenDigit = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa.Append(c);
                seenDigit = true;
                if (seenPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (!seenDigit)
        {
            return false;
        }

        long exponent = 0;
        if (i < s.Length)
        {
            if (s[i] is not ('e' or 'E'))
            {
                return false;
            }

            i++;
            int expStart = i;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            if (i == s.Length)
            {
                return false;
            }

            for (int j = i; j < s.Length; j++)
            {
                if (!char.IsAsciiDigit(s[j]))
                {
                    return false;
                }
            }

            var expText = s[expStart..];
            if (!long.TryParse(expText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > MaxDecimalExponent)
            {
                error = ParseError.ExponentTooLarge;
                return false;
            }
        }

        long scale = exponent - fractionDigits;
        if (Math.Abs(scale) > 2 * MaxDecimalExponent)
        {
            error = ParseError.ExponentTooLarge;
            return false;
        }

        if (mantissa.Length <= 19 && scale is <= 0 and >= -19)
        {
            // Fast path (instance files are full of such numbers): p/10^s in 64-bit arithmetic, reduced by the
            // common factors of 2 and 5, the same lowest terms as the general path below.
            ulong p = 0;
            for (int d = 0; d < mantissa.Length; d++)
            {
                p = (p * 10) + (ulong)(mantissa[d] - '0');
            }

            value = FromDecimal(p, (int)-scale, negative);
            error = ParseError.None;
            return true;
        }

        var digits = BigInteger.Parse(mantissa.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            digits = -digits;
        }

        value = scale >= 0
            ? new Rational(digits * BigInteger.Pow(10, (int)scale))
            : new Rational(digits, BigInteger.Pow(10, (int)-scale));
        error = ParseError.None;
        return true;
    }

    // ±p/10^s with p, 10^s < 2^64, in lowest terms: gcd(p, 10^s) = 2^min(a, s)·5^min(b, s) where 2^a and 5^b are
    // the largest powers dividing p.
    private static Rational FromDecimal(ulong p, ulong q, int s, bool negative)
    {
        int s2 = p == 0 ? 0 : Math.Min(BitOperations.TrailingZeroCount(p), s);
        p >>= s2;
        q >>= s2;
        for (int fives = 0; fives < s && p != 0 && p % 5 == 0; fives++)
        {
            p /= 5;
            q /= 5;
        }

        var n = new BigInteger(p);
        return p == 0 ? Zero : FromReduced(negative ? -n : n, new BigInteger(q));
    }

    /// <summary>
    /// Parses UTF-8 text of the plain decimal form [-]digits[.digits] with at most 19 digits (the common form of
    /// instance files) without allocating, into its parts: the value is ±<paramref name="digits"/>/10^<paramref name="scale"/>
    /// (scale ≤ 19, digits &lt; 10¹⁹). False for any other text, which <see cref="Parse"/> handles.
    /// </summary>
    internal static bool TryParsePlainDecimal(ReadOnlySpan<byte> utf8, out ulong digits, out int scale, out bool negative) =>
        TryParsePlainDecimal<byte>(utf8, out digits, out scale, out negative);

    // The common form of instance files, [-]digits[.digits] with at most 19 digits and nothing else (no spaces,
    // sign '+', exponent or slash), parsed without allocating; anything else goes to the general parser.
    private static bool TryParsePlainDecimal(ReadOnlySpan<char> text, out Rational value)
    {
        value = Zero;
        if (!TryParsePlainDecimal<char>(text, out ulong digits, out int scale, out bool negative))
        {
            return false;
        }

        value = FromDecimal(digits, scale, negative);
        return true;
    }

    // The scanner of both, over UTF-16 or UTF-8 code units.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool TryParsePlainDecimal<T>(ReadOnlySpan<T> text, out ulong p, out int fraction, out bool negative)
        where T : unmanaged, IBinaryInteger<T>
    {
        p = 0;
        fraction = 0;
        int i = 0, n = text.Length;
        negative = n > 0 && uint.CreateTruncating(text[0]) == '-';
        if (negative)
        {
            i++;
        }

        int digits = 0;
        bool point = false;
        for (; i < n; i++)
        {
            uint c = uint.CreateTruncating(text[i]);
            if (c - '0' <= 9)
            {
                if (++digits > 19)
                {
                    return false;
                }

                p = (p * 10) + (c - '0');
                if (point)
                {
                    fraction++;
                }
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>±p/10^s (s ≤ 19) in lowest terms.</summary>
    internal static Rational FromDecimal(ulong p, int s, bool negative) => FromDecimal(p, PowersOfTen[s], s, negative);

    /// <summary>
    /// The double nearest to ±p/10^s (s ≤ 19, ties to even), as <see cref="ToDouble"/> gives it, without building the
    /// rational: one IEEE division when p and 10^s are exact doubles (p ≤ 2⁵³, s ≤ 15), else 128-bit arithmetic.
    /// </summary>
    internal static double DecimalToDouble(ulong p, int s, bool negative)
    {
        if (p == 0)
        {
            return 0.0;
        }

        ulong q = PowersOfTen[s];
        if (p <= 1UL << 53 && q <= 1UL << 53)
        {
            double exact = p / (double)q;
            return negative ? -exact : exact;
        }

        return ToDoubleSmall(p, q, negative);
    }

    // 10^0 … 10^19 (all below 2^64).
    private static readonly ulong[] PowersOfTen =
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];

    /// <summary>The exact value of a finite double (every double is a dyadic rational).</summary>
    /// <exception cref="ArgumentException">The double is NaN or infinite.</exception>
    public static Rational FromDouble(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentException($"{x} is not a finite number and has no rational value.", nameof(x));
        }

        if (x == 0)
        {
            return Zero;
        }

        long bits = BitConverter.DoubleToInt64Bits(x);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        var m = new BigInteger(negative ? -mantissa : mantissa);
        return exponent >= 0 ? new Rational(m << exponent) : new Rational(m, BigInteger.One << -exponent);
    }

    /// <summary>
    /// The double nearest to this value (ties to even), the one explicit boundary from the exact to
    /// the floating path.
    /// </summary>
    /// <exception cref="OverflowException">The value is beyond the double range (it would round to ±∞).</exception>
    public double ToDouble()
    {
        double result = Nearest();
        return double.IsInfinity(result) ? throw new OverflowException($"{this} is beyond the range of a double.") : result;
    }

    /// <summary>The double nearest to this value, or null when it is beyond the double range (it would round to ±∞).</summary>
    public double? ToDoubleOrNull()
    {
        double result = Nearest();
        return double.IsInfinity(result) ? null : result;
    }

    // The nearest double, ties to even; ±∞ beyond the range.
    private double Nearest()
    {
        if (IsZero)
        {
            return 0.0;
        }

        var p = BigInteger.Abs(Numerator);
        var q = Denominator;
        if (p.GetBitLength() <= 64 && q.GetBitLength() <= 64)
        {
            ulong pl = (ulong)p, ql = (ulong)q;
            if (pl <= 1UL << 53 && ql <= 1UL << 53)
            {
                // Both exact in double: IEEE division rounds the quotient correctly (to nearest, ties to even).
                double exact = pl / (double)ql;
                return Numerator.Sign < 0 ? -exact : exact;
            }

            return ToDoubleSmall(pl, ql, Numerator.Sign < 0);
        }

        // Choose k so that p·2^k / q has 54 or 55 integer bits: one guard bit beyond the 53 we keep.
        long k = 54 - ((long)p.GetBitLength() - (long)q.GetBitLength());
        var scaledP = k >= 0 ? p << (int)k : p;
        var scaledQ = k >= 0 ? q : q << (int)-k;
        var quotient = BigInteger.DivRem(scaledP, scaledQ, out var remainder);
        if (quotient.GetBitLength() > 54)
        {
            // 55 bits: drop one more into the sticky bit.
            remainder = remainder.IsZero && quotient.IsEven ? remainder : BigInteger.One;
            quotient >>= 1;
            k--;
        }

        // quotient has 54 bits; value = (quotient + frac) · 2^-k. Binary exponent of the top bit:
        long topExponent = 53 - k;
        int keepBits = 53;
        if (topExponent < -1022)
        {
            // Subnormal: fewer significant bits survive.
            keepBits = (int)Math.Max(0, 53 - (-1022 - topExponent));
        }

        int drop = 54 - keepBits;
        var kept = quotient >> drop;
        var dropped = quotient - (kept << drop);
        var half = BigInteger.One << (drop - 1);
        bool sticky = !remainder.IsZero;
        bool roundUp = dropped > half || (dropped == half && (sticky || !kept.IsEven));
        if (roundUp)
        {
            kept += BigInteger.One;
        }

        double result = Math.ScaleB((double)(ulong)kept, (int)(drop - k));
        return Numerator.Sign < 0 ? -result : result;
    }

    // ToDouble for p, q < 2^64 in 128-bit arithmetic, with the same steps as the general path: k puts 54 or 55 bits
    // in the quotient (p·2^k has at most 118 bits), one more bit goes to the sticky bit when there are 55, and the
    // result rounds to 53 bits, ties to even. The value lies in [2^-64, 2^64], so it is never subnormal or infinite.
    private static double ToDoubleSmall(ulong p, ulong q, bool negative)
    {
        int k = 54 - ((64 - BitOperations.LeadingZeroCount(p)) - (64 - BitOperations.LeadingZeroCount(q)));
        UInt128 scaledP = k >= 0 ? (UInt128)p << k : p;
        UInt128 scaledQ = k >= 0 ? q : (UInt128)q << -k;
        UInt128 quotient = scaledP / scaledQ;
        bool sticky = scaledP - (quotient * scaledQ) != UInt128.Zero;
        if ((quotient >> 54) != UInt128.Zero)
        {
            sticky |= (quotient & UInt128.One) != UInt128.Zero;
            quotient >>= 1;
            k--;
        }

        ulong kept = (ulong)(quotient >> 1);
        bool half = (quotient & UInt128.One) != UInt128.Zero;
        if (half && (sticky || (kept & 1) != 0))
        {
            kept++;
        }

        double result = Math.ScaleB(kept, 1 - k);
        return negative ? -result : result;
    }

    /// <summary>Explicit conversion to the nearest double; see <see cref="ToDouble"/>.</summary>
    public static explicit operator double(Rational r) => r.ToDouble();
}
