using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;

namespace Verifier.Landscape.Paths;

/// <summary>What a rigorous bound of the loss over one segment concluded.</summary>
public enum SegmentBoundStatus
{
    /// <summary>Proved: the loss is at most the level at every point of the segment.</summary>
    Below,

    /// <summary>Proved: the loss exceeds the level at some point of the segment (<see cref="SegmentBoundResult.Witness"/>).</summary>
    Above,

    /// <summary>Neither within the budget of evaluations.</summary>
    Undecided,
}

/// <summary>A rigorous bound of max<sub>s∈[0,1]</sub> L(a + s(b − a)) against a level.</summary>
/// <param name="Status">Below, above or undecided.</param>
/// <param name="UpperBound">
/// A rigorous upper bound of the loss over the whole segment (the largest bound of the final cover of [0, 1]); when
/// <see cref="Status"/> is <see cref="SegmentBoundStatus.Below"/> it is at most the level. Infinite when undecided on a
/// piece whose enclosure was unbounded.
/// </param>
/// <param name="Witness">Above: the parameter s at which the loss is proved to exceed the level; otherwise null.</param>
/// <param name="WitnessLowerBound">Above: a rigorous lower bound (&gt; level) of the loss at <see cref="Witness"/>.</param>
/// <param name="Evaluations">Interval evaluations spent.</param>
/// <param name="Pieces">Pieces of the final cover of [0, 1].</param>
public sealed record SegmentBoundResult(SegmentBoundStatus Status, double UpperBound, double? Witness, double? WitnessLowerBound, int Evaluations, int Pieces);

/// <summary>
/// Rigorous upper bounds of a network's loss over a straight segment of weight space, for any depth, activation and
/// loss (squared, absolute, logistic). On a piece S = [s₀, s₁] of the segment θ(s) = a + s·(b − a) one forward pass in
/// outward-rounded interval arithmetic carries both the loss and its derivative along the segment (forward mode: ż,
/// ȧ = φ′(z)·ż), and the mean-value form L(S) ⊆ L(θ(m)) + L′(S)·(S − m) bounds the loss with an overestimate of order
/// |S|² near a maximum, tighter than the plain enclosure (order |S|), which is also kept. Pieces are split, worst
/// first, until every bound is at or below the level (proved), a point's enclosure lies above it (refuted), or the
/// budget is spent. Where the loss is not differentiable (a ReLU kink, an absolute residual at 0) the derivative
/// enclosure holds every one-sided derivative (φ′ ∈ [0, 1], sign ∈ [−1, 1]), which keeps the mean-value form valid for
/// these Lipschitz functions. The segment's ends are read as exact doubles and b − a is enclosed, so the bound is of
/// the true straight segment between the two given points.
/// </summary>
/// <remarks>One instance serves one thread: it reuses its buffers between evaluations.</remarks>
public sealed class SegmentBound
{
    /// <summary>The interval evaluations one segment may spend by default.</summary>
    public const int DefaultBudget = 4096;

    /// <summary>Pieces narrower than this are not split further (the segment is then undecided there).</summary>
    public const double MinimumWidth = 1e-12;

    private readonly NetworkSpec _net;
    private readonly LossKind _loss;
    private readonly int _n;
    private readonly Interval[] _x;
    private readonly Interval[] _y;
    private readonly Interval _scale;

    /// <summary>Creates the bounds for one instance's network, loss and data (its weights are not used).</summary>
    /// <exception cref="NotSupportedException">A loss this bound does not know.</exception>
    public SegmentBound(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        _net = instance.Network;
        _loss = instance.Loss;
        if (_loss is not (LossKind.Mse or LossKind.Sse or LossKind.Logistic or LossKind.Mae))
        {
            throw new NotSupportedException($"rigorous segment bounds do not cover the loss {Names.Of(_loss)}");
        }

        _n = instance.Data.Count;
        _x = [.. instance.Data.XExact.Select(Interval.FromRational)];
        _y = [.. instance.Data.YExact.Select(Interval.FromRational)];
        _scale = Interval.FromRational(LossScale.Of(_loss, _n));
    }

    /// <summary>Decides whether the loss stays at or below <paramref name="level"/> on the whole segment from a to b.</summary>
    /// <param name="a">The segment's start (read as exact doubles).</param>
    /// <param name="b">Its end.</param>
    /// <param name="level">The level L₀.</param>
    /// <param name="budget">The most interval evaluations (each piece costs two: its midpoint and its whole range).</param>
    /// <exception cref="ArgumentException">A point of the wrong length or with a non-finite entry, or a level that is not finite.</exception>
    public SegmentBoundResult Bound(IReadOnlyList<double> a, IReadOnlyList<double> b, double level, int budget = DefaultBudget)
    {
        if (!double.IsFinite(level))
        {
            throw new ArgumentException("The level must be finite.", nameof(level));
        }

        var (start, step) = Segment(a, b);

        // Max-heap on the upper bound: the worst piece is split first.
        var open = new PriorityQueue<(double S0, double S1, double Upper), double>(Comparer<double>.Create((x, y) => y.CompareTo(x)));
        int evaluations = 0;
        var first = Evaluate(start, step, 0.0, 1.0, ref evaluations);
        if (first.PointLower > level)
        {
            return new SegmentBoundResult(SegmentBoundStatus.Above, first.Upper, first.Mid, first.PointLower, evaluations, 1);
        }

        open.Enqueue((0.0, 1.0, first.Upper), first.Upper);
        while (open.TryDequeue(out var piece, out _))
        {
            if (piece.Upper <= level)
            {
                // The worst open piece is below the level, so every open piece is: all proved, and its bound is the largest.
                return new SegmentBoundResult(SegmentBoundStatus.Below, piece.Upper, null, null, evaluations, 1 + open.Count);
            }

            double mid = 0.5 * (piece.S0 + piece.S1);
            if (evaluations + 4 > budget || piece.S1 - piece.S0 < MinimumWidth || mid <= piece.S0 || mid >= piece.S1)
            {
                return new SegmentBoundResult(SegmentBoundStatus.Undecided, piece.Upper, null, null, evaluations, 1 + open.Count);
            }

            foreach (var (s0, s1) in new[] { (piece.S0, mid), (mid, piece.S1) })
            {
                var e = Evaluate(start, step, s0, s1, ref evaluations);
                if (e.PointLower > level)
                {
                    return new SegmentBoundResult(SegmentBoundStatus.Above, e.Upper, e.Mid, e.PointLower, evaluations, 2 + open.Count);
                }

                open.Enqueue((s0, s1, e.Upper), e.Upper);
            }
        }

        throw new System.Diagnostics.UnreachableException();
    }

    /// <summary>A rigorous enclosure of the loss at the point a + s·(b − a).</summary>
    /// <exception cref="ArgumentException">A point of the wrong length or with a non-finite entry.</exception>
    public Interval LossAt(IReadOnlyList<double> a, IReadOnlyList<double> b, double s)
    {
        var (start, step) = Segment(a, b);
        return Pass(start, step, Interval.Point(s), derivative: false).Loss;
    }

    // The segment's start a (exact doubles) and an enclosure of its step b − a, after checking both ends.
    private (Interval[] Start, Interval[] Step) Segment(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int p = _net.ParameterCount;
        if (a.Count != p || b.Count != p || a.Any(v => !double.IsFinite(v)) || b.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"Both ends need {p} finite numbers.");
        }

        var start = new Interval[p];
        var step = new Interval[p];
        for (int k = 0; k < p; k++)
        {
            start[k] = Interval.Point(a[k]);
            step[k] = Interval.Point(b[k]) - start[k];
        }

        return (start, step);
    }

    // The piece [s0, s1]: the loss's upper bound over it (min of the plain and mean-value enclosures), its midpoint,
    // and a rigorous lower bound of the loss at the midpoint.
    private (double Upper, double Mid, double PointLower) Evaluate(Interval[] start, Interval[] step, double s0, double s1, ref int evaluations)
    {
        double mid = 0.5 * (s0 + s1);
        var atMid = Pass(start, step, Interval.Point(mid), derivative: false).Loss;
        var over = Pass(start, step, new Interval(s0, s1), derivative: true);
        evaluations += 2;
        var offset = new Interval(s0, s1) - Interval.Point(mid);
        var meanValue = atMid + (over.Derivative * offset);
        double upper = Math.Min(over.Loss.Hi, meanValue.Hi);
        return (double.IsNaN(upper) ? double.PositiveInfinity : upper, mid, double.IsNaN(atMid.Lo) ? double.NegativeInfinity : atMid.Lo);
    }

    /// <summary>Samples per parallel chunk of a pass; the chunks' sums are added in chunk order, so a pass's result does not depend on the threads.</summary>
    private const int ChunkSize = 256;

    // One forward pass over s ∈ S: the loss enclosure and (when asked) the enclosure of dL/ds over S. The layer weights
    // over S are enclosed once; each sample's forward pass (value and tangent) runs on its own small buffers, chunks of
    // samples in parallel.
    private (Interval Loss, Interval Derivative) Pass(Interval[] start, Interval[] step, Interval s, bool derivative)
    {
        int depth = _net.Depth;
        var weights = new Interval[depth + 1][];
        var biases = new Interval[depth + 1][];
        int widest = 0;
        for (int l = 1; l <= depth; l++)
        {
            int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
            int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
            var w = new Interval[nOut * nIn];
            var bias = new Interval[nOut];
            for (int k = 0; k < w.Length; k++)
            {
                w[k] = start[w0 + k] + (s * step[w0 + k]);
            }

            for (int r = 0; r < nOut && _net.Bias; r++)
            {
                bias[r] = start[b0 + r] + (s * step[b0 + r]);
            }

            weights[l] = w;
            biases[l] = bias;
            widest = Math.Max(widest, Math.Max(nIn, nOut));
        }

        int chunks = (_n + ChunkSize - 1) / ChunkSize;
        var losses = new Interval[chunks];
        var slopes = new Interval[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            var a = new Interval[widest];
            var da = new Interval[widest];
            var next = new Interval[widest];
            var dnext = new Interval[widest];
            var loss = Interval.Zero;
            var slope = Interval.Zero;
            int end = Math.Min(_n, (chunk + 1) * ChunkSize);
            for (int i = chunk * ChunkSize; i < end; i++)
            {
                int d0 = _net.Layers[0];
                for (int c = 0; c < d0; c++)
                {
                    a[c] = _x[(i * d0) + c];
                    da[c] = Interval.Zero;
                }

                for (int l = 1; l <= depth; l++)
                {
                    int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
                    int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
                    var w = weights[l];
                    var act = _net.ActivationOf(l);
                    for (int r = 0; r < nOut; r++)
                    {
                        var sum = biases[l][r];
                        var dsum = _net.Bias ? step[b0 + r] : Interval.Zero;
                        for (int c = 0; c < nIn; c++)
                        {
                            sum += w[(r * nIn) + c] * a[c];
                            if (derivative)
                            {
                                dsum += step[w0 + (r * nIn) + c] * a[c];
                                if (l > 1)
                                {
                                    dsum += w[(r * nIn) + c] * da[c];
                                }
                            }
                        }

                        next[r] = IntervalOps.Activate(act, sum);
                        if (derivative)
                        {
                            dnext[r] = ClarkeDerivative(act, sum) * dsum;
                        }
                    }

                    (a, next) = (next, a);
                    (da, dnext) = (dnext, da);
                }

                int dy = _net.Layers[depth];
                for (int r = 0; r < dy; r++)
                {
                    var (value, rate) = LossTerm(a[r], da[r], _y[(i * dy) + r], derivative);
                    loss += value;
                    slope += rate;
                }
            }

            losses[chunk] = loss;
            slopes[chunk] = slope;
        });

        var total = Interval.Zero;
        var totalSlope = Interval.Zero;
        for (int c = 0; c < chunks; c++)
        {
            total += losses[c];
            totalSlope += slopes[c];
        }

        var half = _loss is LossKind.Mse or LossKind.Sse ? Interval.Point(0.5) : Interval.One;
        return (_scale * half * total, _scale * totalSlope);
    }

    // One output's loss term ℓ(f, y) (before the scale; ½ of squares applied by the caller) and ℓ′·ḟ.
    private (Interval Value, Interval Rate) LossTerm(Interval f, Interval df, Interval y, bool derivative)
    {
        switch (_loss)
        {
            case LossKind.Mse or LossKind.Sse:
                {
                    var r = f - y;
                    return (Interval.Square(r), derivative ? r * df : Interval.Zero);
                }

            case LossKind.Mae:
                {
                    // |r|, derivative sign(r)·ṙ with sign ∈ [−1, 1] where r may be 0.
                    var r = f - y;
                    var sign = r.Lo > 0 ? Interval.One : r.Hi < 0 ? -Interval.One : new Interval(-1, 1);
                    return (Interval.Abs(r), derivative ? sign * df : Interval.Zero);
                }

            default:
                {
                    // Logistic on the logit f: softplus(−(2y − 1)·f), derivative (σ(f) − y)·ḟ.
                    var sign = (Interval.Point(2) * y) - Interval.One;
                    return (IntervalOps.Softplus(-(sign * f)), derivative ? (Interval.Sigmoid(f) - y) * df : Interval.Zero);
                }
        }
    }

    // φ′ over z, holding every one-sided derivative where φ has a kink in z (ReLU: [0, 1]).
    private static Interval ClarkeDerivative(Activation act, Interval z) =>
        act == Activation.Relu && z.Lo <= 0 && z.Hi >= 0 ? new Interval(0, 1) : IntervalOps.Derivative(act, z);
}
