using System.Text.Json;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>train</c>, <c>table</c> and <c>merge</c> as a user runs them: reproducible results, shards that merge into the whole run, and bad input.</summary>
public class TrainAndTableTests
{
    private const string Xor = """
        {"format": "verifier-instance/1", "name": "xor", "network": {"layers": [2, 3, 1], "activation": "relu"}, "loss": "logistic",
         "data": {"x": [[0, 0], [1, 1], [0, 1], [1, 0]], "y": [[0], [0], [1], [1]]}}
        """;

    [Test]
    public void AdamTrainsXorToZeroErrorReproducibly()
    {
        using var dir = new TempDir();
        var file = dir.Write("xor.json", Xor);
        var first = dir.File("a.json");
        var second = dir.File("b.json");
        var r = Cli.Run("train", file, "-o", first, "--method", "adam", "--seed", "3", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("stopped").GetString(), Is.EqualTo("zero-training-error"));
        Assert.That(Cli.Run("train", file, "-o", second, "--method", "adam", "--seed", "3").ExitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(File.ReadAllText(first), Is.EqualTo(File.ReadAllText(second)), "same seed, same file");

        // The written point classifies every sample right, re-checked from the file.
        var trained = InstanceFile.Read(first);
        var passes = Landscape.Derivatives.NetworkPasses.Compute(trained.Network, trained.Loss, trained.Data, trained.WeightsDouble());
        Assert.That(Training.Errors(trained, passes), Is.EqualTo(0));
    }

    [Test]
    public void ANonFiniteLossStopsSayingTheEpochAndWritesNothing()
    {
        using var dir = new TempDir();
        var file = dir.Write("xor.json", Xor.Replace("\"logistic\"", "\"sse\"", StringComparison.Ordinal));
        var output = dir.File("out.json");
        var r = Cli.Run("train", file, "-o", output, "--learning-rate", "1e200");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), r.Stdout + r.Stderr);
        Assert.That(r.Stderr, Does.Contain("stopped being finite at epoch"));
        Assert.That(File.Exists(output), Is.False);
    }

    [TestCase("--learning-rate", "0")]
    [TestCase("--method", "sgd")]
    [TestCase("--epochs", "-1")]
    public void BadTrainingOptionsAreOneLineAndExitTwo(string option, string value)
    {
        using var dir = new TempDir();
        var file = dir.Write("xor.json", Xor);
        var r = Cli.Run("train", file, "-o", dir.File("out.json"), option, value);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [TestCase("--batch", "0")]
    [TestCase("--batch", "-3")]
    [TestCase("--data", "quartic")]
    [TestCase("--test-every", "0")]
    [TestCase("--target-loss", "-1")]
    public void BadMiniBatchOptionsAreOneLineAndExitTwo(string option, string value)
    {
        using var dir = new TempDir();
        var file = dir.Write("xor.json", Xor);
        var r = Cli.Run("train", file, "-o", dir.File("out.json"), option, value);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput), r.Stderr);
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void DataNeedsOneInputAndOneOutput()
    {
        using var dir = new TempDir();
        var file = dir.Write("xor.json", Xor);
        var r = Cli.Run("train", file, "-o", dir.File("out.json"), "--data", "cubic");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("--data cubic"));
    }

    [Test]
    public void GenerateTaskThenStreamTrainingIsReproducibleAndKeepsTheTestSet()
    {
        using var dir = new TempDir();
        var task = dir.File("q.json");
        var g = Cli.Run("generate", "task", "--task", "quadratic", "--test", "300", "--seed", "2", "-o", task);
        Assert.That(g.ExitCode, Is.EqualTo(ExitCodes.Success), g.Stderr);
        var generated = InstanceFile.Read(task);
        Assert.That(generated.Loss, Is.EqualTo(Landscape.Networks.LossKind.Mae));
        Assert.That(generated.Network.ToString(), Does.StartWith("1-4-4-1 sigmoid"));
        string[] args = ["--method", "adam", "--learning-rate", "1e-3", "--data", "quadratic", "--batch", "500", "--epochs", "40", "--format", "json"];
        var first = dir.File("a.json");
        var second = dir.File("b.json");
        var r = Cli.Run(["train", task, "-o", first, .. args]);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("steps").GetInt64(), Is.EqualTo(40));
        Assert.That(doc.RootElement.GetProperty("data").GetString(), Is.EqualTo("quadratic"));
        Assert.That(Cli.Run(["train", task, "-o", second, .. args]).ExitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(File.ReadAllText(first), Is.EqualTo(File.ReadAllText(second)), "same seed, same file");
        Assert.That(InstanceFile.Read(first).Data.XExact, Is.EqualTo(generated.Data.XExact), "the test set is kept");
    }

    [Test]
    public void ShardsMergeIntoExactlyTheWholeRun()
    {
        using var dir = new TempDir();
        string whole = dir.File("whole"), shards = dir.File("shards"), merged = dir.File("merged");
        string[] common = ["table", "swirszcz2016-table1", "--runs", "3", "--epochs", "300"];
        Assert.That(Cli.Run([.. common, "-o", whole]).ExitCode, Is.EqualTo(ExitCodes.Success));
        foreach (var k in new[] { "1/3", "2/3", "3/3" })
        {
            Assert.That(Cli.Run([.. common, "--shard", k, "-o", shards]).ExitCode, Is.EqualTo(ExitCodes.Success), k);
        }

        var m = Cli.Run("merge", shards, "-o", merged);
        Assert.That(m.ExitCode, Is.EqualTo(ExitCodes.Success), m.Stderr);
        foreach (var name in new[] { "table1.json", "table1.md", "table1.runs.json" })
        {
            Assert.That(File.ReadAllText(Path.Combine(merged, name)), Is.EqualTo(File.ReadAllText(Path.Combine(whole, name))), name);
        }

        var png = File.ReadAllBytes(Path.Combine(merged, "table1.png"));
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG file");

        // A missing shard, a shard given twice and a shard of other parameters are refused, naming the shard.
        File.Delete(Path.Combine(shards, "table1.shard-2-of-3.json"));
        var missing = Cli.Run("merge", shards, "-o", merged);
        Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(missing.Stderr, Does.Contain("2/3"));
        var one = Path.Combine(shards, "table1.shard-1-of-3.json");
        var twice = Cli.Run("merge", one, one, Path.Combine(shards, "table1.shard-3-of-3.json"), "-o", merged);
        Assert.That(twice.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(twice.Stderr, Does.Contain("twice"));
        Assert.That(Cli.Run([.. common, "--seed", "9", "--shard", "2/3", "-o", dir.File("other")]).ExitCode, Is.EqualTo(ExitCodes.Success));
        var foreign = Cli.Run("merge", one, Path.Combine(dir.File("other"), "table1.shard-2-of-3.json"), Path.Combine(shards, "table1.shard-3-of-3.json"), "-o", merged);
        Assert.That(foreign.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(foreign.Stderr, Does.Contain("does not belong"));
    }

    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("x")]
    public void ABadShardSpecIsExitTwo(string shard)
    {
        using var dir = new TempDir();
        var r = Cli.Run("table", "swirszcz2016-table1", "--runs", "1", "--shard", shard, "-o", dir.Path);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("shard"));
    }
}

/// <summary><c>experiment basin-quality</c> and its shards, as a user runs them.</summary>
public class BasinExperimentCommandTests
{
    [Test]
    public void ShardsOfTheBasinExperimentMergeIntoTheWholeRun()
    {
        using var dir = new TempDir();
        string whole = dir.File("whole"), shards = dir.File("shards"), merged = dir.File("merged");
        string[] common = ["experiment", "basin-quality", "--widths", "2,4", "--runs", "4", "--samples", "3"];
        var r = Cli.Run([.. common, "-o", whole]);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("| 4 |"));
        foreach (var k in new[] { "1/2", "2/2" })
        {
            Assert.That(Cli.Run([.. common, "--shard", k, "-o", shards]).ExitCode, Is.EqualTo(ExitCodes.Success), k);
        }

        Assert.That(Cli.Run("merge", shards, "-o", merged).ExitCode, Is.EqualTo(ExitCodes.Success));
        foreach (var name in new[] { "basin-quality.json", "basin-quality.md", "basin-quality.runs.json" })
        {
            Assert.That(File.ReadAllText(Path.Combine(merged, name)), Is.EqualTo(File.ReadAllText(Path.Combine(whole, name))), name);
        }

        Assert.That(File.Exists(Path.Combine(merged, "basin-quality.png")), Is.True);
        Assert.That(Cli.Run([.. common, "--shard", "3/2", "-o", shards]).ExitCode, Is.EqualTo(ExitCodes.BadInput));
    }

    [Test]
    public void WithoutWidthsTheExperimentRunsItsDefaultWidths()
    {
        using var dir = new TempDir();
        var r = Cli.Run("experiment", "basin-quality", "--runs", "2", "-o", dir.File("out"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        foreach (var width in new[] { "| 3 |", "| 6 |", "| 12 |" })
        {
            Assert.That(r.Stdout, Does.Contain(width));
        }
    }
}

/// <summary><c>experiment freeman-bruna-figure1</c> as a user runs it: a small run, its files, and its bad input.</summary>
public class FigureOneExperimentCommandTests
{
    [Test]
    public void ASmallRunWithTheScriptsStartWritesBothLengthsAndItsFiles()
    {
        using var dir = new TempDir();
        string output = dir.File("out");
        var r = Cli.Run("experiment", "freeman-bruna-figure1", "--task", "cubic", "--pairs", "1", "--levels", "0.3", "--test-points", "200", "--batch", "200", "--init", "scripts", "-o", output);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        var md = File.ReadAllText(Path.Combine(output, "freeman-bruna-figure1-cubic.md"));
        Assert.That(md, Does.Contain("ℓ_w (ours)").And.Contain("weights uniform on [−1, 1]").And.Contain("| 0.3 | 1 | 1 |"));
        foreach (var name in new[] { "freeman-bruna-figure1-cubic.json", "freeman-bruna-figure1-cubic-length.png", "freeman-bruna-figure1-cubic-beads.png", "freeman-bruna-figure1-cubic.runs.json" })
        {
            Assert.That(File.Exists(Path.Combine(output, name)), Is.True, name);
        }
    }

    [TestCase("--init", "xavier")]
    [TestCase("--task", "quintic")]
    public void BadValuesAreOneLineAndExitTwo(string option, string value)
    {
        using var dir = new TempDir();
        var r = Cli.Run("experiment", "freeman-bruna-figure1", "--task", "cubic", option, value, "-o", dir.File("out"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput), r.Stdout + r.Stderr);
        Assert.That(Directory.Exists(dir.File("out")), Is.False, "nothing written");
    }

    [Test]
    public void TheScriptsStartAppliesToTheFigureOnly()
    {
        using var dir = new TempDir();
        var r = Cli.Run("experiment", "basin-quality", "--init", "scripts", "-o", dir.File("out"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("--init"));
    }
}
