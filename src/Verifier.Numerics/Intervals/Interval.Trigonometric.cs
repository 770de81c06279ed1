namespace Verifier.Numerics.Intervals;

/// <summary>Rigorous enclosures of π, sin and cos.</summary>
/// <remarks>
/// <para>
/// As with the other elementary functions, nothing here calls <c>Math.Sin</c>, <c>Math.Cos</c> or <c>Math.PI</c>
/// for a bound (the runtime documents no error bound for them). π comes from rational bounds (Machin's formula with
/// alternating-series remainders, see the internal <c>IntervalConstants</c>), and sin and cos of a double are Taylor
/// polynomials evaluated in interval arithmetic with an outward-rounded Lagrange remainder, after an interval range
/// reduction by π/2.
/// </para>
/// </remarks>
public readonly partial struct Interval
{
    // Taylor terms of sin and cos on |r| ≤ 0.8: the remainder is below 0.8²⁵/25! < 3·10⁻²⁸, far below 2⁻⁵³.
    private const int TrigTerms = 12;

    // Beyond this |x| the reduction x − k·π/2 is not attempted and the enclosure is [−1, 1] (k would lose integrality).
    private const double TrigReductionLimit = 1e15;

    /// <summary>An enclosure of π: the two doubles around it (from rational bounds within 10⁻⁴⁰).</summary>
    public static Interval Pi => IntervalConstants.Pi;

    /// <summary>Rationals with Lower &lt; π &lt; Upper, within 10⁻⁴⁰ of each other (Machin's formula, alternating-series bounds).</summary>
    public static (Verifier.Symbolic.Rational Lower, Verifier.Symbolic.Rational Upper) PiRationalBounds => (IntervalConstants.PiLower, IntervalConstants.PiUpper);

    /// <summary>{sin x : x ∈ a}.</summary>
    /// <remarks>
    /// <para>
    /// <b>Proof sketch.</b> For a double x, k = round(x/(π/2)) (any integer would do) and r ∈ R = (x − k·C1) − k·C2,
    /// where π/2 = C1 + c2 with C1 a double of 32 fractional bits (so k·C1 is exact for |k| &lt; 2²¹) and c2 in the
    /// interval C2, all from the rational bounds of π, evaluated in interval arithmetic, so R holds the exact reduced
    /// argument x − kπ/2 and is about one ulp of r wide; then
    /// sin x = sin r, cos r, −sin r or −cos r for k ≡ 0, 1, 2, 3 (mod 4). On R (|r| ≤ ρ = Mag R ≤ 0.8),
    /// sin r = Σ_{j&lt;n} (−1)ʲ r^{2j+1}/(2j+1)! + E with |E| ≤ ρ^{2n+1}/(2n+1)! (Lagrange, |sin|, |cos| ≤ 1),
    /// and likewise cos r with ρ^{2n}/(2n)!; the polynomial is Horner's rule in R² in interval arithmetic and E
    /// is added as an outward-rounded interval. A reduced argument wider than that (|x| beyond 10¹⁵, or huge
    /// k) gives [−1, 1].
    /// </para>
    /// <para>
    /// For a wide interval the image is the hull of the enclosures at the two ends and of ±1 wherever an extremum
    /// π/2 + jπ may lie in a (decided with the enclosure of (j + ½)π: an extremum whose enclosure meets a is
    /// included, which is sound). An interval of width at least 2π gives [−1, 1]. The result is clamped to
    /// [−1, 1].
    /// </para>
    /// </remarks>
    public static Interval Sin(Interval a) => TrigImage(a, cosine: false);

    /// <summary>{cos x : x ∈ a}.</summary>
    /// <remarks>
    /// <b>Proof sketch.</b> As <see cref="Sin"/>, with the quadrant table cos x = cos r, −sin r, −cos r, sin r for
    /// k ≡ 0, 1, 2, 3 (mod 4), and the extrema (−1)ʲ at jπ.
    /// </remarks>
    public static Interval Cos(Interval a) => TrigImage(a, cosine: true);

    private static Interval TrigImage(Interval a, bool cosine)
    {
        var whole = new Interval(-1, 1);
        if (!a.IsBounded || !(a.Width < 6) || !(a.Mag <= TrigReductionLimit))
        {
            return whole;
        }

        var result = Hull(TrigAt(a.Lo, cosine), TrigAt(a.Hi, cosine));

        // Extrema: sin at (j + ½)π with value (−1)ʲ; cos at jπ with value (−1)ʲ.
        double offset = cosine ? 0.0 : 0.5;
        double first = Math.Floor(a.Lo / Math.PI - offset) - 1, last = Math.Ceiling(a.Hi / Math.PI - offset) + 1;
        for (double j = first; j <= last; j++)
        {
            var at = Pi * Point(j + offset);
            if (at.Hi >= a.Lo && at.Lo <= a.Hi)
            {
                double value = Math.Abs(j % 2) == 1 ? -1.0 : 1.0;
                result = Hull(result, Point(value));
            }
        }

        return Intersect(result, whole) ?? whole;
    }

    // An enclosure of sin x (or cos x) for a finite double x.
    private static Interval TrigAt(double x, bool cosine)
    {
        var whole = new Interval(-1, 1);
        if (!double.IsFinite(x) || Math.Abs(x) > TrigReductionLimit)
        {
            return whole;
        }

        double k = Math.Round(x / (Math.PI / 2));
        var r = (Point(x) - (Point(k) * Point(IntervalConstants.HalfPiC1))) - (Point(k) * IntervalConstants.HalfPiC2);
        if (!(r.Mag <= 0.8))
        {
            return whole;
        }

        int quadrant = (int)(((k % 4) + 4) % 4);
        bool useCos = cosine ? quadrant % 2 == 0 : quadrant % 2 == 1;
        bool negate = cosine ? quadrant is 1 or 2 : quadrant is 2 or 3;
        var value = useCos ? CosReduced(r) : SinReduced(r);
        value = negate ? -value : value;
        return Intersect(value, whole) ?? whole;
    }

    // sin r = r·Σ_{j<n} (−1)ʲ (r²)ʲ/(2j+1)! + E, |E| ≤ ρ^{2n+1}/(2n+1)!.
    private static Interval SinReduced(Interval r)
    {
        var c = IntervalConstants.InverseFactorials;
        var r2 = Square(r);
        var sum = Zero;
        for (int j = TrigTerms - 1; j >= 0; j--)
        {
            var term = (j % 2 == 0) ? c[(2 * j) + 1] : -c[(2 * j) + 1];
            sum = (sum * r2) + term;
        }

        return (r * sum) + Remainder(r.Mag, (2 * TrigTerms) + 1);
    }

    // cos r = Σ_{j<n} (−1)ʲ (r²)ʲ/(2j)! + E, |E| ≤ ρ^{2n}/(2n)!.
    private static Interval CosReduced(Interval r)
    {
        var c = IntervalConstants.InverseFactorials;
        var r2 = Square(r);
        var sum = Zero;
        for (int j = TrigTerms - 1; j >= 0; j--)
        {
            var term = (j % 2 == 0) ? c[2 * j] : -c[2 * j];
            sum = (sum * r2) + term;
        }

        return sum + Remainder(r.Mag, 2 * TrigTerms);
    }

    // [−e, e] with e ≥ ρᵐ/m!, rounded upward.
    private static Interval Remainder(double rho, int m)
    {
        double e = Pow(Point(rho), m).Hi;
        e = DirectedRounding.MulUp(e, IntervalConstants.InverseFactorials[m].Hi);
        return new Interval(-e, e);
    }
}
