using Verifier.Landscape.Claims;
using Verifier.Symbolic;

namespace Verifier.Landscape.DeepLinear;

/// <summary>
/// The theory of deep linear networks without biases as a <see cref="IPointTheory"/>: the exact global-minimum proof
/// of <see cref="DeepLinearTheory.ProveGlobalMinimum"/> and the slot descent direction of
/// <see cref="DeepLinearTheory.SlotDescentDirection"/>, for the generic claims at exact critical points.
/// </summary>
public sealed class DeepLinearPointTheory : IPointTheory
{
    private DeepLinearPointTheory()
    {
    }

    /// <summary>The theory (it holds no state).</summary>
    public static DeepLinearPointTheory Instance { get; } = new();

    /// <inheritdoc/>
    public GlobalMinimumAttempt ProveGlobalMinimum(ExactPointAnalysis.Critical point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return DeepLinearProblem.TryCreate(point.Instance, point.Budget) is { } problem
            ? DeepLinearTheory.ProveGlobalMinimum(problem, point.Theta)
            : new GlobalMinimumAttempt.NotProved("not a deep linear network without biases");
    }

    /// <inheritdoc/>
    public IEnumerable<Rational[]> DescentDirections(ExactPointAnalysis.Critical point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (DeepLinearProblem.TryCreate(point.Instance, point.Budget) is { } problem && DeepLinearTheory.SlotDescentDirection(problem, point.Theta) is { } d)
        {
            yield return d;
        }
    }
}
