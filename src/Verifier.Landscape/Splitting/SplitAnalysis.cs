using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;

namespace Verifier.Landscape.Splitting;

/// <summary>The sign pattern of B (papers.md §2.3), as proved over its enclosure.</summary>
public enum SplitSign
{
    /// <summary>Every matrix of the enclosure is positive definite (proved).</summary>
    PositiveDefinite,

    /// <summary>Every matrix of the enclosure is negative definite (proved).</summary>
    NegativeDefinite,

    /// <summary>Directions of both signs are proved.</summary>
    Indefinite,

    /// <summary>B is exactly zero (φ″ = 0: a piecewise-linear activation).</summary>
    Zero,

    /// <summary>None of the above could be proved (B near singular, or the enclosure too wide).</summary>
    Undecided,
}

/// <summary>Counts of negative, zero and positive eigenvalues.</summary>
/// <param name="Negative">Negative eigenvalues.</param>
/// <param name="Zero">Zero eigenvalues.</param>
/// <param name="Positive">Positive eigenvalues.</param>
public sealed record InertiaCounts(int Negative, int Zero, int Positive)
{
    /// <summary>The sum of two inertias (of a block-diagonal matrix).</summary>
    public static InertiaCounts operator +(InertiaCounts a, InertiaCounts b) =>
        new(a.Negative + b.Negative, a.Zero + b.Zero, a.Positive + b.Positive);

    /// <inheritdoc/>
    public override string ToString() => $"({Negative} negative, {Zero} zero, {Positive} positive)";
}

/// <summary>The predicted type of γ_λ on one λ range.</summary>
/// <param name="Range">The λ range, e.g. "(0, 1)" or "λ = 0".</param>
/// <param name="Type">"local-min (non-strict)", "saddle", "degenerate" or "undecided".</param>
/// <param name="Why">The argument in a sentence.</param>
public sealed record LambdaPrediction(string Range, string Type, string Why);

/// <summary>The check of the predictions against the float Hessian at one γ_λ (observation, not proof).</summary>
/// <param name="Lambda">λ.</param>
/// <param name="Kappa">κ(λ).</param>
/// <param name="Predicted">The inertia Sylvester's law predicts (null when B's sign or M is undecided).</param>
/// <param name="Observed">The float Hessian's inertia, eigenvalues within <paramref name="Tolerance"/> of 0 counted as zero.</param>
/// <param name="Tolerance">The zero tolerance (see <see cref="SplitAnalysis.ZeroTolerance"/>).</param>
/// <param name="Lowest">The float Hessian's eigenvalues of smallest magnitude, ascending (up to 6).</param>
/// <param name="SubspaceError">max |(SᵀHS − κ·B)ᵢⱼ| with S the unit split directions (PS-3).</param>
/// <param name="CrossTerm">max |sᵀHt| over split directions s and the complement's basis t (common, v̄ and other parameters; PS-3).</param>
/// <param name="LineCurvature">ℓᵀHℓ and max|sᵀHℓ| for the line direction ℓ = (v, −v) on the outgoing weights (0 at a critical point).</param>
/// <param name="HalfEigenvalueError">At λ = ½: max over i of the distance from ½·μᵢ(B) to the nearest Hessian eigenvalue (null at other λ).</param>
/// <param name="PredictedSaddle">True when a saddle is predicted without an inertia (θ* a saddle, or M ≠ 0).</param>
public sealed record LambdaCheck(
    Rational Lambda,
    double Kappa,
    InertiaCounts? Predicted,
    InertiaCounts Observed,
    double Tolerance,
    double[] Lowest,
    double SubspaceError,
    double CrossTerm,
    (double Curvature, double Coupling) LineCurvature,
    double? HalfEigenvalueError,
    bool PredictedSaddle = false)
{
    /// <summary>True when the observation matches the prediction: the predicted inertia, or a negative eigenvalue where a saddle is predicted.</summary>
    public bool Agrees => Predicted is not null ? Predicted == Observed : PredictedSaddle && Observed.Negative > 0;
}

/// <summary>What <see cref="SplitAnalysis.Analyze"/> found.</summary>
public abstract record SplitAnalysisResult
{
    private SplitAnalysisResult()
    {
    }

    /// <summary>θ* is not (proved) a critical point of the smaller network: nothing is classified.</summary>
    /// <param name="GradientNorm">‖∇E(θ*)‖₂ in float64.</param>
    /// <param name="Reason">Why (no critical point within ρ, undecided, or a ReLU kink).</param>
    public sealed record NotCritical(double GradientNorm, string Reason) : SplitAnalysisResult;

    /// <summary>The analysis at a (proved) critical point.</summary>
    /// <param name="Layer">The split layer.</param>
    /// <param name="Unit">The split unit.</param>
    /// <param name="SmallType">θ*'s type: "strict-local-min", "saddle" or "critical (type undecided)".</param>
    /// <param name="Critical">How criticality was proved ("exact" or the Krawczyk box).</param>
    /// <param name="Radius">The box's radius ρ (0 when exact).</param>
    /// <param name="SmallInertia">The smaller network's Hessian inertia (proved when <paramref name="SmallType"/> is strict-local-min; float counts otherwise).</param>
    /// <param name="B">B's enclosure at the critical point.</param>
    /// <param name="BEigenvalues">B's eigenvalues (float, at θ*), ascending.</param>
    /// <param name="BSign">B's proved sign pattern.</param>
    /// <param name="M">M's enclosure at the critical point.</param>
    /// <param name="MStatus">"zero", "nonzero" or "undecided".</param>
    /// <param name="MWhy">Why.</param>
    /// <param name="Predictions">The predicted type of γ_λ on each λ range.</param>
    /// <param name="Checks">The float Hessian checks at the requested λ.</param>
    /// <param name="Box">The box of the smaller network's parameters holding the critical point (a point box when exact).</param>
    public sealed record Analysed(
        int Layer,
        int Unit,
        string SmallType,
        string Critical,
        double Radius,
        InertiaCounts SmallInertia,
        Interval[,] B,
        double[] BEigenvalues,
        SplitSign BSign,
        Interval[,] M,
        string MStatus,
        string MWhy,
        IReadOnlyList<LambdaPrediction> Predictions,
        IReadOnlyList<LambdaCheck> Checks,
        IReadOnlyList<Interval> Box) : SplitAnalysisResult;
}

/// <summary>
/// The analysis of a neuron split (papers.md §2.3, claims PS-2 … PS-6): at a critical point θ* of the smaller network
/// (exact, or proved unique within ρ by Krawczyk's test) it encloses B and M over the box holding the critical point,
/// proves B's sign pattern and whether M vanishes, predicts the type of γ_λ on each λ range by Sylvester's law of
/// inertia (H(γ_λ) is congruent to diag(H_small, λ(1 − λ)·B, 0) when M = 0), and checks the predictions against the
/// float Hessian at the requested λ.
/// </summary>
public static class SplitAnalysis
{
    /// <summary>
    /// Float Hessian eigenvalues with |μ| ≤ ZeroTolerance·max(1, ‖H‖) count as zero: forming and decomposing a P × P
    /// Hessian costs about P·ε·‖H‖ ≈ 1e-14·‖H‖ for these sizes, and a float θ* with gradient at rounding level moves the
    /// null eigenvalues by as little; the split's curvatures of interest (κ·μ(B), about 1e-6 in §8.3) stay far above it.
    /// </summary>
    public const double ZeroTolerance = 1e-9;

    /// <summary>Radii (relative to max(1, ‖θ‖)) tried after the default when Krawczyk's test cannot decide: wider, then narrower.</summary>
    public static IReadOnlyList<double> RetryRadii { get; } = [1e-6, 1e-10];

    /// <summary>Analyses the split of (layer, unit) at the instance's point, checking the predictions at each of <paramref name="lambdas"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The unit is not a hidden unit.</exception>
    public static SplitAnalysisResult Analyze(Instance instance, int layer, int unit, IReadOnlyList<Rational> lambdas, WorkLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(lambdas);
        var net = instance.Network;
        NeuronSplit.CheckUnit(net, layer, unit);
        var theta = instance.Weights ?? throw new ArgumentException("The instance has no weights: there is no point to analyse.", nameof(instance));
        var thetaDouble = instance.WeightsDouble();
        double gradientNorm = Norm(new NetworkCalculus<double, DoubleOps>(instance).Gradient(thetaDouble));
        var budget = new WorkBudget(limits ?? WorkLimits.Default);

        // 1. The critical point: exact for piecewise-linear networks, else proved unique within ρ.
        Interval[] box;
        string critical;
        double radius;
        string smallType;
        InertiaCounts smallInertia;
        if (instance.HasExactLoss)
        {
            switch (ExactPointAnalysis.TryCreate(instance, budget))
            {
                case ExactPointAnalysis.Critical e:
                    box = [.. theta.Select(Interval.FromRational)];
                    critical = "exact: the gradient is exactly zero";
                    radius = 0;
                    smallInertia = new InertiaCounts(e.Inertia.Negative, e.Inertia.Zero, e.Inertia.Positive);
                    smallType = e.Inertia.IsPositiveDefinite ? "strict-local-min" : e.Inertia.Negative > 0 ? "saddle" : "critical (type undecided)";
                    break;
                case ExactPointAnalysis.Kinked:
                    return new SplitAnalysisResult.NotCritical(gradientNorm, "the point is at a ReLU kink: the loss is not differentiable there, so the split's second-order analysis does not apply");
                default:
                    return new SplitAnalysisResult.NotCritical(gradientNorm, "the exact gradient is not zero: θ* is not a critical point");
            }
        }
        else
        {
            // The default radius first, then a wider and a narrower one (ill-conditioned Hessians need room).
            BoxAnalysis analysis = BoxAnalysis.Create(new ClaimInput(instance, ClaimTheories.None, Work: budget));
            foreach (var relative in RetryRadii)
            {
                if (analysis is BoxAnalysis.UniqueCriticalPoint or BoxAnalysis.NoCriticalPoint)
                {
                    break;
                }

                analysis = BoxAnalysis.Create(new ClaimInput(instance, ClaimTheories.None, Radius: ClaimInput.RelativeRadius(relative, thetaDouble), Work: budget));
            }

            if (analysis is not BoxAnalysis.UniqueCriticalPoint b)
            {
                return new SplitAnalysisResult.NotCritical(gradientNorm, analysis is BoxAnalysis.NoCriticalPoint
                    ? "no critical point lies within ρ: " + analysis.Reason
                    : "no critical point is proved within ρ: " + analysis.Reason);
            }

            // The Krawczyk image also holds the critical point and is far tighter than the box: use their intersection.
            box = [.. b.Box.Zip(b.Image, (x, k) => Interval.Intersect(x, k) ?? x)];
            radius = b.Radius;
            critical = $"a unique critical point lies within ρ = {b.Radius:G3} (Krawczyk)";
            var floatInertia = Inertia(EigenSolvers.Managed.Decompose(Midpoints(b.Hessian), vectors: false).Values, ZeroTolerance);
            if (IntervalDefiniteness.Test(Symmetric(b.Hessian), +1, budget) is Definiteness.Proved)
            {
                smallType = "strict-local-min";
                smallInertia = new InertiaCounts(0, 0, net.ParameterCount);
            }
            else
            {
                smallType = IntervalCurvature.ProvedDirection(b.Hessian, -1, EigenSolvers.Managed) is not null ? "saddle" : "critical (type undecided)";
                smallInertia = floatInertia;
            }
        }

        // 2. B and M enclosed over the box holding the critical point; B's sign proved; M's vanishing decided.
        var passes = new NetworkCalculus<Interval, IntervalOps>(instance).Passes(box);
        var (bEnclosure, mEnclosure) = NeuronSplit.Matrices<Interval, IntervalOps>(passes, layer, unit);
        var floatPasses = new NetworkCalculus<double, DoubleOps>(instance).Passes(thetaDouble);
        var (bFloat, _) = NeuronSplit.Matrices<double, DoubleOps>(floatPasses, layer, unit);
        var bEigen = EigenSolvers.Managed.Decompose(bFloat, vectors: false).Values;
        var sign = Sign(bEnclosure, budget);
        var (mStatus, mWhy) = MStatus(net, box, layer, unit, mEnclosure);

        // 3. Predictions per λ range, then 4. the checks.
        var predictions = Predict(smallType, sign, mStatus, net.Layers[layer + 1]);
        bool saddle = smallType == "saddle" || mStatus == "nonzero";
        var checks = lambdas.Select(l => Check(instance, layer, unit, l, smallInertia, sign, mStatus, bFloat, bEigen) with { PredictedSaddle = saddle }).ToArray();
        return new SplitAnalysisResult.Analysed(layer, unit, smallType, critical, radius, smallInertia, bEnclosure, bEigen, sign, mEnclosure, mStatus, mWhy, predictions, checks, box);
    }

    private static SplitSign Sign(Interval[,] b, WorkBudget budget)
    {
        int d = b.GetLength(0);
        bool zero = true;
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < d; j++)
            {
                zero &= b[i, j].Lo == 0 && b[i, j].Hi == 0;
            }
        }

        if (zero)
        {
            return SplitSign.Zero;
        }

        if (IntervalDefiniteness.Test(b, +1, budget) is Definiteness.Proved)
        {
            return SplitSign.PositiveDefinite;
        }

        if (IntervalDefiniteness.Test(b, -1, budget) is Definiteness.Proved)
        {
            return SplitSign.NegativeDefinite;
        }

        bool down = IntervalCurvature.ProvedDirection(b, -1, EigenSolvers.Managed) is not null;
        bool up = IntervalCurvature.ProvedDirection(b, +1, EigenSolvers.Managed) is not null;
        return down && up ? SplitSign.Indefinite : SplitSign.Undecided;
    }

    // M at the critical point: zero by the identity v·M = ∂E/∂u when the unit feeds one unit (v ≠ 0); otherwise
    // non-zero when an entry's enclosure excludes 0.
    private static (string Status, string Why) MStatus(Networks.NetworkSpec net, Interval[] box, int layer, int unit, Interval[,] m)
    {
        int next = m.GetLength(0), dim = m.GetLength(1);
        for (int k = 0; k < next; k++)
        {
            for (int i = 0; i < dim; i++)
            {
                if (m[k, i].Lo > 0 || m[k, i].Hi < 0)
                {
                    return ("nonzero", $"M[{k},{i}] ∈ [{m[k, i].Lo:G6}, {m[k, i].Hi:G6}] excludes 0");
                }
            }
        }

        if (next == 1)
        {
            // v over the box holding the critical point: it must exclude 0 for v·M = ∂E/∂u = 0 to give M = 0 there.
            var v = box[NeuronSplit.Outgoing(net, layer, unit)[0]];
            return v.Lo <= 0 && v.Hi >= 0
                ? ("undecided", "the unit's outgoing weight is not proved non-zero at the critical point, so criticality says nothing about M")
                : ("zero", "the unit feeds a single unit, so v·M = ∂E/∂u, which vanishes at the critical point (v ≠ 0)");
        }

        return ("undecided", $"the unit feeds {next} units and no entry of M's enclosure excludes 0");
    }

    private static List<LambdaPrediction> Predict(string smallType, SplitSign sign, string mStatus, int next)
    {
        var list = new List<LambdaPrediction>();
        if (smallType == "saddle")
        {
            list.Add(new("every λ", "saddle", "θ* is a saddle of the smaller network, and its negative direction survives in every γ_λ (the smaller network embeds at constant function)"));
            return list;
        }

        if (mStatus == "nonzero")
        {
            list.Add(new("every λ", "saddle", "M ≠ 0: the (t, s) block of the split and outgoing directions has determinant −(cᵀMη)² < 0 (PS-6)"));
            return list;
        }

        if (smallType != "strict-local-min" || mStatus != "zero")
        {
            list.Add(new("every λ", "undecided", smallType != "strict-local-min" ? "θ* is not proved a strict local minimum of the smaller network" : "M is not proved zero or non-zero"));
            return list;
        }

        string nulls = $"{next} null direction{(next == 1 ? "" : "s")} of the outgoing weights";
        (string Inside, string Outside) types = sign switch
        {
            SplitSign.PositiveDefinite => ("local-min (non-strict)", "saddle"),
            SplitSign.NegativeDefinite => ("saddle", "local-min (non-strict)"),
            SplitSign.Indefinite => ("saddle", "saddle"),
            SplitSign.Zero => ("degenerate", "degenerate"),
            _ => ("undecided", "undecided"),
        };
        string signText = sign switch
        {
            SplitSign.PositiveDefinite => "B is positive definite",
            SplitSign.NegativeDefinite => "B is negative definite",
            SplitSign.Indefinite => "B is indefinite",
            SplitSign.Zero => "B = 0 (φ″ = 0), so the second-order term vanishes",
            _ => "B's sign is not proved",
        };
        list.Add(new("λ < 0", types.Outside, $"κ(λ) < 0 and {signText}: H ≅ diag(H_small ≻ 0, λ(1−λ)·B, 0) with {nulls}"));
        list.Add(new("λ = 0", "degenerate", "κ = 0: copy a has zero outgoing weight and the split block vanishes; second order decides nothing"));
        list.Add(new("0 < λ < 1", types.Inside, $"κ(λ) > 0 and {signText}: H ≅ diag(H_small ≻ 0, λ(1−λ)·B, 0) with {nulls}"));
        list.Add(new("λ = 1", "degenerate", "κ = 0: copy b has zero outgoing weight and the split block vanishes; second order decides nothing"));
        list.Add(new("λ > 1", types.Outside, $"κ(λ) < 0 and {signText}: H ≅ diag(H_small ≻ 0, λ(1−λ)·B, 0) with {nulls}"));
        return list;
    }

    /// <summary>The float Hessian checks at γ_λ alone (no prediction), at any point, critical or not.</summary>
    public static LambdaCheck FloatCheck(Instance instance, int layer, int unit, Rational lambda)
    {
        ArgumentNullException.ThrowIfNull(instance);
        NeuronSplit.CheckUnit(instance.Network, layer, unit);
        var passes = new NetworkCalculus<double, DoubleOps>(instance).Passes(instance.WeightsDouble());
        var (b, _) = NeuronSplit.Matrices<double, DoubleOps>(passes, layer, unit);
        var eig = EigenSolvers.Managed.Decompose(b, vectors: false).Values;
        return Check(instance, layer, unit, lambda, new InertiaCounts(0, 0, 0), SplitSign.Undecided, "undecided", b, eig);
    }

    private static LambdaCheck Check(Instance instance, int layer, int unit, Rational lambda, InertiaCounts smallInertia, SplitSign sign, string mStatus, double[,] bFloat, double[] bEigen)
    {
        var net = instance.Network;
        var big = NeuronSplit.Split(instance, layer, unit, lambda);
        var gamma = big.WeightsDouble();
        var h = new NetworkCalculus<double, DoubleOps>(big).Hessian(gamma);
        var values = EigenSolvers.Managed.Decompose(h, vectors: false).Values;
        double scale = Math.Max(1.0, values.Max(Math.Abs));
        double tol = ZeroTolerance * scale;
        var observed = Inertia(values, tol);
        double l = lambda.ToDouble();
        double kappa = NeuronSplit.Kappa(lambda).ToDouble();
        int dim = bFloat.GetLength(0), next = net.Layers[layer + 1];

        InertiaCounts? predicted = null;
        if (mStatus == "zero" && sign is not SplitSign.Undecided)
        {
            int kSign = Math.Sign(kappa);
            var split = sign switch
            {
                SplitSign.Zero => new InertiaCounts(0, dim, 0),
                _ when kSign == 0 => new InertiaCounts(0, dim, 0),
                _ => new InertiaCounts(bEigen.Count(e => e * kSign < 0), 0, bEigen.Count(e => e * kSign > 0)),
            };
            predicted = smallInertia + split + new InertiaCounts(0, next, 0);
        }

        var s = NeuronSplit.SplitDirections(net, layer, unit, l);
        double subspace = 0;
        for (int i = 0; i < dim; i++)
        {
            for (int j = 0; j < dim; j++)
            {
                subspace = Math.Max(subspace, Math.Abs(Quadratic(h, s[i], s[j]) - (kappa * bFloat[i, j])));
            }
        }

        double cross = 0;
        foreach (var t in Complement(net, layer, unit, l))
        {
            foreach (var si in s)
            {
                cross = Math.Max(cross, Math.Abs(Quadratic(h, si, t)));
            }
        }

        var line = NeuronSplit.LineDirection(net, instance.WeightsDouble(), layer, unit);
        double coupling = s.Max(si => Math.Abs(Quadratic(h, si, line)));
        double? half = null;
        if (lambda == new Rational(1, 2))
        {
            half = bEigen.Max(mu => values.Min(v => Math.Abs(v - (0.5 * mu))));
        }

        var lowest = values.OrderBy(Math.Abs).Take(6).Order().ToArray();
        return new LambdaCheck(lambda, kappa, predicted, observed, tol, lowest, subspace, cross, (Quadratic(h, line, line), coupling), half);
    }

    // A basis of the complement of S and the outgoing (μ) directions: the common directions (e, e) on (u_a, u_b), the
    // v̄ directions (λ, 1 − λ) on (v_a,k, v_b,k), and every other parameter's unit vector.
    private static IEnumerable<double[]> Complement(Networks.NetworkSpec net, int layer, int unit, double lambda)
    {
        var c = NeuronSplit.Coordinates(net, layer, unit);
        int p = NeuronSplit.Widened(net, layer).ParameterCount;
        for (int i = 0; i < c.IncomingA.Length; i++)
        {
            var d = new double[p];
            d[c.IncomingA[i]] = 1;
            d[c.IncomingB[i]] = 1;
            yield return d;
        }

        for (int k = 0; k < c.OutgoingA.Length; k++)
        {
            var d = new double[p];
            d[c.OutgoingA[k]] = lambda;
            d[c.OutgoingB[k]] = 1 - lambda;
            yield return d;
        }

        var used = new HashSet<int>([.. c.IncomingA, .. c.IncomingB, .. c.OutgoingA, .. c.OutgoingB]);
        for (int k = 0; k < p; k++)
        {
            if (!used.Contains(k))
            {
                var d = new double[p];
                d[k] = 1;
                yield return d;
            }
        }
    }

    private static double Quadratic(double[,] h, double[] a, double[] b)
    {
        double sum = 0;
        int p = a.Length;
        for (int i = 0; i < p; i++)
        {
            if (a[i] == 0)
            {
                continue;
            }

            for (int j = 0; j < p; j++)
            {
                sum += a[i] * h[i, j] * b[j];
            }
        }

        return sum;
    }

    /// <summary>The inertia of float eigenvalues, |μ| ≤ <paramref name="tolerance"/> counted as zero.</summary>
    public static InertiaCounts Inertia(IReadOnlyList<double> values, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new InertiaCounts(values.Count(v => v < -tolerance), values.Count(v => Math.Abs(v) <= tolerance), values.Count(v => v > tolerance));
    }

    /// <summary>
    /// A proved negative-curvature direction at γ_λ(θ) for every θ of the box: the float Hessian's lowest eigenvector at
    /// γ_λ(θ*), with dᵀHd enclosed over the interval Hessian of the split box; null when the enclosure does not exclude 0.
    /// </summary>
    public static (double[] Direction, double Bound)? NegativeCurvature(Instance instance, IReadOnlyList<Interval> box, int layer, int unit, Rational lambda)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var big = NeuronSplit.Split(instance, layer, unit, lambda);
        var h = new NetworkCalculus<double, DoubleOps>(big).Hessian(big.WeightsDouble());
        var d = EigenSolvers.Managed.Decompose(h, vectors: true).Vector(0);
        var hBox = new NetworkCalculus<Interval, IntervalOps>(big).Hessian(NeuronSplit.SplitBox(instance.Network, box, layer, unit, lambda));
        var q = IntervalCurvature.Along(hBox, d);
        return q.Hi < 0 ? (d, q.Hi) : null;
    }

    // The enclosure with its lower triangle copied from the upper (Hessian enclosures fill the upper triangle).
    private static Interval[,] Symmetric(Interval[,] h)
    {
        int p = h.GetLength(0);
        var s = new Interval[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                s[i, j] = h[Math.Min(i, j), Math.Max(i, j)];
            }
        }

        return s;
    }

    private static double[,] Midpoints(Interval[,] h)
    {
        int p = h.GetLength(0);
        var m = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                m[i, j] = h[Math.Min(i, j), Math.Max(i, j)].Midpoint;
            }
        }

        return m;
    }

    private static double Norm(IReadOnlyList<double> v) => Math.Sqrt(v.Sum(x => x * x));
}
