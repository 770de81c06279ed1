using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;

namespace Verifier.Landscape.DeepLinear;

/// <summary>One enumerated critical point with its exact classification.</summary>
/// <param name="Label">Where it comes from, e.g. "I = {2}" or "I = {1}, C random".</param>
/// <param name="Point">The subset point (θ and predicted loss).</param>
/// <param name="GradientIsZero">True when the exact gradient is zero (it always should be).</param>
/// <param name="Inertia">The exact Hessian inertia (negative, zero, positive).</param>
/// <param name="Classification">"global-minimum", "strict-saddle", "degenerate-saddle" or "undecided".</param>
/// <param name="Reason">The proof behind the classification, in one sentence.</param>
public sealed record ClassifiedCriticalPoint(string Label, SubsetPoint Point, bool GradientIsZero, Numerics.Exact.ExactInertia? Inertia, string Classification, string Reason);

/// <summary>
/// Every Baldi–Hornik critical point of a rational deep linear instance (any depth, by factorising the end-to-end map),
/// plain and after a change of basis C, each classified exactly: a global minimum (exact global-minimum proof), a
/// strict saddle (exact inertia with negative and positive eigenvalues), a degenerate saddle (no negative eigenvalue,
/// yet a decreasing and an increasing curve, e.g. the origin of a network of depth ≥ 3), or undecided.
/// </summary>
public static class CriticalPointCatalogue
{
    /// <summary>The classified points, or null when Σ has no exact eigenbasis (irrational eigenvalues).</summary>
    /// <param name="instance">A linear network without biases.</param>
    /// <param name="changeOfBasisSeed">Seed of the random C ∈ GL(k) applied to the second copy of each point; null for none.</param>
    /// <param name="budget">Charged for the exact computations, or null for no limit.</param>
    /// <exception cref="Verifier.Numerics.Budgets.WorkBudgetExhaustedException">The budget ran out.</exception>
    public static IReadOnlyList<ClassifiedCriticalPoint>? Enumerate(Instance instance, int? changeOfBasisSeed = 1, Verifier.Numerics.Budgets.WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var problem = DeepLinearProblem.TryCreate(instance, budget) ?? throw new ArgumentException("Critical points are enumerated for linear networks without biases only.", nameof(instance));
        var plain = DeepLinearTheory.SubsetCriticalPoints(problem);
        if (plain is null)
        {
            return null;
        }

        var points = plain.Select(p => ($"I = {p.SubsetText}", p)).ToList();
        if (changeOfBasisSeed is int seed)
        {
            var rng = new Random(seed);
            points.AddRange(DeepLinearTheory.SubsetCriticalPoints(problem, k => RationalLinearInstances.RandomInvertible(k, rng))!
                .Where(p => p.Subset.Length > 0).Select(p => ($"I = {p.SubsetText}, C random (seed {seed})", p)));
        }

        return [.. points.Select(x => Classify(problem, instance, x.Item1, x.p))];
    }

    // Saddles are decided with this theory's own helpers (the global-minimum proof and the slot descent direction);
    // a saddle decision never searches for a witness.
    private static readonly ClaimTheories Theory = new([DeepLinearPointTheory.Instance], WitnessSearch: null);

    private static ClassifiedCriticalPoint Classify(DeepLinearProblem problem, Instance instance, string label, SubsetPoint point)
    {
        var at = instance.WithWeights(point.Theta);
        if (ExactPointAnalysis.TryCreate(at, problem.Budget) is not ExactPointAnalysis.Critical exact)
        {
            return new ClassifiedCriticalPoint(label, point, false, null, "undecided", "the exact gradient is not zero");
        }

        if (DeepLinearTheory.ProveGlobalMinimum(problem, point.Theta) is GlobalMinimumAttempt.Proved proof)
        {
            return new ClassifiedCriticalPoint(label, point, true, exact.Inertia, "global-minimum", proof.Argument);
        }

        var saddle = GenericClaims.Saddle.Decide(new ClaimInput(at, Theory, Work: problem.Budget));
        if (saddle is Verdict.Verified)
        {
            return new ClassifiedCriticalPoint(label, point, true, exact.Inertia, exact.Inertia.Negative > 0 ? "strict-saddle" : "degenerate-saddle", saddle.Reason);
        }

        return new ClassifiedCriticalPoint(label, point, true, exact.Inertia, "undecided", saddle.Reason);
    }

    /// <summary>The point as an instance (same network, loss and data), e.g. to write it and run <c>verifier check</c> on it.</summary>
    public static Instance AsInstance(Instance instance, ClassifiedCriticalPoint point, string name)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(point);
        return instance.WithWeights(point.Point.Theta) with { Name = name };
    }
}
