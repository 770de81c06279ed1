using Verifier.Numerics.Budgets;

namespace Verifier.Landscape.Claims;

/// <summary>A checkable statement: an ID, the paper it comes from, the statement, its hypotheses and a decision procedure.</summary>
/// <param name="Id">The claim ID, e.g. "strict-local-min" or "kawaguchi2016.hypotheses".</param>
/// <param name="Paper">The paper the claim comes from, or <see cref="PaperKey.Generic"/> for the claims about any point.</param>
/// <param name="Statement">The statement in one sentence.</param>
/// <param name="Hypotheses">The hypotheses in words.</param>
/// <param name="Decider">The decision procedure: proof or refutation, otherwise inconclusive. Call it through <see cref="Decide"/>, which gives it its work budget.</param>
/// <param name="NeedsPoint">True when the claim speaks of the instance's point (its weights must be given); false for claims about the data and the network alone.</param>
public sealed record Claim(string Id, PaperKey Paper, string Statement, IReadOnlyList<string> Hypotheses, Func<ClaimInput, Verdict> Decider, bool NeedsPoint = true)
{
    /// <summary>
    /// Decides the claim within the input's work budget (<see cref="ClaimInput.Work"/>, or a budget of
    /// <see cref="ClaimInput.Limits"/> drawn now): a decision that runs past it is <see cref="Verdict.Inconclusive"/>,
    /// naming the budget and what was left undone, never a hang.
    /// </summary>
    public Verdict Decide(ClaimInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var work = input.Work ?? new WorkBudget(input.Limits ?? WorkLimits.Default);
        try
        {
            return Decider(input.Work is null ? input with { Work = work } : input);
        }
        catch (WorkBudgetExhaustedException e)
        {
            return new Verdict.Inconclusive(e.Message);
        }
    }
}
