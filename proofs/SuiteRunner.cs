using System.Diagnostics;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Theories;
using Verifier.Numerics.Budgets;

namespace Verifier.Proofs;

/// <summary>The outcome of one suite case.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="Case">The case's name.</param>
/// <param name="Expected">The verdict it must give.</param>
/// <param name="Verdict">The verdict given.</param>
/// <param name="Seconds">Wall-clock seconds for the decision.</param>
public sealed record SuiteOutcome(string ClaimId, string Case, Expectation Expected, Verdict Verdict, double Seconds)
{
    /// <summary>True when the verdict is the expected case of <see cref="Landscape.Claims.Verdict"/>.</summary>
    public bool Passed => Expected.IsMetBy(Verdict);
}

/// <summary>Runs catalogue entries on their suite cases.</summary>
public static class SuiteRunner
{
    /// <summary>Decides every case of every entry in order; <paramref name="progress"/> hears of each outcome as it is known.</summary>
    /// <param name="entries">The entries.</param>
    /// <param name="progress">Hears of each outcome, or null.</param>
    /// <param name="limits">The work budget of each case's verdict, or null for <see cref="WorkLimits.Default"/>.</param>
    public static IReadOnlyList<SuiteOutcome> Run(IEnumerable<CatalogueEntry> entries, Action<SuiteOutcome>? progress = null, WorkLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var outcomes = new List<SuiteOutcome>();
        foreach (var entry in entries)
        {
            foreach (var c in entry.Cases)
            {
                var outcome = RunCase(entry.Claim, c, limits);
                progress?.Invoke(outcome);
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    /// <summary>Decides one case within its work budget.</summary>
    /// <param name="claim">The claim.</param>
    /// <param name="suiteCase">The case.</param>
    /// <param name="limits">The work budget of the verdict, or null for <see cref="WorkLimits.Default"/>.</param>
    public static SuiteOutcome RunCase(Claim claim, SuiteCase suiteCase, WorkLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(suiteCase);
        var clock = Stopwatch.StartNew();
        var verdict = claim.Decide(new ClaimInput(suiteCase.Build(), StandardTheories.All, suiteCase.Witness?.Invoke(), Limits: limits));
        return new SuiteOutcome(claim.Id, suiteCase.Name, suiteCase.Expected, verdict, clock.Elapsed.TotalSeconds);
    }
}
