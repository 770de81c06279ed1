using System.Text.Json;
using Verifier.Cli.Commands;

namespace Verifier.Cli.Tests.Commands;

/// <summary>The shipped JSON Schemas against every example, every embedded instance of the test data, and the CLI's own outputs; and <c>validate</c> as a user runs it.</summary>
public class SchemaTests
{
    private static readonly SchemaValidator Validator = new();

    [Test]
    public void EveryExampleInstanceConforms()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Repo.Root, "examples", "instances"), "*.json").ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            Assert.That(Errors(File.ReadAllText(file), "instance"), Is.Empty, file);
        }
    }

    [Test]
    public void EveryInstanceOfTheSoundnessFolderConforms()
    {
        // Each case file embeds an instance (and some a witness): all are real instances the readers accept.
        var folder = Path.Combine(Repo.Root, "tests", "Verifier.Proofs.Tests", "SoundnessRegressions");
        int checkedCount = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var key in new[] { "instance", "witness" })
            {
                if (doc.RootElement.TryGetProperty(key, out var inner) && inner.ValueKind == JsonValueKind.Object)
                {
                    Assert.That(Validator.Validate(inner, "instance"), Is.Empty, $"{file}: {key}");
                    checkedCount++;
                }
            }
        }

        Assert.That(checkedCount, Is.GreaterThan(50));
    }

    [Test]
    public void TheCliOutputsConformToTheirSchemas()
    {
        using var dir = new TempDir();
        foreach (var claim in new[] { "critical-point", "local-min", "strict-local-min", "saddle" })
        {
            foreach (var example in new[] { "relu-kink.json", "fukumizu-strict-min.json", "kawaguchi-depth3-origin.json" })
            {
                var r = Cli.Run("check", claim, Repo.Example(example), "--format", "json");
                Assert.That(Errors(r.Stdout, "verdict"), Is.Empty, $"{claim} on {example}");
            }
        }

        var notMet = Cli.Run("check", "kawaguchi2016.hypotheses", Repo.Example("xor-2-2-1-sigmoid.json"), "--format", "json");
        Assert.That(Errors(notMet.Stdout, "verdict"), Is.Empty, "hypotheses-not-met");

        var suite = Cli.Run("suite", "--paper", "baldi-hornik1989", "--format", "json");
        Assert.That(Errors(suite.Stdout, "suite-report"), Is.Empty);

        foreach (var example in new[] { "relu-kink.json", "fukumizu-strict-min.json" })
        {
            var cert = dir.File(example + ".cert");
            Assert.That(Cli.Run("certify", Repo.Example(example), "-o", cert).ExitCode, Is.EqualTo(ExitCodes.Success), example);
            Assert.That(Errors(File.ReadAllText(cert), "certificate"), Is.Empty, example);
            Assert.That(Cli.Run("validate", cert).ExitCode, Is.EqualTo(ExitCodes.Success), example);
        }
    }

    [Test]
    public void ValidateNamesTheLocationOfEachProblemAndRefusesUnknownFormats()
    {
        using var dir = new TempDir();
        var bad = dir.Write("bad.json", File.ReadAllText(Repo.Example("relu-kink.json")).Replace("\"relu\"", "\"softplus\"", StringComparison.Ordinal));
        var r = Cli.Run("validate", bad);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Refuted));
        Assert.That(r.Stdout, Does.Contain("/network/activation"));

        var unknown = dir.Write("unknown.json", "{\"format\": \"something-else/1\"}");
        var u = Cli.Run("validate", unknown);
        Assert.That(u.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(u.Stderr, Does.Contain("unknown format"));

        Assert.That(Cli.Run("validate", Repo.Example("relu-kink.json")).ExitCode, Is.EqualTo(ExitCodes.Success));
    }

    private static IReadOnlyList<SchemaError> Errors(string json, string schema)
    {
        using var doc = JsonDocument.Parse(json);
        return Validator.Validate(doc.RootElement, schema);
    }
}
