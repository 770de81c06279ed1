using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Paths;

/// <summary>The verdict on a piecewise-linear path: proved non-increasing, refuted with a rigorous increase, or undecided.</summary>
/// <param name="Monotone">True (proved), false (refuted) or null (undecided).</param>
/// <param name="MaxIncrease">Proved: 0, an upper bound of any increase (none). Refuted: a rigorous lower bound (&gt; 0) of the largest increase. Null when undecided.</param>
/// <param name="Segment">Refuted: the segment (0-based) where the loss rises; otherwise null.</param>
/// <param name="Pieces">The polynomial pieces examined.</param>
/// <param name="Reason">One sentence.</param>
public sealed record PathVerdict(bool? Monotone, Rational? MaxIncrease, int? Segment, int Pieces, string Reason);

/// <summary>
/// Exact monotonicity of the loss along a piecewise-linear path p₀ → p₁ → … for a linear network (any depth) or a
/// network with one hidden ReLU (or linear) layer and a linear output, with a squared loss. Along a segment
/// p(s) = pₖ + s(pₖ₊₁ − pₖ) the first layer's pre-activations are linear in s, so the ReLU pattern changes only at
/// rational s; between those points the loss is one polynomial of degree ≤ 4 (2·depth for linear networks), found
/// exactly by interpolation, and it is non-increasing exactly when its derivative has no positive stretch: decided from
/// the derivative's real roots (Sturm, exact enclosures) and their multiplicities. A positive stretch [t₁, t₂] gives
/// the rigorous increase L(t₂) − L(t₁) &gt; 0.
/// </summary>
public static class PathCheck
{
    /// <summary>The most polynomial pieces examined before the check is given up as undecided.</summary>
    public const int MaxPieces = 1 << 16;

    /// <summary>Checks the path through <paramref name="points"/> on the instance's network, loss and data.</summary>
    /// <exception cref="ArgumentException">Fewer than two points, or a point of the wrong length.</exception>
    public static PathVerdict Check(Instance instance, IReadOnlyList<Rational[]> points, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(points);
        var net = instance.Network;
        if (points.Count < 2 || points.Any(p => p.Length != net.ParameterCount))
        {
            throw new ArgumentException($"A path needs at least two points of {net.ParameterCount} parameters each.", nameof(points));
        }

        bool linear = net.Depth == 1 || net.Activation == Activation.Linear;
        if (net.Output != Activation.Linear || instance.Loss is not (LossKind.Sse or LossKind.Mse) || !(linear || (net.Depth == 2 && net.Activation == Activation.Relu)))
        {
            return new PathVerdict(null, null, null, 0, "the exact path check covers squared losses on linear networks and on networks with one hidden ReLU layer and a linear output; deeper ReLU networks are not decided");
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        int degree = linear ? 2 * net.Depth : 4;
        int pieces = 0;
        for (int k = 0; k + 1 < points.Count; k++)
        {
            var from = points[k];
            var step = points[k + 1].Select((x, i) => x - from[i]).ToArray();
            foreach (var (a, b) in Pieces(instance, calculus, from, step, linear))
            {
                if (++pieces > MaxPieces)
                {
                    return new PathVerdict(null, null, null, pieces, $"more than {MaxPieces} polynomial pieces");
                }

                budget?.Charge((long)(degree + 1) * instance.Data.Count * net.ParameterCount * 64);
                var h = b - a;

                // q(t) = L(p(a + h·(t + 1)/(degree + 2))) at t = 0 … degree; s ∈ [a, b] is t ∈ [−1, degree + 1].
                Rational At(Rational t) => a + (h * (t + 1) / (degree + 2));
                var values = Enumerable.Range(0, degree + 1).Select(t => calculus.Loss(Point(from, step, At(t)))).ToArray();
                var q = ExactPolynomial.InterpolateAtIntegers(values);
                if (Rise(q, -1, degree + 1, budget) is { } rise)
                {
                    var increase = calculus.Loss(Point(from, step, At(rise.To))) - calculus.Loss(Point(from, step, At(rise.From)));
                    if (increase.Sign <= 0)
                    {
                        throw new InvalidOperationException("A proved rise of the loss polynomial is not a rise of the loss (a bug).");
                    }

                    return new PathVerdict(false, increase, k, pieces,
                        $"the loss rises on segment {k} between s = {At(rise.From).ToDouble():G6} and s = {At(rise.To).ToDouble():G6}, by {increase.ToDouble():G6} (the exact value is maxIncreaseExact)");
                }
            }
        }

        return new PathVerdict(true, Rational.Zero, null, pieces, $"the loss is non-increasing along all {points.Count - 1} segments ({pieces} exact polynomial pieces)");
    }

    private static Rational[] Point(Rational[] from, Rational[] step, Rational s) => [.. from.Select((x, i) => x + (s * step[i]))];

    // The sub-intervals of [0, 1] between the rational points where a first-layer ReLU pre-activation changes sign.
    private static IEnumerable<(Rational A, Rational B)> Pieces(Instance instance, NetworkCalculus<Rational, RationalOps> calculus, Rational[] from, Rational[] step, bool linear)
    {
        var cuts = new SortedSet<Rational> { Rational.Zero, Rational.One };
        if (!linear)
        {
            var z0 = calculus.PreActivations(from)[0];
            var z1 = calculus.PreActivations(Point(from, step, Rational.One))[0];
            for (int k = 0; k < z0.Length; k++)
            {
                var slope = z1[k] - z0[k];
                if (!slope.IsZero)
                {
                    var s = -z0[k] / slope;
                    if (s.Sign > 0 && s < 1)
                    {
                        cuts.Add(s);
                    }
                }
            }
        }

        var list = cuts.ToList();
        for (int i = 0; i + 1 < list.Count; i++)
        {
            yield return (list[i], list[i + 1]);
        }
    }

    // A stretch [From, To] ⊂ [lo, hi] on which q is strictly increasing (q' > 0 inside), or null when q' ≤ 0 on [lo, hi].
    private static (Rational From, Rational To)? Rise(Rational[] q, Rational lo, Rational hi, WorkBudget? budget)
    {
        var dq = ExactPolynomial.Derivative(q);
        if (ExactPolynomial.Degree(dq) < 0)
        {
            return null;
        }

        var width = (hi - lo) / 1024;
        for (int attempt = 0; attempt < 40; attempt++, width /= 1024)
        {
            var roots = ExactPolynomial.RealRoots(dq, width, budget);

            // Regions between consecutive roots: (−∞, r₁), (r₁, r₂), …, (r_m, ∞); the sign flips across a root of odd multiplicity.
            var left = roots.Count > 0 ? Rational.Min(lo, roots[0].Lower) - 1 : lo;
            int sign = ExactPolynomial.Evaluate(dq, left).Sign;
            bool ambiguous = false;
            for (int j = 0; j <= roots.Count; j++)
            {
                if (j > 0 && roots[j - 1].Multiplicity % 2 == 1)
                {
                    sign = -sign;
                }

                if (sign <= 0)
                {
                    continue;
                }

                // The region (r_j, r_{j+1}) ∩ [lo, hi], with the roots known only within their enclosures.
                var start = j == 0 ? lo : Rational.Max(lo, roots[j - 1].Upper);
                var end = j == roots.Count ? hi : Rational.Min(hi, roots[j].Lower);
                if (start < end)
                {
                    return (start, end);
                }

                bool certainlyOutside = (j > 0 && roots[j - 1].Lower >= hi) || (j < roots.Count && roots[j].Upper <= lo)
                    || (j > 0 && j < roots.Count && roots[j - 1].IsExact && roots[j].IsExact);
                ambiguous |= !certainlyOutside;
            }

            if (!ambiguous)
            {
                return null;
            }
        }

        throw new InvalidOperationException("The derivative's roots could not be separated from the piece's ends.");
    }
}
