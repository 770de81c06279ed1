using System.Text.Json;
using System.Xml.Linq;
using Verifier.Cli.Output;
using Verifier.Landscape.Claims;
using Verifier.Proofs;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>verifier suite</c> and the papers' claims through <c>check</c>, as a user runs them.</summary>
public class SuiteCommandTests
{
    [TestCase("kawaguchi2016")]
    [TestCase("baldi-hornik1989")]
    public void PaperSuiteRunsGreen(string paper)
    {
        var r = Cli.Run("suite", "--paper", paper);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain(" 0 not"));
        Assert.That(r.Stdout, Does.Not.Contain("FAIL"));
    }

    [Test]
    public void JsonSuiteIsOneDocumentWithEveryCase()
    {
        var r = Cli.Run("suite", "--claim", "kawaguchi2016.hypotheses", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var claims = doc.RootElement.GetProperty("claims");
        Assert.That(claims.GetArrayLength(), Is.EqualTo(1));
        var cases = claims[0].GetProperty("cases");
        Assert.That(cases.GetArrayLength(), Is.EqualTo(doc.RootElement.GetProperty("cases").GetInt32()));
        Assert.That(cases.EnumerateArray().Select(c => c.GetProperty("verdict").GetString()), Does.Contain("refuted").And.Contain("verified"));
    }

    [Test]
    public void ReportsAreWrittenInTheFormatTheirExtensionNames()
    {
        var dir = Directory.CreateTempSubdirectory("suite-report-");
        try
        {
            var xml = Path.Combine(dir.FullName, "suite.xml");
            var md = Path.Combine(dir.FullName, "suite.md");
            var json = Path.Combine(dir.FullName, "suite.json");
            foreach (var path in new[] { xml, md, json })
            {
                var r = Cli.Run("suite", "--claim", "kawaguchi2016.hypotheses", "--report", path);
                Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
                Assert.That(r.Stderr, Does.Contain("wrote " + path));
            }

            // JUnit XML: one test suite for the claim, one test case per suite case, none failed.
            var root = XDocument.Load(xml).Root!;
            Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
            var suite = root.Elements("testsuite").Single();
            Assert.That(suite.Attribute("name")!.Value, Is.EqualTo("kawaguchi2016.hypotheses"));
            int cases = suite.Elements("testcase").Count();
            Assert.That(cases, Is.GreaterThan(3));
            Assert.That(suite.Attribute("tests")!.Value, Is.EqualTo(cases.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("0"));
            Assert.That(root.Descendants("failure"), Is.Empty);

            // Markdown: a table row per case; JSON: the document of --format json.
            var rows = File.ReadAllLines(md).Count(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| case", StringComparison.Ordinal));
            Assert.That(rows, Is.EqualTo(cases));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.That(doc.RootElement.GetProperty("cases").GetInt32(), Is.EqualTo(cases));
            Assert.That(dir.GetFiles(".*"), Is.Empty, "no temporary file is left beside the reports");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void AVerdictOtherThanExpectedIsAJUnitFailureAndAMarkdownNo()
    {
        // Rendering only: an outcome whose verdict differs from its expectation, with text that XML and Markdown must escape.
        var entry = Catalogue.Find("kawaguchi2016.hypotheses") is { } claim ? new CatalogueEntry(claim, []) : throw new InvalidOperationException("claim missing");
        var outcomes = new[]
        {
            new SuiteOutcome(entry.Claim.Id, "case <a> & |b|", Expectation.Verified, new Verdict.Refuted("rank 2 < 3 | \"quoted\"", Evidence.Of(EvidenceMethod.ExactRational)), 0.5),
            new SuiteOutcome(entry.Claim.Id, "plain", Expectation.Refuted, new Verdict.Refuted("as expected", Evidence.Of(EvidenceMethod.ExactRational)), 0.25),
            new SuiteOutcome(entry.Claim.Id, "undecided", Expectation.Inconclusive, new Verdict.Inconclusive("precision ran out"), 0.1),
        };
        var root = XDocument.Parse(SuiteOutput.JUnit([entry], outcomes, new DateTimeOffset(2026, 12, 4, 1, 2, 3, TimeSpan.Zero))).Root!;
        Assert.That(root.Attribute("failures")!.Value, Is.EqualTo("1"));
        Assert.That(root.Attribute("skipped")!.Value, Is.EqualTo("1"), "an expected inconclusive is skipped");
        Assert.That(root.Attribute("timestamp")!.Value, Is.EqualTo("2026-12-04T01:02:03"));
        Assert.That(root.Descendants("skipped").Single().Parent!.Attribute("name")!.Value, Is.EqualTo("undecided"));
        var failure = root.Descendants("failure").Single();
        Assert.That(failure.Parent!.Attribute("name")!.Value, Is.EqualTo("case <a> & |b|"));
        Assert.That(failure.Attribute("message")!.Value, Is.EqualTo("verdict refuted, expected verified"));
        Assert.That(failure.Value, Is.EqualTo("rank 2 < 3 | \"quoted\""));

        var md = SuiteOutput.Markdown([entry], outcomes);
        Assert.That(md, Does.Contain("| case <a> & \\|b\\| | verified | refuted | **no** |"));
        Assert.That(md, Does.Contain("3 cases: 2 as expected, 1 not."));
    }

    [TestCase("suite.txt", "must end in .md")]
    [TestCase("no-such-directory/suite.md", "does not exist")]
    public void ABadReportPathIsOneLineAndExitTwoBeforeAnyCaseRuns(string path, string message)
    {
        var r = Cli.Run("suite", "--claim", "kawaguchi2016.hypotheses", "--report", Path.Combine(Path.GetTempPath(), path));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain(message));
        Assert.That(r.Stdout, Is.Empty, "no case ran");
    }

    [TestCase("--paper", "no-such-paper", "unknown paper")]
    [TestCase("--paper", "generic", "unknown paper")]
    [TestCase("--paper", "Kawaguchi2016", "unknown paper")]
    [TestCase("--claim", "nonsense", "unknown claim")]
    [TestCase("--claim", "local-min", "has no suite cases")]
    public void BadSelectionIsOneLineAndExitTwo(string option, string value, string message)
    {
        var r = Cli.Run("suite", option, value);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain(message));
    }

    [Test]
    public void AnUnknownPaperListsTheContractsKeys()
    {
        var r = Cli.Run("suite", "--paper", "no-such-paper");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("(known: kawaguchi2016, baldi-hornik1989, petzka2018, swirszcz2016, safran-shamir2016, freeman-bruna2017)"));
    }

    [TestCase("kawaguchi2016.hypotheses", "baldi-hornik-saddle.json", "verified", ExitCodes.Success)]
    [TestCase("kawaguchi2016.hypotheses", "xor-2-2-1-sigmoid.json", "refuted", ExitCodes.Refuted)]
    [TestCase("kawaguchi2016.every-local-min-is-global", "kawaguchi-depth3-origin.json", "verified", ExitCodes.Success)]
    [TestCase("kawaguchi2016.deep-bad-saddle-at-origin", "kawaguchi-depth3-origin.json", "verified", ExitCodes.Success)]
    [TestCase("kawaguchi2016.deep-bad-saddle-at-origin", "kawaguchi-2-1-2-origin.json", "hypotheses-not-met", ExitCodes.HypothesesNotMet)]
    [TestCase("kawaguchi2016.one-hidden-layer-no-bad-saddles", "xor-2-2-1-sigmoid.json", "hypotheses-not-met", ExitCodes.HypothesesNotMet)]
    [TestCase("local-min", "baldi-hornik-global-min.json", "verified", ExitCodes.Success)]
    [TestCase("local-min", "baldi-hornik-saddle.json", "refuted", ExitCodes.Refuted)]
    public void PaperClaimsAndLinearLocalMinThroughCheck(string claim, string example, string verdict, int exit)
    {
        var r = Cli.Run("check", claim, Repo.Example(example), "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(exit), r.Stdout + r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("verdict").GetString(), Is.EqualTo(verdict), doc.RootElement.GetProperty("reason").GetString());
    }

    [Test]
    public void ClaimsListsThePapersClaims()
    {
        var r = Cli.Run("claims");
        Assert.That(r.Stdout, Does.Contain("kawaguchi2016.hypotheses").And.Contain("baldi-hornik1989.only-top-subset-is-minimum"));
    }
}

/// <summary><c>verifier search</c>: writes a shrunk instance and reports the theorem claims' verdicts.</summary>
public class SearchCommandTests
{
    [Test]
    public void SearchWritesAnInstanceThatReadsBack()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-search-");
        try
        {
            var path = Path.Combine(dir.FullName, "found.json");
            var r = Cli.Run("search", "wide-output", "--seed", "3", "-o", path);
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stdout + r.Stderr);
            Assert.That(r.Stdout, Does.Contain("no conclusion breaks"));
            var check = Cli.Run("check", "kawaguchi2016.hypotheses", path);
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Refuted));
            Assert.That(check.Stdout, Does.Contain("d_y ≤ d_x"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void ASpentBudgetStopsShrinkingAndSaysSoButTheInstanceStillFails()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-search-");
        try
        {
            var full = Path.Combine(dir.FullName, "full.json");
            var cut = Path.Combine(dir.FullName, "cut.json");
            var r = Cli.Run("search", "rank-deficient-inputs", "-o", full);
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stdout + r.Stderr);
            Assert.That(r.Stdout, Does.Not.Contain("may not be minimal"));

            // A budget far below one shrinking test: no move is tried, the generated instance is written as it is.
            var c = Cli.Run("search", "rank-deficient-inputs", "--budget", "1e-9", "-o", cut);
            Assert.That(c.ExitCode, Is.EqualTo(ExitCodes.Success), c.Stdout + c.Stderr);
            Assert.That(c.Stdout, Does.Contain("0 shrinking steps").And.Contain("may not be minimal"));
            Assert.That(new FileInfo(cut).Length, Is.GreaterThan(new FileInfo(full).Length), "the unshrunk instance is larger");
            var check = Cli.Run("check", "kawaguchi2016.hypotheses", cut);
            Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Refuted));
            Assert.That(check.Stdout, Does.Contain("XXᵀ"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("nan")]
    public void ABudgetThatIsNotAPositiveNumberIsAUsageError(string budget)
    {
        var r = Cli.Run("search", "wide-output", "--budget", budget, "-o", Path.Combine(Path.GetTempPath(), "never-written.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("--budget"));
    }

    [Test]
    public void UnknownKindIsAUsageError()
    {
        var r = Cli.Run("search", "nonsense", "-o", Path.Combine(Path.GetTempPath(), "never-written.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("unknown search kind"));
    }
}

/// <summary><c>verifier linear</c>: the deep linear theory of an instance, and its critical points as files.</summary>
public class LinearCommandTests
{
    [Test]
    public void EnumeratesAndClassifiesTheBaldiHornikPointsAndWritesThem()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-linear-");
        try
        {
            var r = Cli.Run("linear", Repo.Example("baldi-hornik-saddle.json"), "--write", dir.FullName, "--format", "json");
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.That(doc.RootElement.GetProperty("globalMinimumValue").GetProperty("lower").GetString(), Is.EqualTo("1/2"));
            var points = doc.RootElement.GetProperty("criticalPoints").EnumerateArray().ToList();
            Assert.That(points.Select(p => p.GetProperty("loss").GetString()), Is.EqualTo(new[] { "5/2", "1/2", "2", "1/2", "2" }));
            Assert.That(points.All(p => p.GetProperty("gradientIsZero").GetBoolean()), Is.True);
            foreach (var p in points)
            {
                bool global = p.GetProperty("classification").GetString() == "global-minimum";
                var check = Cli.Run("check", "local-min", p.GetProperty("file").GetString()!, "--format", "json");
                using var verdict = JsonDocument.Parse(check.Stdout);
                Assert.That(verdict.RootElement.GetProperty("verdict").GetString(), Is.EqualTo(global ? "verified" : "refuted"));
                if (!global)
                {
                    var items = verdict.RootElement.GetProperty("evidence").GetProperty("items").EnumerateArray();
                    Assert.That(items.Any(i => i.GetProperty("type").GetString() == "curvature-direction" && i.GetProperty("kind").GetString() == "negative-curvature"), Is.True);
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void NonLinearNetworkIsBadInput()
    {
        var r = Cli.Run("linear", Repo.Example("xor-2-2-1-sigmoid.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("linear network without biases"));
    }
}

/// <summary><c>verifier generate linear</c>: rational deep linear instances that keep the whole chain exact.</summary>
public class GenerateLinearCommandTests
{
    [Test]
    public void GlobalMinimiserIsVerifiedAndTheOriginOfADeepNetworkIsABadSaddle()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-genlin-");
        try
        {
            var min = Path.Combine(dir.FullName, "min.json");
            var origin = Path.Combine(dir.FullName, "origin.json");
            Assert.That(Cli.Run("generate", "linear", "--layers", "3,2,2,3", "--seed", "4", "--point", "global-min", "-o", min).ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(Cli.Run("generate", "linear", "--layers", "3,2,2,3", "--seed", "4", "-o", origin).ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(Cli.Run("check", "local-min", min).ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(Cli.Run("check", "local-min", origin).ExitCode, Is.EqualTo(ExitCodes.Refuted));
            Assert.That(Cli.Run("check", "saddle", origin).ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(Cli.Run("check", "kawaguchi2016.hypotheses", origin).ExitCode, Is.EqualTo(ExitCodes.Success));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestCase("--kind", "nonsense", "unknown kind")]
    [TestCase("--point", "somewhere", "--point")]
    public void BadOptionsAreUsageErrors(string option, string value, string message)
    {
        var r = Cli.Run("generate", "linear", "--layers", "3,2,3", option, value, "-o", Path.Combine(Path.GetTempPath(), "never-written-linear.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain(message));
    }

    [Test]
    public void WideOutputNeedsItsKind()
    {
        var r = Cli.Run("generate", "linear", "--layers", "2,2,3", "-o", Path.Combine(Path.GetTempPath(), "never-written-linear.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("wide-output"));
    }
}
