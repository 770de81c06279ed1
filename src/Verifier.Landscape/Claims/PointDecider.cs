using Verifier.Numerics.Exact;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// Decides the generic claims for one input. Piecewise-linear networks (linear, ReLU) are decided exactly at the
/// point when its gradient is exactly zero; everything else goes to the interval methods over the box of radius ρ.
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

        _exact = new Lazy<ExactPointAnalysis?>(() => ExactPointAnalysis.TryCreate(input.Instance));
        _box = new Lazy<BoxAnalysis>(() => BoxAnalysis.Create(input));
    }

    public static PointDecider For(ClaimInput input) => new(input);

    private ExactPointAnalysis? ExactAtPoint => _exact.Value is { Kinks.Count: 0, IsCritical: true } e ? e : null;

    public Verdict CriticalPoint()
    {
        if (_exact.Value is { } exact)
        {
            if (exact.Kinks.Count > 0)
            {
                return KinkVerdict(exact);
            }

            if (exact.IsCritical)
            {
                return new Verdict.Verified("the gradient is exactly zero at the point", ExactEvidence(exact));
            }
        }

        return BoxCriticalPoint();
    }

    public Verdict LocalMin()
    {
        if (ExactAtPoint is not { } e)
        {
            return NotExactlyCritical() ?? BoxLocalMin(strict: false);
        }

        var inertia = e.Inertia!;
        if (inertia.IsPositiveDefinite)
        {
            return new Verdict.Verified("a strict local minimum: the gradient is exactly zero and the exact Hessian is positive definite", ExactEvidence(e));
        }

        if (inertia.Negative > 0)
        {
            return new Verdict.Refuted("the exact Hessian at this critical point has a negative eigenvalue: the loss decreases along a direction of negative curvature", CurvatureEvidence(e, -1));
        }

        if (GlobalMinimumProof(e) is { Proved: true } proof)
        {
            return new Verdict.Verified("a (global) minimum: the loss equals the proven global minimum value of this deep linear network", ExactEvidence(e).With(GlobalMinimumFacts(proof)));
        }

        if (FindLine(e, l => l.Decreases) is { } down)
        {
            return new Verdict.Refuted($"the loss decreases along a line through the point (lowest-order term of order {down.Order})", LineEvidence(e, down, -1));
        }

        return new Verdict.Inconclusive(DegenerateReason(e), ExactEvidence(e));
    }

    // For a deep linear network without biases: the exact proof that the point is a global minimum, or null.
    private static DeepLinear.GlobalMinimumProof? GlobalMinimumProof(ExactPointAnalysis e) =>
        DeepLinear.DeepLinearProblem.TryCreate(e.Instance) is { } problem ? DeepLinear.DeepLinearTheory.ProveGlobalMinimum(problem, e.Theta) : null;

    private static Fact[] GlobalMinimumFacts(DeepLinear.GlobalMinimumProof proof) =>
        [new Fact("globalMinimumValue", GenericClaims.Exact(proof.Loss)), new Fact("globalMinimumProof", proof.Reason)];

    public Verdict StrictLocalMin()
    {
        if (ExactAtPoint is not { } e)
        {
            return NotExactlyCritical() ?? BoxLocalMin(strict: true);
        }

        var inertia = e.Inertia!;
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
                ExactEvidence(e).With(new Fact("constantLossCurve", $"layer {orbit.Layer} scaled by c, layer {orbit.Layer + 1} by 1/c"), new Fact("pointAtC2", Strings(orbit.Moved))));
        }

        if (FindLine(e, l => l.Decreases) is { } down)
        {
            return new Verdict.Refuted($"the loss decreases along a line through the point (lowest-order term of order {down.Order})", LineEvidence(e, down, -1));
        }

        return new Verdict.Inconclusive("the Hessian is singular, so the second-order test cannot prove strictness, and no constant-loss or decreasing curve was found", ExactEvidence(e));
    }

    public Verdict Saddle()
    {
        if (ExactAtPoint is not { } e)
        {
            return NotExactlyCritical() ?? BoxSaddle();
        }

        var inertia = e.Inertia!;
        if (inertia.Negative > 0 && inertia.Positive > 0)
        {
            return new Verdict.Verified("the exact Hessian at this critical point is indefinite: the loss falls along one direction and rises along another", CurvatureEvidence(e, -1).With(CurvatureFacts(e, +1, "positiveCurvature")));
        }

        if (inertia.IsPositiveDefinite)
        {
            return new Verdict.Refuted("a strict local minimum (exact Hessian positive definite), not a saddle", ExactEvidence(e));
        }

        if (inertia.Positive == 0 && inertia.Zero == 0)
        {
            return new Verdict.Refuted("a strict local maximum (exact Hessian negative definite), not a saddle", ExactEvidence(e));
        }

        if (inertia.Negative == 0 && GlobalMinimumProof(e) is { Proved: true } proof)
        {
            return new Verdict.Refuted("a global minimum of this deep linear network (its loss equals the proven global minimum value), not a saddle", ExactEvidence(e).With(GlobalMinimumFacts(proof)));
        }

        // Singular Hessian: look for curves. An odd lowest-order term falls on one side and rises on the other.
        var odd = FindLine(e, l => l.Order > 0 && l.Order % 2 == 1);
        if (odd is not null)
        {
            return new Verdict.Verified(
                $"the loss along a line through the point has lowest-order term of odd order {odd.Order}: it falls for small t of one sign and rises for the other",
                LineEvidence(e, odd, -1).With(new Fact("increasingStep", GenericClaims.Exact(odd.WitnessStep(+1)))));
        }

        var down = inertia.Negative > 0 ? null : FindLine(e, l => l.Decreases);
        var up = inertia.Positive > 0 ? null : FindLine(e, l => l.Increases);
        bool falls = inertia.Negative > 0 || down is not null;
        bool rises = inertia.Positive > 0 || up is not null;
        if (falls && rises)
        {
            var evidence = ExactEvidence(e);
            evidence = down is not null ? evidence.With(LineFacts(down, -1)) : evidence.With(CurvatureFacts(e, -1, "negativeCurvature"));
            evidence = up is not null ? evidence.With(LineFacts(up, +1)) : evidence.With(CurvatureFacts(e, +1, "positiveCurvature"));
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

        var witness = _input.Witness;
        var searchFacts = Array.Empty<Fact>();
        if (witness is null)
        {
            (witness, searchFacts) = SearchWitness();
            if (witness is null)
            {
                return new Verdict.Inconclusive(
                    $"the point is a local minimum, but a search from {WitnessSearchStarts} random starts (seed {WitnessSearchSeed}) found no point of lower loss; give one with --witness FILE",
                    verified.Evidence.With(searchFacts));
            }
        }

        CheckWitnessMatches(witness);
        var comparison = CompareWithWitness(witness);
        return comparison.Lower
            ? new Verdict.Verified($"a local minimum whose loss {comparison.PointLoss} is above the witness's loss {comparison.WitnessLoss}", verified.Evidence.With(comparison.Facts).With(searchFacts))
            : new Verdict.Inconclusive($"the point is a local minimum, but the witness's loss {comparison.WitnessLoss} is not provably below its loss {comparison.PointLoss}", verified.Evidence.With(comparison.Facts).With(searchFacts));
    }

    /// <summary>Random starts tried when bad-local-min is checked without a witness.</summary>
    public const int WitnessSearchStarts = 8;

    /// <summary>Seed of the witness search (reported in the evidence so the search can be replayed).</summary>
    public const int WitnessSearchSeed = 1;

    // Optimises from seeded random starts and returns the lowest-loss point found (its loss is compared rigorously later).
    private (Instances.Instance? Witness, Fact[] Facts) SearchWitness()
    {
        var inst = _input.Instance;
        var options = Optimization.OptimizationOptions.Default with { MaxIterations = 2000 };
        Instances.Instance? best = null;
        double bestLoss = double.PositiveInfinity;
        var rng = new Random(WitnessSearchSeed);
        for (int s = 0; s < WitnessSearchStarts; s++)
        {
            var start = Instances.RandomInstance.RandomWeights(inst.Network, rng).Select(r => r.ToDouble()).ToArray();
            var result = Optimization.Optimizer.Optimize(inst, start, null, options);
            if (double.IsFinite(result.Loss) && result.Loss < bestLoss)
            {
                bestLoss = result.Loss;
                best = Optimization.Optimizer.ResultInstance(inst, result);
            }
        }

        var facts = new[] { new Fact("witnessSearch", $"{WitnessSearchStarts} trust-region runs from random starts, seed {WitnessSearchSeed}"), new Fact("witnessSearchBestLoss", bestLoss) };
        return (best, facts);
    }

    // At an exact (piecewise-linear) instance whose point is not an exactly critical, differentiable point.
    private Verdict.Inconclusive? NotExactlyCritical()
    {
        if (_exact.Value is { Kinks.Count: > 0 } kinked)
        {
            return KinkVerdict(kinked);
        }

        return null;
    }

    private static Verdict.Inconclusive KinkVerdict(ExactPointAnalysis e)
    {
        var k = e.Kinks[0];
        return new Verdict.Inconclusive(
            $"the point is at a ReLU kink (sample {k.Sample}, layer {k.Layer}, unit {k.Unit}; {e.Kinks.Count} in all): the loss is not differentiable there and no derivative-based verdict is given",
            Evidence.Of("exact-rational", new Fact("loss", GenericClaims.Exact(e.Loss)), new Fact("kinks", e.Kinks.Count)));
    }

    private static LineBehaviour? FindLine(ExactPointAnalysis e, Func<LineBehaviour, bool> wanted)
    {
        if (!e.IsPolynomial)
        {
            return null;
        }

        foreach (var d in StructuredDirections(e).Concat(Curves.CandidateDirections(e.Theta.Length, LineSearchSeed, RandomLines)))
        {
            var line = Curves.AlongLine(e, d);
            if (wanted(line))
            {
                return line;
            }
        }

        return null;
    }

    // Directions the theory of the network suggests (deep linear: routing a dropped eigen-direction through free units).
    private static IEnumerable<Rational[]> StructuredDirections(ExactPointAnalysis e)
    {
        if (DeepLinear.DeepLinearProblem.TryCreate(e.Instance) is { } problem && DeepLinear.DeepLinearTheory.SlotDescentDirection(problem, e.Theta) is { } d)
        {
            yield return d;
        }
    }

    private static string DegenerateReason(ExactPointAnalysis e) =>
        e.IsPolynomial
            ? $"degenerate critical point: the exact Hessian is semidefinite and singular ({InertiaText(e.Inertia!)}), and none of {e.Theta.Length + RandomLines} lines (coordinates and {RandomLines} random directions, seed {LineSearchSeed}) decides it"
            : $"degenerate critical point: the exact Hessian is semidefinite and singular ({InertiaText(e.Inertia!)}); higher-order terms of a ReLU network are not examined";

    private static string InertiaText(ExactInertia i) => $"{i.Negative} negative, {i.Zero} zero, {i.Positive} positive eigenvalues";

    private static Evidence ExactEvidence(ExactPointAnalysis e)
    {
        var facts = new List<Fact>
        {
            new("loss", GenericClaims.Exact(e.Loss)),
            new("gradient", e.IsCritical ? "exactly zero" : "not zero"),
        };
        if (e.Inertia is { } i)
        {
            facts.Add(new Fact("inertia", new Dictionary<string, int> { ["negative"] = i.Negative, ["zero"] = i.Zero, ["positive"] = i.Positive }));
        }

        return new Evidence("exact-rational", facts);
    }

    private static Evidence CurvatureEvidence(ExactPointAnalysis e, int sign) => ExactEvidence(e).With(CurvatureFacts(e, sign, sign < 0 ? "negativeCurvature" : "positiveCurvature"));

    private static Fact[] CurvatureFacts(ExactPointAnalysis e, int sign, string name)
    {
        var d = ExactDirections.WithCurvatureSign(e.Hessian!, sign);
        if (d is null)
        {
            return [new Fact(name, "proved by the exact inertia (Sylvester's law); no coordinate-pair direction found")];
        }

        return [new Fact(name + "Direction", Strings(d)), new Fact(name, GenericClaims.Exact(ExactDirections.Curvature(e.Hessian!, d)))];
    }

    private static Evidence LineEvidence(ExactPointAnalysis e, LineBehaviour line, int sign) => ExactEvidence(e).With(LineFacts(line, sign));

    private static Fact[] LineFacts(LineBehaviour line, int sign)
    {
        string prefix = sign < 0 ? "decreasing" : "increasing";
        return
        [
            new Fact(prefix + "Direction", Strings(line.Direction)),
            new Fact(prefix + "Order", line.Order),
            new Fact(prefix + "LeadingCoefficient", GenericClaims.Exact(line.LeadingCoefficient)),
            new Fact(prefix + "Step", GenericClaims.Exact(line.WitnessStep(sign))),
        ];
    }

    private static string[] Strings(IEnumerable<Rational> values) => [.. values.Select(GenericClaims.Exact)];

    private void CheckWitnessMatches(Instances.Instance witness)
    {
        var inst = _input.Instance;
        if (witness.Weights is null)
        {
            throw new ArgumentException("The witness instance has no weights.");
        }

        if (!witness.Network.Equals(inst.Network) || witness.Loss != inst.Loss
            || !witness.Data.XExact.SequenceEqual(inst.Data.XExact) || !witness.Data.YExact.SequenceEqual(inst.Data.YExact))
        {
            throw new ArgumentException("The witness must have the same network, loss and data as the instance.");
        }
    }
}
