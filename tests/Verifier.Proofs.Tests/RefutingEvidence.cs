using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Proofs.Tests;

/// <summary>
/// One assertion per kind of refuting evidence of the papers' claims, read from the typed evidence items. Each checks
/// the refuting fact itself with exact arithmetic where it can (a counterexample is an exact critical point, a falling
/// line lowers the exact loss).
/// </summary>
internal static class RefutingEvidence
{
    /// <summary>The hypothesis is reported as failing.</summary>
    public static void FailedHypothesis(Verdict.Refuted verdict, string hypothesis)
    {
        var outcome = Item<EvidenceItem.Hypotheses>(verdict.Evidence).Outcomes.SingleOrDefault(o => o.Hypothesis == hypothesis);
        Assert.That(outcome, Is.Not.Null, $"the hypothesis '{hypothesis}' is listed");
        Assert.That(outcome!.Status, Is.EqualTo(HypothesisStatus.Fails), hypothesis);
    }

    /// <summary>The survey's counterexample: a labelled point whose exact gradient is zero; returns its weights.</summary>
    public static Rational[] SurveyCounterexample(Verdict.Refuted verdict, Instance instance)
    {
        var counterexample = Item<EvidenceItem.Counterexample>(verdict.Evidence);
        Assert.That(counterexample.Label, Is.Not.Empty);
        var weights = counterexample.Theta.ToArray();
        Assert.That(new NetworkCalculus<Rational, RationalOps>(instance).Gradient(weights), Is.All.EqualTo(Rational.Zero), "the counterexample is an exact critical point");
        return weights;
    }

    /// <summary>A direction d with dᵀHd &lt; 0: exact at an exact critical point, an interval bound over the box otherwise.</summary>
    public static void NegativeCurvature(Verdict.Refuted verdict)
    {
        var exact = verdict.Evidence.Items.OfType<EvidenceItem.CurvatureDirection>().FirstOrDefault(d => d.Kind == DirectionKind.NegativeCurvature);
        var overBox = verdict.Evidence.Items.OfType<EvidenceItem.IntervalCurvatureDirection>().FirstOrDefault(d => d.Kind == DirectionKind.NegativeCurvature);
        Assert.That(exact is not null || overBox is not null, Is.True, "the direction of negative curvature");
        if (overBox is not null)
        {
            Assert.That(overBox.Bound, Is.LessThan(0), "dᵀHd < 0 for every Hessian over the box");
        }
        else
        {
            Assert.That(exact!.Curvature, Is.LessThan(Rational.Zero), "the exact dᵀHd");
        }
    }

    /// <summary>A line θ + t·d along which the exact loss falls: checked by evaluating the loss at the reported step.</summary>
    public static void DecreasingLine(Evidence evidence, Instance instance)
    {
        var line = evidence.Items.OfType<EvidenceItem.LineDirection>().FirstOrDefault(l => l.Kind == DirectionKind.Decreasing)
            ?? throw new AssertionException("the evidence has no decreasing line");
        var d = line.Direction;
        var t = line.Step;
        var theta = instance.Weights!;
        var exact = new NetworkCalculus<Rational, RationalOps>(instance);
        Assert.That(exact.Loss([.. theta.Select((w, k) => w + t * d[k])]), Is.LessThan(exact.Loss(theta)), "the loss at the reported step is below the loss at the point");
    }

    /// <summary>
    /// Along the reported line f(t) = L(t·d), a midpoint inequality f(t−h) + f(t+h) &lt; 2f(t) at the reported point of
    /// negative second derivative (not convex) and &gt; 2f(t) at the point of positive second derivative (not concave),
    /// with exact losses; h = 2⁻ⁿ is halved until it shows (a negative f″ shows for every small enough h).
    /// </summary>
    public static void NeitherConvexNorConcave(Evidence evidence, Instance instance)
    {
        var signs = Item<EvidenceItem.SecondDerivativeSigns>(evidence);
        var exact = new NetworkCalculus<Rational, RationalOps>(instance);
        Rational F(Rational t) => exact.Loss([.. signs.Direction.Select(x => t * x)]);
        Assert.That(MidpointSign(F, signs.NegativeAt, -1), Is.True, "a midpoint above the chord: not convex");
        Assert.That(MidpointSign(F, signs.PositiveAt, +1), Is.True, "a midpoint below the chord: not concave");
    }

    // Halvings of h tried for the midpoint inequality (the second difference has the sign of f″(t) once h² dominates).
    private const int MidpointHalvings = 64;

    private static bool MidpointSign(Func<Rational, Rational> f, Rational t, int sign)
    {
        Rational h = Rational.One;
        for (int n = 0; n < MidpointHalvings; n++, h /= 2)
        {
            if ((f(t - h) + f(t + h) - 2 * f(t)).Sign == sign)
            {
                return true;
            }
        }

        return false;
    }

    private static T Item<T>(Evidence evidence)
        where T : EvidenceItem =>
        evidence.Find<T>() ?? throw new AssertionException($"the evidence has no {typeof(T).Name} item: {string.Join(", ", evidence.Items.Select(i => i.GetType().Name))}");
}
