using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>path monotone</c> and <c>path check</c> as a user runs them: proved paths, refusals, refutations and bad input.</summary>
public class PathCommandTests
{
    [Test]
    public void AMonotonePathIsBuiltProvedWrittenAndRechecked()
    {
        using var dir = new TempDir();
        var (start, target) = StartAndTarget(dir);
        var path = dir.File("path.json");
        var r = Cli.Run("path", "monotone", start, "--to", target, "-o", path, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr + r.Stdout);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("monotone").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("maxIncrease").GetDouble(), Is.LessThanOrEqualTo(0));
        Assert.That(root.GetProperty("c2").GetDouble(), Is.EqualTo(2 * root.GetProperty("cStar").GetDouble()).Within(1e-12));
        Assert.That(root.GetProperty("cStar").GetDouble(), Is.EqualTo(1).Within(1e-6), "W* from optimize is critical to full precision");
        Assert.That(root.GetProperty("startLoss").GetDouble(), Is.GreaterThan(root.GetProperty("zeroLoss").GetDouble()));

        var check = Cli.Run("path", "check", path);
        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stdout + check.Stderr);
    }

    [Test]
    public void ALowLossStartIsRefusedWithExitFive()
    {
        using var dir = new TempDir();
        var (_, target) = StartAndTarget(dir);
        var r = Cli.Run("path", "monotone", target, "--to", target);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.HypothesesNotMet), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("L(0)"));
    }

    [Test]
    public void AHandMadeRisingPathIsRefutedWithARigorousIncrease()
    {
        using var dir = new TempDir();
        var (start, target) = StartAndTarget(dir);
        var path = dir.File("path.json");
        Assert.That(Cli.Run("path", "monotone", start, "--to", target, "-o", path).ExitCode, Is.EqualTo(ExitCodes.Success));

        // Reverse the proved path: it now climbs from the minimum back to the high-loss start.
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        var reversed = new JsonArray([.. node["points"]!.AsArray().Reverse().Select(p => p!.DeepClone())]);
        node["points"] = reversed;
        var bad = dir.Write("bad.json", node.ToJsonString());
        var r = Cli.Run("path", "check", bad, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Refuted), r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("monotone").GetBoolean(), Is.False);
        Assert.That(doc.RootElement.GetProperty("maxIncrease").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void ATargetOfAnotherArchitectureIsBadInput()
    {
        using var dir = new TempDir();
        var (start, _) = StartAndTarget(dir);
        var other = dir.File("other.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "2,3,1", "--activation", "relu", "--samples", "6", "--bias", "false", "--seed", "3", "-o", other).ExitCode, Is.EqualTo(ExitCodes.Success));
        var r = Cli.Run("path", "monotone", start, "--to", other);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    // A 2-4-1 ReLU instance without biases, its optimum (W*), and a start with the last layer scaled by −4 (L(W0) > L(0)).
    [Test]
    public void TheWrittenPathToAnInterpolatingMinimumIsRecheckedMonotone()
    {
        // W* fits the data (loss ~1e-32): near c* the loss is flat, and a path written with rounded points rose there by
        // ~1e-33, so path check refuted the file path monotone had just proved. Phase 2 is now written exactly.
        using var dir = new TempDir();
        var start = dir.File("w0.json");
        var target = dir.File("wstar.json");
        var path = dir.File("path.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "3,16,1", "--activation", "relu", "--samples", "20", "--bias", "false", "--seed", "1", "-o", start).ExitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(Cli.Run("optimize", start, "-o", target).ExitCode, Is.EqualTo(ExitCodes.Success));
        var built = Cli.Run("path", "monotone", start, "--to", target, "-o", path);
        Assert.That(built.ExitCode, Is.EqualTo(ExitCodes.Success), built.Stdout + built.Stderr);
        var check = Cli.Run("path", "check", path);
        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stdout + check.Stderr);
    }

    private static (string Start, string Target) StartAndTarget(TempDir dir)
    {
        var random = dir.File("random.json");
        var target = dir.File("target.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "2,4,1", "--activation", "relu", "--samples", "6", "--bias", "false", "--seed", "3", "-o", random).ExitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(Cli.Run("optimize", random, "-o", target).ExitCode, Is.EqualTo(ExitCodes.Success));
        var node = JsonNode.Parse(File.ReadAllText(random))!;
        var last = node["weights"]!.AsArray()[^1]!["W"]!.AsArray();
        foreach (var row in last)
        {
            var values = row!.AsArray();
            for (int k = 0; k < values.Count; k++)
            {
                values[k] = -4 * values[k]!.GetValue<double>();
            }
        }

        return (dir.Write("start.json", node.ToJsonString()), target);
    }
}

/// <summary><c>basin</c> as a user runs it.</summary>
public class BasinCommandTests
{
    [Test]
    public void TheBasinValueIsAtMostThePointsLossAndCarriesItsCertificate()
    {
        using var dir = new TempDir();
        var file = dir.File("random.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "2,4,1", "--activation", "relu", "--samples", "6", "--bias", "false", "--seed", "3", "-o", file).ExitCode, Is.EqualTo(ExitCodes.Success));
        var r = Cli.Run("basin", file, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("basinValue").GetDouble(), Is.LessThanOrEqualTo(root.GetProperty("startLoss").GetDouble()), "the point lies in its own region");
        Assert.That(root.GetProperty("minimiser").GetArrayLength(), Is.EqualTo(4));
        Assert.That(root.GetProperty("activeConstraints").EnumerateArray().All(c => !c.GetProperty("multiplier").GetString()!.StartsWith('-')), Is.True, "λ ≥ 0");
    }

    [Test]
    public void ANetworkWithBiasesIsOutsideTheSetting()
    {
        var r = Cli.Run("basin", Repo.Example("relu-kink.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.HypothesesNotMet), r.Stdout + r.Stderr);
    }
    [Test]
    public void ExtremeWeightsAndDataAreDecidedExactlyWithoutACrash()
    {
        // Weights near 1e300 (the start loss beyond float64: left out of the JSON, said in the text) and data near
        // 1e300 (float64 overflows in the face guess, so the exact method decides alone).
        using var dir = new TempDir();
        string Instance(string x00) =>
            "{\"format\": \"verifier-instance/1\", \"network\": {\"layers\": [2, 3, 1], \"activation\": \"relu\", \"bias\": false}, \"loss\": \"mse\", "
            + $"\"data\": {{\"x\": [[{x00}, 2], [3, -1], [1, 1], [-2, 1]], \"y\": [[1], [0], [2], [-1]]}}, "
            + "\"weights\": [{\"W\": [[1e300, -1e300], [2e300, 1e299], [-3e300, 1e300]]}, {\"W\": [[1, -2, 3]]}]}";
        var huge = dir.File("huge.json");
        File.WriteAllText(huge, Instance("1"));
        var r = Cli.Run("basin", huge, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using (var doc = JsonDocument.Parse(r.Stdout))
        {
            Assert.That(doc.RootElement.TryGetProperty("startLoss", out _), Is.False, "a start loss beyond float64 is left out");
        }

        Assert.That(Cli.Run("basin", huge).Stdout, Does.Contain("beyond the double range"));
        var data = dir.File("data.json");
        File.WriteAllText(data, Instance("1e300"));
        var d = Cli.Run("basin", data, "--format", "json");
        Assert.That(d.ExitCode, Is.EqualTo(ExitCodes.Success), d.Stderr);
    }

    [Test]
    public void AQpTooLargeToHoldIsUndecidedWithItsSizes()
    {
        using var dir = new TempDir();
        var file = dir.File("wide.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "2,3000,1", "--activation", "relu", "--samples", "3000", "--bias", "false", "--seed", "1", "-o", file).ExitCode, Is.EqualTo(ExitCodes.Success));
        var r = Cli.Run("basin", file);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("too large"));
    }
}

