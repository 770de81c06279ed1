using System.Numerics;
using Verifier.Symbolic;

namespace Verifier.Numerics.Exact;

/// <summary>A real root of a rational polynomial, enclosed exactly: Lower ≤ root ≤ Upper (equal when the root is rational and found).</summary>
/// <param name="Lower">A rational lower bound.</param>
/// <param name="Upper">A rational upper bound.</param>
/// <param name="Multiplicity">The root's multiplicity in the polynomial.</param>
public sealed record RealRoot(Rational Lower, Rational Upper, int Multiplicity)
{
    /// <summary>True when the root is known exactly (a rational number).</summary>
    public bool IsExact => Lower == Upper;

    /// <summary>The exact value (only when <see cref="IsExact"/>).</summary>
    public Rational Value => IsExact ? Lower : throw new InvalidOperationException("The root is irrational: only an enclosure is known.");

    /// <summary>The midpoint of the enclosure, as the nearest double (for display only).</summary>
    public double Approximation => ((Lower + Upper) / 2).ToDouble();
}

/// <summary>Polynomial arithmetic, square-free decomposition and exact real-root isolation (Sturm sequences).</summary>
public static partial class ExactPolynomial
{
    /// <summary>The coefficients without trailing (highest-degree) zeros; the zero polynomial is the empty array.</summary>
    public static Rational[] Trim(IReadOnlyList<Rational> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int n = p.Count;
        while (n > 0 && p[n - 1].IsZero)
        {
            n--;
        }

        return [.. p.Take(n)];
    }

    /// <summary>The degree (−1 for the zero polynomial).</summary>
    public static int Degree(IReadOnlyList<Rational> p) => Trim(p).Length - 1;

    /// <summary>The derivative p′.</summary>
    public static Rational[] Derivative(IReadOnlyList<Rational> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var d = new Rational[Math.Max(0, p.Count - 1)];
        for (int k = 1; k < p.Count; k++)
        {
            d[k - 1] = p[k] * k;
        }

        return Trim(d);
    }

    /// <summary>Polynomial division a = q·b + r with deg r &lt; deg b.</summary>
    /// <exception cref="DivideByZeroException">b is the zero polynomial.</exception>
    public static (Rational[] Quotient, Rational[] Remainder) DivRem(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b)
    {
        var r = Trim(a);
        var d = Trim(b);
        if (d.Length == 0)
        {
            throw new DivideByZeroException("Division by the zero polynomial.");
        }

        if (r.Length < d.Length)
        {
            return ([], r);
        }

        var q = new Rational[r.Length - d.Length + 1];
        var lead = d[^1];
        for (int k = r.Length - d.Length; k >= 0; k--)
        {
            var c = r[k + d.Length - 1] / lead;
            q[k] = c;
            if (c.IsZero)
            {
                continue;
            }

            for (int j = 0; j < d.Length; j++)
            {
                r[k + j] -= c * d[j];
            }
        }

        return (Trim(q), Trim(r.Take(d.Length - 1).ToArray()));
    }

    /// <summary>The monic greatest common divisor (the zero polynomial when both are zero).</summary>
    public static Rational[] Gcd(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b)
    {
        var x = Trim(a);
        var y = Trim(b);
        while (y.Length > 0)
        {
            (x, y) = (y, DivRem(x, y).Remainder);
        }

        return Monic(x);
    }

    /// <summary>p divided by its leading coefficient (the zero polynomial stays zero).</summary>
    public static Rational[] Monic(IReadOnlyList<Rational> p)
    {
        var t = Trim(p);
        if (t.Length == 0)
        {
            return t;
        }

        var lead = t[^1];
        return [.. t.Select(c => c / lead)];
    }

    /// <summary>True when p has no repeated root (over the complex numbers): gcd(p, p′) is constant.</summary>
    public static bool IsSquareFree(IReadOnlyList<Rational> p) => Degree(Gcd(p, Derivative(p))) <= 0;

    /// <summary>
    /// Yun's square-free decomposition p = c·∏ fᵢ^i: the non-constant, pairwise coprime, square-free factors fᵢ (monic)
    /// with their multiplicities i.
    /// </summary>
    public static IReadOnlyList<(Rational[] Factor, int Multiplicity)> SquareFreeFactorization(IReadOnlyList<Rational> p)
    {
        var f = Monic(p);
        var result = new List<(Rational[], int)>();
        if (f.Length <= 1)
        {
            return result;
        }

        var df = Derivative(f);
        var a = Gcd(f, df);
        var b = DivRem(f, a).Quotient;
        var c = DivRem(df, a).Quotient;
        var d = Subtract(c, Derivative(b));
        for (int i = 1; Degree(b) > 0; i++)
        {
            a = Gcd(b, d);
            if (Degree(a) > 0)
            {
                result.Add((Monic(a), i));
            }

            b = DivRem(b, a).Quotient;
            c = DivRem(d, a).Quotient;
            d = Subtract(c, Derivative(b));
        }

        return result;
    }

    /// <summary>
    /// Every real root of p, ascending, each with its multiplicity and an exact enclosure no wider than
    /// <paramref name="maxWidth"/>; rational roots are found exactly (Lower = Upper). Sound: each enclosure holds
    /// exactly one root, counted by Sturm sequences in exact arithmetic.
    /// </summary>
    /// <exception cref="ArgumentException">p is the zero polynomial or maxWidth is not positive.</exception>
    public static IReadOnlyList<RealRoot> RealRoots(IReadOnlyList<Rational> p, Rational maxWidth)
    {
        if (Degree(p) < 0)
        {
            throw new ArgumentException("The zero polynomial has every number as a root.", nameof(p));
        }

        if (maxWidth.Sign <= 0)
        {
            throw new ArgumentException("The enclosure width must be positive.", nameof(maxWidth));
        }

        var roots = new List<RealRoot>();
        foreach (var (factor, multiplicity) in SquareFreeFactorization(p))
        {
            roots.AddRange(SimpleRoots(factor, maxWidth).Select(r => r with { Multiplicity = multiplicity }));
        }

        roots.Sort((x, y) => x.Lower.CompareTo(y.Lower));
        return roots;
    }

    /// <summary>The simplest rational (smallest denominator, then smallest numerator in absolute value) in [a, b].</summary>
    public static Rational SimplestBetween(Rational a, Rational b)
    {
        if (a > b)
        {
            (a, b) = (b, a);
        }

        if (a.Sign <= 0 && b.Sign >= 0)
        {
            return Rational.Zero;
        }

        if (b.Sign < 0)
        {
            return -SimplestBetween(-b, -a);
        }

        // 0 < a ≤ b: continued-fraction descent.
        var fl = a.Floor();
        if (new Rational(fl) == a)
        {
            return a;
        }

        if (new Rational(fl + BigInteger.One) <= b)
        {
            return new Rational(fl + BigInteger.One);
        }

        var rest = SimplestBetween((b - fl).Reciprocal(), (a - fl).Reciprocal());
        return new Rational(fl) + rest.Reciprocal();
    }

    // The roots of a square-free polynomial.
    private static List<RealRoot> SimpleRoots(Rational[] f, Rational maxWidth)
    {
        var sturm = SturmSequence(f);
        var bound = CauchyBound(f);
        var pending = new Stack<(Rational Lo, Rational Hi)>();
        var isolated = new List<(Rational Lo, Rational Hi)>();
        pending.Push((-bound, bound));
        while (pending.Count > 0)
        {
            var (lo, hi) = pending.Pop();
            int count = CountRoots(sturm, lo, hi);
            if (count == 0)
            {
                continue;
            }

            if (count == 1)
            {
                isolated.Add((lo, hi));
                continue;
            }

            var mid = (lo + hi) / 2;
            pending.Push((lo, mid));
            pending.Push((mid, hi));
        }

        // Denominator bound of a rational root: it divides the leading coefficient of the integer multiple of f.
        var lead = IntegerLeading(f);
        var separation = new Rational(BigInteger.One, lead * lead);
        var roots = new List<RealRoot>();
        foreach (var (lo0, hi0) in isolated)
        {
            var (lo, hi) = (lo0, hi0);
            if (Evaluate(f, hi).IsZero)
            {
                roots.Add(new RealRoot(hi, hi, 1));
                continue;
            }

            bool exact = false;
            var target = Rational.Min(maxWidth, separation);
            while (hi - lo >= target)
            {
                var mid = (lo + hi) / 2;
                if (Evaluate(f, mid).IsZero)
                {
                    (lo, hi, exact) = (mid, mid, true);
                    break;
                }

                if (CountRoots(sturm, lo, mid) == 1)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            if (!exact)
            {
                var candidate = SimplestBetween(lo, hi);
                if (candidate > lo && Evaluate(f, candidate).IsZero)
                {
                    (lo, hi) = (candidate, candidate);
                }
            }

            roots.Add(new RealRoot(lo, hi, 1));
        }

        return roots;
    }

    // Sturm sequence p₀ = f, p₁ = f′, pₖ₊₁ = −rem(pₖ₋₁, pₖ).
    private static List<Rational[]> SturmSequence(Rational[] f)
    {
        var seq = new List<Rational[]> { Trim(f), Derivative(f) };
        while (seq[^1].Length > 0)
        {
            var r = DivRem(seq[^2], seq[^1]).Remainder;
            if (r.Length == 0)
            {
                break;
            }

            seq.Add([.. r.Select(c => -c)]);
        }

        return seq;
    }

    // Number of distinct roots in (lo, hi] (Sturm's theorem; f square-free).
    private static int CountRoots(List<Rational[]> sturm, Rational lo, Rational hi) => SignChanges(sturm, lo) - SignChanges(sturm, hi);

    private static int SignChanges(List<Rational[]> sturm, Rational x)
    {
        int changes = 0, last = 0;
        foreach (var p in sturm)
        {
            int s = Evaluate(p, x).Sign;
            if (s == 0)
            {
                continue;
            }

            if (last != 0 && s != last)
            {
                changes++;
            }

            last = s;
        }

        return changes;
    }

    // Every root lies in (−B, B] with B = 1 + max |cₖ / c_d| (Cauchy).
    private static Rational CauchyBound(Rational[] f)
    {
        var lead = f[^1];
        Rational max = Rational.Zero;
        for (int k = 0; k < f.Length - 1; k++)
        {
            max = Rational.Max(max, (f[k] / lead).Abs());
        }

        return max + 1;
    }

    // |leading coefficient| of the primitive integer multiple of f.
    private static BigInteger IntegerLeading(Rational[] f)
    {
        var lcm = BigInteger.One;
        foreach (var c in f)
        {
            lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, c.Denominator) * c.Denominator;
        }

        var ints = f.Select(c => (c * new Rational(lcm)).Numerator).ToArray();
        var g = ints.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
        return BigInteger.Abs(ints[^1] / g);
    }

    private static Rational[] Subtract(Rational[] a, Rational[] b)
    {
        var r = new Rational[Math.Max(a.Length, b.Length)];
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = (k < a.Length ? a[k] : Rational.Zero) - (k < b.Length ? b[k] : Rational.Zero);
        }

        return Trim(r);
    }
}
