using System.Numerics;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Intervals;

/// <summary>A pair of exact rationals Lo ≤ Hi known to bracket a real number.</summary>
public readonly record struct Bracket(Rational Lo, Rational Hi)
{
    public static Bracket Exactly(Rational x) => new(x, x);

    public static Bracket operator +(Bracket a, Bracket b) => Reference.Outward(a.Lo + b.Lo, a.Hi + b.Hi);

    public static Bracket operator -(Bracket a, Bracket b) => Reference.Outward(a.Lo - b.Hi, a.Hi - b.Lo);

    public static Bracket operator -(Bracket a) => new(-a.Hi, -a.Lo);

    public static Bracket operator *(Bracket a, Bracket b)
    {
        Rational[] p = [a.Lo * b.Lo, a.Lo * b.Hi, a.Hi * b.Lo, a.Hi * b.Hi];
        return Reference.Outward(p.Min(), p.Max());
    }

    public static Bracket operator /(Bracket a, Bracket b)
    {
        if (b.Lo.Sign <= 0 && b.Hi.Sign >= 0)
        {
            throw new DivideByZeroException($"Reference division by a bracket containing 0: {b}.");
        }

        Rational[] q = [a.Lo / b.Lo, a.Lo / b.Hi, a.Hi / b.Lo, a.Hi / b.Hi];
        return Reference.Outward(q.Min(), q.Max());
    }

    public override string ToString() => $"[{Lo.ToDouble():R}…, {Hi.ToDouble():R}…]";
}

/// <summary>
/// The tests' own high-precision reference, independent of the code under test: exact rational arithmetic whose
/// bounds are rounded outward to <see cref="Bits"/> significant bits (so sizes stay bounded), with exp and
/// expm1 from a Taylor series with an exact remainder bound. Everything else (sigmoid, tanh, their derivatives)
/// is composed from these by bracket arithmetic in forms that keep full relative accuracy, and stay inside
/// the function's range (σ′ ≤ 1/4, |tanh| ≤ 1) so that the code's clamps to those ranges can be checked.
/// A bracket is about 2⁻²³⁰ relative wide, far below the ulp scale the interval code is checked at.
/// </summary>
public static class Reference
{
    /// <summary>Significant bits kept in every rounded bound.</summary>
    public const int Bits = 256;


    private static readonly Rational Quarter = new(1, 4);

    public static Bracket Outward(Rational lo, Rational hi) => new(RoundDown(lo), RoundUp(hi));

    /// <summary>A bracket of eᵠ for an exact rational q: 1 + expm1(q/2ˢ) (|q/2ˢ| ≤ 1/4), then s squarings.</summary>
    public static Bracket Exp(Rational q)
    {
        if (q.IsZero)
        {
            return Bracket.Exactly(Rational.One);
        }

        int s = 0;
        var r = q;
        while (r.Abs() > Quarter)
        {
            r /= 2;
            s++;
        }

        // 1 + (eʳ − 1) with eʳ − 1 accurate relative to r, so that eʳ is resolved from 1 even for tiny r.
        var e = Bracket.Exactly(Rational.One) + Expm1Series(r);
        for (int i = 0; i < s; i++)
        {
            e = Outward(e.Lo * e.Lo, e.Hi * e.Hi); // e > 0
        }

        return e;
    }

    /// <summary>A bracket of eᵠ − 1 with full relative accuracy near 0.</summary>
    public static Bracket Expm1(Rational q) =>
        q.Abs() > Quarter ? Exp(q) - Bracket.Exactly(Rational.One) : Expm1Series(q);

    /// <summary>σ(q) = 1/(1 + e^−q).</summary>
    public static Bracket Sigmoid(Rational q) => Bracket.Exactly(Rational.One) / (Bracket.Exactly(Rational.One) + Exp(-q));

    /// <summary>
    /// tanh q = −M/(2 + M) with M = expm1(−2q) for q ≥ 0 (full relative accuracy near 0, and a bracket that
    /// stays inside [−1, 1] for large q), and −tanh(−q) for q &lt; 0.
    /// </summary>
    public static Bracket Tanh(Rational q)
    {
        if (q.Sign < 0)
        {
            return -Tanh(-q);
        }

        var m = Expm1(-2 * q);
        return -m / (Bracket.Exactly(2) + m);
    }

    /// <summary>σ′(q) = E/(1 + E)² with E = e^−|q| ∈ (0, 1], increasing in E (evaluated at the ends: no overestimate past 1/4).</summary>
    public static Bracket SigmoidDerivative(Rational q) =>
        Increasing(Exp(-q.Abs()), e => e / ((1 + e) * (1 + e)));

    /// <summary>σ″(q) = σ′(q)·(1 − 2σ(q)) = −σ′(q)·tanh(q/2).</summary>
    public static Bracket SigmoidSecondDerivative(Rational q) => -(SigmoidDerivative(q) * Tanh(q / 2));

    /// <summary>tanh′(q) = 1/cosh² q = 4E/(1 + E)² with E = e^−2|q| ∈ (0, 1], increasing in E.</summary>
    public static Bracket TanhDerivative(Rational q) =>
        Increasing(Exp(-2 * q.Abs()), e => 4 * e / ((1 + e) * (1 + e)));

    /// <summary>tanh″(q) = −2·tanh(q)·tanh′(q).</summary>
    public static Bracket TanhSecondDerivative(Rational q) => Bracket.Exactly(-2) * Tanh(q) * TanhDerivative(q);

    // eᵠ − 1 = Σ_{1≤j≤N} qʲ/j! + e^ξ q^{N+1}/(N+1)! for |q| ≤ 1/4, where 0 < e^ξ ≤ e^{1/4} < 2. With N even the
    // remainder has the sign of q, and for |q| < 2^t it is below 2·2^{t(N+1)}/(N+1)!. N is the smallest even
    // number that makes this 2⁻³⁰⁰ relative to |q| ≥ 2^{t−2}; the sum is exact and rounded once.
    private static Bracket Expm1Series(Rational q)
    {
        if (q.IsZero)
        {
            return Bracket.Exactly(Rational.Zero);
        }

        long e = (long)q.Numerator.GetBitLength() - (long)q.Denominator.GetBitLength() + 1; // |q| < 2^e
        // 2^{e(n+1)+1}/(n+1)! ≤ 2^{e−302} ⇐ ⌊log₂ (n+1)!⌋ ≥ e·n + 303.
        int n = 2;
        while (n < 400 && (long)Factorial(n + 1).GetBitLength() - 1 < e * n + 303)
        {
            n += 2;
        }

        // Σ_{1≤j≤n} qʲ/j! = Σ Tⱼ / (dⁿ·n!) for q = p/d, with the integers Tⱼ = pʲ·d^{n−j}·n!/j!:
        // T₁ = p·d^{n−1}·n! and T_{j+1} = Tⱼ·p/(d·(j+1)) (an exact division). One reduction at the end.
        var p = q.Numerator;
        var d = q.Denominator;
        var nFactorial = Factorial(n);
        var t = p * BigInteger.Pow(d, n - 1) * nFactorial;
        var total = t;
        for (int j = 1; j < n; j++)
        {
            t = t * p / (d * (j + 1));
            total += t;
        }

        var sum = new Rational(total, BigInteger.Pow(d, n) * nFactorial);

        var bound = RemainderBound(e, n);
        return q.Sign > 0 ? Outward(sum, sum + bound) : Outward(sum - bound, sum);
    }

    private static Rational RemainderBound(long t, int n) => PowerOfTwo(t * (n + 1) + 1) / Factorial(n + 1);

    private static Rational PowerOfTwo(long e) =>
        e >= 0 ? new Rational(BigInteger.One << (int)e) : new Rational(BigInteger.One, BigInteger.One << (int)-e);

    // f(E) for an increasing f on E ∈ [0, 1], evaluated exactly at the bracket's ends (clamped to [0, 1]).
    private static Bracket Increasing(Bracket e, Func<Rational, Rational> f) =>
        Outward(f(Rational.Max(Rational.Zero, e.Lo)), f(Rational.Min(Rational.One, e.Hi)));

    /// <summary>The largest rational with <see cref="Bits"/> significant bits not above v.</summary>
    public static Rational RoundDown(Rational v)
    {
        if (v.Sign == 0)
        {
            return v;
        }

        if (v.Sign < 0)
        {
            return -RoundUp(-v);
        }

        var (num, den, shift) = Scaled(v);
        return FromScaled(BigInteger.Divide(num, den), shift);
    }

    /// <summary>The smallest rational with <see cref="Bits"/> significant bits not below v.</summary>
    public static Rational RoundUp(Rational v)
    {
        if (v.Sign == 0)
        {
            return v;
        }

        if (v.Sign < 0)
        {
            return -RoundDown(-v);
        }

        var (num, den, shift) = Scaled(v);
        var q = BigInteger.DivRem(num, den, out var rem);
        return FromScaled(rem.IsZero ? q : q + 1, shift);
    }

    private static BigInteger Factorial(int n)
    {
        var f = BigInteger.One;
        for (int i = 2; i <= n; i++)
        {
            f *= i;
        }

        return f;
    }

    // v > 0 as num/den = v·2^shift with about Bits bits before the point.
    private static (BigInteger Num, BigInteger Den, int Shift) Scaled(Rational v)
    {
        int shift = Bits - (int)(v.Numerator.GetBitLength() - v.Denominator.GetBitLength());
        return shift >= 0
            ? (v.Numerator << shift, v.Denominator, shift)
            : (v.Numerator, v.Denominator << -shift, shift);
    }

    private static Rational FromScaled(BigInteger n, int shift) =>
        shift >= 0 ? new Rational(n, BigInteger.One << shift) : new Rational(n << -shift);
}
