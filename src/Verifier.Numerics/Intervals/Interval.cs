using System.Globalization;
using Verifier.Symbolic;

namespace Verifier.Numerics.Intervals;

/// <summary>
/// A closed interval [Lo, Hi] of real numbers with double endpoints, and rigorous interval arithmetic:
/// every operation returns an interval that contains the exact real result for every choice of real
/// numbers in its operands (the inclusion property), on a runtime that only rounds to nearest.
/// </summary>
/// <remarks>
/// <para>
/// <b>Invariants.</b> Lo ≤ Hi, neither is NaN, Lo ≠ +∞ and Hi ≠ −∞. An infinite endpoint means the interval
/// is unbounded on that side (the interval is a set of reals; ±∞ are not members). −0 is stored as +0.
/// The default value is [0, 0].
/// </para>
/// <para>
/// <b>Rounding.</b> Each endpoint is the round-to-nearest result moved outward by one ulp
/// (<see cref="Math.BitDecrement"/> / <see cref="Math.BitIncrement"/>), which is sound because a result
/// rounded to nearest lies between the two neighbours of the exact value. The widening is skipped on a side
/// where an error-free transformation (TwoSum for sums, a hardware fused multiply-add residual for products,
/// quotients and square roots) proves the rounding error is zero or points inward; see
/// <see cref="DirectedRounding"/> for the argument. So sums and products that are exact in binary64 stay exact,
/// e.g. [0.5, 0.5] + [0.25, 0.25] = [0.75, 0.75], and [0, 0] stays [0, 0].
/// </para>
/// <para>
/// <b>Undefined operations throw</b> <see cref="IntervalDomainException"/> rather than return a wide or wrong
/// interval: division by an interval that contains 0, the logarithm of an interval that reaches 0 or below,
/// the square root of one that reaches below 0, and a negative integer power of an interval containing 0.
/// No operation produces NaN: an endpoint product 0·∞ is 0 (the product of the set {0} with any set of reals).
/// </para>
/// <para>
/// <b>Exact inputs.</b> <see cref="FromRational"/> encloses an exact rational (0.1 as 1/10, not as its nearest
/// double). There is deliberately no implicit conversion from <see cref="double"/>: a literal such as 0.1
/// would silently become the point interval of the double nearest to 1/10. Use <see cref="Point"/> for a
/// double that is meant exactly.
/// </para>
/// </remarks>
public readonly partial struct Interval : IEquatable<Interval>
{
    /// <summary>Creates [lo, hi].</summary>
    /// <exception cref="ArgumentException">An endpoint is NaN, lo &gt; hi, lo = +∞ or hi = −∞.</exception>
    public Interval(double lo, double hi)
    {
        if (!(lo <= hi) || double.IsPositiveInfinity(lo) || double.IsNegativeInfinity(hi))
        {
            throw new ArgumentException($"[{lo.ToString("R", CultureInfo.InvariantCulture)}, {hi.ToString("R", CultureInfo.InvariantCulture)}] is not an interval (need lo ≤ hi, no NaN, lo < +∞, hi > −∞).");
        }

        Lo = lo == 0 ? 0.0 : lo;
        Hi = hi == 0 ? 0.0 : hi;
    }

    /// <summary>The lower endpoint (−∞ when unbounded below).</summary>
    public double Lo { get; }

    /// <summary>The upper endpoint (+∞ when unbounded above).</summary>
    public double Hi { get; }

    /// <summary>[0, 0].</summary>
    public static Interval Zero => default;

    /// <summary>[1, 1].</summary>
    public static Interval One => new(1.0, 1.0);

    /// <summary>The whole real line [−∞, +∞].</summary>
    public static Interval Entire => new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>The point interval [x, x] of a finite double, taken exactly.</summary>
    /// <exception cref="ArgumentException">x is NaN or infinite.</exception>
    public static Interval Point(double x)
    {
        if (!double.IsFinite(x))
        {
            throw new ArgumentException($"A point interval needs a finite number, not {x}.", nameof(x));
        }

        return new Interval(x, x);
    }

    /// <summary>The box [x − r, x + r] (endpoints rounded outward) around a finite centre with a radius r ≥ 0.</summary>
    /// <exception cref="ArgumentException">x is not finite, or r is negative or NaN.</exception>
    public static Interval FromDoubleRadius(double x, double r)
    {
        if (!double.IsFinite(x) || !(r >= 0))
        {
            throw new ArgumentException($"A box needs a finite centre and a radius ≥ 0 (got centre {x}, radius {r}).");
        }

        return new Interval(DirectedRounding.SubDown(x, r), DirectedRounding.AddUp(x, r));
    }

    /// <summary>
    /// The tightest enclosure of an exact rational: [x, x] when the double x nearest to r equals r, otherwise
    /// the two neighbouring doubles around r. Beyond the double range: [MaxValue, +∞] or [−∞, −MaxValue].
    /// </summary>
    public static Interval FromRational(Rational r)
    {
        double x;
        try
        {
            x = r.ToDouble();
        }
        catch (OverflowException)
        {
            var max = Rational.FromDouble(double.MaxValue);
            if (r > max)
            {
                return new Interval(double.MaxValue, double.PositiveInfinity);
            }

            if (r < -max)
            {
                return new Interval(double.NegativeInfinity, -double.MaxValue);
            }

            throw new InvalidOperationException($"Internal error: {r} was reported beyond the double range.");
        }

        int c = Rational.FromDouble(x).CompareTo(r);
        if (c == 0)
        {
            return new Interval(x, x);
        }

        // Check the bracket itself rather than trust that x is the nearest double.
        double other = c < 0 ? Math.BitIncrement(x) : Math.BitDecrement(x);
        bool bracketed = double.IsInfinity(other) || (c < 0 ? Rational.FromDouble(other) >= r : Rational.FromDouble(other) <= r);
        if (!bracketed)
        {
            throw new InvalidOperationException($"Internal error: {x:R} is not a neighbour of {r}.");
        }

        return c < 0 ? new Interval(x, other) : new Interval(other, x);
    }

    /// <summary>True when Lo = Hi.</summary>
    public bool IsPoint => Lo == Hi;

    /// <summary>True when both endpoints are finite.</summary>
    public bool IsBounded => double.IsFinite(Lo) && double.IsFinite(Hi);

    /// <summary>True when the interval is the whole real line.</summary>
    public bool IsEntire => double.IsNegativeInfinity(Lo) && double.IsPositiveInfinity(Hi);

    /// <summary>An upper bound of the width Hi − Lo (+∞ when unbounded).</summary>
    public double Width => DirectedRounding.SubUp(Hi, Lo);

    /// <summary>
    /// A double inside the interval near its centre: (Lo + Hi)/2 rounded and clamped into [Lo, Hi]; 0 for the
    /// whole line, ±MaxValue for a half-line.
    /// </summary>
    public double Midpoint
    {
        get
        {
            if (double.IsNegativeInfinity(Lo))
            {
                return double.IsPositiveInfinity(Hi) ? 0.0 : -double.MaxValue;
            }

            if (double.IsPositiveInfinity(Hi))
            {
                return double.MaxValue;
            }

            double m = (Lo + Hi) / 2;
            if (!double.IsFinite(m))
            {
                m = Lo / 2 + Hi / 2;
            }

            return Math.Clamp(m, Lo, Hi);
        }
    }

    /// <summary>An upper bound of the largest distance from <see cref="Midpoint"/> to a point of the interval.</summary>
    public double Radius
    {
        get
        {
            double m = Midpoint;
            return Math.Max(DirectedRounding.SubUp(m, Lo), DirectedRounding.SubUp(Hi, m));
        }
    }

    /// <summary>The magnitude max |x| over the interval (exact).</summary>
    public double Mag => Math.Max(Math.Abs(Lo), Math.Abs(Hi));

    /// <summary>The mignitude min |x| over the interval (exact; 0 when the interval contains 0).</summary>
    public double Mig => Lo > 0 ? Lo : Hi < 0 ? -Hi : 0.0;

    /// <summary>True when x lies in the interval (false for NaN).</summary>
    public bool Contains(double x) => Lo <= x && x <= Hi;

    /// <summary>True when every point of <paramref name="other"/> lies in this interval.</summary>
    public bool Contains(Interval other) => Lo <= other.Lo && other.Hi <= Hi;

    /// <summary>True when the exact rational r lies in the interval.</summary>
    public bool Contains(Rational r) =>
        (double.IsNegativeInfinity(Lo) || Rational.FromDouble(Lo) <= r) && (double.IsPositiveInfinity(Hi) || r <= Rational.FromDouble(Hi));

    /// <summary>The smallest interval containing both.</summary>
    public static Interval Hull(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

    /// <summary>The intersection, or null when the intervals are disjoint.</summary>
    public static Interval? Intersect(Interval a, Interval b)
    {
        double lo = Math.Max(a.Lo, b.Lo), hi = Math.Min(a.Hi, b.Hi);
        return lo <= hi ? new Interval(lo, hi) : null;
    }

    /// <summary>{min(x, y) : x ∈ a, y ∈ b} (exact).</summary>
    public static Interval Min(Interval a, Interval b) => new(Math.Min(a.Lo, b.Lo), Math.Min(a.Hi, b.Hi));

    /// <summary>{max(x, y) : x ∈ a, y ∈ b} (exact).</summary>
    public static Interval Max(Interval a, Interval b) => new(Math.Max(a.Lo, b.Lo), Math.Max(a.Hi, b.Hi));

    /// <summary>{|x| : x ∈ a} (exact).</summary>
    public static Interval Abs(Interval a) =>
        a.Lo >= 0 ? a : a.Hi <= 0 ? -a : new Interval(0.0, Math.Max(-a.Lo, a.Hi));

    /// <summary>Sum.</summary>
    public static Interval operator +(Interval a, Interval b) =>
        new(DirectedRounding.AddDown(a.Lo, b.Lo), DirectedRounding.AddUp(a.Hi, b.Hi));

    /// <summary>Difference.</summary>
    public static Interval operator -(Interval a, Interval b) =>
        new(DirectedRounding.SubDown(a.Lo, b.Hi), DirectedRounding.SubUp(a.Hi, b.Lo));

    /// <summary>Negation (exact).</summary>
    public static Interval operator -(Interval a) => new(-a.Hi, -a.Lo);

    /// <summary>Identity.</summary>
    public static Interval operator +(Interval a) => a;

    /// <summary>Product, by the sign cases of the endpoints.</summary>
    public static Interval operator *(Interval a, Interval b)
    {
        if (a.Lo >= 0)
        {
            if (b.Lo >= 0)
            {
                return new(DirectedRounding.MulDown(a.Lo, b.Lo), DirectedRounding.MulUp(a.Hi, b.Hi));
            }

            if (b.Hi <= 0)
            {
                return new(DirectedRounding.MulDown(a.Hi, b.Lo), DirectedRounding.MulUp(a.Lo, b.Hi));
            }

            return new(DirectedRounding.MulDown(a.Hi, b.Lo), DirectedRounding.MulUp(a.Hi, b.Hi));
        }

        if (a.Hi <= 0)
        {
            if (b.Lo >= 0)
            {
                return new(DirectedRounding.MulDown(a.Lo, b.Hi), DirectedRounding.MulUp(a.Hi, b.Lo));
            }

            if (b.Hi <= 0)
            {
                return new(DirectedRounding.MulDown(a.Hi, b.Hi), DirectedRounding.MulUp(a.Lo, b.Lo));
            }

            return new(DirectedRounding.MulDown(a.Lo, b.Hi), DirectedRounding.MulUp(a.Lo, b.Lo));
        }

        // a straddles 0.
        if (b.Lo >= 0)
        {
            return new(DirectedRounding.MulDown(a.Lo, b.Hi), DirectedRounding.MulUp(a.Hi, b.Hi));
        }

        if (b.Hi <= 0)
        {
            return new(DirectedRounding.MulDown(a.Hi, b.Lo), DirectedRounding.MulUp(a.Lo, b.Lo));
        }

        return new(
            Math.Min(DirectedRounding.MulDown(a.Lo, b.Hi), DirectedRounding.MulDown(a.Hi, b.Lo)),
            Math.Max(DirectedRounding.MulUp(a.Lo, b.Lo), DirectedRounding.MulUp(a.Hi, b.Hi)));
    }

    /// <summary>Quotient, by the sign cases of the endpoints.</summary>
    /// <exception cref="IntervalDomainException">The divisor contains 0.</exception>
    public static Interval operator /(Interval a, Interval b)
    {
        if (b.Lo > 0)
        {
            if (a.Lo >= 0)
            {
                return new(DirectedRounding.DivDown(a.Lo, b.Hi), DirectedRounding.DivUp(a.Hi, b.Lo));
            }

            if (a.Hi <= 0)
            {
                return new(DirectedRounding.DivDown(a.Lo, b.Lo), DirectedRounding.DivUp(a.Hi, b.Hi));
            }

            return new(DirectedRounding.DivDown(a.Lo, b.Lo), DirectedRounding.DivUp(a.Hi, b.Lo));
        }

        if (b.Hi < 0)
        {
            if (a.Lo >= 0)
            {
                return new(DirectedRounding.DivDown(a.Hi, b.Hi), DirectedRounding.DivUp(a.Lo, b.Lo));
            }

            if (a.Hi <= 0)
            {
                return new(DirectedRounding.DivDown(a.Hi, b.Lo), DirectedRounding.DivUp(a.Lo, b.Hi));
            }

            return new(DirectedRounding.DivDown(a.Hi, b.Hi), DirectedRounding.DivUp(a.Lo, b.Hi));
        }

        throw new IntervalDomainException($"Division by {b}, which contains 0.");
    }

    /// <summary>{x² : x ∈ a}: tighter than a·a (the lower end is 0 when a contains 0).</summary>
    public static Interval Square(Interval a)
    {
        double mig = a.Mig, mag = a.Mag;
        return new Interval(DirectedRounding.MulDown(mig, mig), DirectedRounding.MulUp(mag, mag));
    }

    /// <summary>{xⁿ : x ∈ a} for an integer n (x⁰ = 1; a negative n takes the reciprocal).</summary>
    /// <exception cref="IntervalDomainException">n &lt; 0 and a contains 0.</exception>
    public static Interval Pow(Interval a, int n)
    {
        if (n == 0)
        {
            return One;
        }

        if (n < 0)
        {
            if (a.Contains(0.0))
            {
                throw new IntervalDomainException($"Negative power {n} of {a}, which contains 0.");
            }

            // (1/x)^|n| rather than 1/x^|n|: x^|n| can underflow to an interval containing 0 although x ≠ 0.
            return Pow(One / a, checked(-n));
        }

        if (n % 2 == 0)
        {
            return new Interval(PowNonNegative(a.Mig, n).Lo, PowNonNegative(a.Mag, n).Hi);
        }

        // Odd powers are increasing.
        return new Interval(OddPower(a.Lo, n).Lo, OddPower(a.Hi, n).Hi);
    }

    /// <summary>{√x : x ∈ a}.</summary>
    /// <exception cref="IntervalDomainException">a reaches below 0.</exception>
    public static Interval Sqrt(Interval a)
    {
        if (a.Lo < 0)
        {
            throw new IntervalDomainException($"Square root of {a}, which reaches below 0.");
        }

        return new Interval(DirectedRounding.SqrtDown(a.Lo), DirectedRounding.SqrtUp(a.Hi));
    }

    /// <summary>Set equality of the endpoints.</summary>
    public static bool operator ==(Interval a, Interval b) => a.Equals(b);

    /// <summary>Set inequality.</summary>
    public static bool operator !=(Interval a, Interval b) => !a.Equals(b);

    /// <inheritdoc/>
    public bool Equals(Interval other) => Lo == other.Lo && Hi == other.Hi;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Interval other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Lo, Hi);

    /// <summary>"[lo, hi]" with round-trip doubles.</summary>
    public override string ToString() =>
        $"[{Lo.ToString("R", CultureInfo.InvariantCulture)}, {Hi.ToString("R", CultureInfo.InvariantCulture)}]";

    // x ≥ 0 (possibly +∞) raised to n ≥ 1, by repeated squaring in interval arithmetic (monotone for x ≥ 0).
    private static Interval PowNonNegative(double x, int n)
    {
        if (double.IsPositiveInfinity(x))
        {
            return new Interval(double.MaxValue, double.PositiveInfinity);
        }

        var result = One;
        var b = new Interval(x, x);
        while (true)
        {
            if ((n & 1) != 0)
            {
                result *= b;
            }

            n >>= 1;
            if (n == 0)
            {
                return result;
            }

            b = Square(b);
        }
    }

    // x^n for odd n ≥ 1: −(|x|^n) for x < 0.
    private static Interval OddPower(double x, int n) => x >= 0 ? PowNonNegative(x, n) : -PowNonNegative(-x, n);
}
