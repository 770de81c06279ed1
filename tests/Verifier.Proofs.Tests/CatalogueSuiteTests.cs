using Verifier.Landscape.Claims;

namespace Verifier.Proofs.Tests;

/// <summary>Every catalogue claim on every one of its suite cases, as <c>verifier suite</c> runs them.</summary>
public class CatalogueSuiteTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        Catalogue.PaperEntries.SelectMany(e => e.Cases.Select(c => new TestCaseData(e.Claim, c).SetName($"{e.Claim.Id} on {c.Name} is {c.Expected.Word()}")));

    [TestCaseSource(nameof(Cases))]
    public void ClaimGivesTheExpectedVerdict(Claim claim, SuiteCase suiteCase)
    {
        var outcome = SuiteRunner.RunCase(claim, suiteCase);
        Assert.That(outcome.Passed, Is.True, $"{outcome.Verdict.Word}: {outcome.Verdict.Reason}");
        Assert.That(outcome.Verdict.Word, Is.EqualTo(suiteCase.Expected.Word()), "a verdict that meets an expectation has its word");
    }

    [Test]
    public void EveryPaperClaimHasAVerifiedCaseAndACaseItMustNotVerify()
    {
        foreach (var entry in Catalogue.PaperEntries)
        {
            Assert.That(entry.Cases.Any(c => c.Expected == Expectation.Verified), Is.True, entry.Claim.Id);
            Assert.That(entry.Cases.Any(c => c.Expected != Expectation.Verified), Is.True, entry.Claim.Id);
        }
    }

    [Test]
    public void ClaimIdsAreUniqueKebabCaseAndCarryTheirPaperKey()
    {
        Assert.That(Catalogue.All.Select(c => c.Id), Is.Unique);
        foreach (var claim in Catalogue.PaperEntries.Select(e => e.Claim))
        {
            Assert.That(PaperKey.Papers, Does.Contain(claim.Paper));
            Assert.That(claim.Id, Does.StartWith(claim.Paper.Word + "."));
            Assert.That(claim.Id, Does.Match("^[a-z0-9-]+\\.[a-z0-9-]+$"));
            if (claim.NeedsPoint)
            {
                var cases = Catalogue.PaperEntries.Single(e => e.Claim == claim).Cases;
                Assert.That(cases.Where(c => c.Expected != Expectation.HypothesesNotMet).All(c => c.Build().Weights is not null), claim.Id + ": a claim about a point runs on cases with points");
            }
        }

        Assert.That(GenericClaims.All.Select(c => c.Paper), Is.All.SameAs(PaperKey.Generic));
    }

    [Test]
    public void FindReturnsGenericAndPaperClaims()
    {
        Assert.That(Catalogue.Find("local-min"), Is.SameAs(GenericClaims.LocalMin));
        Assert.That(Catalogue.Find("kawaguchi2016.hypotheses"), Is.SameAs(Kawaguchi2016.Hypotheses.Claim));
        Assert.That(Catalogue.Find("kawaguchi2016.no-such-claim"), Is.Null);
    }

    [Test]
    public void TheCatalogueIsEveryDeclaredClaimOnceInPaperThenDeclaredOrder()
    {
        // The catalogue is generated from the ICatalogueClaim classes; this is the order `verifier claims` and
        // `verifier suite` print (by paper in the contract's order, then each claim's declared Order).
        string[] expected =
        [
            "kawaguchi2016.hypotheses",
            "kawaguchi2016.global-minimum-value",
            "kawaguchi2016.every-local-min-is-global",
            "kawaguchi2016.non-global-critical-points-are-saddles",
            "kawaguchi2016.rank-condition-gives-negative-curvature",
            "kawaguchi2016.one-hidden-layer-no-bad-saddles",
            "kawaguchi2016.deep-bad-saddle-at-origin",
            "kawaguchi2016.non-convex-non-concave",
            "kawaguchi2016.critical-value-gap",
            "kawaguchi2016.relu-path-expectation",
            "baldi-hornik1989.critical-points",
            "baldi-hornik1989.only-top-subset-is-minimum",
            "petzka2018.split-preserves-function",
            "petzka2018.split-preserves-criticality",
            "petzka2018.split-hessian-structure",
            "petzka2018.split-classification",
            "petzka2018.non-attracting",
            "petzka2018.deep-split-saddle",
            "petzka2018.wide-non-attracting-evidence",
            "swirszcz2016.d1-bad-local-minimum",
            "swirszcz2016.d2-local-minimum",
            "swirszcz2016.d3-bad-local-minimum",
            "swirszcz2016.d3-zero-loss-point",
            "swirszcz2016.dead-layer-theorem",
            "swirszcz2016.dead-first-layer-gradient",
            "swirszcz2016.jellyfish-not-linearly-separable",
            "swirszcz2016.depth-makes-trivial-models",
            "safran-shamir2016.positive-homogeneity",
            "safran-shamir2016.last-layer-scaling-is-convex",
            "safran-shamir2016.monotone-path",
            "safran-shamir2016.critical-root-is-two",
            "safran-shamir2016.sign-flip-identity",
            "safran-shamir2016.convex-in-product-coordinates",
            "safran-shamir2016.basin-quality-improves-with-width",
            "freeman-bruna2017.linear-no-bottleneck-no-poor-minima",
            "freeman-bruna2017.relu-kernel-bounds",
            "freeman-bruna2017.relu-kernel-monte-carlo",
            "freeman-bruna2017.dss-convex-string-is-straight",
            "freeman-bruna2017.linear-no-bottleneck-minima-connected",
            "freeman-bruna2017.permutation-pair-not-connected",
            "freeman-bruna2017.teacher-permutation-segment-leaves-zero-set",
            "freeman-bruna2017.two-teacher-mixture-minima",
            "freeman-bruna2017.covering-pigeonhole",
        ];
        Assert.That(Catalogue.PaperEntries.Select(e => e.Claim.Id), Is.EqualTo(expected));
        Assert.That(Catalogue.All.Select(c => c.Id), Is.EqualTo(GenericClaims.All.Select(c => c.Id).Concat(expected)));

        var declared = typeof(Catalogue).Assembly.GetTypes().Where(t => typeof(ICatalogueClaim).IsAssignableFrom(t) && !t.IsInterface).ToList();
        Assert.That(declared, Has.Count.EqualTo(Catalogue.PaperEntries.Count), "every ICatalogueClaim class is in the catalogue, once");
    }

    [Test]
    public void ForPaperKeepsThePapersClaimsInCatalogueOrder()
    {
        Assert.That(Catalogue.ForPaper(PaperKey.BaldiHornik1989).Select(e => e.Claim),
            Is.EqualTo(new[] { BaldiHornik1989.CriticalPoints.Claim, BaldiHornik1989.OnlyTopSubsetIsMinimum.Claim }));
        Assert.That(Catalogue.ForPaper(PaperKey.Petzka2018).Select(e => e.Claim.Id), Has.All.StartsWith("petzka2018."));
        Assert.That(Catalogue.ForPaper(PaperKey.Petzka2018), Has.Count.EqualTo(7));
        Assert.That(Catalogue.CoveredPapers, Is.EqualTo(new[] { PaperKey.Kawaguchi2016, PaperKey.BaldiHornik1989, PaperKey.Petzka2018, PaperKey.Swirszcz2016, PaperKey.SafranShamir2016, PaperKey.FreemanBruna2017 }));
    }
}

/// <summary>The closed types of the catalogue: paper keys and suite expectations.</summary>
public class CatalogueTypeTests
{
    [Test]
    public void PaperKeysAreTheContractsWordsAndParseBack()
    {
        Assert.That(PaperKey.Papers.Select(p => p.Word),
            Is.EqualTo(new[] { "kawaguchi2016", "baldi-hornik1989", "petzka2018", "swirszcz2016", "safran-shamir2016", "freeman-bruna2017" }));
        Assert.That(PaperKey.All.Select(p => p.Word), Is.Unique);
        foreach (var key in PaperKey.All)
        {
            Assert.That(PaperKey.TryParse(key.Word, out var parsed), Is.True, key.Word);
            Assert.That(parsed, Is.SameAs(key));
            Assert.That(key.ToString(), Is.EqualTo(key.Word));
        }

        Assert.That(PaperKey.TryParse("generic", out var generic) && generic == PaperKey.Generic, Is.True);
        Assert.That(PaperKey.TryParse("Kawaguchi2016", out _), Is.False, "words are case-sensitive");
        Assert.That(PaperKey.TryParse("kawaguchi", out _), Is.False);
        Assert.That(PaperKey.TryParse(null, out _), Is.False);
    }

    private static IEnumerable<TestCaseData> OneVerdictOfEachCase()
    {
        var evidence = Evidence.Of(EvidenceMethod.ExactRational);
        yield return new TestCaseData(Expectation.Verified, new Verdict.Verified("proved", evidence));
        yield return new TestCaseData(Expectation.Refuted, new Verdict.Refuted("disproved", evidence));
        yield return new TestCaseData(Expectation.HypothesesNotMet, new Verdict.HypothesesNotMet(["a hypothesis"]));
        yield return new TestCaseData(Expectation.Inconclusive, new Verdict.Inconclusive("no proof"));
    }

    [TestCaseSource(nameof(OneVerdictOfEachCase))]
    public void AnExpectationIsMetByItsVerdictCaseAloneAndHasThatCasesWord(Expectation expected, Verdict verdict)
    {
        foreach (var other in Enum.GetValues<Expectation>())
        {
            Assert.That(other.IsMetBy(verdict), Is.EqualTo(other == expected), $"{other} against {verdict.Word}");
        }

        Assert.That(expected.Word(), Is.EqualTo(verdict.Word));
    }
}
