using System.Text.Json;
using Verifier.Cli.Commands;
using Verifier.Cli.Output;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    private static readonly string[] RowFields = ["operation", "title", "size", "backend", "baseline", "seconds", "samples", "speedup", "goal", "goalMet", "note"];

    private static readonly string[] Operations =
    [
        "symbolic-hessian-build", "symbolic-hessian-compile", "symbolic-hessian-build-compile", "symbolic-hessian-evaluate",
        "read-instance", "dense-hessian", "eigenvalues", "eigen-decomposition", "analyze", "hvp", "lanczos-top5", "kink-local-min", "train", "minibatch-step", "path-monotone", "basin-qp", "basin-experiment", "adam-step", "search-multistart",
    ];

    // Runs the real quick suite: about 5 s in a Debug build on two cores (the R-operator Hessian at P = 769 and
    // the managed eigen-solver at n = 500 dominate), more on a loaded machine.
    [Test]
    [Category("Slow")]
    public void QuickJsonRunWritesOneDocumentWithTheMachineAndEveryOperation()
    {
        var result = Cli.Run("bench", "--quick", "--format", "json", "--repeat", "1");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json(); // JsonDocument.Parse rejects anything after the one document
        var root = doc.RootElement;
        var machine = root.GetProperty("machine");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("format").GetString(), Is.EqualTo(BenchOutput.FormatName));
            Assert.That(machine.GetProperty("processorCount").GetInt32(), Is.EqualTo(Environment.ProcessorCount));
            Assert.That(machine.GetProperty("os").GetString(), Is.Not.Empty);
            Assert.That(machine.GetProperty("runtime").GetString(), Does.Contain(".NET"));
            Assert.That(machine.GetProperty("architecture").GetString(), Is.Not.Empty);
            Assert.That(machine.GetProperty("build").GetString(), Is.AnyOf("Release", "Debug"));
            Assert.That(root.GetProperty("quick").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("repeat").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("statistic").GetString(), Is.EqualTo("median"));
        });

        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.That(rows.Select(r => r.GetProperty("operation").GetString()).Distinct(), Is.EquivalentTo(Operations));
        foreach (var row in rows)
        {
            Assert.Multiple(() =>
            {
                foreach (var field in RowFields)
                {
                    Assert.That(row.TryGetProperty(field, out _), Is.True, $"field {field} in {row}");
                }

                Assert.That(row.GetProperty("seconds").GetDouble(), Is.GreaterThan(0));
                Assert.That(row.GetProperty("samples").GetArrayLength(), Is.EqualTo(1));
                Assert.That(row.GetProperty("speedup").ValueKind, Is.EqualTo(JsonValueKind.Number), "every group has its baseline row");
                Assert.That(row.GetProperty("speedup").GetDouble(), Is.GreaterThan(0));
            });

            // Each row's baseline is a row of the same operation and size.
            Assert.That(rows.Any(b =>
                b.GetProperty("operation").GetString() == row.GetProperty("operation").GetString()
                && b.GetProperty("size").GetString() == row.GetProperty("size").GetString()
                && b.GetProperty("backend").GetString() == row.GetProperty("baseline").GetString()), Is.True, row.ToString());
        }

        var eigenSizes = rows.Where(r => r.GetProperty("operation").GetString()!.StartsWith("eigen", StringComparison.Ordinal))
            .Select(r => r.GetProperty("size").GetString()).Distinct();
        Assert.Multiple(() =>
        {
            Assert.That(eigenSizes, Is.EqualTo(new[] { "n=500" }), "--quick: n = 500 only");
            Assert.That(rows.Count(r => r.GetProperty("operation").GetString() == "dense-hessian" && r.GetProperty("backend").GetString() == "r-operator"),
                Is.EqualTo(1), "--quick: one dense size");
            Assert.That(rows.Where(r => r.GetProperty("operation").GetString()!.StartsWith("eigen", StringComparison.Ordinal)).Select(r => r.GetProperty("backend").GetString()),
                Does.Contain("managed"));
            Assert.That(result.StderrLines, Has.Some.StartsWith("bench: symbolic-hessian-build"), "progress on stderr");
            Assert.That(result.StderrLines, Has.All.StartsWith("bench:"));
        });
    }

    [Test]
    public void JsonDocumentHasTheMachineAndOneObjectPerRow()
    {
        BenchCase Case(string backend) => new("op", "an operation", "n=1", backend, "slow", () => new BenchWork(() => { }));
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        int code = BenchCommand.Run(new CliContext(stdout, stderr), new BenchSettings(Quick: true, Repeat: 2), OutputFormat.Json, [Case("slow"), Case("fast"), new("other", "other", "n=2", "x", "missing", () => new BenchWork(() => { }))]);

        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        using var doc = JsonDocument.Parse(stdout.ToString());
        var root = doc.RootElement;
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("format").GetString(), Is.EqualTo(BenchOutput.FormatName));
            Assert.That(root.GetProperty("machine").GetProperty("processorCount").GetInt32(), Is.EqualTo(Environment.ProcessorCount));
            Assert.That(root.GetProperty("repeat").GetInt32(), Is.EqualTo(2));
            Assert.That(rows, Has.Count.EqualTo(3));
            Assert.That(rows.Select(r => r.GetProperty("backend").GetString()), Is.EqualTo(new[] { "slow", "fast", "x" }));
            Assert.That(rows.Select(r => r.GetProperty("samples").GetArrayLength()), Has.All.EqualTo(2));
            Assert.That(rows[0].GetProperty("speedup").GetDouble(), Is.EqualTo(1.0));
            Assert.That(rows[1].GetProperty("speedup").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(rows[2].GetProperty("speedup").ValueKind, Is.EqualTo(JsonValueKind.Null), "no baseline row in its group");
            foreach (var row in rows)
            {
                foreach (var field in RowFields)
                {
                    Assert.That(row.TryGetProperty(field, out _), Is.True, $"field {field}");
                }
            }
        });
    }

    [Test]
    public void TextTableListsEveryRowWithItsSpeedup()
    {
        BenchCase Case(string backend, int spin) => new("op", "an operation", "n=1", backend, "slow", () => new BenchWork(() => Thread.SpinWait(spin)));
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        int code = BenchCommand.Run(new CliContext(stdout, stderr), new BenchSettings(Quick: true, Repeat: 3), OutputFormat.Text, [Case("slow", 4000), Case("fast", 10)]);

        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("machine").And.Contain("processors"));
            Assert.That(lines[1], Does.Contain("median of 3"));
            Assert.That(lines[2], Does.Contain("operation").And.Contain("backend").And.Contain("speed-up"));
            Assert.That(lines[3], Does.StartWith("an operation").And.Contain("slow (baseline)"));
            Assert.That(lines[4], Does.Contain("fast").And.EndWith("×"));
            Assert.That(lines, Has.Length.EqualTo(5));
            Assert.That(stderr.ToString(), Does.Contain("bench: op [n=1] fast:"));
        });
    }

    [Test]
    public void SpeedupIsTheBaselineTimeOverTheRowTime()
    {
        BenchCase Case(string operation, string size, string backend) => new(operation, operation, size, backend, "managed", () => new BenchWork(() => { }));
        var results = BenchResult.WithSpeedups(
        [
            new(Case("eigenvalues", "n=500", "managed"), 0.3, [0.3]),
            new(Case("eigenvalues", "n=500", "lapack"), 0.03, [0.03]),
            new(Case("eigenvalues", "n=1000", "lapack"), 0.2, [0.2]),
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(results[0].Speedup, Is.EqualTo(1.0));
            Assert.That(results[1].Speedup, Is.EqualTo(10.0).Within(1e-12));
            Assert.That(results[2].Speedup, Is.Null, "no baseline row of that size");
        });
    }

    [Test]
    public void MeasureReportsTheMedianOfTheRepetitions()
    {
        int calls = 0;
        var result = BenchCommand.Measure(new BenchCase("op", "op", "n=1", "b", "b", () => new BenchWork(() => calls++)), 5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(result.Samples, Has.Length.EqualTo(5));
            Assert.That(result.Median, Is.EqualTo(BenchCommand.Median(result.Samples)));
            Assert.That(calls, Is.GreaterThan(5), "short operations are timed over batches of calls");
            Assert.That(BenchCommand.Median([3.0, 1.0, 2.0]), Is.EqualTo(2.0));
            Assert.That(BenchCommand.Median([4.0, 1.0, 2.0, 3.0]), Is.EqualTo(2.5));
        });
    }

    [Test]
    public void SelfTimedRowsOfAGroupAreSampledInTurns()
    {
        var calls = new List<string>();
        BenchCase Case(string backend, double seconds) => new("op", "op", "n=1", backend, "peer", () => BenchWork.Timed(() =>
        {
            calls.Add(backend);
            return seconds;
        }, () => "note of " + backend));
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        int code = BenchCommand.Run(new CliContext(stdout, stderr), new BenchSettings(Quick: true, Repeat: 3), OutputFormat.Json, [Case("peer", 2.0), Case("ours", 0.5)]);

        Assert.That(code, Is.EqualTo(ExitCodes.Success));
        using var doc = JsonDocument.Parse(stdout.ToString());
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(new[] { "peer", "ours", "peer", "ours", "peer", "ours" }), "one sample of each row per round");
            Assert.That(rows[1].GetProperty("seconds").GetDouble(), Is.EqualTo(0.5), "the work's own seconds are the samples");
            Assert.That(rows[1].GetProperty("speedup").GetDouble(), Is.EqualTo(4.0));
            Assert.That(rows[1].GetProperty("note").GetString(), Is.EqualTo("note of ours"));
            Assert.That(stderr.ToString(), Does.Contain("bench: op [n=1] ours: 500 ms; note of ours"));
        });
    }

    [TestCase(3.0, 4.0, true)]
    [TestCase(3.0, 2.5, false)]
    [TestCase(1 / 1.3, 0.8, true)]
    [TestCase(1 / 1.3, 0.7, false)]
    public void GoalIsMetWhenTheSpeedupReachesIt(double goal, double speedup, bool met)
    {
        var c = new BenchCase("op", "op", "n=1", "ours", "peer", () => new BenchWork(() => { }), goal);
        Assert.That(new BenchResult(c, 1.0, [1.0], speedup).GoalMet, Is.EqualTo(met));
        Assert.That(new BenchResult(c with { Goal = null }, 1.0, [1.0], speedup).GoalMet, Is.Null, "no goal, nothing to meet");
    }

    [Test]
    public void TextTableStatesGoalsAsTheyAreWritten()
    {
        BenchCase Case(string backend, double? goal) => new("op", "an operation", "n=1", backend, "peer", () => new BenchWork(() => { }), goal);
        var results = BenchResult.WithSpeedups(
        [
            new(Case("peer", null), 1.0, [1.0]),
            new(Case("fast", 3.0), 0.25, [0.25]),
            new(Case("floor", 1 / 1.3), 1.5, [1.5], Note: "a note"),
        ]);
        var text = BenchOutput.Text(new BenchReport(BenchMachine.Current(), new BenchSettings(Quick: true, Repeat: 1), results));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("≥ 3.00× faster: met"));
            Assert.That(text, Does.Contain("time ≤ 1.30× baseline: missed (1.50×)"));
            Assert.That(text, Does.Contain("note     op [n=1] floor: a note"));
        });
    }

    // The critical point's gradient entries are sums over N = 16 samples of O(1) residuals times constant activations,
    // which cancel exactly in exact arithmetic; in float64 each sum keeps a few ulps of its O(1) terms.
    private const double CancelledSumTolerance = 1e-13;

    [TestCase(Activation.Sigmoid)]
    [TestCase(Activation.Tanh)]
    public void CriticalPointOfASmoothNetworkHasAVanishingGradient(Activation activation)
    {
        var instance = BenchSuite.CriticalPointOf(RandomInstance.Mlp(new NetworkSpec([3, 5, 4, 2], activation), 16, LossKind.Mse, 7));
        var gradient = new NetworkCalculus<double, DoubleOps>(instance).Gradient(instance.WeightsDouble());
        Assert.That(gradient.Max(Math.Abs), Is.LessThanOrEqualTo(CancelledSumTolerance));
    }

    [Test]
    public void CriticalPointOfALinearNetworkHasAnExactlyZeroGradient()
    {
        var instance = BenchSuite.CriticalPointOf(RandomInstance.Mlp(new NetworkSpec([3, 4, 2], Activation.Linear), 10, LossKind.Sse, 3));
        var gradient = new NetworkCalculus<Rational, RationalOps>(instance).Gradient(instance.Weights!);
        Assert.That(gradient, Has.All.EqualTo(Rational.Zero));
    }

    [TestCase(4.12e-7, "412 ns")]
    [TestCase(1.5e-5, "15.0 µs")]
    [TestCase(0.00193, "1.93 ms")]
    [TestCase(19.5, "19.5 s")]
    public void DurationsAreShownInAFittingUnit(double seconds, string text) =>
        Assert.That(BenchOutput.Duration(seconds), Is.EqualTo(text));

    [TestCase("--repeat", "0")]
    [TestCase("--repeat", "x")]
    [TestCase("--format", "xml")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        var result = Cli.Run("bench", option, value);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stdout, Is.Empty);
        });
    }
}
