using Verifier.Landscape.Claims;

namespace Verifier.Proofs.Tests;

/// <summary>Every catalogue claim on every one of its suite cases, as <c>verifier suite</c> runs them.</summary>
public class CatalogueSuiteTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        Catalogue.PaperEntries.SelectMany(e => e.Cases.Select(c => new TestCaseData(e.Claim, c).SetName($"{e.Claim.Id} on {c.Name} is {c.Expected}")));

    [TestCaseSource(nameof(Cases))]
    public void ClaimGivesTheExpectedVerdict(Claim claim, SuiteCase suiteCase)
    {
        var outcome = SuiteRunner.RunCase(claim, suiteCase);
        Assert.That(outcome.Verdict.Word, Is.EqualTo(suiteCase.Expected), outcome.Verdict.Reason);
    }

    [Test]
    public void EveryPaperClaimHasAVerifiedCaseAndACaseItMustNotVerify()
    {
        foreach (var entry in Catalogue.PaperEntries)
        {
            Assert.That(entry.Cases.Any(c => c.Expected == "verified"), Is.True, entry.Claim.Id);
            Assert.That(entry.Cases.Any(c => c.Expected != "verified"), Is.True, entry.Claim.Id);
        }
    }

    [Test]
    public void ClaimIdsAreUniqueKebabCaseAndCarryTheirPaperKey()
    {
        Assert.That(Catalogue.All.Select(c => c.Id), Is.Unique);
        foreach (var claim in Catalogue.PaperEntries.Select(e => e.Claim))
        {
            Assert.That(Paper.Keys, Does.Contain(claim.Paper));
            Assert.That(claim.Id, Does.StartWith(claim.Paper + "."));
            Assert.That(claim.Id, Does.Match("^[a-z0-9-]+\\.[a-z0-9-]+$"));
            Assert.That(claim.NeedsPoint, Is.False, "the papers' claims speak of the data and network, not of one point");
        }
    }

    [Test]
    public void FindReturnsGenericAndPaperClaims()
    {
        Assert.That(Catalogue.Find("local-min"), Is.SameAs(GenericClaims.LocalMin));
        Assert.That(Catalogue.Find("kawaguchi2016.hypotheses"), Is.SameAs(Kawaguchi2016.Hypotheses.Claim));
        Assert.That(Catalogue.Find("kawaguchi2016.no-such-claim"), Is.Null);
    }
}
