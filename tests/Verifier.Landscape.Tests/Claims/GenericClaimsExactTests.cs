using Verifier.Landscape.Claims;
using Verifier.Landscape.Theories;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>The generic claims decided exactly on linear and ReLU instances, including deliberately false ones.</summary>
public class GenericClaimsExactTests
{
    private static Verdict Check(Claim claim, Instance instance, Instance? witness = null) => claim.Decide(new ClaimInput(instance, StandardTheories.All, witness));

    private static Instance Regression(string w = "2", string b = "1") =>
        new("regression", new NetworkSpec([1, 1], Activation.Linear), LossKind.Mse, new Dataset(3, 1, 1, [0, 1, 2], [1, 3, 5]), [Rational.Parse(w), Rational.Parse(b)]);

    [Test]
    public void KawaguchisDepthThreeOriginIsACriticalSaddleAndNotALocalMinimum()
    {
        var origin = Origin(2, 2, 2, 2);
        Assert.That(Check(GenericClaims.CriticalPoint, origin), Is.TypeOf<Verdict.Verified>());
        var saddle = Check(GenericClaims.Saddle, origin);
        Assert.That(saddle, Is.TypeOf<Verdict.Verified>(), saddle.Reason);
        var min = Check(GenericClaims.LocalMin, origin);
        Assert.That(min, Is.TypeOf<Verdict.Refuted>(), min.Reason);
        Assert.That(Check(GenericClaims.StrictLocalMin, origin), Is.TypeOf<Verdict.Refuted>());
    }

    [Test]
    public void DecreasingLineEvidenceReplaysExactly()
    {
        // The evidence names a direction and a step; re-evaluating the loss there must show the decrease.
        var origin = Origin(2, 2, 2, 2);
        var min = (Verdict.Refuted)Check(GenericClaims.LocalMin, origin);
        var line = min.Evidence.Find<EvidenceItem.LineDirection>()!;
        Assert.That(line.Kind, Is.EqualTo(DirectionKind.Decreasing));
        var (d, t) = (line.Direction, line.Step);
        var exact = Exact(origin);
        var moved = origin.Weights!.Select((w, k) => w + t * d[k]).ToArray();
        Assert.That(exact.Loss(moved), Is.LessThan(exact.Loss(origin.Weights!)));
    }

    [Test]
    public void DepthTwoOriginIsAStrictSaddleWithAnExactNegativeCurvatureDirection()
    {
        var origin = Origin(2, 1, 2);
        Assert.That(Check(GenericClaims.Saddle, origin), Is.TypeOf<Verdict.Verified>());
        var min = (Verdict.Refuted)Check(GenericClaims.LocalMin, origin);
        var direction = min.Evidence.Find<EvidenceItem.CurvatureDirection>()!;
        Assert.That(direction.Kind, Is.EqualTo(DirectionKind.NegativeCurvature));
        var h = Exact(origin).Hessian(origin.Weights!);
        Assert.That(ExactLinearAlgebra.QuadraticForm(h, [.. direction.Direction]), Is.EqualTo(direction.Curvature));
        Assert.That(direction.Curvature.Sign, Is.EqualTo(-1));
    }

    [Test]
    public void BaldiHornikSaddleIsASaddleAndNotAMinimum()
    {
        var point = Linear([2, 1, 2], [0, 1, 0, 1]);
        Assert.That(Check(GenericClaims.Saddle, point), Is.TypeOf<Verdict.Verified>());
        Assert.That(Check(GenericClaims.LocalMin, point), Is.TypeOf<Verdict.Refuted>());
    }

    [Test]
    public void BaldiHornikGlobalMinimumIsNeverCalledASaddleAndIsNotStrict()
    {
        // A true (global, non-strict) minimum on a rescaling orbit.
        var point = Linear([2, 1, 2], [2, 0, 1, 0]);
        Assert.That(Check(GenericClaims.LocalMin, point), Is.Not.TypeOf<Verdict.Refuted>());
        Assert.That(Check(GenericClaims.Saddle, point), Is.Not.TypeOf<Verdict.Verified>());
        var strict = Check(GenericClaims.StrictLocalMin, point);
        Assert.That(strict, Is.TypeOf<Verdict.Refuted>(), strict.Reason);
        Assert.That(strict.Reason, Does.Contain("rescaling"));
    }

    [Test]
    public void LeastSquaresSolutionIsAStrictLocalMinimumAndNotASaddle()
    {
        var point = Regression();
        Assert.That(Check(GenericClaims.StrictLocalMin, point), Is.TypeOf<Verdict.Verified>());
        Assert.That(Check(GenericClaims.LocalMin, point), Is.TypeOf<Verdict.Verified>());
        Assert.That(Check(GenericClaims.Saddle, point), Is.TypeOf<Verdict.Refuted>());
    }

    [Test]
    public void PointAtAReluKinkIsDecidedPieceByPieceAndCriticalityStaysInconclusive()
    {
        // f = ReLU(x − 1) fits (1, 0), (2, 1) exactly with the unit at its kink on x = 1: loss 0, a global minimum.
        // There is no gradient at a kink, so critical-point is inconclusive naming it; local-min is verified by the
        // zero loss; strict-local-min is refuted by the rescaling orbit; saddle is refuted at the proved minimum.
        var net = new NetworkSpec([1, 1, 1], Activation.Relu);
        var instance = new Instance("kink", net, LossKind.Mse, new Dataset(2, 1, 1, [1, 2], [0, 1]), [1, -1, 1, 0]);
        var critical = Check(GenericClaims.CriticalPoint, instance);
        Assert.That(critical, Is.TypeOf<Verdict.Inconclusive>());
        Assert.That(critical.Reason, Does.Contain("kink"));
        Assert.That(Check(GenericClaims.LocalMin, instance), Is.TypeOf<Verdict.Verified>());
        Assert.That(Check(GenericClaims.StrictLocalMin, instance), Is.TypeOf<Verdict.Refuted>());
        Assert.That(Check(GenericClaims.Saddle, instance), Is.TypeOf<Verdict.Refuted>());

        // Moving the output bias off the fit makes the kink point a non-minimum: refuted with a falling polynomial.
        var moved = instance.WithWeights([1, -1, 1, new Rational(1, 3)]);
        var local = Check(GenericClaims.LocalMin, moved);
        Assert.That(local, Is.TypeOf<Verdict.Refuted>());
        Assert.That(((Verdict.Refuted)local).Evidence.Find<EvidenceItem.OneSidedDescent>()!.LeadingCoefficient.Sign, Is.LessThan(0));
    }

    [Test]
    public void BadLocalMinNeedsAWitnessThatIsActuallyLower()
    {
        var point = Regression();
        var notLower = Regression("2", "1");
        var verdict = Check(GenericClaims.BadLocalMin, point, notLower);
        Assert.That(verdict, Is.Not.TypeOf<Verdict.Verified>());
    }

    [Test]
    public void GlobalMinimumIsNotABadLocalMinimumEvenAfterAWitnessSearch()
    {
        // Linear least squares has no lower point: the search must come back empty-handed, never "verified".
        var verdict = Check(GenericClaims.BadLocalMin, Regression());
        Assert.That(verdict, Is.TypeOf<Verdict.Inconclusive>(), verdict.Reason);
        Assert.That(verdict.Reason, Does.Contain("witness"));
    }

    [Test]
    public void AWitnessWithOtherDataIsRejected()
    {
        var point = Regression();
        var other = new Instance("other", point.Network, point.Loss, new Dataset(3, 1, 1, [0, 1, 2], [1, 3, 6]), [0, 0]);
        Assert.That(() => Check(GenericClaims.BadLocalMin, point, other), Throws.ArgumentException);
    }

    [Test]
    public void ExactInertiaMatchesKnownSpectra()
    {
        Rational[,] indefinite = { { 0, 1 }, { 1, 0 } };
        Rational[,] semidefinite = { { 1, 1 }, { 1, 1 } };
        Rational[,] zeroDiagonal = { { 0, 2, 0 }, { 2, 0, 0 }, { 0, 0, -3 } };
        Assert.That(ExactLinearAlgebra.Inertia(indefinite), Is.EqualTo(new ExactInertia(1, 0, 1)));
        Assert.That(ExactLinearAlgebra.Inertia(semidefinite), Is.EqualTo(new ExactInertia(0, 1, 1)));
        Assert.That(ExactLinearAlgebra.Inertia(zeroDiagonal), Is.EqualTo(new ExactInertia(2, 0, 1)));
    }
}
