using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;

namespace Verifier.Proofs;

/// <summary>One instance a claim is run on by <c>verifier suite</c> and the test suite, with the verdict word it must give.</summary>
/// <param name="Name">A short name, e.g. "X=I₂, Y=diag(2,1), widths 2-1-2".</param>
/// <param name="Build">Builds the instance (deterministically: generated instances carry their seed in the name).</param>
/// <param name="Expected">The expected verdict word: "verified", "refuted", "hypotheses-not-met" or "inconclusive".</param>
public sealed record SuiteCase(string Name, Func<Instance> Build, string Expected);

/// <summary>A claim of the catalogue with the suite cases it is run on.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Cases">Its suite cases.</param>
public sealed record CatalogueEntry(Claim Claim, IReadOnlyList<SuiteCase> Cases);
