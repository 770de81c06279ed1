using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using Verifier.Numerics.Rigorous;

namespace Verifier.Landscape.Claims;

/// <summary>
/// Decides the generic claims for one input. Piecewise-linear networks (linear, ReLU) are decided exactly at the
/// point when its gradient is exactly zero; everything else goes to the interval methods over the box of radius ρ.
/// Theory-specific arguments (global-minimum proofs, structured descent directions, the witness search) come from
/// the input's <see cref="ClaimInput.Theories"/>.
/// </summary>
internal sealed partial class PointDecider
{
    /// <summary>Seed of the random line directions tried at degenerate points (reported in the evidence).</summary>
    public const int LineSearchSeed = 1;

    /// <summary>Number of random line directions tried after the coordinate directions.</summary>
    public const int RandomLines = 24;

    private readonly ClaimInput _input;
    private readonly Lazy<ExactPointAnalysis?> _exact;

    private PointDecider(ClaimInput input)
    {
        _input = input;
        if (input.Instance.Weights is null)
        {
            throw new ArgumentException("The instance has no weights: a claim about a point needs one.", nameof(input));
        }

        _exact = new Lazy<ExactPointAnalysis?>(() => ExactPointAnalysis.TryCreate(input.Instance, input.Work));
        _box = new Lazy<BoxAnalysis>(() => BoxAnalysis.Create(input));
    }

    public static PointDecider For(ClaimInput input) => new(input);

    private ExactPointAnalysis.Critical? ExactAtPoint => _exact.Value as ExactPointAnalysis.Critical;

    public Verdict CriticalPoint() => _exact.Value switch
    {
        ExactPointAnalysis.Kinked kinked => KinkVerdict(kinked),
        ExactPointAnalysis.Critical exact => new Verdict.Verified("the gradient is exactly zero at the point", ExactEvidence(exact)),
        _ => BoxCriticalPoint(),
    };

    public Verdict LocalMin()
    {
        switch (_exact.Value)
        {
            case ExactPointAnalysis.Kinked kinked:
                return KinkLocalMin(kinked);
            case ExactPointAnalysis.NotCritical moving:
                return GradientRefutation(moving, "not a local minimum");
            case null:
                return BoxLocalMin(strict: false);
        }

        var e = ExactAtPoint!;

        var inertia = e.Inertia;
        if (inertia.IsPositiveDefinite)
        {
            return new Verdict.Verified("a strict local minimum: the gradient is exactly zero and the exact Hessian is positive definite", ExactEvidence(e));
        }

        if (inertia.Negative > 0)
        {
            return new Verdict.Refuted("the exact Hessian at this critical point has a negative eigenvalue: the loss decreases along a direction of negative curvature", CurvatureEvidence(e, -1));
        }

        if (_input.Theories.ProveGlobalMinimum(e) is { } proof)
        {
            return new Verdict.Verified("a (global) minimum: the loss equals the proven global minimum value of this deep linear network", ExactEvidence(e).With(proof.Evidence));
        }

        if (FindLine(e, l => l.Decreases) is { } down)
        {
            return new Verdict.Refuted($"the loss decreases along a line through the point (lowest-order term of order {down.Order})", LineEvidence(e, down, -1));
        }

        // A degenerate critical point: the piecewise arguments (zero loss, a dead layer, convexity piece by piece).
        switch (Pieces(e))
        {
            case KinkDecision.Minimum m:
                return new Verdict.Verified(MinimumReason(m, atKink: false), ExactEvidence(e).With(m.Proof));
            case KinkDecision.Descent d:
                return new Verdict.Refuted("the loss falls along a line through the point: " + d.Line.How, ExactEvidence(e).With(d.Line));
        }

        return new Verdict.Inconclusive(DegenerateReason(e), ExactEvidence(e));
    }

    public Verdict StrictLocalMin()
    {
        switch (_exact.Value)
        {
            case ExactPointAnalysis.Kinked kinked:
                return KinkStrictLocalMin(kinked);
            case ExactPointAnalysis.NotCritical moving:
                return GradientRefutation(moving, "not a local minimum, strict or not");
            case null:
                return BoxLocalMin(strict: true);
        }

        var e = ExactAtPoint!;

        var inertia = e.Inertia;
        if (inertia.IsPositiveDefinite)
        {
            return new Verdict.Verified("the gradient is exactly zero and the exact Hessian is positive definite", ExactEvidence(e));
        }

        if (inertia.Negative > 0)
        {
            return new Verdict.Refuted("the exact Hessian at this critical point has a negative eigenvalue", CurvatureEvidence(e, -1));
        }

        if (Curves.ConstantLossRescaling(e) is { } orbit)
        {
            return new Verdict.Refuted(
                $"not strict: rescaling hidden layer {orbit.Layer} by c > 0 (and the next layer by 1/c) keeps the loss exactly constant along a curve through the point",
                ExactEvidence(e).With(new EvidenceItem.ConstantLossCurve(orbit.Layer, Curves.RescalingWitnessScale, orbit.Moved)));
        }

        if (FindLine(e, l => l.Decreases) is { } down)
        {
            return new Verdict.Refuted($"the loss decreases along a line through the point (lowest-order term of order {down.Order})", LineEvidence(e, down, -1));
        }

        return new Verdict.Inconclusive("the Hessian is singular, so the second-order test cannot prove strictness, and no constant-loss or decreasing curve was found", ExactEvidence(e));
    }

    public Verdict Saddle()
    {
        if (_exact.Value is ExactPointAnalysis.Kinked kinked)
        {
            return KinkSaddle(kinked);
        }

        if (ExactAtPoint is not { } e)
        {
            return BoxSaddle();
        }

        var inertia = e.Inertia;
        if (inertia.Negative > 0 && inertia.Positive > 0)
        {
            return new Verdict.Verified("the exact Hessian at this critical point is indefinite: the loss falls along one direction and rises along another", CurvatureEvidence(e, -1).With(CurvatureItem(e, +1)));
        }

        if (inertia.IsPositiveDefinite)
        {
            return new Verdict.Refuted("a strict local minimum (exact Hessian positive definite), not a saddle", ExactEvidence(e));
        }

        if (inertia.Positive == 0 && inertia.Zero == 0)
        {
            return new Verdict.Refuted("a strict local maximum (exact Hessian negative definite), not a saddle", ExactEvidence(e));
        }

        if (inertia.Negative == 0 && _input.Theories.ProveGlobalMinimum(e) is { } proof)
        {
            return new Verdict.Refuted("a global minimum of this deep linear network (its loss equals the proven global minimum value), not a saddle", ExactEvidence(e).With(proof.Evidence));
        }

        if (inertia.Negative == 0 && !e.IsPolynomial && Pieces(e) is KinkDecision.Minimum minimum)
        {
            return new Verdict.Refuted("a local minimum, not a saddle: " + MinimumReason(minimum, atKink: false), ExactEvidence(e).With(minimum.Proof));
        }

        // Singular Hessian: look for curves. An odd lowest-order term falls on one side and rises on the other.
        var odd = FindLine(e, l => l.Order > 0 && l.Order % 2 == 1);
        if (odd is not null)
        {
            return new Verdict.Verified(
                $"the loss along a line through the point has lowest-order term of odd order {odd.Order}: it falls for small t of one sign and rises for the other",
                LineEvidence(e, odd, -1).With(LineItem(odd, +1)));
        }

        var down = inertia.Negative > 0 ? null : FindLine(e, l => l.Decreases);
        var up = inertia.Positive > 0 ? null : FindLine(e, l => l.Increases);
        bool falls = inertia.Negative > 0 || down is not null;
        bool rises = inertia.Positive > 0 || up is not null;
        if (falls && rises)
        {
            var evidence = ExactEvidence(e).With(
                down is not null ? LineItem(down, -1) : CurvatureItem(e, -1),
                up is not null ? LineItem(up, +1) : CurvatureItem(e, +1));
            return new Verdict.Verified("the loss falls along one curve through the critical point and rises along another", evidence);
        }

        return new Verdict.Inconclusive(DegenerateReason(e), ExactEvidence(e));
    }

    public Verdict BadLocalMin()
    {
        var local = LocalMin();
        if (local is Verdict.Refuted refuted)
        {
            return new Verdict.Refuted("not a local minimum: " + refuted.Why, refuted.Evidence);
        }

        if (local is not Verdict.Verified verified)
        {
            return new Verdict.Inconclusive("whether the point is a local minimum is undecided: " + local.Reason);
        }

        // A proved global minimum has no point of lower loss: no witness can make it bad.
        if (ExactAtPoint is { } e && _input.Theories.ProveGlobalMinimum(e) is { } global)
        {
            var evidence = verified.Evidence.Find<EvidenceItem.GlobalMinimum>() is null ? verified.Evidence.With(global.Evidence) : verified.Evidence;
            return new Verdict.Refuted("a global minimum, not a bad local minimum: its loss equals the proven global minimum value, so no point has lower loss", evidence);
        }

        var witness = _input.Witness;
        WitnessOrigin origin = new WitnessOrigin.Given();
        if (witness is null)
        {
            if (_input.Theories.WitnessSearch is not { } search)
            {
                return new Verdict.Inconclusive("the point is a local minimum, but no witness was given and no witness search is available; give one with --witness FILE", verified.Evidence);
            }

            var outcome = search.Search(_input.Instance);
            if (outcome.Best is null)
            {
                return new Verdict.Inconclusive(
                    $"the point is a local minimum, but a search from {outcome.Report.Starts} random starts (seed {outcome.Report.Seed}) found no point of lower loss; give one with --witness FILE",
                    verified.Evidence.With(outcome.Report));
            }

            witness = outcome.Best;
            origin = new WitnessOrigin.Search(outcome.Report.Seed, outcome.Report.Starts, outcome.Report.Method);
        }

        CheckWitnessMatches(witness);
        var comparison = CompareWithWitness(witness, origin);
        return comparison.Lower
            ? new Verdict.Verified($"a local minimum whose loss {comparison.PointLoss} is above the witness's loss {comparison.WitnessLoss}", verified.Evidence.With(comparison.Item))
            : new Verdict.Inconclusive($"the point is a local minimum, but the witness's loss {comparison.WitnessLoss} is not provably below its loss {comparison.PointLoss}", verified.Evidence.With(comparison.Item));
    }

    // At a kink the gradient does not exist: criticality is not a derivative statement there.
    private static Verdict.Inconclusive KinkVerdict(ExactPointAnalysis.Kinked e) =>
        new($"the point is at a ReLU kink ({KinkText(e)}): the loss is not differentiable there, so there is no gradient to vanish", KinkEvidence(e));

    private static string KinkText(ExactPointAnalysis.Kinked e)
    {
        var k = e.Kinks[0];
        return $"sample {k.Sample}, layer {k.Layer}, unit {k.Unit}; {e.Kinks.Count} in all";
    }

    private static Evidence KinkEvidence(ExactPointAnalysis.Kinked e)
    {
        var k = e.Kinks[0];
        return Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Kinks(e.Loss, e.Kinks.Count, k.Sample, k.Layer, k.Unit));
    }

    private KinkDecision Pieces(ExactPointAnalysis e) => KinkMinimum.LocalMinimum(e.Instance, _input.Work);

    private Verdict KinkLocalMin(ExactPointAnalysis.Kinked e) => Pieces(e) switch
    {
        KinkDecision.Minimum m => new Verdict.Verified(MinimumReason(m, atKink: true), KinkEvidence(e).With(m.Proof)),
        KinkDecision.Descent d => new Verdict.Refuted($"the point is at a ReLU kink ({KinkText(e)}) and the loss falls along a one-sided line into one piece ({d.Line.How}): the lowest-order term of L(θ + t·d) − L(θ) is {d.Line.LeadingCoefficient}·t^{d.Line.Order}", KinkEvidence(e).With(d.Line)),
        KinkDecision.Undecided u => new Verdict.Inconclusive($"the point is at a ReLU kink ({KinkText(e)}) and the exact decision cannot settle it: {u.Reason}", KinkEvidence(e)),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private Verdict KinkStrictLocalMin(ExactPointAnalysis.Kinked e)
    {
        var local = KinkLocalMin(e);
        if (local is not Verdict.Verified verified)
        {
            return local;
        }

        return Curves.ConstantLossRescaling(e) is { } orbit
            ? new Verdict.Refuted(
                $"a local minimum but not strict: rescaling hidden layer {orbit.Layer} by c > 0 (and the next layer by 1/c) keeps the loss exactly constant along a curve through the point",
                verified.Evidence.With(new EvidenceItem.ConstantLossCurve(orbit.Layer, Curves.RescalingWitnessScale, orbit.Moved)))
            : new Verdict.Inconclusive("a local minimum at a ReLU kink, but strictness is not decided: no constant-loss curve was found and the piecewise argument proves only L ≥ L(θ)", verified.Evidence);
    }

    private Verdict KinkSaddle(ExactPointAnalysis.Kinked e) => KinkLocalMin(e) switch
    {
        Verdict.Verified v => new Verdict.Refuted("a local minimum at a ReLU kink, not a saddle: " + v.Reason, v.Evidence),
        var other => new Verdict.Inconclusive($"the point is at a ReLU kink ({KinkText(e)}), where saddles are not defined by derivatives; only a proved local minimum decides the claim here (local minimum: {other.Word}, {other.Reason})", KinkEvidence(e)),
    };

    private static string MinimumReason(KinkDecision.Minimum m, bool atKink)
    {
        string where = atKink ? "at a ReLU kink, " : "";
        return m.Proof switch
        {
            EvidenceItem.GlobalMinimum => $"{where}a (global) minimum: the loss is a sum of squares and is exactly 0",
            EvidenceItem.DeadLayer d => $"{where}a local minimum: hidden layer {d.Layer} is dead on every sample (margin {d.Margin}), so the output is constant near the point and its loss {d.ConstantOutputLoss} is the least of any constant output",
            EvidenceItem.PieceMinimum p => $"{where}a local minimum, proved piece by piece: on each of the {PieceCount(p.Ties)} pieces (sign choices of the {p.Ties} tied pre-activation{(p.Ties == 1 ? "" : "s")}, checked unit by unit as {p.Pieces} conditions) the loss is convex in the product coordinates vⱼ·(wⱼ, bⱼ) and its gradient lies in the piece's dual cone (exact multipliers)",
            _ => throw new System.Diagnostics.UnreachableException(),
        };
    }

    private static string PieceCount(int ties) => ties < 31 ? (1L << ties).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"2^{ties}";

    // A differentiable point with an exactly non-zero gradient: the directional derivative along −∇L is −‖∇L‖² < 0.
    private static Verdict.Refuted GradientRefutation(ExactPointAnalysis.NotCritical e, string what)
    {
        var norm = e.Gradient.Aggregate(Rational.Zero, (a, g) => a + (g * g));
        return new Verdict.Refuted(
            $"{what}: the loss is differentiable at the point and its exact gradient is not zero, so it falls along −∇L at rate ‖∇L‖² = {norm}",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.ExactPoint(e.Loss, GradientIsZero: false), new EvidenceItem.Gradient(e.Gradient)));
    }

    private LineBehaviour? FindLine(ExactPointAnalysis.Critical e, Func<LineBehaviour, bool> wanted)
    {
        if (!e.IsPolynomial)
        {
            return null;
        }

        // Directions the theories suggest first (deep linear: routing a dropped eigen-direction through free units).
        foreach (var d in _input.Theories.DescentDirections(e).Concat(Curves.CandidateDirections(e.Theta.Length, LineSearchSeed, RandomLines)))
        {
            var line = Curves.AlongLine(e, d);
            if (wanted(line))
            {
                return line;
            }
        }

        return null;
    }

    private static string DegenerateReason(ExactPointAnalysis.Critical e) =>
        e.IsPolynomial
            ? $"degenerate critical point: the exact Hessian is semidefinite and singular ({InertiaText(e.Inertia)}), and none of {e.Theta.Length + RandomLines} lines (coordinates and {RandomLines} random directions, seed {LineSearchSeed}) decides it"
            : $"degenerate critical point: the exact Hessian is semidefinite and singular ({InertiaText(e.Inertia)}); higher-order terms of a ReLU network are not examined";

    private static string InertiaText(ExactInertia i) => $"{i.Negative} negative, {i.Zero} zero, {i.Positive} positive eigenvalues";

    private static Evidence ExactEvidence(ExactPointAnalysis.Critical e) =>
        Evidence.Of(EvidenceMethod.ExactRational,
            new EvidenceItem.ExactPoint(e.Loss, GradientIsZero: true),
            new EvidenceItem.Inertia(e.Inertia.Negative, e.Inertia.Zero, e.Inertia.Positive));

    private static Evidence CurvatureEvidence(ExactPointAnalysis.Critical e, int sign) => ExactEvidence(e).With(CurvatureItem(e, sign));

    private static EvidenceItem CurvatureItem(ExactPointAnalysis.Critical e, int sign)
    {
        var kind = sign < 0 ? DirectionKind.NegativeCurvature : DirectionKind.PositiveCurvature;
        return ExactDirections.WithCurvatureSign(e.Hessian, sign) is { } d
            ? new EvidenceItem.CurvatureDirection(kind, d, ExactDirections.Curvature(e.Hessian, d))
            : new EvidenceItem.CurvatureFromInertia(kind);
    }

    private static Evidence LineEvidence(ExactPointAnalysis.Critical e, LineBehaviour line, int sign) => ExactEvidence(e).With(LineItem(line, sign));

    private static EvidenceItem.LineDirection LineItem(LineBehaviour line, int sign) =>
        new(sign < 0 ? DirectionKind.Decreasing : DirectionKind.Increasing, line.Direction, line.Order, line.LeadingCoefficient, line.WitnessStep(sign), line.Coefficients);

    private void CheckWitnessMatches(Instances.Instance witness)
    {
        var inst = _input.Instance;
        if (witness.Weights is null)
        {
            throw new ArgumentException("The witness instance has no weights.");
        }

        if (!witness.SameProblem(inst))
        {
            throw new ArgumentException("The witness must have the same network, loss and data as the instance.");
        }
    }
}
