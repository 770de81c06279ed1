using Verifier.Landscape.Certificates;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Theories;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>
/// The rigorous layer on smooth networks, and the catalogue of deliberately false statements that must never be
/// verified or certified.
/// </summary>
public class SoundnessTests
{
    private static Verdict Check(Claim claim, Instance instance, Instance? witness = null, double? radius = null) =>
        claim.Decide(new ClaimInput(instance, StandardTheories.All, witness, radius));

    [Test]
    public void AWitnessFromTheBuiltInSearchIsReportedWithItsWeightsAndReplays()
    {
        // Without --witness, bad-local-min searches; whatever it compares with is reported whole (weights, loss bound,
        // seed and starts), so re-evaluating the loss at the reported weights gives the reported bound.
        var point = SmoothPoints.FukumizuStrictMinimum();
        var verdict = Check(GenericClaims.BadLocalMin, point);
        var evidence = verdict switch
        {
            Verdict.Verified v => v.Evidence,
            Verdict.Inconclusive { Evidence: { } e } => e,
            _ => throw new AssertionException($"unexpected verdict {verdict.Word}: {verdict.Reason}"),
        };
        var witness = evidence.Find<EvidenceItem.Witness>()!;
        Assert.That(witness.Origin, Is.EqualTo(new WitnessOrigin.Search(Optimization.RandomStartWitnessSearch.Seed, Optimization.RandomStartWitnessSearch.Starts, Optimization.RandomStartWitnessSearch.Method)));
        var theta = witness.Weights.SelectMany(l => l.W.SelectMany(row => row).Concat(l.B)).ToArray();
        Assert.That(theta, Has.Length.EqualTo(point.Network.ParameterCount));
        var loss = new Derivatives.NetworkCalculus<Numerics.Intervals.Interval, Derivatives.IntervalOps>(point).Loss([.. theta.Select(Numerics.Intervals.Interval.FromRational)]);
        Assert.That(Rational.FromDouble(loss.Hi), Is.EqualTo(witness.LossUpperBound));
    }

    [Test]
    public void StrictMinimumOfASigmoidNetworkIsVerifiedByIntervals()
    {
        var min = SmoothPoints.FukumizuStrictMinimum();
        Assert.That(Check(GenericClaims.CriticalPoint, min), Is.TypeOf<Verdict.Verified>());
        var strict = Check(GenericClaims.StrictLocalMin, min);
        Assert.That(strict, Is.TypeOf<Verdict.Verified>(), strict.Reason);
        Assert.That(Check(GenericClaims.LocalMin, min), Is.TypeOf<Verdict.Verified>());
        Assert.That(Check(GenericClaims.Saddle, min), Is.TypeOf<Verdict.Refuted>());
    }

    [Test]
    public void TanhOriginIsAVerifiedSaddleAndNeverAMinimum()
    {
        var saddle = SmoothPoints.TanhOriginSaddle();
        var verdict = Check(GenericClaims.Saddle, saddle);
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        Assert.That(Check(GenericClaims.StrictLocalMin, saddle), Is.Not.TypeOf<Verdict.Verified>());
        Assert.That(Check(GenericClaims.LocalMin, saddle), Is.TypeOf<Verdict.Refuted>());
    }

    // The catalogue of false statements: each (claim, instance) pair is false, so the verdict must never be
    // "verified", and no certificate of it may be accepted.
    private static IEnumerable<TestCaseData> FalseStatements()
    {
        yield return new TestCaseData(GenericClaims.LocalMin, SmoothPoints.TanhOriginSaddle(), null).SetName("A saddle claimed to be a minimum (tanh origin)");
        yield return new TestCaseData(GenericClaims.StrictLocalMin, ExactPoints.Origin(2, 1, 2), null).SetName("A saddle claimed to be a strict minimum (linear 2-1-2 origin)");
        yield return new TestCaseData(GenericClaims.CriticalPoint, Moved(SmoothPoints.FukumizuStrictMinimum(), 1e-3), null).SetName("A point moved 1e-3 off a minimum claimed critical");
        yield return new TestCaseData(GenericClaims.StrictLocalMin, Moved(SmoothPoints.FukumizuStrictMinimum(), 1e-3), null).SetName("A point moved 1e-3 off a minimum claimed a strict minimum");
        yield return new TestCaseData(GenericClaims.BadLocalMin, SmoothPoints.FukumizuStrictMinimum(), Moved(SmoothPoints.FukumizuStrictMinimum(), 1e-2)).SetName("A bad minimum whose witness is not lower");
        yield return new TestCaseData(GenericClaims.StrictLocalMin, ExactPoints.Origin(2, 2, 2, 2), null).SetName("A degenerate point claimed strict (Kawaguchi's depth-3 origin)");
        yield return new TestCaseData(GenericClaims.LocalMin, ExactPoints.Origin(2, 2, 2, 2), null).SetName("Kawaguchi's bad saddle claimed a minimum (zero Hessian)");
        yield return new TestCaseData(GenericClaims.StrictLocalMin, ExactPoints.Linear([2, 1, 2], [2, 0, 1, 0]), null).SetName("A point on a rescaling orbit claimed a strict minimum (Baldi–Hornik)");
        yield return new TestCaseData(GenericClaims.Saddle, SmoothPoints.FukumizuStrictMinimum(), null).SetName("A strict minimum claimed to be a saddle");
    }

    [TestCaseSource(nameof(FalseStatements))]
    public void FalseStatementIsNeverVerified(Claim claim, Instance instance, Instance? witness)
    {
        var verdict = Check(claim, instance, witness);
        Assert.That(verdict, Is.Not.TypeOf<Verdict.Verified>(), verdict.Reason);
    }

    [Test]
    public void PointMovedOffAMinimumIsRefutedAsCritical()
    {
        var verdict = Check(GenericClaims.CriticalPoint, Moved(SmoothPoints.FukumizuStrictMinimum(), 1e-3));
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
    }

    [Test]
    public void CertificateOfASigmoidStrictMinimumIsAccepted()
    {
        var result = CertificateWriter.Certify(InstanceFile.Format(SmoothPoints.FukumizuStrictMinimum()), null, null);
        Assert.That(result, Is.TypeOf<CertifyResult.Certified>(), result.Reason);
        var certified = (CertifyResult.Certified)result;
        Assert.That(certified.Statement, Is.EqualTo(CertificateStatements.StrictLocalMin), result.Reason);
        var check = CertificateChecker.Check(certified.Json);
        Assert.That(check.Valid, Is.True, check.Reason);
    }

    [Test]
    public void CertificateOfATanhSaddleIsAccepted()
    {
        var result = CertificateWriter.Certify(InstanceFile.Format(SmoothPoints.TanhOriginSaddle()), null, null);
        Assert.That(result, Is.TypeOf<CertifyResult.Certified>(), result.Reason);
        var certified = (CertifyResult.Certified)result;
        Assert.That(certified.Statement, Is.EqualTo(CertificateStatements.StrictSaddle), result.Reason);
        Assert.That(CertificateChecker.Check(certified.Json).Valid, Is.True);
    }

    [Test]
    public void NoCertificateIsWrittenForAPointOffTheCriticalPoint()
    {
        var result = CertificateWriter.Certify(InstanceFile.Format(Moved(SmoothPoints.FukumizuStrictMinimum(), 1e-3)), null, null);
        Assert.That(result, Is.TypeOf<CertifyResult.NoCriticalPoint>(), result.Reason);
    }

    internal static Instance Moved(Instance instance, double by) =>
        instance.WithWeights([.. instance.Weights!.Select((w, k) => w + Rational.FromDouble(k % 2 == 0 ? by : -by))]);
}
