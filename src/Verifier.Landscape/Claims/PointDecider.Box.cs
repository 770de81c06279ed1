using Verifier.Landscape.Derivatives;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>The interval half of the decisions: the unique critical point within ρ, proved by Krawczyk's test.</summary>
internal sealed partial class PointDecider
{
    private readonly Lazy<BoxAnalysis> _box;

    private Verdict BoxCriticalPoint()
    {
        var b = _box.Value;
        return b.Criticality switch
        {
            BoxCriticality.UniqueCriticalPoint => new Verdict.Verified(b.Explanation, b.Evidence),
            BoxCriticality.NoCriticalPoint => new Verdict.Refuted(b.Explanation, b.Evidence),
            _ => new Verdict.Inconclusive(b.Explanation, b.Evidence),
        };
    }

    private Verdict BoxLocalMin(bool strict)
    {
        var b = _box.Value;
        if (NotUniquelyCritical(b) is { } v)
        {
            return v;
        }

        var h = b.Hessian!;
        var definite = IntervalDefiniteness.Test(h, +1);
        if (definite is Definiteness.Proved)
        {
            return new Verdict.Verified(
                "exactly one critical point lies within ρ and every Hessian over the box is positive definite: it is a strict local minimum",
                b.Evidence.With(new Fact("hessianOverBox", "positive definite (exact test of midpoint minus a bound of the radius)")));
        }

        if (CurvatureDirection(h, -1) is { } down)
        {
            return new Verdict.Refuted("the unique critical point within ρ has negative curvature: dᵀ·H·d < 0 for every Hessian over the box", b.Evidence.With(down));
        }

        return new Verdict.Inconclusive(
            definite is Definiteness.Inconclusive skipped
                ? "the Hessian over the box is not proved positive definite because " + skipped.Reason
                : strict
                ? "the Hessian over the box is not provably positive definite (it may be singular, as on non-isolated critical sets, or the box too wide)"
                : "the Hessian over the box is neither provably positive definite nor provably negative along a direction",
            b.Evidence);
    }

    private Verdict BoxSaddle()
    {
        var b = _box.Value;
        if (NotUniquelyCritical(b) is { } v)
        {
            return v;
        }

        var h = b.Hessian!;
        var down = CurvatureDirection(h, -1);
        var up = CurvatureDirection(h, +1);
        if (down is not null && up is not null)
        {
            return new Verdict.Verified(
                "the unique critical point within ρ has negative curvature along one direction and positive along another, for every Hessian over the box",
                b.Evidence.With(down).With(up));
        }

        var positive = IntervalDefiniteness.Test(h, +1);
        if (positive is Definiteness.Proved)
        {
            return new Verdict.Refuted("a strict local minimum: every Hessian over the box is positive definite", b.Evidence);
        }

        if (IntervalDefiniteness.Test(h, -1) is Definiteness.Proved)
        {
            return new Verdict.Refuted("a strict local maximum: every Hessian over the box is negative definite", b.Evidence);
        }

        return new Verdict.Inconclusive(positive is Definiteness.Inconclusive skipped ? "the curvature over the box is not proved of one sign because " + skipped.Reason : "the curvature over the box is not provably of both signs", b.Evidence);
    }

    private static Verdict? NotUniquelyCritical(BoxAnalysis b) => b.Criticality switch
    {
        BoxCriticality.NoCriticalPoint => new Verdict.Refuted("no critical point lies within ρ: " + b.Explanation, b.Evidence),
        BoxCriticality.Unknown => new Verdict.Inconclusive(b.Explanation, b.Evidence),
        _ => null,
    };

    // A direction d (from the midpoint Hessian's extreme eigenvector) with sign(dᵀHd) = sign for every H in the box.
    private Fact[]? CurvatureDirection(Interval[,] h, int sign)
    {
        int p = h.GetLength(0);
        var mid = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                mid[i, j] = h[Math.Min(i, j), Math.Max(i, j)].Midpoint;
            }
        }

        var solver = _input.EigenSolver ?? EigenSolvers.Managed;
        var eig = solver.Decompose(mid, vectors: true);
        var d = eig.Vector(sign < 0 ? 0 : p - 1);
        var q = IntervalCurvature.Along(h, d);
        bool proved = sign < 0 ? q.Hi < 0 : q.Lo > 0;
        if (!proved)
        {
            return null;
        }

        string name = sign < 0 ? "negativeCurvature" : "positiveCurvature";
        return [new Fact(name + "Direction", d), new Fact(name + "Bound", sign < 0 ? q.Hi : q.Lo)];
    }

    private (bool Lower, string PointLoss, string WitnessLoss, Fact[] Facts) CompareWithWitness(Instances.Instance witness)
    {
        // The minimum's loss: exact at an exactly critical piecewise-linear point, otherwise the lower end of the
        // loss enclosure over the box holding the unique critical point.
        Rational pointLower;
        string pointText;
        if (ExactAtPoint is { } e)
        {
            pointLower = e.Loss;
            pointText = e.Loss.ToString();
        }
        else
        {
            var loss = _box.Value.Loss!.Value;
            pointLower = Rational.FromDouble(loss.Lo);
            pointText = $"≥ {loss.Lo:R}";
        }

        Rational witnessUpper;
        string witnessText;
        if (witness.Network.IsPiecewiseLinear)
        {
            witnessUpper = new NetworkCalculus<Rational, RationalOps>(witness).Loss(witness.Weights!);
            witnessText = witnessUpper.ToString();
        }
        else
        {
            var point = witness.Weights!.Select(Interval.FromRational).ToArray();
            var loss = new NetworkCalculus<Interval, IntervalOps>(witness).Loss(point);
            witnessUpper = Rational.FromDouble(loss.Hi);
            witnessText = $"≤ {loss.Hi:R}";
        }

        bool lower = witnessUpper < pointLower;
        return (lower, pointText, witnessText, [new Fact("minimumLoss", pointText), new Fact("witnessLoss", witnessText), new Fact("witnessLower", lower)]);
    }
}
