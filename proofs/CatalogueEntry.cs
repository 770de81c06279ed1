using System.Diagnostics;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;

namespace Verifier.Proofs;

/// <summary>The verdict a suite case must give: one per case of <see cref="Verdict"/>.</summary>
public enum Expectation
{
    /// <summary>The claim must be proved (<see cref="Verdict.Verified"/>).</summary>
    Verified,

    /// <summary>The claim must be proved false (<see cref="Verdict.Refuted"/>).</summary>
    Refuted,

    /// <summary>The instance must fall outside the claim's setting (<see cref="Verdict.HypothesesNotMet"/>).</summary>
    HypothesesNotMet,

    /// <summary>The methods must run out without a proof either way (<see cref="Verdict.Inconclusive"/>).</summary>
    Inconclusive,
}

/// <summary>How an <see cref="Expectation"/> is met and written.</summary>
public static class Expectations
{
    /// <summary>True when the verdict is the expected case of <see cref="Verdict"/> (its reason and evidence are not compared).</summary>
    /// <param name="expected">The expectation.</param>
    /// <param name="verdict">The verdict given.</param>
    /// <returns>Whether the verdict meets the expectation.</returns>
    public static bool IsMetBy(this Expectation expected, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return expected switch
        {
            Expectation.Verified => verdict is Verdict.Verified,
            Expectation.Refuted => verdict is Verdict.Refuted,
            Expectation.HypothesesNotMet => verdict is Verdict.HypothesesNotMet,
            Expectation.Inconclusive => verdict is Verdict.Inconclusive,
            _ => throw new UnreachableException($"expectation {(int)expected} is not one of the four"),
        };
    }

    /// <summary>The contract's word for the expected verdict, the same as <see cref="Verdict.Word"/> of a verdict that meets it.</summary>
    /// <param name="expected">The expectation.</param>
    /// <returns>"verified", "refuted", "hypotheses-not-met" or "inconclusive".</returns>
    public static string Word(this Expectation expected) => expected switch
    {
        Expectation.Verified => "verified",
        Expectation.Refuted => "refuted",
        Expectation.HypothesesNotMet => "hypotheses-not-met",
        Expectation.Inconclusive => "inconclusive",
        _ => throw new UnreachableException($"expectation {(int)expected} is not one of the four"),
    };
}

/// <summary>One instance a claim is run on by <c>verifier suite</c> and the test suite, with the verdict it must give.</summary>
/// <param name="Name">A short name, e.g. "X=I₂, Y=diag(2,1), widths 2-1-2".</param>
/// <param name="Build">Builds the instance (deterministically: generated instances carry their seed in the name).</param>
/// <param name="Expected">The verdict it must give.</param>
/// <param name="Witness">Builds a second point of the same problem, for claims about two points (<c>--witness</c> on the command line), or null.</param>
public sealed record SuiteCase(string Name, Func<Instance> Build, Expectation Expected, Func<Instance>? Witness = null);

/// <summary>A claim of the catalogue with the suite cases it is run on.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Cases">Its suite cases.</param>
public sealed record CatalogueEntry(Claim Claim, IReadOnlyList<SuiteCase> Cases);

/// <summary>
/// A paper's claim, declared once: a class implementing this interface is found by <see cref="Catalogue"/> through
/// reflection over this assembly, so that <c>verifier claims</c>, <c>verifier check</c> and <c>verifier suite</c> know
/// it with nothing registered elsewhere.
/// </summary>
public interface ICatalogueClaim
{
    /// <summary>The claim (its <see cref="Claim.Paper"/> places it in the catalogue).</summary>
    static abstract Claim Claim { get; }

    /// <summary>The suite cases: at least one it must verify and one it must not.</summary>
    static abstract IReadOnlyList<SuiteCase> Cases { get; }

    /// <summary>Its place among its paper's claims (1 for the first; unique within the paper), the order of the listings.</summary>
    static abstract int Order { get; }
}
