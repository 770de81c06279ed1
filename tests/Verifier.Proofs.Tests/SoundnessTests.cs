using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Theories;
using Verifier.Numerics.Native;
using Verifier.Proofs.BaldiHornik1989;
using Verifier.Proofs.Kawaguchi2016;
using Verifier.Symbolic;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Deliberately false statements about the papers' settings, each refuted with the fact that refutes it (checked by
/// <see cref="RefutingEvidence"/>). <c>kawaguchi2016.hypotheses</c> is refuted directly on data that fails a hypothesis.
/// The other paper claims are true theorems, so no instance refutes them (one would be a counterexample to a published
/// theorem or a bug in its checker): each is held to the negation of its conclusion instead, decided by the machinery its
/// checker is built on (the survey of exact critical points, the curves through the origin, Z3, the generic local-min).
/// Two have no false statement of their own that their method could refute: <c>freeman-bruna2017.linear-no-bottleneck-
/// no-poor-minima</c> (optimisation runs can exhibit a poor minimum but never exclude one, and linear networks have none
/// to exhibit) and <c>kawaguchi2016.relu-path-expectation</c> (an exact identity of path sums, checked by its suite).
/// </summary>
public class SoundnessTests
{
    private static IEnumerable<TestCaseData> DataFailingOneHypothesis()
    {
        var failing = PaperInstances.FailingHypothesisCases(Expectation.Refuted).ToList();
        string[] failed =
        [
            "XXᵀ has full rank",
            "XYᵀ has full rank",
            "Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues",
            "d_y ≤ d_x",
            "XXᵀ has full rank",
            "the network is linear without biases (squared loss)",
        ];
        Assert.That(failing, Has.Count.EqualTo(failed.Length), "one failed hypothesis per case");
        return failing.Select((c, k) => new TestCaseData(c.Build, failed[k]).SetName($"kawaguchi2016.hypotheses is refuted on {c.Name}, naming '{failed[k]}'"));
    }

    [TestCaseSource(nameof(DataFailingOneHypothesis))]
    public void HypothesesClaimIsRefutedNamingTheFailedHypothesis(Func<Landscape.Instances.Instance> build, string hypothesis)
    {
        var verdict = Hypotheses.Claim.Decide(new ClaimInput(build(), StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        RefutingEvidence.FailedHypothesis((Verdict.Refuted)verdict, hypothesis);
    }

    [Test]
    public void EveryExaminedCriticalPointIsALocalMinimumIsRefutedWithNegativeCurvature()
    {
        // Against every-local-min-is-global, rank-condition-gives-negative-curvature and one-hidden-layer-no-bad-saddles:
        // "every examined critical point is a local minimum" (so every saddle would be bad) is false on Kawaguchi's data,
        // where the origin is a saddle with a direction of negative curvature.
        var instance = PaperInstances.Kawaguchi([2, 1, 2]);
        var verdict = DeepLinearClaims.Decide(
            new ClaimInput(instance, StandardTheories.All),
            (_, point) => point.LocalMin switch
            {
                Verdict.Verified => null,
                Verdict.Refuted => "not a local minimum",
                _ => DeepLinearClaims.Undecided,
            },
            "every point is a local minimum");
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        var weights = RefutingEvidence.SurveyCounterexample((Verdict.Refuted)verdict, instance);
        var atCounterexample = GenericClaims.LocalMin.Decide(new ClaimInput(instance.WithWeights(weights), StandardTheories.All));
        Assert.That(atCounterexample, Is.TypeOf<Verdict.Refuted>(), atCounterexample.Reason);
        RefutingEvidence.NegativeCurvature((Verdict.Refuted)atCounterexample);
    }

    [Test]
    public void NoCriticalPointAboveTheGlobalMinimumIsRefutedInTheSurvey()
    {
        // Against global-minimum-value and non-global-critical-points-are-saddles: "no critical point has loss above the
        // global minimum value" is false, the I = {2} saddle has loss 2 > 1/2 = ½(tr YYᵀ − λ₁) = ½(5 − 4).
        var instance = PaperInstances.Kawaguchi([2, 1, 2]);
        var verdict = DeepLinearClaims.Decide(
            new ClaimInput(instance, StandardTheories.All),
            (survey, point) => survey.AboveGlobalMinimum(point) ? $"loss {point.Loss} above the minimum" : null,
            "no point is above the minimum");
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        var weights = RefutingEvidence.SurveyCounterexample((Verdict.Refuted)verdict, instance);
        Assert.That(new NetworkCalculus<Rational, RationalOps>(instance).Loss(weights), Is.GreaterThan(new Rational(1, 2)));
    }

    [Test]
    public void NoExaminedCriticalPointIsASaddleIsRefutedInTheSurvey()
    {
        // Against non-global-critical-points-are-saddles: "no examined critical point is a saddle" is false on a depth-3
        // network, whose origin is a (bad) saddle.
        var instance = PaperInstances.Kawaguchi([2, 2, 2, 2]);
        var verdict = DeepLinearClaims.Decide(
            new ClaimInput(instance, StandardTheories.All),
            (_, point) => point.Saddle is Verdict.Verified ? "a saddle" : null,
            "no point is a saddle");
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        RefutingEvidence.SurveyCounterexample((Verdict.Refuted)verdict, instance);
    }

    [Test]
    public void TheDepthThreeOriginIsALocalMinimumIsRefutedByTheBadSaddlesFallingCurve()
    {
        // Against deep-bad-saddle-at-origin: its gradient and Hessian vanish, yet "the origin is a local minimum" is
        // false; the claim's own evidence holds a line along which the exact loss falls.
        var origin = PaperInstances.Kawaguchi([2, 2, 2, 2]);
        var verdict = DeepNetworksHaveABadSaddle.Claim.Decide(new ClaimInput(origin, StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        RefutingEvidence.DecreasingLine(((Verdict.Verified)verdict).Evidence, origin);
    }

    [Test]
    public void TheLossIsConvexAndTheLossIsConcaveAreRefutedAlongTheClaimsLine()
    {
        // Against non-convex-non-concave: the claim's evidence refutes both "L is convex" and "L is concave" with exact
        // midpoint inequalities along its line.
        var instance = PaperInstances.Kawaguchi([2, 1, 2]);
        var verdict = NonConvexAndNonConcave.Claim.Decide(new ClaimInput(instance, StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        RefutingEvidence.NeitherConvexNorConcave(((Verdict.Verified)verdict).Evidence, instance);
    }

    [Test]
    public void EveryBaldiHornikSubsetPointIsALocalMinimumIsRefutedAtEachNonTopSubset()
    {
        // Against critical-points and only-top-subset-is-minimum: every non-top subset point (with and without a change
        // of basis) is exactly critical, and "it is a local minimum" is refuted there with negative curvature.
        var instance = PaperInstances.Generated([3, 2, 3], LinearDataKind.MeetsHypotheses, 1);
        var points = BaldiHornik.Points(DeepLinearProblem.TryCreate(instance)!)!;
        var nonTop = points.Where(p => !p.Point.IsTop).ToList();
        Assert.That(nonTop, Is.Not.Empty);
        foreach (var (label, point) in nonTop)
        {
            var at = instance.WithWeights(point.Theta);
            Assert.That(new NetworkCalculus<Rational, RationalOps>(at).Gradient(point.Theta), Is.All.EqualTo(Rational.Zero), label);
            var verdict = GenericClaims.LocalMin.Decide(new ClaimInput(at, StandardTheories.All));
            Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), $"{label}: {verdict.Reason}");
            RefutingEvidence.NegativeCurvature((Verdict.Refuted)verdict);
        }
    }

    [Test]
    public void ZThreeRefutesAGapThatContainsACriticalValue()
    {
        // Against critical-value-gap: a gap that contains a critical value is refuted by Z3 ("sat": a critical point in it).
        using var z3 = Z3Solver.TryCreate(out var missing);
        Assume.That(z3, Is.Not.Null, $"Z3 is not installed: {missing}");
        var instance = PaperInstances.Kawaguchi([2, 1, 2]);
        // Critical values on this instance: 1/2 (global), 2 (I = {2}) and 5/2 (the origin).
        Assert.That(CriticalValueGap.Ask(z3!, instance, new Rational(1, 2), 2), Is.EqualTo("unsat"));
        Assert.That(CriticalValueGap.Ask(z3!, instance, new Rational(1, 2), 3), Is.EqualTo("sat"), "2 is a critical value in (1/2, 3)");
        Assert.That(CriticalValueGap.Ask(z3!, instance, 2, 3), Is.EqualTo("sat"), "5/2 is a critical value in (2, 3)");
    }

    [Test]
    public void ZThreeErrorsComeBackAsTextInsteadOfEndingTheProcess()
    {
        using var z3 = Z3Solver.TryCreate(out var missing);
        Assume.That(z3, Is.Not.Null, $"Z3 is not installed: {missing}");
        Assert.That(z3!.Evaluate("(declare-const x Real)(assert (> x 1.0))(check-sat)").Trim(), Is.EqualTo("sat"));
        Assert.That(z3.Evaluate("(declare-const x Real)(check-sat)"), Does.Contain("(error"));
        Assert.That(z3.Evaluate("(reset)(declare-const x Real)(assert (< (* x x) 0.0))(check-sat)").Trim(), Is.EqualTo("unsat"));
    }

    [Test]
    public void SmtLibWritesExactRationalsAndQuotedNames()
    {
        Assert.That(SmtLib.Number(new Rational(-3, 4)), Is.EqualTo("(- (/ 3.0 4.0))"));
        Assert.That(SmtLib.Symbol("W1[0,1]"), Is.EqualTo("|W1[0,1]|"));
        Assert.That(SmtLib.Symbol("x1"), Is.EqualTo("x1"));
        Assert.That(() => SmtLib.Term(Expr.Exp(Expr.Variable("x"))), Throws.TypeOf<NotSupportedException>());
    }
}
