using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Theories;
using Verifier.Proofs.BaldiHornik1989;
using Verifier.Symbolic;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Baldi and Hornik's hypotheses (<see cref="BaldiHornik"/>): each decided exactly and named when it fails, every
/// Baldi–Hornik claim answering hypotheses-not-met outside them, the conclusions holding on random rational instances
/// inside them (fixed seeds), and the instance of the issue showing that the conclusion really breaks outside.
/// </summary>
public class BaldiHornikHypothesesTests
{
    // The seed of the random shapes and data seeds below; fixed so that every run draws the same instances.
    private const int ShapeSeed = 1989;

    private static IEnumerable<TestCaseData> Outside() =>
        PaperInstances.OutsideBaldiHornik(Expectation.HypothesesNotMet)
            .Select(c => new TestCaseData(c.Case.Build, c.Fails).SetName($"{{m}} on {c.Case.Name}"));

    private static IEnumerable<TestCaseData> BaldiHornikClaims() =>
        Catalogue.ForPaper(Landscape.Claims.PaperKey.BaldiHornik1989).Select(e => new TestCaseData(e.Claim).SetName(e.Claim.Id));

    // Shapes n-p-n with 2 ≤ n ≤ 4 and 1 ≤ p < n, each with a data seed, drawn from ShapeSeed.
    private static IEnumerable<TestCaseData> RandomInstancesMeetingTheHypotheses()
    {
        var rng = new Random(ShapeSeed);
        for (int k = 0; k < 10; k++)
        {
            int n = rng.Next(2, 5), p = rng.Next(1, n), seed = rng.Next(0, 100_000);
            int[] layers = [n, p, n];
            yield return new TestCaseData(layers, seed).SetName($"inside the hypotheses: widths {string.Join('-', layers)}, seed {seed}");
        }
    }

    private static Verdict Check(Claim claim, Instance instance) => claim.Decide(new ClaimInput(instance, StandardTheories.All));

    [TestCaseSource(nameof(Outside))]
    public void EachInstanceOutsideFailsExactlyTheHypothesesItIsBuiltToFail(Func<Instance> build, string[] fails)
    {
        var hypotheses = BaldiHornik.Hypotheses(build());
        Assert.That(hypotheses.Select(h => h.Name), Is.EqualTo(BaldiHornik.HypothesisNames), "every hypothesis decided, in the listed order");
        Assert.That(hypotheses.Where(h => !h.Holds).Select(h => h.Name), Is.EqualTo(fails), string.Join("; ", hypotheses.Select(h => $"{h.Name}: {h.Status} ({h.Detail})")));
    }

    [TestCaseSource(nameof(Outside))]
    public void EveryBaldiHornikClaimAnswersHypothesesNotMetNamingEachFailedHypothesis(Func<Instance> build, string[] fails)
    {
        var instance = build();
        foreach (var entry in Catalogue.ForPaper(Landscape.Claims.PaperKey.BaldiHornik1989))
        {
            var verdict = Check(entry.Claim, instance);
            Assert.That(verdict, Is.TypeOf<Verdict.HypothesesNotMet>(), $"{entry.Claim.Id}: {verdict.Reason}");
            var failed = ((Verdict.HypothesesNotMet)verdict).Failed;
            Assert.That(failed, Has.Count.EqualTo(fails.Length), entry.Claim.Id);
            for (int k = 0; k < fails.Length; k++)
            {
                Assert.That(failed[k], Does.StartWith(fails[k] + " ("), $"{entry.Claim.Id} names the hypothesis and what was found");
            }
        }
    }

    [Test]
    public void EveryHypothesisFailsInSomeSuiteCaseAndEachDataHypothesisButTheCascadingOneFailsAlone()
    {
        var cases = PaperInstances.OutsideBaldiHornik(Expectation.HypothesesNotMet).ToList();
        Assert.That(cases.SelectMany(c => c.Fails).Distinct(), Is.EquivalentTo(BaldiHornik.HypothesisNames));
        // A singular Σ_XX leaves Σ undefined, so its two hypotheses fail with it; every other one fails alone somewhere.
        var alone = cases.Where(c => c.Fails.Length == 1).Select(c => c.Fails[0]).Distinct();
        Assert.That(alone, Is.EquivalentTo(BaldiHornik.HypothesisNames.Where(h => h != BaldiHornik.InputsInvertible)));
    }

    [TestCaseSource(nameof(BaldiHornikClaims))]
    public void EveryBaldiHornikClaimStatesTheOneSharedHypothesisList(Claim claim) =>
        Assert.That(claim.Hypotheses, Is.SameAs(BaldiHornik.HypothesisNames));

    [TestCase(LinearDataKind.MeetsHypotheses, new string[0])]
    [TestCase(LinearDataKind.RankDeficientInputs, new[] { BaldiHornik.InputsInvertible, BaldiHornik.SigmaFullRank, BaldiHornik.SigmaDistinct })]
    [TestCase(LinearDataKind.RankDeficientCorrelation, new[] { BaldiHornik.SigmaFullRank })]
    [TestCase(LinearDataKind.RepeatedEigenvalues, new[] { BaldiHornik.SigmaDistinct })]
    public void TheExactDecisionsAgreeWithHowTheGeneratorBuiltΣ(LinearDataKind kind, string[] fails)
    {
        // The generator builds Σ = Q·D²·Qᵀ from a chosen diagonal D (a zero entry, a repeated entry, or neither) and a
        // square X (made singular on purpose): its construction is the oracle for the exact rank and square-free tests.
        for (int seed = 0; seed < 6; seed++)
        {
            int[] layers = seed % 2 == 0 ? [3, 2, 3] : [4, 1, 4];
            var hypotheses = BaldiHornik.Hypotheses(RationalLinearInstances.Generate(layers, kind, new Random(seed)));
            Assert.That(hypotheses.Where(h => !h.Holds).Select(h => h.Name), Is.EqualTo(fails), $"widths {string.Join('-', layers)}, seed {seed}");
        }
    }

    [TestCaseSource(nameof(RandomInstancesMeetingTheHypotheses))]
    public void InsideTheHypothesesTheConclusionsHold(int[] layers, int seed)
    {
        var instance = RationalLinearInstances.Generate(layers, LinearDataKind.MeetsHypotheses, new Random(seed));
        var failed = BaldiHornik.Hypotheses(instance).Where(h => !h.Holds).ToList();
        Assert.That(failed, Is.Empty, "the generator meets the hypotheses: " + string.Join("; ", failed.Select(h => h.Name)));
        // Baldi–Hornik's hypotheses contain Kawaguchi's for one hidden layer (Σ of full rank means XYᵀ of rank d_y ≤ d_x).
        Assert.That(DeepLinearTheory.KawaguchiHypotheses(instance).Where(h => !h.Holds).Select(h => h.Name), Is.Empty);

        foreach (var entry in Catalogue.ForPaper(Landscape.Claims.PaperKey.BaldiHornik1989))
        {
            var verdict = Check(entry.Claim, instance);
            Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), $"{entry.Claim.Id}: {verdict.Reason}");
        }

        // The conclusions by a second route: the exact loss at the top subset is the global minimum value
        // ½κ(tr YYᵀ − λ₁ − … − λ_p), and every other subset point (with or without C) lies strictly above it.
        var problem = DeepLinearProblem.TryCreate(instance)!;
        var global = DeepLinearTheory.GlobalMinimum(problem)!;
        Assert.That(global.IsExact, Is.True);
        var exact = new NetworkCalculus<Rational, RationalOps>(instance);
        var points = BaldiHornik.Points(problem)!;
        Assert.That(points.Where(p => p.Point.IsTop), Is.Not.Empty);
        foreach (var (label, point) in points)
        {
            var loss = exact.Loss(point.Theta);
            Assert.That(exact.Gradient(point.Theta), Is.All.EqualTo(Rational.Zero), label);
            if (point.IsTop)
            {
                Assert.That(loss, Is.EqualTo(global.Lower), label);
            }
            else
            {
                Assert.That(loss, Is.GreaterThan(global.Lower), label);
            }
        }
    }

    [Test]
    public void OnTheIssuesInstanceTheConclusionReallyBreaksSoTheHypothesesAreNeeded()
    {
        // X = I₂, Y = diag(1, 0), widths 2-2-2: Σ = diag(1, 0) has a zero eigenvalue and p = n. The subset I = {1} is not
        // the top-p subset {1, 2}, yet it reaches the global minimum 0: local-min is verified there. Without the gate the
        // claim refuted the theorem here; with it the answer is hypotheses-not-met.
        var instance = PaperInstances.OnIdentityInputs("issue", [2, 2, 2], [1, 0, 0, 0]);
        var one = BaldiHornik.Points(DeepLinearProblem.TryCreate(instance)!)!.Single(p => p.Label == "I = {1}").Point;
        Assert.That(one.IsTop, Is.False);
        var atOne = GenericClaims.LocalMin.Decide(new ClaimInput(instance.WithWeights(one.Theta), StandardTheories.All));
        Assert.That(atOne, Is.TypeOf<Verdict.Verified>(), atOne.Reason);
        Assert.That(Check(OnlyTopSubsetIsMinimum.Claim, instance), Is.TypeOf<Verdict.HypothesesNotMet>());
    }
}
