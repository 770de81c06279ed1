using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Paths;

/// <summary>What <see cref="MonotonePath.Build"/> found.</summary>
public abstract record MonotonePathOutcome
{
    private MonotonePathOutcome()
    {
    }

    /// <summary>The path exists and is non-increasing (proved), or its existence is undecided (<see cref="Monotone"/> null).</summary>
    /// <param name="Monotone">True when proved; null when the output's non-vanishing could not be proved within the piece limit.</param>
    /// <param name="Reason">What was proved, or why not, in one sentence.</param>
    /// <param name="StartLoss">L(W0), exactly.</param>
    /// <param name="ZeroLoss">L(0), the loss of the zero predictor, exactly.</param>
    /// <param name="FinalLoss">L(c*·W*), exactly.</param>
    /// <param name="CStar">c* = mean(y·N)/mean(N²) at W*, exactly (1 when W* is exactly critical).</param>
    /// <param name="C2">c₂ = 2c*, the larger root of g₁(c) = L(0).</param>
    /// <param name="Pieces">The λ-intervals of the proof that the output never vanishes on the base path.</param>
    /// <param name="Samples">Sampled points of the path (phase 1, then phase 2), with their float losses.</param>
    public sealed record Built(bool? Monotone, string Reason, Rational StartLoss, Rational ZeroLoss, Rational FinalLoss, Rational CStar, Rational C2, int Pieces, IReadOnlyList<PathSample> Samples) : MonotonePathOutcome;

    /// <summary>The construction does not apply (L(W0) ≤ L(0), the output vanishes, or W* is no better than 0).</summary>
    /// <param name="Reason">Why, in one sentence.</param>
    public sealed record Refused(string Reason) : MonotonePathOutcome;
}

/// <summary>A sampled point of a path: the phase, the parameter (λ or c), the weights and the float loss there.</summary>
/// <param name="Phase">1 (rescaled straight line) or 2 (rescaling of W*).</param>
/// <param name="Parameter">λ in phase 1, c in phase 2.</param>
/// <param name="Theta">The weights.</param>
/// <param name="Loss">L there, in float64.</param>
/// <param name="Exact">The point exactly, where the construction gives it in rationals (phase 2, c·W* for rational c); the path file then writes it as it is, so that <c>path check</c> checks the proved curve and not its rounding.</param>
public sealed record PathSample(int Phase, double Parameter, double[] Theta, double Loss, IReadOnlyList<Rational>? Exact = null);

/// <summary>
/// Safran and Shamir's monotone path (papers.md §1.2, SS-3) for a network whose hidden layers are ReLU or linear, with a
/// linear output and a squared loss. Phase 1 follows the straight line P(λ) = W0 + λ(W* − W0) and rescales the last
/// layer (its W and b together) by the larger root c(λ) of g_λ(c) = T(λ), where g_λ(c) = L(0) − A(λ)c + B(λ)c² is the
/// loss with the last layer scaled (A = s·Σ y·N, B = (s/2)·Σ N², s the loss scale) and T(λ) = L(W0) + λ(L(0) − L(W0))
/// falls linearly. Phase 2 scales W*'s last layer from c₂ = A/B down to c* = A/(2B), where g₁ is least. On the curve
/// L = T(λ), then g₁(c) decreasing, hold by construction; what must be proved is that the root exists for every λ,
/// i.e. B(λ) &gt; 0: the output on the data never vanishes on the base path. That is proved by interval enclosures of
/// the outputs over λ-intervals, bisected until some sample's output excludes 0 on each.
/// </summary>
public static class MonotonePath
{
    /// <summary>The most λ-intervals of the non-vanishing proof before it is given up as undecided.</summary>
    public const int MaxPieces = 1 << 14;

    /// <summary>Samples of phase 1 (λ = 0 … 1) and of phase 2 (c = c₂ … c*) in the written path.</summary>
    public const int PhaseOneSamples = 200;

    /// <summary>Samples of phase 2.</summary>
    public const int PhaseTwoSamples = 100;

    /// <summary>Builds the path from the point of <paramref name="start"/> (W0) to that of <paramref name="target"/> (W*).</summary>
    /// <exception cref="ArgumentException">The two instances differ in network, loss or data, lack points, or are outside the construction's setting.</exception>
    public static MonotonePathOutcome Build(Instance start, Instance target, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(target);
        CheckSetting(start, target);
        var w0 = start.Weights!.ToArray();
        var wStar = target.Weights!.ToArray();
        var zeroLoss = ZeroPredictorLoss(start);
        // Exact values by the integer forward pass (the network is piecewise linear: CheckSetting).
        var startLoss = IntegerForwardPass.SquaredLoss(start, IntegerForwardPass.Outputs(start, w0));
        if (startLoss <= zeroLoss)
        {
            return new MonotonePathOutcome.Refused($"L(W0) = {startLoss.ToDouble():G10} is not above the zero predictor's loss L(0) = {zeroLoss.ToDouble():G10}: the construction needs L(W0) > L(0)");
        }

        var (a, b) = Coefficients(start, IntegerForwardPass.Outputs(start, wStar));
        if (b.IsZero)
        {
            return new MonotonePathOutcome.Refused("the output at W* vanishes on every sample: the last layer's scaling cannot lower the loss");
        }

        if (a.Sign <= 0)
        {
            return new MonotonePathOutcome.Refused($"W* is no better than the zero predictor along its last-layer scaling (mean(y·N) ≤ 0): its best scale c* = {(a / (2 * b)).ToDouble():G10} is not positive");
        }

        var cStar = a / (2 * b);
        var c2 = 2 * cStar;
        // The output is linear in the last layer (W and b scaled together), so L(c·W*) = L(0) − A·c + B·c² exactly: no
        // third exact forward pass (the tests hold it to the loss computed at c*·W*).
        var finalLoss = zeroLoss - (a * cStar) + (b * cStar * cStar);

        // The proof: B(λ) > 0 for every λ in [0, 1].
        var (proved, pieces, vanishingAt) = OutputNeverVanishes(start, w0, wStar, budget);
        if (vanishingAt is { } at)
        {
            return new MonotonePathOutcome.Refused($"the output vanishes on every sample at λ = {at} of the straight line from W0 to W*: no last-layer scale reaches the target loss there");
        }

        var samples = Sample(start, w0, wStar, startLoss, zeroLoss, cStar, c2);
        string reason = proved
            ? $"non-increasing by construction from L(W0) = {startLoss.ToDouble():G6} to L(c*·W*) = {finalLoss.ToDouble():G6}: the output never vanishes on the base path (proved on {pieces} λ-intervals), so the rescaled loss meets the falling target for every λ; then g₁ falls from c₂ = {c2.ToDouble():G10} to c* = {cStar.ToDouble():G10}"
            : $"the output's non-vanishing on the base path could not be proved within {MaxPieces} λ-intervals: the path's existence is undecided";
        return new MonotonePathOutcome.Built(proved ? true : null, reason, startLoss, zeroLoss, finalLoss, cStar, c2, pieces, samples);
    }

    /// <summary>L(0): the loss of the predictor that is 0 on every sample, exactly.</summary>
    public static Rational ZeroPredictorLoss(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        Rational sum = Rational.Zero;
        foreach (var y in instance.Data.YExact)
        {
            sum += y * y;
        }

        return LossScale.Of(instance.Loss, instance.Data.Count) * sum / 2;
    }

    /// <summary>A = s·Σ y·N and B = (s/2)·Σ N², so that the loss with the last layer scaled by c is L(0) − A·c + B·c².</summary>
    public static (Rational A, Rational B) Coefficients(Instance instance, IReadOnlyList<Rational> outputs)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(outputs);
        Rational a = Rational.Zero, b = Rational.Zero;
        for (int k = 0; k < outputs.Count; k++)
        {
            a += instance.Data.YExact[k] * outputs[k];
            b += outputs[k] * outputs[k];
        }

        var s = LossScale.Of(instance.Loss, instance.Data.Count);
        return (s * a, s * b / 2);
    }

    /// <summary>θ with the last layer's W and b multiplied by c.</summary>
    public static Rational[] ScaleLastLayer(NetworkSpec net, IReadOnlyList<Rational> theta, Rational c)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(theta);
        var scaled = theta.ToArray();
        for (int k = net.WeightOffset(net.Depth); k < net.ParameterCount; k++)
        {
            scaled[k] *= c;
        }

        return scaled;
    }

    private static void CheckSetting(Instance start, Instance target)
    {
        if (start.Weights is null || target.Weights is null)
        {
            throw new ArgumentException("Both instances need a point (weights).");
        }

        if (!start.SameProblem(target))
        {
            throw new ArgumentException("The target must have the same network, loss and data as the start.");
        }

        var net = start.Network;
        if (net.Output != Activation.Linear || (net.Depth > 1 && net.Activation is not (Activation.Relu or Activation.Linear)))
        {
            throw new ArgumentException("The monotone path needs ReLU (or linear) hidden layers and a linear output: positive homogeneity of the last layer's scaling.");
        }

        if (start.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            throw new ArgumentException("The monotone path is built for the squared losses (mse, sse).");
        }
    }

    // Bisection over λ: a piece is done when some sample's output enclosure excludes 0 on the whole piece. A small piece
    // on which no pre-activation changes sign is decided exactly: each output is one polynomial in λ there (degree ≤
    // depth, interpolated from exact values), and the outputs all vanish somewhere in the piece exactly when their gcd
    // has a real root there.
    private static (bool Proved, int Pieces, string? VanishingAt) OutputNeverVanishes(Instance instance, Rational[] w0, Rational[] wStar, WorkBudget? budget)
    {
        var interval = new NetworkCalculus<Interval, IntervalOps>(instance);
        var pending = new Stack<(Rational Lo, Rational Hi, int Level)>();
        pending.Push((Rational.Zero, Rational.One, 0));
        int pieces = 0;
        while (pending.Count > 0)
        {
            var (lo, hi, level) = pending.Pop();
            budget?.Charge((long)instance.Data.Count * instance.Network.ParameterCount * 16);
            var lambda = new Interval(Interval.FromRational(lo).Lo, Interval.FromRational(hi).Hi);
            var theta = new Interval[w0.Length];
            for (int k = 0; k < w0.Length; k++)
            {
                var a = Interval.FromRational(w0[k]);
                theta[k] = a + (lambda * (Interval.FromRational(wStar[k]) - a));
            }

            if (interval.Outputs(theta).Any(o => o.Lo > 0 || o.Hi < 0))
            {
                pieces++;
                continue;
            }

            bool fixedPattern = instance.Network.Depth == 1 || interval.PreActivations(theta).Take(instance.Network.Depth - 1).All(z => z.All(v => v.Lo > 0 || v.Hi < 0 || (v.Lo == 0 && v.Hi == 0)));
            if (fixedPattern && level >= 6)
            {
                var (vanishes, at) = CommonRoot(instance, w0, wStar, lo, hi, budget);
                if (vanishes is true)
                {
                    return (false, pieces + 1, at);
                }

                if (vanishes is false)
                {
                    pieces++;
                    continue;
                }
            }

            if (pieces + pending.Count + 2 > MaxPieces || level >= 60)
            {
                return (false, pieces, null);
            }

            var mid = (lo + hi) / 2;
            pending.Push((mid, hi, level + 1));
            pending.Push((lo, mid, level + 1));
        }

        return (true, pieces, null);
    }

    // With the pattern fixed on [lo, hi]: the outputs' polynomials in t (λ = lo + (hi − lo)·t/D, t ∈ [0, D]), their gcd,
    // and its real roots in [0, D]: (true, where) when the outputs all vanish at a point of the piece, (false, null) when
    // they never do, (null, null) when a root's enclosure straddles an end of the piece (the caller splits it further).
    private static (bool? Vanishes, string? At) CommonRoot(Instance instance, Rational[] w0, Rational[] wStar, Rational lo, Rational hi, WorkBudget? budget)
    {
        int degree = instance.Network.Depth;
        var values = new Rational[degree + 1][];
        for (int t = 0; t <= degree; t++)
        {
            var lambda = lo + ((hi - lo) * t / degree);
            values[t] = IntegerForwardPass.Outputs(instance, [.. w0.Select((x, k) => x + (lambda * (wStar[k] - x)))]);
        }

        Rational[]? gcd = null;
        for (int i = 0; i < values[0].Length; i++)
        {
            var p = Numerics.Exact.ExactPolynomial.InterpolateAtIntegers([.. values.Select(v => v[i])]);
            gcd = gcd is null ? Numerics.Exact.ExactPolynomial.Trim(p) : Numerics.Exact.ExactPolynomial.Gcd(gcd, p, budget);
        }

        if (gcd is null || Numerics.Exact.ExactPolynomial.Degree(gcd) < 0)
        {
            return (true, $"[{lo}, {hi}] (every output is identically 0 there)");
        }

        if (Numerics.Exact.ExactPolynomial.Degree(gcd) == 0)
        {
            return (false, null);
        }

        foreach (var root in Numerics.Exact.ExactPolynomial.RealRoots(gcd, new Rational(1, 1 << 20), budget))
        {
            if (root.Upper >= 0 && root.Lower <= degree)
            {
                var at = root.IsExact ? (lo + ((hi - lo) * root.Value / degree)).ToString() : $"≈ {(lo + ((hi - lo) * ((root.Lower + root.Upper) / 2) / degree)).ToDouble():G10}";
                if (root.IsExact ? root.Value.Sign >= 0 && root.Value <= degree : root.Lower >= 0 && root.Upper <= degree)
                {
                    return (true, at);
                }

                // An enclosure that straddles an end: the root may lie just outside; the piece is split instead.
                return (null, null);
            }
        }

        return (false, null);
    }

    private static List<PathSample> Sample(Instance instance, Rational[] w0, Rational[] wStar, Rational startLoss, Rational zeroLoss, Rational cStar, Rational c2)
    {
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var net = instance.Network;
        var p0 = w0.Select(r => r.ToDouble()).ToArray();
        var p1 = wStar.Select(r => r.ToDouble()).ToArray();
        double l0 = startLoss.ToDouble(), lz = zeroLoss.ToDouble();
        var s = LossScale.Of(instance.Loss, instance.Data.Count).ToDouble();
        var y = instance.Data.YDouble;
        var samples = new List<PathSample>();
        for (int k = 0; k <= PhaseOneSamples; k++)
        {
            double lambda = (double)k / PhaseOneSamples;
            var p = p0.Select((x, i) => x + (lambda * (p1[i] - x))).ToArray();
            var n = calculus.Outputs(p);
            double a = 0, b = 0;
            for (int i = 0; i < n.Length; i++)
            {
                a += y[i] * n[i];
                b += n[i] * n[i];
            }

            a *= s;
            b *= s / 2;
            double target = l0 + (lambda * (lz - l0));

            // The larger root of L(0) − a·c + b·c² = T: c = (a + √(a² + 4b(T − L(0)))) / (2b), in the form without
            // cancellation when a < 0; at λ = 0 it is 1, at λ = 1 it is c₂.
            double root = Math.Sqrt((a * a) + (4 * b * (target - lz)));
            double c = k == 0 ? 1 : k == PhaseOneSamples ? c2.ToDouble() : a >= 0 ? (a + root) / (2 * b) : 2 * (target - lz) / (root - a);
            if (!double.IsFinite(c))
            {
                // The float64 outputs vanish at this λ (the exact ones are proved not to, but are below rounding here,
                // so the root is beyond float64): no sample is written there.
                continue;
            }

            var q = Scale(net, p, c);
            samples.Add(k == PhaseOneSamples ? ExactSample(1, lambda, c2) : new PathSample(1, lambda, q, calculus.Loss(q)));
        }

        // Phase 2 is c·W* for rational c from c₂ to c*: written exactly.
        for (int k = 1; k <= PhaseTwoSamples; k++)
        {
            samples.Add(ExactSample(2, null, c2 + ((cStar - c2) * new Rational(k, PhaseTwoSamples))));
        }

        return samples;

        PathSample ExactSample(int phase, double? parameter, Rational c)
        {
            var exact = wStar.Select((x, i) => i >= net.WeightOffset(net.Depth) ? x * c : x).ToArray();
            var q = exact.Select(r => r.ToDouble()).ToArray();
            return new PathSample(phase, parameter ?? c.ToDouble(), q, calculus.Loss(q), exact);
        }
    }

    private static double[] Scale(NetworkSpec net, double[] theta, double c)
    {
        var q = (double[])theta.Clone();
        for (int k = net.WeightOffset(net.Depth); k < net.ParameterCount; k++)
        {
            q[k] *= c;
        }

        return q;
    }
}
