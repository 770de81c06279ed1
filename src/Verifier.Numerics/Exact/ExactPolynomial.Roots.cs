using System.Numerics;
using Verifier.Numerics.Budgets;
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
    /// <param name="a">One polynomial.</param>
    /// <param name="b">The other.</param>
    /// <param name="budget">Charged for each division, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[] Gcd(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b, WorkBudget? budget = null)
    {
        var x = Trim(a);
        var y = Trim(b);
        while (y.Length > 0)
        {
            budget?.Charge(CostOf(x) * x.Length * Math.Max(1, x.Length - y.Length + 1) * 4);
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
    /// <param name="p">The polynomial.</param>
    /// <param name="budget">Charged for each gcd, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static IReadOnlyList<(Rational[] Factor, int Multiplicity)> SquareFreeFactorization(IReadOnlyList<Rational> p, WorkBudget? budget = null)
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
    /// <param name="p">The polynomial.</param>
    /// <param name="maxWidth">The widest enclosure returned.</param>
    /// <param name="budget">Charged for every evaluation and division (word operations), or null for no limit.</param>
    /// <exception cref="ArgumentException">p is the zero polynomial or maxWidth is not positive.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static IReadOnlyList<RealRoot> RealRoots(IReadOnlyList<Rational> p, Rational maxWidth, WorkBudget? budget = null)
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
        budget?.Charge(CostOf(p) * Math.Max(1, p.Count) * Math.Max(1, p.Count));
        foreach (var (factor, multiplicity) in SquareFreeFactorization(p, budget))
        {
            roots.AddRange(SimpleRoots(factor, maxWidth, budget).Select(r => r with { Multiplicity = multiplicity }));
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

        // 0 < a ≤ b: continued-fraction descent, iteratively (a long expansion must not exhaust the stack) and on
        // numerator–denominator pairs that are never reduced (the Euclidean algorithm on both ends: no gcd per step).
        // With the convergents h/k of the terms so far, the answer is [t₀; …, tₙ₋₁, t] = (t·h₁ + h₀)/(t·k₁ + k₀) once
        // the last term t is found: ⌊a⌋ when a is an integer, ⌊a⌋ + 1 when that is at most b, and otherwise the
        // descent goes on in 1/(b − ⌊a⌋) ≤ 1/(a − ⌊a⌋).
        BigInteger an = a.Numerator, ad = a.Denominator, bn = b.Numerator, bd = b.Denominator;
        BigInteger h0 = BigInteger.Zero, h1 = BigInteger.One, k0 = BigInteger.One, k1 = BigInteger.Zero;
        while (true)
        {
            var fl = BigInteger.DivRem(an, ad, out var aRest);
            BigInteger? last = aRest.IsZero ? fl
                : (fl + BigInteger.One) * bd <= bn ? fl + BigInteger.One
                : null;
            if (last is { } t)
            {
                return new Rational((t * h1) + h0, (t * k1) + k0);
            }

            (h0, h1) = (h1, (fl * h1) + h0);
            (k0, k1) = (k1, (fl * k1) + k0);
            var bRest = bn - (fl * bd);
            (an, ad, bn, bd) = (bd, bRest, ad, aRest);
        }
    }

    // The roots of a square-free polynomial.
    private static List<RealRoot> SimpleRoots(Rational[] f, Rational maxWidth, WorkBudget? budget)
    {
        var sturm = SturmSequence(f, budget);
        var integral = Primitive(f);
        var bound = CauchyBound(f);
        var pending = new Stack<(Rational Lo, Rational Hi)>();
        var isolated = new List<(Rational Lo, Rational Hi)>();
        pending.Push((-bound, bound));
        while (pending.Count > 0)
        {
            var (lo, hi) = pending.Pop();
            int count = CountRoots(sturm, lo, hi, budget);
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
            if (SignAt(integral, hi, budget) == 0)
            {
                roots.Add(new RealRoot(hi, hi, 1));
                continue;
            }

            bool exact = false;
            var target = Rational.Min(maxWidth, separation);
            int signLo = SignAt(integral, lo, budget);
            if (signLo == 0)
            {
                // lo is outside the root's half-open interval (lo, hi], so f(lo) = 0 only for a neighbour; move off it.
                signLo = -SignAt(integral, hi, budget);
            }

            // f is square-free with exactly one (simple) root in (lo, hi): f changes sign there, so a bracket with
            // a sign change inside (lo, hi) holds that root. Newton steps from the midpoint, rounded to dyadics,
            // propose a bracket about the square of the current width; one that fails to bracket is replaced by a
            // bisection. Either way the bracket only shrinks, and the root stays inside it.
            while (hi - lo >= target)
            {
                var width = hi - lo;
                var mid = (lo + hi) / 2;
                int signMid = SignAt(integral, mid, budget);
                if (signMid == 0)
                {
                    (lo, hi, exact) = (mid, mid, true);
                    break;
                }

                if (signMid == signLo)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }

                if (NewtonBracket(integral, lo, hi, width, signLo, budget) is { } bracket)
                {
                    if (bracket.Lo == bracket.Hi)
                    {
                        (lo, hi, exact) = (bracket.Lo, bracket.Hi, true);
                        break;
                    }

                    (lo, hi) = bracket;
                }
            }

            if (!exact)
            {
                var candidate = SimplestBetween(lo, hi);
                if (candidate > lo && SignAt(integral, candidate, budget) == 0)
                {
                    (lo, hi) = (candidate, candidate);
                }
            }

            roots.Add(new RealRoot(lo, hi, 1));
        }

        return roots;
    }

    // A narrower bracket of the one root of the integer polynomial p in (lo, hi) (p(lo) has sign signLo, p(hi) the
    // other), from a Newton step at the midpoint. With w the previous width (2^(1−e) > w, e from its bit lengths), the
    // step lands within about C·w² of the root (C = |p″/2p′| near it), so it is rounded to a dyadic with 2e + 16
    // bits and the probes go δ = 2^(10−2e) ≥ 256·w² either side; their signs decide, so a step that misses (C too
    // large, or w not yet small) costs two evaluations and returns null, and soundness never rests on Newton.
    // A bracket (r, r) when p(r) = 0 at a probe.
    private static (Rational Lo, Rational Hi)? NewtonBracket(BigInteger[] p, Rational lo, Rational hi, Rational previousWidth, int signLo, WorkBudget? budget)
    {
        long e = (long)previousWidth.Denominator.GetBitLength() - (long)previousWidth.Numerator.GetBitLength();
        if (p.Length < 3 || e < 6 || e > int.MaxValue / 4)
        {
            return null; // linear (the bisection is exact already), or the bracket is still wide
        }

        var x = (lo + hi) / 2;
        var (value, slope) = ValueAndSlope(p, x, budget);
        if (slope.IsZero)
        {
            return null;
        }

        // x − p(x)/p′(x), with p(u/v)·vᵈ = N and p′(u/v)·vᵈ⁻¹ = D: (u·D − N)/(v·D).
        var newton = new Rational((x.Numerator * slope) - value, x.Denominator * slope);
        int precision = (int)((2 * e) + 16);
        var scale = BigInteger.One << precision;
        var rounded = new Rational((newton * new Rational(scale)).Floor(), scale);
        var delta = new Rational(BigInteger.One, BigInteger.One << (precision - 26));
        var a = rounded - delta;
        var b = rounded + delta;
        if (a <= lo || b >= hi)
        {
            return null;
        }

        int signA = SignAt(p, a, budget);
        if (signA == 0)
        {
            return (a, a);
        }

        int signB = SignAt(p, b, budget);
        if (signB == 0)
        {
            return (b, b);
        }

        return signA == signLo && signB == -signLo ? (a, b) : null;
    }

    // p(u/v)·vᵈ and p′(u/v)·vᵈ⁻¹ for an integer polynomial p of degree d ≥ 1 (x = u/v, v > 0), by Horner in
    // integers: with qₖ = qₖ₊₁·u + cₖ·v^(d−k) (q_d = c_d, q₀ the value) the derivative's homogeneous Horner is
    // sₖ = sₖ₊₁·u + qₖ₊₁ (s_d = 0, s₀ the slope), the recurrence q′ ← q′·x + q of ordinary Horner scaled by v^(d−k−1).
    private static (BigInteger Value, BigInteger Slope) ValueAndSlope(BigInteger[] p, Rational x, WorkBudget? budget)
    {
        var u = x.Numerator;
        var v = x.Denominator;
        long xBits = (long)u.GetBitLength() + (long)v.GetBitLength();
        if (budget is not null)
        {
            budget.CheckBits(xBits);
            budget.Charge(1 + (p.Length * WorkBudget.ProductCost(MaxBits(p) + (p.Length * xBits / 2), xBits)));
        }

        int d = p.Length - 1;
        var value = p[d];
        var slope = BigInteger.Zero;
        var vPower = BigInteger.One;
        for (int k = d - 1; k >= 0; k--)
        {
            slope = (slope * u) + value;
            vPower *= v;
            value = (value * u) + (p[k] * vPower);
        }

        return (value, slope);
    }

    // Sturm sequence p₀ = f, p₁ = f′, pₖ₊₁ = −rem(pₖ₋₁, pₖ), each member replaced by its primitive integer multiple
    // (a positive multiple: the signs, and so the sign changes Sturm's theorem counts, are unchanged), which keeps the
    // coefficients from growing and lets them be evaluated in integers.
    private static List<BigInteger[]> SturmSequence(Rational[] f, WorkBudget? budget)
    {
        var seq = new List<Rational[]> { Trim(f), Derivative(f) };
        var result = new List<BigInteger[]> { Primitive(seq[0]), Primitive(seq[1]) };
        while (seq[^1].Length > 0)
        {
            budget?.Charge(CostOf(seq[^2]) * seq[^2].Length);
            var r = DivRem(seq[^2], seq[^1]).Remainder;
            if (r.Length == 0)
            {
                break;
            }

            var next = Primitive([.. r.Select(c => -c)]);
            seq.Add([.. next.Select(c => new Rational(c))]);
            result.Add(next);
        }

        return result;
    }

    // Number of distinct roots in (lo, hi] (Sturm's theorem; f square-free).
    private static int CountRoots(List<BigInteger[]> sturm, Rational lo, Rational hi, WorkBudget? budget) =>
        SignChanges(sturm, lo, budget) - SignChanges(sturm, hi, budget);

    // The positive primitive integer multiple of p: c·p with c > 0 rational, integer coefficients of gcd 1.
    private static BigInteger[] Primitive(IReadOnlyList<Rational> p)
    {
        var lcm = BigInteger.One;
        foreach (var c in p)
        {
            lcm = lcm / BigInteger.GreatestCommonDivisor(lcm, c.Denominator) * c.Denominator;
        }

        var ints = p.Select(c => c.Numerator * (lcm / c.Denominator)).ToArray();
        var g = ints.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
        return g.IsZero || g.IsOne ? ints : [.. ints.Select(c => c / g)];
    }

    // The sign of p(u/v) for an integer polynomial: the sign of Σ cₖ uᵏ v^(d−k) (v > 0), by Horner in integers, with
    // no rational reduction (no gcd) on the way.
    private static int SignAt(BigInteger[] p, Rational x, WorkBudget? budget)
    {
        if (p.Length == 0)
        {
            return 0;
        }

        var u = x.Numerator;
        var v = x.Denominator;
        long xBits = (long)u.GetBitLength() + (long)v.GetBitLength();
        if (budget is not null)
        {
            budget.CheckBits(xBits);
            // d steps, each two products of a growing integer (on average half its final size) by one of x's
            // parts: linear-time multiplications, a quarter of a unit per word pair on this kind of machine.
            budget.Charge(1 + (p.Length * WorkBudget.ProductCost(MaxBits(p) + (p.Length * xBits / 2), xBits) / 2));
        }

        var sum = p[^1];
        var vPower = BigInteger.One;
        for (int k = p.Length - 2; k >= 0; k--)
        {
            vPower *= v;
            sum = (sum * u) + (p[k] * vPower);
        }

        return sum.Sign;
    }

    private static long MaxBits(BigInteger[] p)
    {
        long bits = 0;
        foreach (var c in p)
        {
            bits = Math.Max(bits, (long)c.GetBitLength());
        }

        return bits;
    }

    // Units for one pass over p's coefficients: the product cost of its largest coefficient with itself.
    private static long CostOf(IReadOnlyList<Rational> p)
    {
        long bits = 0;
        foreach (var c in p)
        {
            bits = Math.Max(bits, (long)c.Numerator.GetBitLength() + (long)c.Denominator.GetBitLength());
        }

        return WorkBudget.ProductCost(bits, bits);
    }

    private static int SignChanges(List<BigInteger[]> sturm, Rational x, WorkBudget? budget)
    {
        int changes = 0, last = 0;
        foreach (var p in sturm)
        {
            int s = SignAt(p, x, budget);
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
