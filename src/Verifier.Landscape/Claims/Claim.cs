namespace Verifier.Landscape.Claims;

/// <summary>A checkable statement: an ID, the paper it comes from, the statement, its hypotheses and a decision procedure.</summary>
/// <param name="Id">The claim ID, e.g. "strict-local-min" or "kawaguchi2016.hypotheses".</param>
/// <param name="Paper">The paper the claim comes from, or <see cref="PaperKey.Generic"/> for the claims about any point.</param>
/// <param name="Statement">The statement in one sentence.</param>
/// <param name="Hypotheses">The hypotheses in words.</param>
/// <param name="Decide">The decision procedure: proof or refutation, otherwise inconclusive.</param>
/// <param name="NeedsPoint">True when the claim speaks of the instance's point (its weights must be given); false for claims about the data and the network alone.</param>
public sealed record Claim(string Id, PaperKey Paper, string Statement, IReadOnlyList<string> Hypotheses, Func<ClaimInput, Verdict> Decide, bool NeedsPoint = true);
