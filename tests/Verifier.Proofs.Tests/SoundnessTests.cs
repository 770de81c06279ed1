using Verifier.Landscape.Claims;
using Verifier.Landscape.Theories;
using Verifier.Numerics.Native;
using Verifier.Proofs.Kawaguchi2016;
using Verifier.Symbolic;

namespace Verifier.Proofs.Tests;

/// <summary>Deliberately false statements the deep-linear machinery must refute (never verify).</summary>
public class SoundnessTests
{
    [Test]
    public void AFalseConclusionOverTheSurveyIsRefutedWithItsCounterexample()
    {
        // "Every examined critical point is a local minimum" is false on Kawaguchi's data (the origin is a saddle).
        var verdict = DeepLinearClaims.Decide(
            new ClaimInput(PaperInstances.Kawaguchi([2, 1, 2]), StandardTheories.All),
            (_, point) => point.LocalMin is Verdict.Verified ? null : point.LocalMin is Verdict.Refuted ? "not a local minimum" : DeepLinearClaims.Undecided,
            "every point is a local minimum");
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>());
        Assert.That(verdict.Reason, Does.Contain("counterexample"));
    }

    [Test]
    public void AFalseGlobalValueIsRefutedInTheSurvey()
    {
        // "No critical point has loss above the global minimum" is false: the I = {2} saddle has loss 2 > 1/2.
        var verdict = DeepLinearClaims.Decide(
            new ClaimInput(PaperInstances.Kawaguchi([2, 1, 2]), StandardTheories.All),
            (survey, point) => survey.AboveGlobalMinimum(point) ? $"loss {point.Loss} above the minimum" : null,
            "no point is above the minimum");
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>());
    }

    [Test]
    public void ZThreeRefutesAGapThatContainsACriticalValue()
    {
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
