using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.two-teacher-mixture-minima</c>: Freeman and Bruna (2017) §2.3.1(b), the two-teacher mixture,
/// on a finite sample. Every target is the output of one of two ReLU teachers θ (the instance's point) and θ′ (the
/// witness) with different hidden layers; the claim is that θ and θ′ are then both local minima, of different risks,
/// so one of them is a poor local minimum. Decided exactly.
/// </summary>
/// <remarks>
/// <para>
/// The rescaling symmetry of a ReLU unit (incoming weights and bias times t &gt; 0, outgoing weight over t) leaves the
/// function unchanged, so a point whose hidden units all have non-zero outgoing weights is a local minimum exactly
/// when it is one on the slice where those outgoing weights are held fixed: every nearby point is rescaled onto the
/// slice, near the point, without changing its loss. With no pre-activation at 0 on a sample, the activation pattern
/// is constant near the point, and on the slice the output is linear in the free parameters (first-layer weights and
/// biases, the output bias): the loss is convex there. A convex function has a local minimum exactly where 0 lies in
/// its subdifferential: for the mean absolute error, multipliers λᵢ ∈ [−1, 1] for the zero residuals with
/// Σ λᵢJᵢ + Σ sign(rᵢ)Jᵢ = 0, found or refuted (with a descent direction) by the exact simplex of
/// <see cref="ConeMembership"/>; for a squared loss, a zero gradient on the slice.
/// </para>
/// <para>
/// Under a squared loss the mixture's minimiser is the teachers' weighted mean, not either teacher, so the statement
/// fails there; under the mean absolute error (the paper's experiments) each teacher is pinned by the samples it fits
/// exactly, when they outweigh the others. A descent direction is checked by an exact loss decrease at a finite step.
/// </para>
/// </remarks>
public sealed class TwoTeacherMixtureMinima : ICatalogueClaim
{
    /// <summary>The most halvings of the step along a descent direction before the decrease is given up as unproved.</summary>
    private const int MaxHalvings = 200;

    /// <summary>The claim (a witness without weights or of another problem is an <see cref="ArgumentException"/>: bad input, not a hypothesis).</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.two-teacher-mixture-minima", PaperKey.FreemanBruna2017,
        "§2.3.1(b) on a finite sample: when every target is the output of one of two ReLU teachers θ (the point) and θ′ (the witness), each fitting samples the other misses, both teachers are local minima and their risks differ (one is a poor local minimum); decided exactly.",
        [
            "one hidden ReLU layer with biases, a linear scalar output, the loss mae, mse or sse, and a point θ",
            "a witness θ′ of the same problem (--witness)",
            "every target is exactly θ's or θ′'s output, and each teacher fits a sample the other misses",
            "at θ and at θ′ no hidden pre-activation is 0 on a sample and every hidden unit's outgoing weight is non-zero",
        ],
        Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 8;

    /// <summary>Teacher A: relu(x₁) + relu(x₂ − 2), 2-2-1 with biases.</summary>
    public static Rational[] TeacherA { get; } = [1, 0, 0, 1, 0, -2, 1, 1, 0];

    /// <summary>Teacher B: relu(x₁) + relu(−x₂ − 2); it agrees with A for |x₂| ≤ 2.</summary>
    public static Rational[] TeacherB { get; } = [1, 0, 0, -1, 0, -2, 1, 1, 0];

    /// <summary>Eleven inputs with |x₂| &lt; 2, where the teachers agree (each labelled by A; either would do).</summary>
    public static (Rational X1, Rational X2)[] Agreeing { get; } =
        [(1, 0), (2, 1), (1, -1), (-1, 0), (-1, 1), (new(1, 2), new(1, 2)), (3, -1), (-2, -1), (-1, -1), (new(-1, 2), new(3, 2)), (-3, 0)];

    /// <summary>Inputs with x₂ &gt; 2 and x₁ &lt; 0, where only A's second unit fires: four labelled by A, one by B.</summary>
    public static (Rational X1, Rational X2)[] UpperByA { get; } = [(-1, 3), (-2, 3), (-1, 4), (-2, 5)];

    /// <summary>The one input of A's region labelled by B.</summary>
    public static (Rational X1, Rational X2)[] UpperByB { get; } = [(new(-3, 2), new(7, 2))];

    /// <summary>Inputs with x₂ &lt; −2 and x₁ &lt; 0, where only B's second unit fires, all labelled by B.</summary>
    public static (Rational X1, Rational X2)[] LowerByB { get; } = [(-1, -3), (-2, -3), (-1, -4), (-2, -5)];

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-2-1 ReLU teachers A and B, 20 samples, mae: both pinned, risks 17/40 and 7/20", () => Mixture(LossKind.Mae, withMinority: true), Expectation.Verified, () => Witness(LossKind.Mae, withMinority: true)),
        new("the same mixture under mse: the teachers are not critical", () => Mixture(LossKind.Mse, withMinority: true), Expectation.Refuted, () => Witness(LossKind.Mse, withMinority: true)),
        new("a mirror-symmetric mixture, mae: both local minima, of equal risk", () => Mixture(LossKind.Mae, withMinority: false), Expectation.Refuted, () => Witness(LossKind.Mae, withMinority: false)),
        new("the mixture without the samples where the teachers agree, mae: the pull of B's samples moves A", () => Mixture(LossKind.Mae, withMinority: true, agreeing: false), Expectation.Refuted, () => Witness(LossKind.Mae, withMinority: true, agreeing: false)),
        new("no witness", () => Mixture(LossKind.Mae, withMinority: true), Expectation.HypothesesNotMet),
    ];

    /// <summary>
    /// The mixture instance at teacher A: the agreeing inputs (optional), A's region (four by A and, with
    /// <paramref name="withMinority"/>, one by B) and B's region (four by B); targets from the labelling teacher.
    /// </summary>
    public static Instance Mixture(LossKind loss, bool withMinority, bool agreeing = true) => At(loss, withMinority, agreeing, TeacherA, "A");

    /// <summary>The same problem at teacher B.</summary>
    public static Instance Witness(LossKind loss, bool withMinority, bool agreeing = true) => At(loss, withMinority, agreeing, TeacherB, "B");

    private static Instance At(LossKind loss, bool withMinority, bool agreeing, Rational[] point, string label)
    {
        var net = new NetworkSpec([2, 2, 1], Activation.Relu, Activation.Linear, bias: true);
        var samples = new List<((Rational X1, Rational X2) X, Rational[] Teacher)>();
        if (agreeing)
        {
            samples.AddRange(Agreeing.Select(x => (x, TeacherA)));
        }

        samples.AddRange(UpperByA.Select(x => (x, TeacherA)));
        if (withMinority)
        {
            samples.AddRange(UpperByB.Select(x => (x, TeacherB)));
        }

        samples.AddRange(LowerByB.Select(x => (x, TeacherB)));
        var x = samples.SelectMany(s => new[] { s.X.X1, s.X.X2 }).ToArray();
        var y = samples.Select(s =>
        {
            var probe = new Dataset(1, 2, 1, [s.X.X1, s.X.X2], [Rational.Zero]);
            return new NetworkCalculus<Rational, RationalOps>(net, loss, probe).Outputs(s.Teacher)[0];
        }).ToArray();
        string name = $"two-teacher-2-2-1-{(agreeing ? "" : "no-agreement-")}{(withMinority ? "" : "symmetric-")}{loss.ToString().ToLowerInvariant()}-at-{label}";
        return new Instance(name, net, loss, new Dataset(samples.Count, 2, 1, x, y), point);
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || !net.Bias || net.OutputWidth != 1
            || instance.Loss is not (LossKind.Mae or LossKind.Mse or LossKind.Sse) || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        if (input.Witness is not { } witness)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[1]]);
        }

        if (witness.Weights is null || !instance.SameProblem(witness))
        {
            throw new ArgumentException("The witness must be a point (weights) of the same problem: the same network, loss and data.");
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights.ToArray();
        var other = witness.Weights.ToArray();
        var y = instance.Data.YExact;
        var outTheta = calculus.Outputs(theta);
        var outOther = calculus.Outputs(other);
        int n = instance.Data.Count;
        bool thetaOnly = false, otherOnly = false;
        for (int i = 0; i < n; i++)
        {
            bool a = outTheta[i] == y[i], b = outOther[i] == y[i];
            if (!a && !b)
            {
                return new Verdict.HypothesesNotMet([$"{Claim.Hypotheses[2]}; sample {i + 1}'s target {y[i]} is neither teacher's output ({outTheta[i]}, {outOther[i]})"]);
            }

            thetaOnly |= a && !b;
            otherOnly |= b && !a;
        }

        if (!thetaOnly || !otherOnly)
        {
            return new Verdict.HypothesesNotMet([$"{Claim.Hypotheses[2]}; {(thetaOnly ? "θ′" : "θ")} fits no sample the other misses"]);
        }

        // Each point's first-layer pre-activations and outputs, computed once for the hypothesis and the test.
        var points = new[] { ("θ", theta, outTheta, calculus.PreActivations(theta)[0]), ("θ′", other, outOther, calculus.PreActivations(other)[0]) };
        foreach (var (role, point, _, z) in points)
        {
            if (Degenerate(net, point, z) is { } why)
            {
                return new Verdict.HypothesesNotMet([$"{Claim.Hypotheses[3]}; at {role} {why}"]);
            }
        }

        var items = new List<EvidenceItem>();
        foreach (var (role, point, outputs, z) in points)
        {
            input.Work?.Charge((long)point.Length * n * n);
            var slice = OnSlice(instance, calculus, point, z, outputs, role, input);
            items.Add(slice);
            if (!slice.LocalMinimum)
            {
                return slice.LossAtStep is null
                    ? new Verdict.Inconclusive($"{role} is not a local minimum on the slice to first order, but no step of the descent direction within {MaxHalvings} halvings lowered the exact loss", Evidence.Of(EvidenceMethod.ExactRational, [.. items]))
                    : new Verdict.Refuted(
                        $"{role} is not a local minimum: the loss has a negative one-sided derivative (exact) along a direction of its first-layer weights, biases and output bias (outgoing weights fixed), so it falls on every short step that way; at step {slice.Step} it is {slice.LossAtStep} < {slice.Loss}",
                        Evidence.Of(EvidenceMethod.ExactRational, [.. items]));
            }
        }

        var lossTheta = items.OfType<EvidenceItem.SliceStationarity>().First().Loss;
        var lossOther = items.OfType<EvidenceItem.SliceStationarity>().Last().Loss;
        items.Add(new EvidenceItem.Point("θ′", other));
        if (lossTheta == lossOther)
        {
            return new Verdict.Refuted($"θ and θ′ are both local minima, but of the same risk {lossTheta} (exact): neither is a poor local minimum", Evidence.Of(EvidenceMethod.ExactRational, [.. items]));
        }

        string poor = lossTheta > lossOther ? "θ" : "θ′";
        return new Verdict.Verified(
            $"θ (L = {lossTheta}) and θ′ (L = {lossOther}) are both local minima, proved exactly on the slice of fixed outgoing weights (the rescaling symmetry makes that enough), and their risks differ: {poor} is a poor local minimum",
            Evidence.Of(EvidenceMethod.ExactRational, [.. items]));
    }

    // Why the point is outside the slice argument (a pre-activation z at 0 on a sample, or a zero outgoing weight), or null.
    private static string? Degenerate(NetworkSpec net, Rational[] point, Rational[] z)
    {
        int hidden = net.Layers[1], w2 = net.WeightOffset(2);
        for (int j = 0; j < hidden; j++)
        {
            if (point[w2 + j].IsZero)
            {
                return $"hidden unit {j + 1}'s outgoing weight is 0";
            }
        }

        for (int k = 0; k < z.Length; k++)
        {
            if (z[k].IsZero)
            {
                return $"hidden unit {(k % hidden) + 1}'s pre-activation is 0 on sample {(k / hidden) + 1}";
            }
        }

        return null;
    }

    // The first-order test on the slice of fixed outgoing weights, exact: multipliers when 0 is a subgradient (or the
    // gradient is 0), otherwise a descent direction with an exact decrease at a halved step.
    private static EvidenceItem.SliceStationarity OnSlice(
        Instance instance, NetworkCalculus<Rational, RationalOps> calculus, Rational[] point, Rational[] z, Rational[] outputs, string role, ClaimInput input)
    {
        var net = instance.Network;
        int n = instance.Data.Count, inputs = net.InputWidth, hidden = net.Layers[1];
        int w1 = net.WeightOffset(1), b1 = net.BiasOffset(1), w2 = net.WeightOffset(2), c = net.BiasOffset(2);

        // The free parameters of the slice, as indices into θ: W₁, b₁, the output bias.
        int[] free = [.. Enumerable.Range(w1, hidden * inputs), .. Enumerable.Range(b1, hidden), c];
        int m = free.Length;
        var x = instance.Data.XExact;
        var y = instance.Data.YExact;
        var jacobian = new Rational[n][];
        var residual = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            var row = new Rational[m];
            for (int j = 0; j < hidden; j++)
            {
                if (z[(i * hidden) + j].Sign > 0)
                {
                    var v = point[w2 + j];
                    for (int k = 0; k < inputs; k++)
                    {
                        row[(j * inputs) + k] = v * x[(i * inputs) + k];
                    }

                    row[(hidden * inputs) + j] = v;
                }
            }

            row[m - 1] = Rational.One;
            jacobian[i] = row;
            residual[i] = outputs[i] - y[i];
        }

        var loss = calculus.Loss(point);
        Rational[] direction;
        if (instance.Loss == LossKind.Mae)
        {
            // 0 ∈ Σ_{rᵢ=0} [−1, 1]·Jᵢ + Σ_{rᵢ≠0} sign(rᵢ)·Jᵢ, as a cone: λᵢ = 2μᵢ − 1 with μᵢ + νᵢ = 1, μ, ν ≥ 0.
            var kinks = Enumerable.Range(0, n).Where(i => residual[i].IsZero).ToArray();
            var pull = new Rational[m];
            foreach (int i in Enumerable.Range(0, n).Where(i => !residual[i].IsZero))
            {
                for (int k = 0; k < m; k++)
                {
                    pull[k] += residual[i].Sign * jacobian[i][k];
                }
            }

            var generators = new List<Rational[]>();
            foreach (var (i, q) in kinks.Select((i, q) => (i, q)))
            {
                var mu = new Rational[m + kinks.Length];
                var nu = new Rational[m + kinks.Length];
                for (int k = 0; k < m; k++)
                {
                    mu[k] = 2 * jacobian[i][k];
                }

                mu[m + q] = Rational.One;
                nu[m + q] = Rational.One;
                generators.Add(mu);
                generators.Add(nu);
            }

            var target = new Rational[m + kinks.Length];
            for (int k = 0; k < m; k++)
            {
                target[k] = -pull[k] + kinks.Aggregate(Rational.Zero, (s, i) => s + jacobian[i][k]);
            }

            for (int q = 0; q < kinks.Length; q++)
            {
                target[m + q] = Rational.One;
            }

            switch (ConeMembership.Decide(generators, target, input.Work))
            {
                case ConeAnswer.Member member:
                    var lambda = kinks.Select((_, q) => (2 * member.Multipliers[2 * q]) - 1).ToArray();
                    for (int k = 0; k < m; k++)
                    {
                        var sum = pull[k] + kinks.Select((i, q) => lambda[q] * jacobian[i][k]).Aggregate(Rational.Zero, (s, t) => s + t);
                        if (!sum.IsZero || lambda.Any(l => l.Abs() > 1))
                        {
                            throw new InvalidOperationException("Internal error: the subgradient multipliers do not satisfy their identity.");
                        }
                    }

                    return new EvidenceItem.SliceStationarity(role, loss, true, [.. kinks.Select(i => i + 1)], lambda, null, null, null);
                case ConeAnswer.Separated separated:
                    direction = [.. separated.Direction.Take(m).Select(v => -v)];
                    var slope = kinks.Aggregate(Rational.Zero, (s, i) => s + ExactLinearAlgebra.Dot(jacobian[i], direction).Abs()) + ExactLinearAlgebra.Dot(pull, direction);
                    if (slope.Sign >= 0)
                    {
                        throw new InvalidOperationException("Internal error: the separating direction does not descend.");
                    }

                    break;
                default:
                    throw new System.Diagnostics.UnreachableException();
            }
        }
        else
        {
            // Squared loss: the slice gradient Σ rᵢJᵢ (up to a positive factor) must vanish.
            var gradient = new Rational[m];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < m; k++)
                {
                    gradient[k] += residual[i] * jacobian[i][k];
                }
            }

            if (gradient.All(g => g.IsZero))
            {
                return new EvidenceItem.SliceStationarity(role, loss, true, [], null, null, null, null);
            }

            direction = [.. gradient.Select(g => -g)];
        }

        // A first-order descent direction: halve the step until the exact loss is below L(point).
        var step = Rational.One;
        for (int h = 0; h < MaxHalvings; h++, step /= 2)
        {
            input.Work?.Charge((long)point.Length * n);
            var moved = point.ToArray();
            for (int k = 0; k < m; k++)
            {
                moved[free[k]] += step * direction[k];
            }

            var lower = calculus.Loss(moved);
            if (lower < loss)
            {
                var full = new Rational[point.Length];
                for (int k = 0; k < m; k++)
                {
                    full[free[k]] = direction[k];
                }

                return new EvidenceItem.SliceStationarity(role, loss, false, [], null, full, step, lower);
            }
        }

        return new EvidenceItem.SliceStationarity(role, loss, false, [], null, null, null, null);
    }
}
