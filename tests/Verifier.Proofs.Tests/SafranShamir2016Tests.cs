using Verifier.Landscape.Experiments;
using Verifier.Landscape.Paths;
using Verifier.Numerics.Budgets;
using Verifier.Proofs.SafranShamir2016;

namespace Verifier.Proofs.Tests;

/// <summary>The exact basin QP on draws of the basin-quality experiment: degenerate active sets, and the work budget.</summary>
public class SafranShamir2016Tests
{
    [Test]
    public void ADegenerateDrawIsSolvedWithoutCycling()
    {
        // Width 6, run 26 of the default experiment: a working set kept across steps cycled here until the 500-iteration
        // limit; with every active constraint in the working set it is solved, and its KKT multipliers hold.
        var parameters = new BasinParameters(1, 40, [3, 6, 12], "clustered", 4);
        var point = BasinExperiment.Draw(BasinExperiment.Dataset(parameters), 6, new Random(ShardSpec.ItemSeed(1, 1, 26)));
        var outcome = BasinValue.Compute(point);
        Assert.That(outcome, Is.TypeOf<BasinOutcome.Solved>(), outcome.ToString());
        Assert.That(((BasinOutcome.Solved)outcome).Active.All(c => c.Multiplier.Sign >= 0), Is.True);
    }

    [Test]
    public void ASpentBudgetIsUndecidedNamingIt()
    {
        var parameters = new BasinParameters(1, 40, [3, 6, 12], "clustered", 4);
        var point = BasinExperiment.Draw(BasinExperiment.Dataset(parameters), 12, new Random(5));
        var outcome = BasinValue.Compute(point, new WorkBudget(WorkLimits.ForSeconds(1e-6)));
        Assert.That(outcome, Is.TypeOf<BasinOutcome.Undecided>());
        Assert.That(((BasinOutcome.Undecided)outcome).Reason, Does.Contain("budget"));
    }

    [Test]
    public void TheExperimentsItemsDoNotDependOnItsParallelism()
    {
        var parameters = new BasinParameters(3, 6, [3, 6], "clustered", 3);
        var widths = new List<int>();
        var one = BasinExperiment.Run(parameters, ShardSpec.Whole, maxParallelism: 1);
        var two = BasinExperiment.Run(parameters, ShardSpec.Whole, widthDone: widths.Add, maxParallelism: 2);
        Assert.That(two.Select(i => (i.Cell, i.Run, i.Outcome.GetRawText())), Is.EqualTo(one.Select(i => (i.Cell, i.Run, i.Outcome.GetRawText()))));
        Assert.That(widths, Is.EqualTo(new[] { 0, 1 }), "each width is reported done once, in order");
    }
}
