using System.Text.Json.Nodes;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>suite --shard k/n</c> and <c>merge</c>: the merged shards are the unsharded run, apart from timings; bad shards are exit 2, named.</summary>
public class SuiteShardTests
{
    // The documents with every timing field ("seconds") removed.
    private static string WithoutTimings(string json)
    {
        static void Strip(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                o.Remove("seconds");
                foreach (var (_, v) in o)
                {
                    Strip(v);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var v in a)
                {
                    Strip(v);
                }
            }
        }

        var root = JsonNode.Parse(json);
        Strip(root);
        return root!.ToJsonString();
    }

    [Test]
    public void ThreeShardsMergedAreTheUnshardedRunApartFromTimings()
    {
        using var dir = new TempDir();
        var whole = Cli.Run("suite", "--paper", "petzka2018", "--format", "json");
        Assert.That(whole.ExitCode, Is.EqualTo(ExitCodes.Success), whole.Stderr);
        var shards = dir.File("shards");
        for (int k = 1; k <= 3; k++)
        {
            var r = Cli.Run("suite", "--paper", "petzka2018", "--shard", $"{k}/3", "-o", shards);
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stdout + r.Stderr);
        }

        var report = dir.File("report");
        var m = Cli.Run("merge", shards, "-o", report);
        Assert.That(m.ExitCode, Is.EqualTo(ExitCodes.Success), m.Stderr);
        Assert.That(WithoutTimings(File.ReadAllText(Path.Combine(report, "suite.json"))), Is.EqualTo(WithoutTimings(whole.Stdout)));
        Assert.That(File.Exists(Path.Combine(report, "suite.md")) && File.Exists(Path.Combine(report, "suite.xml")), Is.True);

        // With --format json, stdout is the merged document itself: the unsharded run's, apart from timings.
        var printed = Cli.Run("merge", shards, "-o", dir.File("report2"), "--format", "json");
        Assert.That(printed.ExitCode, Is.EqualTo(ExitCodes.Success), printed.Stderr);
        Assert.That(WithoutTimings(printed.Stdout), Is.EqualTo(WithoutTimings(whole.Stdout)));
    }

    [TestCase("0/3")]
    [TestCase("4/3")]
    [TestCase("two")]
    public void ABadShardIsExitTwo(string shard)
    {
        using var dir = new TempDir();
        var r = Cli.Run("suite", "--shard", shard, "-o", dir.File("s"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("--shard"));
    }

    [Test]
    public void AMissingShardIsExitTwoNamingIt()
    {
        using var dir = new TempDir();
        var shards = dir.File("shards");
        Assert.That(Cli.Run("suite", "--claim", "petzka2018.split-preserves-function", "--shard", "1/2", "-o", shards).ExitCode, Is.EqualTo(ExitCodes.Success));
        var m = Cli.Run("merge", shards, "-o", dir.File("report"));
        Assert.That(m.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(m.Stderr, Does.Contain("shard 2/2 is missing"));
    }

    [Test]
    public void TheCiMatrixAndTheSlurmArrayRunShardsAndMergeThem()
    {
        var workflow = File.ReadAllText(Path.Combine(Repo.Root, ".github", "workflows", "suite-shards.yml"));
        Assert.That(workflow, Does.Contain("./verifier suite --shard ${{ matrix.shard }}/3 -o shards"));
        Assert.That(workflow, Does.Contain("./verifier merge shards -o report"));
        var slurm = File.ReadAllText(Path.Combine(Repo.Root, "tools", "slurm", "suite-array.sbatch"));
        Assert.That(slurm, Does.Contain("#SBATCH --array="));
        Assert.That(slurm, Does.Contain("--shard \"${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}\" -o shards"));
        Assert.That(slurm, Does.Contain("./verifier merge shards -o report"));
    }
}
