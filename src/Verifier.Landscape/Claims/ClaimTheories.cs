using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// A theory of one network family that the generic decisions may consult at an exact critical point: a proof that
/// the point is a global minimum, and directions along which the loss may fall. The claims layer knows only this
/// interface; the theories (e.g. deep linear networks) implement it and are passed in through <see cref="ClaimInput"/>.
/// </summary>
public interface IPointTheory
{
    /// <summary>An exact proof that L(θ) is the global minimum value at the critical point, or why none was found.</summary>
    GlobalMinimumAttempt ProveGlobalMinimum(ExactPointAnalysis.Critical point);

    /// <summary>Directions the theory suggests for a decreasing line through the critical point (checked exactly by the caller).</summary>
    IEnumerable<Rational[]> DescentDirections(ExactPointAnalysis.Critical point);
}

/// <summary>A search for a point of lower loss than a local minimum, for <c>bad-local-min</c> without a given witness.</summary>
public interface IWitnessSearch
{
    /// <summary>Searches for a low-loss point of the same network and data; its loss is compared rigorously by the caller.</summary>
    WitnessSearchOutcome Search(Instance instance);
}

/// <summary>What a witness search returned: the best point found (or none) and how it was searched.</summary>
/// <param name="Best">The lowest-loss point found, as an instance of the same network and data, or null.</param>
/// <param name="Report">The search's seed, starts, method and best float loss.</param>
public sealed record WitnessSearchOutcome(Instance? Best, EvidenceItem.WitnessSearch Report);

/// <summary>The outcome of trying to prove that an exact critical point is a global minimum: a closed union.</summary>
public abstract record GlobalMinimumAttempt
{
    private GlobalMinimumAttempt()
    {
    }

    /// <summary>L(θ) provably equals the global minimum value.</summary>
    /// <param name="Value">The global minimum value, exactly (the loss at the point).</param>
    /// <param name="Argument">The proof in one sentence.</param>
    public sealed record Proved(Rational Value, string Argument) : GlobalMinimumAttempt
    {
        /// <summary>This proof as an evidence item.</summary>
        public EvidenceItem.GlobalMinimum Evidence => new(Value, Argument);
    }

    /// <summary>No proof: the theory does not apply, or its argument fails at this point.</summary>
    /// <param name="Reason">Why, in one sentence.</param>
    public sealed record NotProved(string Reason) : GlobalMinimumAttempt;
}

/// <summary>
/// The theory-specific helpers a claim decision may use, passed explicitly with every <see cref="ClaimInput"/>: the
/// point theories (consulted in order) and the witness search.
/// </summary>
/// <param name="PointTheories">The theories of network families, consulted in order.</param>
/// <param name="WitnessSearch">The witness search for bad-local-min without a given witness, or null for none.</param>
public sealed record ClaimTheories(IReadOnlyList<IPointTheory> PointTheories, IWitnessSearch? WitnessSearch)
{
    /// <summary>No theories and no witness search: decisions use only the generic exact and interval methods.</summary>
    public static ClaimTheories None { get; } = new([], null);

    /// <summary>The first proof any theory gives that the critical point is a global minimum, or null.</summary>
    public GlobalMinimumAttempt.Proved? ProveGlobalMinimum(ExactPointAnalysis.Critical point)
    {
        foreach (var theory in PointTheories)
        {
            if (theory.ProveGlobalMinimum(point) is GlobalMinimumAttempt.Proved proved)
            {
                return proved;
            }
        }

        return null;
    }

    /// <summary>Every direction the theories suggest at the critical point, in order.</summary>
    public IEnumerable<Rational[]> DescentDirections(ExactPointAnalysis.Critical point) =>
        PointTheories.SelectMany(t => t.DescentDirections(point));
}
