using Verifier.Landscape.Claims;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// A variant of Prop 2.3's bounds for X ~ N(0, I): (1 + cos α)/4 − c·((1 − cos α)/2 + sin²α) ≤ k(α) ≤ (1 + cos α)/U,
/// with k the degree-1 arc-cosine kernel. The paper's bounds are U = 4, c = 2 (<see cref="Paper"/>); the others exist
/// to test that the checker refutes false variants.
/// </summary>
/// <param name="UpperDenominator">U &gt; 0.</param>
/// <param name="LowerFactor">c.</param>
public sealed record KernelBoundVariant(Rational UpperDenominator, Rational LowerFactor)
{
    /// <summary>The paper's bounds: U = 4, c = 2.</summary>
    public static KernelBoundVariant Paper { get; } = new(4, 2);

    /// <inheritdoc/>
    public override string ToString() => $"(1+cos α)/4 − {LowerFactor}·((1−cos α)/2 + sin²α) ≤ k(α) ≤ (1+cos α)/{UpperDenominator}";
}

/// <summary>
/// The degree-1 arc-cosine kernel k(α) = E[relu(w₁·X)·relu(w₂·X)] = (sin α + (π − α)cos α)/(2π) for unit w₁, w₂ at
/// angle α and X ~ N(0, I), and the proof of Prop 2.3's bounds on it for every α ∈ (0, π) (papers.md FB-1).
/// </summary>
/// <remarks>
/// <para>
/// The upper slack is h(α) = (1 + cos α)/4 − k(α) = (1 − cos α)/4 − (sin α − α cos α)/(2π); it satisfies
/// h(π − α) = h(α) exactly (sin(π − α) = sin α, cos(π − α) = −cos α), and tends to 0 like α²/8 at both ends. The
/// lower slack is g(α) = k(α) − (1 + cos α)/4 + c·((1 − cos α)/2 + sin²α) = −h(α) + c·((1 − cos α)/2 + sin²α); it
/// tends to 0 at α → 0 and to c at α → π. Plain bisection never ends where a slack tends to 0, so the ends are
/// handled by Taylor bounds proved from the Lagrange remainders with |sin|, |cos| ≤ 1, for 0 &lt; α ≤ δ ≤ 1:
/// </para>
/// <list type="bullet">
/// <item>1 − cos α ≥ α²/2 − α⁴/24, 1 − cos α ≤ α²/2, sin α ≤ α − α³/6 + α⁵/120, sin α ≥ α − α³/6 ≥ 0;</item>
/// <item>so sin α − α cos α ≤ α³/3 + α⁵/120, and with 2π ≥ 6, h(α)/α² ≥ 1/8 − α/18 − α²/96 − α³/720 ≥ that at δ;</item>
/// <item>sin α − α cos α ≥ 0 on [0, π] (its derivative is α sin α ≥ 0), so h(α) ≤ (1 − cos α)/4 ≤ α²/8, and for
/// c ≥ 0, g(α)/α² ≥ −1/8 + c·(1/4 − α²/48 + (1 − α²/6)²), which decreases in α on (0, δ], so ≥ that at δ.</item>
/// </list>
/// <para>
/// The two constants at δ are computed and checked &gt; 0 in exact rationals. The rest, [δ, π − δ] for h and [δ, π]
/// for g, is covered by intervals bisected until the interval enclosure of the slack (with <see cref="Interval.Sin"/>,
/// <see cref="Interval.Cos"/> and <see cref="Interval.Pi"/>) has a positive lower end. For U ≠ 4: when U &lt; 4 the
/// upper slack is h + (1 + cos α)(1/U − 1/4) ≥ h, so h &gt; 0 proves it; when U &gt; 4 it is negative near 0 and a
/// counterexample is looked for. A counterexample is an α whose slack enclosure is entirely negative.
/// </para>
/// </remarks>
public static class ArcCosineKernel
{
    /// <summary>The δ values tried for the Taylor bounds, largest first.</summary>
    public static IReadOnlyList<Rational> Deltas { get; } = [new(1, 4), new(1, 16), new(1, 64)];

    /// <summary>Pieces narrower than this are not bisected again (the proof is then inconclusive).</summary>
    public const double SmallestPiece = 1e-10;

    /// <summary>Grid points in (0, π) where a counterexample is first looked for (plus points geometrically close to each end).</summary>
    public const int SearchGrid = 4000;

    private static readonly Rational Quarter = new(1, 4);

    /// <summary>k(α) in float64 (not a proof; used to look for counterexamples and by the Monte Carlo claim).</summary>
    public static double Value(double alpha) => (Math.Sin(alpha) + ((Math.PI - alpha) * Math.Cos(alpha))) / (2 * Math.PI);

    /// <summary>An enclosure of k(α) for every α in <paramref name="alpha"/>.</summary>
    public static Interval Enclose(Interval alpha)
    {
        var pi = Interval.Pi;
        return (Interval.Sin(alpha) + ((pi - alpha) * Interval.Cos(alpha))) / (Interval.Point(2) * pi);
    }

    /// <summary>An enclosure of the upper slack (1 + cos α)/U − k(α) over <paramref name="alpha"/>.</summary>
    public static Interval UpperSlack(Interval alpha, Rational upperDenominator)
    {
        if (upperDenominator == 4)
        {
            return SymmetricUpperSlack(alpha);
        }

        return ((Interval.One + Interval.Cos(alpha)) / Interval.FromRational(upperDenominator)) - Enclose(alpha);
    }

    /// <summary>An enclosure of the lower slack k(α) − (1 + cos α)/4 + c·((1 − cos α)/2 + sin²α) over <paramref name="alpha"/>.</summary>
    public static Interval LowerSlack(Interval alpha, Rational lowerFactor)
    {
        var cos = Interval.Cos(alpha);
        var sin = Interval.Sin(alpha);
        var bracket = ((Interval.One - cos) * Interval.Point(0.5)) + Interval.Square(sin);
        return -SymmetricUpperSlack(alpha) + (Interval.FromRational(lowerFactor) * bracket);
    }

    /// <summary>The upper slack in float64: (1 + cos α)/U − k(α).</summary>
    public static double UpperSlackValue(double alpha, Rational upperDenominator) => ((1 + Math.Cos(alpha)) / upperDenominator.ToDouble()) - Value(alpha);

    /// <summary>The lower slack in float64.</summary>
    public static double LowerSlackValue(double alpha, Rational lowerFactor) =>
        Value(alpha) - ((1 + Math.Cos(alpha)) / 4) + (lowerFactor.ToDouble() * (((1 - Math.Cos(alpha)) / 2) + (Math.Sin(alpha) * Math.Sin(alpha))));

    /// <summary>The Taylor constant of h at δ: h(α)/α² ≥ 1/8 − δ/18 − δ²/96 − δ³/720 for 0 &lt; α ≤ δ ≤ 1 (exact).</summary>
    public static Rational UpperTaylorConstant(Rational delta) =>
        new Rational(1, 8) - (delta / 18) - (delta * delta / 96) - (delta * delta * delta / 720);

    /// <summary>The Taylor constant of g at δ: g(α)/α² ≥ −1/8 + c·(1/4 − δ²/48 + (1 − δ²/6)²) for 0 &lt; α ≤ δ ≤ 1 and c ≥ 0 (exact).</summary>
    public static Rational LowerTaylorConstant(Rational delta, Rational lowerFactor)
    {
        var d2 = delta * delta;
        var s = 1 - (d2 / 6);
        return new Rational(-1, 8) + (lowerFactor * (Quarter - (d2 / 48) + (s * s)));
    }

    /// <summary>
    /// Decides the variant for every α ∈ (0, π): <see cref="Verdict.Refuted"/> with an α whose slack is proved
    /// negative, <see cref="Verdict.Verified"/> with the proof's constants and piece counts, otherwise
    /// <see cref="Verdict.Inconclusive"/> naming what did not close.
    /// </summary>
    /// <param name="variant">The bounds.</param>
    /// <param name="work">The work budget charged per piece, or null.</param>
    public static Verdict Decide(KernelBoundVariant variant, WorkBudget? work = null)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (variant.UpperDenominator <= 0)
        {
            return new Verdict.HypothesesNotMet(["the upper bound's denominator U is positive"]);
        }

        if (FindCounterexample(variant) is { } counterexample)
        {
            return new Verdict.Refuted(
                $"the {counterexample.Bound} bound of {variant} fails at α = {counterexample.Alpha:R}: its slack lies in {counterexample.Slack}",
                Evidence.Of(EvidenceMethod.IntervalBisection, counterexample));
        }

        if (variant.UpperDenominator > 4)
        {
            return new Verdict.Inconclusive($"U = {variant.UpperDenominator} > 4 makes the upper bound fail near α = 0, but no angle with a proved negative slack was found");
        }

        if (variant.LowerFactor <= 0)
        {
            return new Verdict.Inconclusive($"c = {variant.LowerFactor} ≤ 0 makes the lower bound fail on all of (0, π), but no angle with a proved negative slack was found");
        }

        var (piLow, _) = Interval.PiRationalBounds;
        if (piLow < 3)
        {
            throw new InvalidOperationException("Internal error: the lower bound of π is below 3.");
        }

        foreach (var delta in Deltas)
        {
            var upperConstant = UpperTaylorConstant(delta);
            var lowerConstant = LowerTaylorConstant(delta, variant.LowerFactor);
            if (upperConstant <= 0 || lowerConstant <= 0)
            {
                continue;
            }

            double d = delta.ToDouble();
            if (Rational.FromDouble(d) != delta)
            {
                throw new InvalidOperationException("Internal error: δ is not a double.");
            }

            // [δ, π − δ] ⊂ [d, (π↑ − d)↑]; [δ, π] ⊂ [d, π↑].
            double upperEnd = DirectedRounding.SubUp(Interval.Pi.Hi, d);
            var upper = Bisect(d, upperEnd, a => SymmetricUpperSlack(a), work);
            var lower = Bisect(d, Interval.Pi.Hi, a => LowerSlack(a, variant.LowerFactor), work);
            if (upper.Failed is null && lower.Failed is null)
            {
                var proof = new EvidenceItem.KernelBoundsProof(variant.UpperDenominator, variant.LowerFactor, delta, upperConstant, lowerConstant, upper.Pieces, lower.Pieces, upper.Smallest, lower.Smallest);
                string upperNote = variant.UpperDenominator == 4 ? "" : $" (U = {variant.UpperDenominator} < 4, so the upper slack is at least h)";
                return new Verdict.Verified(
                    $"both bounds hold on (0, π): exact Taylor bounds slack/α² ≥ {upperConstant} (upper, also near π by h(π − α) = h(α)) and ≥ {lowerConstant} (lower) on (0, {delta}], and interval enclosures on {upper.Pieces} + {lower.Pieces} bisection pieces in between{upperNote}",
                    Evidence.Of(EvidenceMethod.IntervalBisection, proof));
            }

            if (delta == Deltas[^1])
            {
                var failed = upper.Failed ?? lower.Failed;
                return new Verdict.Inconclusive($"no counterexample, but the {(upper.Failed is null ? "lower" : "upper")} slack's enclosure on {failed} does not have a positive lower end (pieces narrower than {SmallestPiece} are not bisected)");
            }
        }

        return new Verdict.Inconclusive($"no counterexample, and the Taylor constants are not positive for any δ in {{{string.Join(", ", Deltas)}}} (c = {variant.LowerFactor} is too close to 1/10)");
    }

    /// <summary>An α ∈ (0, π) at which one of the bounds is proved to fail, or null (a float search confirmed by intervals).</summary>
    public static EvidenceItem.KernelBoundCounterexample? FindCounterexample(KernelBoundVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var candidates = new List<double>();
        for (int i = 1; i < SearchGrid; i++)
        {
            candidates.Add(Math.PI * i / SearchGrid);
        }

        for (int k = 1; k <= 40; k++)
        {
            candidates.Add(Math.ScaleB(1.0, -k));
            candidates.Add(Math.PI - Math.ScaleB(1.0, -k));
        }

        candidates.RemoveAll(a => !(a > 0 && a < Interval.Pi.Lo));
        foreach (var (bound, slack, enclose) in new (string, Func<double, double>, Func<Interval, Interval>)[]
        {
            ("upper", a => UpperSlackValue(a, variant.UpperDenominator), a => UpperSlack(a, variant.UpperDenominator)),
            ("lower", a => LowerSlackValue(a, variant.LowerFactor), a => LowerSlack(a, variant.LowerFactor)),
        })
        {
            foreach (double alpha in candidates.OrderBy(slack).Take(8))
            {
                var at = enclose(Interval.Point(alpha));
                if (at.Hi < 0)
                {
                    return new EvidenceItem.KernelBoundCounterexample(bound, alpha, at);
                }
            }
        }

        return null;
    }

    // h(α) = (1 − cos α)/4 − (sin α − α cos α)/(2π).
    private static Interval SymmetricUpperSlack(Interval alpha)
    {
        var cos = Interval.Cos(alpha);
        var sin = Interval.Sin(alpha);
        return ((Interval.One - cos) * Interval.Point(0.25)) - ((sin - (alpha * cos)) / (Interval.Point(2) * Interval.Pi));
    }

    private sealed record BisectionOutcome(int Pieces, double Smallest, Interval? Failed);

    // Bisects [lo, hi] until every piece's enclosure is positive; the first piece that cannot be split is reported.
    private static BisectionOutcome Bisect(double lo, double hi, Func<Interval, Interval> slack, WorkBudget? work)
    {
        var stack = new Stack<(double Lo, double Hi)>();
        stack.Push((lo, hi));
        int pieces = 0;
        double smallest = double.PositiveInfinity;
        while (stack.Count > 0)
        {
            work?.Charge(200);
            var (a, b) = stack.Pop();
            var piece = new Interval(a, b);
            var value = slack(piece);
            if (value.Lo > 0)
            {
                pieces++;
                smallest = Math.Min(smallest, value.Lo);
                continue;
            }

            double mid = a + ((b - a) / 2);
            if (b - a < SmallestPiece || !(mid > a && mid < b))
            {
                return new BisectionOutcome(pieces, smallest, piece);
            }

            stack.Push((mid, b));
            stack.Push((a, mid));
        }

        return new BisectionOutcome(pieces, smallest, null);
    }
}
