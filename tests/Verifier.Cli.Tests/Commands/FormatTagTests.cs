using System.Text.Json;

namespace Verifier.Cli.Tests.Commands;

/// <summary>Every JSON document on stdout carries a versioned format tag first, and the schema-backed ones validate by it.</summary>
public class FormatTagTests
{
    private static string Xor => Repo.Example("xor-2-2-1-sigmoid.json");

    private static IEnumerable<TestCaseData> Documents()
    {
        yield return new TestCaseData("verifier-analysis/1", new[] { "analyze", Xor });
        yield return new TestCaseData("verifier-hessian/1", new[] { "hessian", Xor, "--method", "dense" });
        yield return new TestCaseData("verifier-verdict/1", new[] { "check", "strict-local-min", Xor });
        yield return new TestCaseData("verifier-trace/1", new[] { "trace", Xor });
        yield return new TestCaseData("verifier-density/1", new[] { "density", Xor });
        yield return new TestCaseData("verifier-suite-report/1", new[] { "suite", "--claim", "petzka2018.split-preserves-function" });
    }

    [TestCaseSource(nameof(Documents))]
    public void TheDocumentStartsWithItsFormatTag(string tag, string[] args)
    {
        var r = Cli.Run([.. args, "--format", "json"]);
        Assert.That(r.ExitCode, Is.AnyOf(ExitCodes.Success, ExitCodes.Refuted), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var first = doc.RootElement.EnumerateObject().First();
        Assert.That((first.Name, first.Value.GetString()), Is.EqualTo(("format", tag)));
    }

    [Test]
    public void AVerdictDocumentValidatesByItsTag()
    {
        using var dir = new TempDir();
        var r = Cli.Run("check", "strict-local-min", Xor, "--format", "json");
        var path = dir.Write("verdict.json", r.Stdout);
        var v = Cli.Run("validate", path);
        Assert.That(v.ExitCode, Is.EqualTo(ExitCodes.Success), v.Stdout + v.Stderr);
        Assert.That(v.Stdout, Does.Contain("verdict schema"));
    }
}
