using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;

namespace Verifier.Proofs.Tests;

/// <summary>Instances where one hypothesis fails, generated and shrunk: the theorem's claims answer hypotheses-not-met.</summary>
public class HypothesisFailureSearchTests
{
    private static IEnumerable<TestCaseData> Kinds() =>
        HypothesisFailureSearch.Kinds.Keys.SelectMany(k => new[] { 1, 2, 3 }.Select(seed => new TestCaseData(k, seed)));

    [TestCaseSource(nameof(Kinds))]
    public void ShrunkInstanceIsolatesTheFailureAndNoConclusionBreaks(string kind, int seed)
    {
        var found = HypothesisFailureSearch.Run(kind, seed);
        var hypotheses = DeepLinearTheory.KawaguchiHypotheses(found.Instance);
        Assert.That(hypotheses.Single(h => h.Name == HypothesisFailureSearch.Kinds[kind].Hypothesis).Holds, Is.False);
        Assert.That(found.ShrinkSteps, Is.GreaterThan(0), "the generated instance should shrink at least once");
        foreach (var v in found.Verdicts)
        {
            Assert.That(v.Verdict, Is.TypeOf<Verdict.HypothesesNotMet>(), $"{v.ClaimId}: {v.Verdict.Reason}");
        }

        Assert.That(found.ConclusionBreaks, Is.False);
    }

    [Test]
    public void SearchIsDeterministicInItsSeed()
    {
        var a = HypothesisFailureSearch.Run("repeated-eigenvalues", 7);
        var b = HypothesisFailureSearch.Run("repeated-eigenvalues", 7);
        Assert.That(InstanceFile.Format(a.Instance), Is.EqualTo(InstanceFile.Format(b.Instance)));
    }

    [Test]
    public void UnknownKindIsRejected() =>
        Assert.That(() => HypothesisFailureSearch.Run("no-such-kind", 1), Throws.ArgumentException.With.Message.Contains("unknown search kind"));
}
