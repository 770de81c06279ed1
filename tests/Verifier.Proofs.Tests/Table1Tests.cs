using Verifier.Landscape.Experiments;
using Verifier.Proofs.Swirszcz2016;

namespace Verifier.Proofs.Tests;

/// <summary>
/// A CI-sized, seeded Table 1 run (20 runs per cell, seed 1, the default protocol): its structure, the paper's numbers
/// beside ours, and SCP-8's trend where it is robust: in every ReLU column the rate at h = 7 is not significantly below
/// the rate at h = 2 (their 95% Wilson intervals overlap or the later one is higher).
/// </summary>
[Category("Slow")]
public class Table1Tests
{
    [Test]
    public void ASeededCiSizedRunHasEveryCellAndTheReluTrend()
    {
        var parameters = Table1Parameters.Default with { Runs = 20 };
        var report = Table1.Summarize(parameters, Table1.Run(parameters, ShardSpec.Whole));
        Assert.That(report.Cells, Has.Count.EqualTo(Table1.CellCount));
        Assert.That(report.Cells.All(c => c.Runs == 20 && c.Converged >= 0 && c.Converged <= 20), Is.True);
        Assert.That(report.Cells.All(c => c.Lower <= c.Rate && c.Rate <= c.Upper), Is.True);
        Assert.That(report.Cells.Single(c => c.Method == "adam" && c.Dataset == "xor" && c.Activation == "relu" && c.Hidden == 2).Paper, Is.EqualTo(0.28));
        foreach (var column in report.Cells.Where(c => c.Activation == "relu").GroupBy(c => (c.Method, c.Dataset)))
        {
            var h2 = column.Single(c => c.Hidden == 2);
            var h7 = column.Single(c => c.Hidden == 7);
            Assert.That(h7.Upper, Is.GreaterThanOrEqualTo(h2.Lower), $"{column.Key}: the rate must not fall significantly from h = 2 to h = 7");
        }

        Assert.That(Table1.Markdown(report), Does.Contain("| 7 |"));
    }
}

/// <summary>Table 1's runs are spread over processors without changing a single item.</summary>
public class Table1ParallelismTests
{
    [Test]
    public void TheTablesItemsDoNotDependOnItsParallelism()
    {
        var parameters = Table1Parameters.Default with { Runs = 1, Epochs = 30 };
        var shard = new ShardSpec(1, 4);
        var cells = new List<int>();
        var one = Table1.Run(parameters, shard, maxParallelism: 1);
        var two = Table1.Run(parameters, shard, cellDone: cells.Add, maxParallelism: 2);
        Assert.That(two.Select(i => (i.Cell, i.Run, i.Outcome.GetRawText())), Is.EqualTo(one.Select(i => (i.Cell, i.Run, i.Outcome.GetRawText()))));
        Assert.That(cells, Is.EqualTo(Enumerable.Range(0, Table1.CellCount)), "every cell reported done once, in order");
    }
}
