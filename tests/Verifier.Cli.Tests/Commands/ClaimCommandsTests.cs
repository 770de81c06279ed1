using System.Text.Json;

namespace Verifier.Cli.Tests.Commands;

/// <summary>check, claims, certify, verify-certificate and analyze --exact, as a user runs them.</summary>
public class ClaimCommandsTests
{
    [Test]
    public void ClaimsListsEveryGenericClaim()
    {
        var r = Cli.Run("claims");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success));
        foreach (var id in new[] { "critical-point", "local-min", "strict-local-min", "saddle", "bad-local-min" })
        {
            Assert.That(r.Stdout, Does.Contain(id));
        }
    }

    [Test]
    public void KrawczykEvidenceCarriesTheBoxTheImageAndThePreconditionerAsNumbers()
    {
        // A check can be replayed from its JSON: K(X) is written as numbers and lies strictly inside X, Y is P×P, and
        // the criticality is a kebab-case word (never a .NET enum name).
        var r = Cli.Run("check", "critical-point", Repo.Example("fukumizu-strict-min.json"), "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        Assert.That(r.Stdout, Does.Not.Contain("UniqueCriticalPoint"));
        using var doc = JsonDocument.Parse(r.Stdout);
        var evidence = doc.RootElement.GetProperty("evidence");
        Assert.That(evidence.GetProperty("method").GetString(), Is.EqualTo("interval-krawczyk"));
        var krawczyk = evidence.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "krawczyk");
        Assert.That(krawczyk.GetProperty("criticality").GetString(), Is.EqualTo("unique-critical-point"));
        var box = krawczyk.GetProperty("box").EnumerateArray().Select(b => (Lo: b[0].GetDouble(), Hi: b[1].GetDouble())).ToArray();
        var image = krawczyk.GetProperty("image").EnumerateArray().Select(b => (Lo: b[0].GetDouble(), Hi: b[1].GetDouble())).ToArray();
        Assert.That(image, Has.Length.EqualTo(box.Length));
        for (int k = 0; k < box.Length; k++)
        {
            Assert.That(image[k].Lo > box[k].Lo && image[k].Hi < box[k].Hi, Is.True, $"coordinate {k}");
        }

        var y = krawczyk.GetProperty("preconditioner").EnumerateArray().ToArray();
        Assert.That(y, Has.Length.EqualTo(box.Length));
        Assert.That(y.All(row => row.GetArrayLength() == box.Length), Is.True);
        var loss = krawczyk.GetProperty("loss");
        Assert.That(loss[0].GetDouble(), Is.LessThanOrEqualTo(loss[1].GetDouble()));
    }

    [Test]
    public void ExitCodesFollowTheVerdictForEveryCase()
    {
        var evidence = Landscape.Claims.Evidence.Of(Landscape.Claims.EvidenceMethod.ExactRational);
        Assert.That(ExitCodes.Of(new Landscape.Claims.Verdict.Verified("", evidence)), Is.EqualTo(ExitCodes.Success));
        Assert.That(ExitCodes.Of(new Landscape.Claims.Verdict.Refuted("", evidence)), Is.EqualTo(ExitCodes.Refuted));
        Assert.That(ExitCodes.Of(new Landscape.Claims.Verdict.Inconclusive("")), Is.EqualTo(ExitCodes.Inconclusive));
        Assert.That(ExitCodes.Of(new Landscape.Claims.Verdict.HypothesesNotMet(["h"])), Is.EqualTo(ExitCodes.HypothesesNotMet));
    }

    [TestCase("saddle", "kawaguchi-depth3-origin.json", "verified", ExitCodes.Success)]
    [TestCase("local-min", "kawaguchi-depth3-origin.json", "refuted", ExitCodes.Refuted)]
    [TestCase("strict-local-min", "fukumizu-strict-min.json", "verified", ExitCodes.Success)]
    [TestCase("saddle", "fukumizu-strict-min.json", "refuted", ExitCodes.Refuted)]
    [TestCase("strict-local-min", "baldi-hornik-global-min.json", "refuted", ExitCodes.Refuted)]
    [TestCase("local-min", "relu-kink.json", "verified", ExitCodes.Success)]
    [TestCase("critical-point", "relu-kink.json", "inconclusive", ExitCodes.Inconclusive)]
    public void CheckGivesTheVerdictAndItsExitCode(string claim, string example, string verdict, int exit)
    {
        var r = Cli.Run("check", claim, Repo.Example(example), "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(exit), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("claim").GetString(), Is.EqualTo(claim));
        Assert.That(doc.RootElement.GetProperty("verdict").GetString(), Is.EqualTo(verdict));
        Assert.That(doc.RootElement.GetProperty("reason").GetString(), Is.Not.Empty);
        Assert.That(doc.RootElement.TryGetProperty("evidence", out _), Is.True);
    }

    [Test]
    public void TheTwoTeacherMixtureTakesItsSecondTeacherAsTheWitness()
    {
        const string claim = "freeman-bruna2017.two-teacher-mixture-minima";
        var r = Cli.Run("check", claim, Repo.Example("two-teacher-a.json"), "--witness", Repo.Example("two-teacher-b.json"), "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("verdict").GetString(), Is.EqualTo("verified"));
        Assert.That(doc.RootElement.GetProperty("reason").GetString(), Does.Contain("17/40").And.Contain("7/20"));

        var alone = Cli.Run("check", claim, Repo.Example("two-teacher-a.json"));
        Assert.That(alone.ExitCode, Is.EqualTo(ExitCodes.HypothesesNotMet), alone.Stderr);
        var mismatched = Cli.Run("check", claim, Repo.Example("two-teacher-a.json"), "--witness", Repo.Example("relu-kink.json"));
        Assert.That(mismatched.ExitCode, Is.EqualTo(ExitCodes.BadInput), mismatched.Stdout + mismatched.Stderr);
        Assert.That(mismatched.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
    }

    [Test]
    public void UnknownClaimIsAUsageError()
    {
        var r = Cli.Run("check", "every-minimum-is-global", Repo.Example("xor-2-2-1-sigmoid.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Does.Contain("unknown claim"));
    }

    [Test]
    public void CertifyWritesACertificateThatVerifies()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-cert-");
        try
        {
            var cert = Path.Combine(dir.FullName, "min.cert.json");
            var certify = Cli.Run("certify", Repo.Example("fukumizu-strict-min.json"), "-o", cert);
            Assert.That(certify.ExitCode, Is.EqualTo(ExitCodes.Success), certify.Stderr);
            using (var doc = JsonDocument.Parse(File.ReadAllText(cert)))
            {
                Assert.That(doc.RootElement.GetProperty("statement").GetString(), Is.EqualTo("certified-strict-local-min"));
                Assert.That(doc.RootElement.GetProperty("instance").GetProperty("data").GetProperty("x")[2][0].GetRawText(), Is.EqualTo("-2.5"));
                Assert.That(doc.RootElement.GetProperty("point").GetProperty("radius").GetString(), Is.Not.Empty);
                Assert.That(doc.RootElement.GetProperty("lossBounds").GetProperty("lower").GetString(), Is.Not.Empty);
            }

            var verify = Cli.Run("verify-certificate", cert);
            Assert.That(verify.ExitCode, Is.EqualTo(ExitCodes.Success), verify.Stdout);

            var tampered = Path.Combine(dir.FullName, "tampered.json");
            File.WriteAllText(tampered, File.ReadAllText(cert).Replace("[-2.5]", "[-2.4]", StringComparison.Ordinal));
            Assert.That(Cli.Run("verify-certificate", tampered).ExitCode, Is.EqualTo(ExitCodes.Refuted));

            // A second "data" in the embedded instance (last-wins readers would see another dataset) is rejected in one line.
            var duplicated = Path.Combine(dir.FullName, "duplicated.json");
            File.WriteAllText(duplicated, File.ReadAllText(cert).Replace("\"data\": {", "\"data\": {\"x\": [[0]], \"y\": [[0]]}, \"data\": {", StringComparison.Ordinal));
            var rejected = Cli.Run("verify-certificate", duplicated);
            Assert.That(rejected.ExitCode, Is.EqualTo(ExitCodes.Refuted));
            Assert.That(rejected.Stdout.Trim(), Does.Contain("duplicate name 'data' in the object at $.instance").And.Not.Contain("\n"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void VerifyingMalformedJsonIsABadInputNotARejection()
    {
        var path = Path.Combine(Path.GetTempPath(), $"verifier-bad-cert-{Environment.ProcessId}.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            var r = Cli.Run("verify-certificate", path);
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(r.Stdout, Is.Empty);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void CertifyOffACriticalPointWritesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-cert-");
        try
        {
            var cert = Path.Combine(dir.FullName, "none.json");
            var r = Cli.Run("certify", Repo.Example("xor-2-2-1-sigmoid.json"), "-o", cert);
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Refuted).Or.EqualTo(ExitCodes.Inconclusive));
            Assert.That(File.Exists(cert), Is.False);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void AnalyzeExactGivesTheExactLossAndInertia()
    {
        var r = Cli.Run("analyze", "--exact", "--format", "json", Repo.Example("kawaguchi-2-1-2-origin.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.That(doc.RootElement.GetProperty("exactLoss").GetString(), Is.EqualTo("5/2"));
        Assert.That(doc.RootElement.GetProperty("exactClassification").GetString(), Is.EqualTo("certified-strict-saddle"));
        Assert.That(doc.RootElement.GetProperty("exactInertia").GetProperty("negative").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public void AnalyzeExactOnASigmoidNetworkIsABadInput()
    {
        var r = Cli.Run("analyze", "--exact", Repo.Example("xor-2-2-1-sigmoid.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stdout, Is.Empty);
    }
}
