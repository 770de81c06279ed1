using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Optimization;

namespace Verifier.Landscape.Theories;

/// <summary>
/// The one place that names the standard theory helpers every claim decision gets: the deep linear theory (exact
/// global-minimum proofs, slot descent directions) and the seeded random-start witness search. This namespace may see
/// both the claims and the theories; the claims themselves see only <see cref="IPointTheory"/> and
/// <see cref="IWitnessSearch"/>.
/// </summary>
public static class StandardTheories
{
    /// <summary>The standard set, passed by the CLI, the suite runner and the tests that decide claims.</summary>
    public static ClaimTheories All { get; } = new([DeepLinearPointTheory.Instance], RandomStartWitnessSearch.Instance);
}
