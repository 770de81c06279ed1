using System.Text.Json;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>connect</c> as a user runs it: a proved straight string on a convex problem, the written bead path, refusals and bad input.</summary>
public class ConnectCommandTests
{
    private static string Regression(TempDir dir, string name, string w, string layers = "[3, 1]", string x = "[[1, 0, 0], [0, 1, 0]]") => dir.Write(name,
        $$"""
        { "format": "verifier-instance/1", "name": "regression", "network": { "layers": {{layers}}, "activation": "linear", "output": "linear", "bias": false },
          "loss": "mse", "data": { "x": {{x}}, "y": [[1], [2]] }, "weights": [ { "W": [{{w}}] } ] }
        """);

    [Test]
    public void TwoMinimaOfAConvexProblemAreConnectedByAProvedStraightString([Values("paper", "scripts")] string variant)
    {
        using var dir = new TempDir();
        var a = Regression(dir, "a.json", "[1, 2, 0]");
        var b = Regression(dir, "b.json", "[1, 2, 5]");
        var path = dir.File("beads.json");
        var r = Cli.Run("connect", a, b, "--level", "0.01", "--variant", variant, "--prove", "-o", path, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("connected").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("beads").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("normalizedLength").GetDouble(), Is.EqualTo(1).Within(1e-6));
        Assert.That(root.GetProperty("provedMaxLoss").GetDouble(), Is.LessThanOrEqualTo(0.01));
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(1));
        foreach (var field in new[] { "maxLoss", "depth", "segments", "reason" })
        {
            Assert.That(root.TryGetProperty(field, out _), Is.True, field);
        }

        using var written = JsonDocument.Parse(File.ReadAllText(path));
        Assert.That(written.RootElement.GetProperty("format").GetString(), Is.EqualTo("verifier-path/1"));
        Assert.That(written.RootElement.GetProperty("points").GetArrayLength(), Is.EqualTo(3));
        Assert.That(Cli.Run("plot", "path", path, "-o", dir.File("path.png")).ExitCode, Is.EqualTo(ExitCodes.Success), "plot path reads the bead path");
        var beads = Cli.Run("plot", "beads", path, "--level", "0.01", "-o", dir.File("beads.png"));
        Assert.That(beads.ExitCode, Is.EqualTo(ExitCodes.Success), beads.Stdout + beads.Stderr);
        Assert.That(beads.Stdout, Does.Contain("3 beads").And.Contain("normalized length 1"));
        Assert.That(new FileInfo(dir.File("beads.png")).Length, Is.GreaterThan(1000));
    }

    [Test]
    public void TheAppendixPermutationPairIsNotConnectedWithinDepthTenInEitherVariant([Values("paper", "scripts")] string variant)
    {
        // FB-5's must-show on the bundled example pair: the midpoint bead's swapped units are dead on all three points.
        var r = Cli.Run("connect", Repo.Example("cyclic-permutation-a.json"), Repo.Example("cyclic-permutation-b.json"), "--level", "0.01", "--prove",
            "--variant", variant, "--learning-rate", "0.01", "--bead-epochs", "5000", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("connected").GetBoolean(), Is.False);
        Assert.That(doc.RootElement.GetProperty("depth").GetInt32(), Is.EqualTo(10));
        Assert.That(doc.RootElement.GetProperty("reason").GetString(), Does.Contain("depth limit 10").And.Contain("did not reach"));
    }

    [Test]
    public void AnEndpointAboveTheLevelIsExitFiveNamingTheLosses()
    {
        using var dir = new TempDir();
        var a = Regression(dir, "a.json", "[1, 2, 0]");
        var b = Regression(dir, "b.json", "[0, 0, 0]");
        var r = Cli.Run("connect", a, b, "--level", "0.01");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.HypothesesNotMet), r.Stdout + r.Stderr);
        Assert.That(r.Stderr, Does.Contain("1.25").And.Contain("L0"));
    }

    [Test]
    public void EndpointsOfDifferentProblemsAreBadInputInOneLine()
    {
        using var dir = new TempDir();
        var a = Regression(dir, "a.json", "[1, 2, 0]");
        var b = Regression(dir, "b.json", "[1, 2]", "[2, 1]", "[[1, 0], [0, 1]]");
        var r = Cli.Run("connect", a, b, "--level", "0.01");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput), r.Stdout + r.Stderr);
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("same network"));
    }

    [TestCase("--level", "0")]
    [TestCase("--level", "-1")]
    [TestCase("--level", "nan")]
    [TestCase("--max-depth", "0")]
    [TestCase("--bead-target", "1.5")]
    [TestCase("--success", "0.5")]
    [TestCase("--variant", "greedy")]
    [TestCase("--max-beads", "2")]
    [TestCase("--max-beads", "2000000000")]
    [TestCase("--samples", "2000000000")]
    public void BadOptionsAreExitTwo(string option, string value)
    {
        using var dir = new TempDir();
        var a = Regression(dir, "a.json", "[1, 2, 0]");
        var b = Regression(dir, "b.json", "[1, 2, 5]");
        var args = option == "--level" ? new[] { "connect", a, b, option, value } : ["connect", a, b, "--level", "0.01", option, value];
        var r = Cli.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput), r.Stdout + r.Stderr);
        Assert.That(r.Stderr, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void ARunThatFindsNoStringIsExitThreeAndStillWritesWhatItHas()
    {
        using var dir = new TempDir();
        var inst = """
            { "format": "verifier-instance/1", "name": "cyclic", "network": { "layers": [2, 3, 2], "activation": "relu", "output": "linear", "bias": true },
              "loss": "mse", "data": { "x": [[0, 0], [1, 0], [0, 1]], "y": [[1, 0], [0, 1], [0, 0]] },
              "weights": [ { "W": [[-2, -2], [2, -2], [-2, 2]], "b": [1, -1, -1] }, { "W": [[W]], "b": [0, 0] } ] }
            """;
        var a = dir.Write("a.json", inst.Replace("[[W]]", "[[1, 0, 0], [0, 1, 0]]", StringComparison.Ordinal));
        var b = dir.Write("b.json", inst.Replace("[[-2, -2], [2, -2], [-2, 2]], \"b\": [1, -1, -1]", "[[2, -2], [-2, -2], [-2, 2]], \"b\": [-1, 1, -1]", StringComparison.Ordinal)
            .Replace("[[W]]", "[[0, 1, 0], [1, 0, 0]]", StringComparison.Ordinal));
        var path = dir.File("beads.json");
        var r = Cli.Run("connect", a, b, "--level", "0.01", "--bead-epochs", "200", "--learning-rate", "0.01", "-o", path, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("connected").GetBoolean(), Is.False);
        Assert.That(doc.RootElement.GetProperty("reason").GetString(), Is.Not.Empty);
        Assert.That(File.Exists(path), Is.True, "what was found is written");
    }
}
