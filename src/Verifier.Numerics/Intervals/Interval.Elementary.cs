namespace Verifier.Numerics.Intervals;

/// <summary>Rigorous enclosures of exp, expm1, log, the logistic sigmoid, tanh and the activation derivatives.</summary>
/// <remarks>
/// <para>
/// None of these calls <c>Math.Exp</c>, <c>Math.Log</c> or <c>Math.Tanh</c>: the runtime
/// documents no error bound for them. Every value is computed by a polynomial in interval arithmetic whose
/// truncation error is bounded by an explicit Lagrange (or geometric) remainder that is itself evaluated with
/// outward rounding, and the constants (ln 2, 1/j!, 1/(2j+1)) are enclosures of exact rationals
/// (see the internal <c>IntervalConstants</c>). The proofs are sketched on each method.
/// </para>
/// <para>
/// All of the functions are monotone (or monotone in |x|), so the image of an interval is enclosed from the
/// enclosures at its endpoints: the lower endpoint of the result comes from a lower bound at one argument
/// endpoint and the upper endpoint from an upper bound at the other. For a point interval the result is a
/// few ulps wide (the tests hold exp, log, sigmoid and tanh to a stated number of ulps).
/// </para>
/// </remarks>
public readonly partial struct Interval
{
    // Taylor degree of expm1 on |r| ≤ 1/2: the remainder is below 2·2⁻¹⁸/19! < 7·10⁻²³, far below 2⁻⁵³.
    private const int Expm1Degree = 18;

    // Terms of the atanh series on |s| ≤ 1/3 + tiny ≤ 0.34: the tail is below 2·0.34⁴⁰/41 < 10⁻²⁰ relative, far below 2⁻⁵³.
    private const int AtanhTerms = 19;

    // Arguments beyond which exp is outside the double range: e^−746 < 2⁻¹⁰⁷⁵ and e^710 > MaxValue.
    private const double ExpUnderflowArgument = -746;
    private const double ExpOverflowArgument = 710;

    /// <summary>{eˣ : x ∈ a}.</summary>
    /// <remarks>
    /// <para>
    /// <b>Proof sketch.</b> exp is increasing, so the image is [e^Lo, e^Hi] and it suffices to enclose e^x for a
    /// double x. Write x = k·ln 2 + r with the integer k = round(x/ln 2) (any integer would do; this one makes
    /// |r| ≤ ln 2/2 + tiny ≤ 1/2). ln 2 = C1 + C2 + c3 with C1 a double of 32 significant bits, C2 a double and
    /// c3 in an interval C3 of size 2⁻⁸⁶, all derived from the series 2·atanh(1/3) with an exact remainder bound.
    /// Then r ∈ R = ((x − k·C1) − k·C2) − k·C3 evaluated in interval arithmetic (k·C1 is exact: |k| &lt; 2¹¹), so
    /// R is an enclosure of the exact reduced argument, about one ulp of r wide.
    /// </para>
    /// <para>
    /// On R (|r| ≤ ρ = Mag R ≤ 1/2), e^r = 1 + r·(Σ_{j=0}^{n−1} r^j/(j+1)! + r^{n−1}·δ) with δ = r·e^ξ/(n+1)! for
    /// some ξ between 0 and r (Taylor with the Lagrange remainder, n = 18), and |δ| ≤ 2ρ/(n+1)! because
    /// e^ξ ≤ e^{1/2} &lt; 2; that bound is rounded upward and added as the interval [−δ, δ] to the top
    /// coefficient 1/n!. The polynomial is then evaluated by Horner's rule in interval arithmetic, and
    /// inclusion isotonicity makes the result enclose e^r − 1 for every r in R and every admissible δ.
    /// The truncation error is below 2·2⁻¹⁸/19! &lt; 10⁻²² relative, far below an ulp.
    /// Finally e^x = 2^k·e^r, and multiplying the endpoints by 2^k is exact while the result is a normal double;
    /// a subnormal or overflowing result is widened by one ulp (a lower end of −ε becomes 0 since e^x &gt; 0,
    /// an overflowing lower end becomes MaxValue). For x &lt; −746, e^x &lt; e^−746 bounds the upper end and the
    /// lower end is 0; for x &gt; 710 the lower end is the bound at 710 (≥ MaxValue) and the upper end is +∞.
    /// </para>
    /// </remarks>
    public static Interval Exp(Interval a) => new(ExpAt(a.Lo).Lo, ExpAt(a.Hi).Hi);

    /// <summary>{eˣ − 1 : x ∈ a}, accurate to a few ulps relative to the result also near x = 0.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> Increasing, so the endpoints suffice. For |x| ≤ 1/2 it is the Taylor polynomial with
    /// Lagrange remainder described in <see cref="Exp"/> (without the reduction, so there is no cancellation
    /// near 0); otherwise it is the enclosure of eˣ minus 1 with outward rounding (|eˣ − 1| ≥ 0.39 there, so
    /// the subtraction costs at most a few ulps), and the lower end is at least −1.
    /// </remarks>
    public static Interval Expm1(Interval a) => new(Expm1At(a.Lo).Lo, Expm1At(a.Hi).Hi);

    /// <summary>{ln x : x ∈ a} for an interval of positive numbers.</summary>
    /// <exception cref="IntervalDomainException">a reaches 0 or below.</exception>
    /// <remarks>
    /// <para>
    /// <b>Proof sketch.</b> ln is increasing, so the endpoints suffice. For a positive double x, x = m·2^e exactly:
    /// m = x and e = 0 when 1/2 &lt; x &lt; 2, otherwise m ∈ [√2/2, √2] from <see cref="Math.ILogB"/> and
    /// <see cref="Math.ScaleB"/> on a power of two (checked by scaling back). Then ln x = e·ln 2 + ln m and
    /// ln m = 2·atanh(s) with s = (m − 1)/(m + 1), |s| &lt; 1/3; S = (m − 1)/(m + 1) is evaluated in interval
    /// arithmetic (m − 1 is exact).
    /// </para>
    /// <para>
    /// atanh(s) = s·Σ_{j≥0} s^{2j}/(2j+1). Truncated after j = n = 19 the omitted part is s^{2n}·τ with
    /// τ = Σ_{i≥1} s^{2i}/(2n+2i+1) ∈ [0, ρ²/((2n+3)(1 − ρ²))] ⊂ [0, 2ρ²/(2n+3)] for ρ = Mag S ≤ 0.34 (a
    /// geometric bound, rounded upward), added to the top coefficient 1/(2n+1); the whole is Horner's rule in
    /// S² in interval arithmetic, so it encloses atanh on S (omitted part below 10⁻²⁰ relative). e·ln 2 is
    /// e·C1 + e·C2 + e·C3 as in <see cref="Exp"/> (e·C1 exact since |e| ≤ 1075). No step uses Math.Log.
    /// </para>
    /// </remarks>
    public static Interval Log(Interval a)
    {
        if (!(a.Lo > 0))
        {
            throw new IntervalDomainException($"Logarithm of {a}, which reaches 0 or below.");
        }

        return new Interval(LogAt(a.Lo).Lo, LogAt(a.Hi).Hi);
    }

    /// <summary>{σ(x) = 1/(1 + e^−x) : x ∈ a}, the logistic sigmoid.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> σ is increasing, so the endpoints suffice. For x ≥ 0, with e^−x ∈ E ⊂ [0, 1] from
    /// <see cref="Exp"/>: σ(x) = 1/(1 + e^−x) is decreasing in e^−x, so it lies in
    /// [1/(1 + E.Hi)↓, 1/(1 + E.Lo)↑] with the sums and quotients rounded in the safe direction (all operands
    /// positive). For x &lt; 0, with eˣ ∈ E ⊂ [0, 1]: σ(x) = eˣ/(1 + eˣ) is increasing in eˣ, so it lies in
    /// [E.Lo/(1 + E.Lo)↓, E.Hi/(1 + E.Hi)↑], which keeps full relative accuracy for very negative x (no e^−x
    /// to overflow). For x ≤ −746 the lower end is 0 and the upper end the tiny bound at −746. The result is
    /// clamped to [0, 1], the range of σ.
    /// </remarks>
    public static Interval Sigmoid(Interval a) => a.Lo == a.Hi ? SigmoidAt(a.Lo) : new(SigmoidAt(a.Lo).Lo, SigmoidAt(a.Hi).Hi);

    /// <summary>{tanh x : x ∈ a}.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> tanh is increasing and odd, so the endpoints suffice and tanh(−x) = −tanh x reduces
    /// to x ≥ 0. There tanh x = −M/(2 + M) with M = expm1(−2x) ∈ [−1, 0] enclosed by <see cref="Expm1"/>
    /// (−2x itself rounded outward, which matters only on overflow); −M/(2 + M) is decreasing in M, so
    /// tanh x ∈ [−M.Hi/(2 + M.Hi)↓, −M.Lo/(2 + M.Lo)↑], all operands of the quotients non-negative and the
    /// denominators ≥ 1. Using expm1 keeps the relative accuracy near 0, where 1 − e^−2x would cancel. The
    /// result is clamped to [−1, 1], the range of tanh.
    /// </remarks>
    public static Interval Tanh(Interval a) => a.Lo == a.Hi ? TanhAt(a.Lo) : new(TanhAt(a.Lo).Lo, TanhAt(a.Hi).Hi);

    /// <summary>{σ′(x) = σ(x)(1 − σ(x)) : x ∈ a}.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> σ′(x) = σ(x)·σ(−x) = 1/(4 cosh²(x/2)) is even and decreasing in |x|, so its range on a
    /// is [σ′(Mag a), σ′(Mig a)]: the lower end is a lower bound of σ(t)·σ(−t) at t = Mag a (product of the
    /// lower ends of two non-negative enclosures, rounded down) and the upper end an upper bound at t = Mig a.
    /// This is the exact range up to rounding (no dependency overestimate), and σ(−t) is enclosed directly, so
    /// there is no cancellation in 1 − σ for large t. The upper end is clamped to 1/4, the maximum of σ′.
    /// </remarks>
    public static Interval SigmoidDerivative(Interval a)
    {
        var atMag = SigmoidDerivativeAt(a.Mag);
        var atMig = a.Mag == a.Mig ? atMag : SigmoidDerivativeAt(a.Mig);
        return new Interval(atMag.Lo, Math.Min(0.25, atMig.Hi));
    }

    /// <summary>{σ″(x) = σ(x)(1 − σ(x))(1 − 2σ(x)) : x ∈ a}.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> 1 − 2σ(x) = −tanh(x/2), so σ″(x) = −σ′(x)·tanh(x/2). Each factor's range on a is
    /// enclosed by <see cref="SigmoidDerivative"/> and <see cref="Tanh"/> (x/2 rounded outward), and the
    /// interval product of two enclosures encloses the product of the functions (inclusion isotonicity). It
    /// overestimates (the two factors are treated as independent), which is sound.
    /// </remarks>
    public static Interval SigmoidSecondDerivative(Interval a) => -(SigmoidDerivative(a) * Tanh(a * Point(0.5)));

    /// <summary>{tanh′(x) = 1 − tanh²(x) : x ∈ a}.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> 1 − tanh² x = 1/cosh² x = 4·σ′(2x), so this is 4·<see cref="SigmoidDerivative"/> of
    /// 2a (2a rounded outward, exact unless it overflows), the exact range up to rounding, without the
    /// cancellation of 1 − tanh² for large |x|. The upper end is clamped to 1.
    /// </remarks>
    public static Interval TanhDerivative(Interval a)
    {
        var d = Point(4) * SigmoidDerivative(Point(2) * a);
        return new Interval(d.Lo, Math.Min(1.0, d.Hi));
    }

    /// <summary>{tanh″(x) = −2 tanh(x)(1 − tanh²(x)) : x ∈ a}.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> The interval product −2·<see cref="Tanh"/>(a)·<see cref="TanhDerivative"/>(a) of two
    /// enclosures (inclusion isotonicity); it overestimates through the dependency between the factors, soundly.
    /// </remarks>
    public static Interval TanhSecondDerivative(Interval a) => Point(-2) * Tanh(a) * TanhDerivative(a);

    // An enclosure of eˣ for any non-NaN x (for x = +∞ only the upper end, +∞, is meaningful).
    private static Interval ExpAt(double x)
    {
        if (double.IsNaN(x))
        {
            throw new InvalidOperationException("Internal error: exp of NaN.");
        }

        if (x == 0)
        {
            return One;
        }

        if (x < ExpUnderflowArgument)
        {
            return double.IsNegativeInfinity(x) ? Zero : new Interval(0.0, ExpAt(ExpUnderflowArgument).Hi);
        }

        if (x > ExpOverflowArgument)
        {
            return new Interval(ExpAt(ExpOverflowArgument).Lo, double.PositiveInfinity);
        }

        // Any integer k is correct; round(x/ln 2) keeps |r| ≤ 1/2. |k| ≤ 1077, so k·C1 is exact.
        int k = (int)Math.Round(x * 1.4426950408889634);
        var r = Point(x);
        if (k != 0)
        {
            var kk = Point(k);
            r = ((r - Point(k * IntervalConstants.Ln2C1)) - kk * Point(IntervalConstants.Ln2C2)) - kk * IntervalConstants.Ln2C3;
        }

        var t = One + Expm1Reduced(r);
        double lo = DirectedRounding.ScaleB(t.Lo, k).Down;
        double hi = DirectedRounding.ScaleB(t.Hi, k).Up;
        return new Interval(Math.Max(0.0, lo), hi);
    }

    // {eʳ − 1 : r ∈ R} for Mag R ≤ 1/2 (see Exp).
    private static Interval Expm1Reduced(Interval r)
    {
        double rho = r.Mag;
        if (!(rho <= 0.5))
        {
            throw new InvalidOperationException($"Internal error: expm1 series called outside |r| ≤ 1/2 ({r}).");
        }

        if (rho == 0)
        {
            return Zero;
        }

        var c = IntervalConstants.InverseFactorials;
        const int n = Expm1Degree;

        // (eʳ − 1)/r = Σ_{j=0}^{n−1} r^j/(j+1)! + r^{n−1}·δ with δ = r·e^ξ/(n+1)!, |δ| ≤ 2ρ/(n+1)! (e^ξ ≤ e^{1/2} < 2):
        // the remainder rides on the top coefficient of Horner's rule, so it costs no rounding at the end.
        double delta = DirectedRounding.MulUp(DirectedRounding.MulUp(rho, 2.0), c[n + 1].Hi);
        var p = c[n] + new Interval(-delta, delta);
        for (int j = n - 2; j >= 0; j--)
        {
            p = p * r + c[j + 1];
        }

        return r * p;
    }

    private static Interval Expm1At(double x)
    {
        if (double.IsNaN(x))
        {
            throw new InvalidOperationException("Internal error: expm1 of NaN.");
        }

        if (Math.Abs(x) <= 0.5)
        {
            return Expm1Reduced(Point(x));
        }

        if (double.IsNegativeInfinity(x))
        {
            return new Interval(-1.0, -1.0);
        }

        var e = ExpAt(x);
        return new Interval(Math.Max(-1.0, DirectedRounding.SubDown(e.Lo, 1.0)), DirectedRounding.SubUp(e.Hi, 1.0));
    }

    // An enclosure of ln x for a positive double x (for x = +∞ only the upper end, +∞, is meaningful).
    private static Interval LogAt(double x)
    {
        if (!(x > 0))
        {
            throw new InvalidOperationException($"Internal error: log of {x}.");
        }

        if (double.IsPositiveInfinity(x))
        {
            return new Interval(double.MaxValue, double.PositiveInfinity);
        }

        // x = m·2^e with m in (1/2, 2) when x itself is (no cancellation between e·ln 2 and ln m there),
        // otherwise m in [√2/2, √2].
        int e = 0;
        double m = x;
        if (!(x > 0.5 && x < 2))
        {
            e = Math.ILogB(x);
            m = Math.ScaleB(x, -e);
            if (m > 1.4142135623730951)
            {
                m *= 0.5;
                e++;
            }
        }

        if (Math.ScaleB(m, e) != x || !(m > 0.5 && m < 2))
        {
            throw new InvalidOperationException($"Internal error: {x:R} did not split into m·2^e.");
        }

        var mm = Point(m);
        var s = (mm - One) / (mm + One);
        double rho = s.Mag;
        if (!(rho <= 0.34))
        {
            throw new InvalidOperationException($"Internal error: atanh series called outside |s| ≤ 0.34 ({s}).");
        }

        var c = IntervalConstants.InverseOdd;
        const int n = AtanhTerms;

        // atanh(s)/s = Σ_{j=0}^{n} s^{2j}/(2j+1) + s^{2n}·τ with τ = Σ_{i≥1} s^{2i}/(2n+2i+1) ∈ [0, ρ²/((2n+3)(1 − ρ²))]
        // ⊂ [0, 2ρ²/(2n+3)] for ρ ≤ 0.34: the tail rides on the top coefficient of Horner's rule in s².
        var q = Square(s);
        double tail = DirectedRounding.MulUp(DirectedRounding.MulUp(DirectedRounding.MulUp(rho, rho), 2.0), c[n + 1].Hi);
        var p = c[n] + new Interval(0.0, tail);
        for (int j = n - 1; j >= 0; j--)
        {
            p = p * q + c[j];
        }

        var lnM = Point(2) * (s * p);
        if (e == 0)
        {
            return lnM;
        }

        var ee = Point(e);
        return Point(e * IntervalConstants.Ln2C1) + ((ee * Point(IntervalConstants.Ln2C2) + ee * IntervalConstants.Ln2C3) + lnM);
    }

    // An enclosure of σ(x) for any non-NaN x (±∞ give the limits 0 and 1).
    private static Interval SigmoidAt(double x)
    {
        double lo, hi;
        if (x >= 0)
        {
            var e = ExpAt(-x); // e^−x ∈ [0, 1]; σ decreasing in it.
            lo = DirectedRounding.DivDown(1.0, DirectedRounding.AddUp(1.0, e.Hi));
            hi = DirectedRounding.DivUp(1.0, DirectedRounding.AddDown(1.0, e.Lo));
        }
        else
        {
            var e = ExpAt(x); // eˣ ∈ [0, 1]; σ = eˣ/(1 + eˣ) increasing in it.
            lo = DirectedRounding.DivDown(e.Lo, DirectedRounding.AddUp(1.0, e.Lo));
            hi = DirectedRounding.DivUp(e.Hi, DirectedRounding.AddDown(1.0, e.Hi));
        }

        return new Interval(Math.Max(0.0, lo), Math.Min(1.0, hi));
    }

    // An enclosure of tanh x for any non-NaN x (±∞ give the limits ±1).
    private static Interval TanhAt(double x)
    {
        if (double.IsNaN(x))
        {
            throw new InvalidOperationException("Internal error: tanh of NaN.");
        }

        if (x < 0)
        {
            return -TanhAt(-x);
        }

        if (x == 0)
        {
            return Zero;
        }

        // M = expm1(−2x) ∈ [−1, 0]; tanh x = −M/(2 + M), decreasing in M.
        double mLo = Math.Max(-1.0, Expm1At(DirectedRounding.MulDown(x, -2.0)).Lo);
        double mHi = Math.Min(0.0, Expm1At(DirectedRounding.MulUp(x, -2.0)).Hi);
        double lo = DirectedRounding.DivDown(-mHi, DirectedRounding.AddUp(2.0, mHi));
        double hi = DirectedRounding.DivUp(-mLo, DirectedRounding.AddDown(2.0, mLo));
        return new Interval(Math.Max(0.0, lo), Math.Min(1.0, hi));
    }

    // An enclosure of σ′(t) = σ(t)·σ(−t) = e/(1 + e)² with e = e^−t ∈ [0, 1], for t ≥ 0 (possibly +∞): e/(1 + e)² is
    // increasing in e on [0, 1] (its derivative is (1 − e)/(1 + e)³ ≥ 0), so one enclosure E of e^−t gives
    // [E.Lo/(1 + E.Lo)²↓, E.Hi/(1 + E.Hi)²↑] (denominators rounded the other way), one exponential instead of two.
    private static Interval SigmoidDerivativeAt(double t)
    {
        var e = ExpAt(-t);
        double eLo = Math.Max(0.0, e.Lo), eHi = Math.Min(1.0, e.Hi);
        double lo = DirectedRounding.DivDown(eLo, DirectedRounding.MulUp(DirectedRounding.AddUp(1.0, eLo), DirectedRounding.AddUp(1.0, eLo)));
        double hi = DirectedRounding.DivUp(eHi, DirectedRounding.MulDown(DirectedRounding.AddDown(1.0, eHi), DirectedRounding.AddDown(1.0, eHi)));
        return new Interval(Math.Max(0.0, lo), Math.Min(0.25, hi));
    }
}
