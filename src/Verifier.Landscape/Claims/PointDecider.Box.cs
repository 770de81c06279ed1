using System.Diagnostics;
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

    private static Evidence BoxEvidence(BoxAnalysis b) => Evidence.Of(EvidenceMethod.IntervalKrawczyk, b.Evidence);

    // The exact definiteness test over the box, charged to the decision's budget first.
    private Definiteness Definite(Interval[,] h, int sign)
    {
        using var activity = _input.Work?.During($"the exact definiteness test of the {h.GetLength(0)}×{h.GetLength(0)} Hessian enclosure");
        return IntervalDefiniteness.Test(h, sign, _input.Work);
    }

    private Verdict BoxCriticalPoint()
    {
        var b = _box.Value;
        return b switch
        {
            BoxAnalysis.UniqueCriticalPoint => new Verdict.Verified(b.Reason, BoxEvidence(b)),
            BoxAnalysis.NoCriticalPoint => new Verdict.Refuted(b.Reason, BoxEvidence(b)),
            BoxAnalysis.Undecided => new Verdict.Inconclusive(b.Reason, BoxEvidence(b)),
            _ => throw new UnreachableException(),
        };
    }

    private Verdict BoxLocalMin(bool strict)
    {
        if (_box.Value is not BoxAnalysis.UniqueCriticalPoint b)
        {
            return NotUniquelyCritical(_box.Value);
        }

        var h = b.Hessian;
        var definite = Definite(h, +1);
        if (definite is Definiteness.Proved)
        {
            return new Verdict.Verified(
                "exactly one critical point lies within ρ and every Hessian over the box is positive definite: it is a strict local minimum",
                BoxEvidence(b).With(new EvidenceItem.PositiveDefiniteOverBox()));
        }

        if (CurvatureDirection(h, -1) is { } down)
        {
            return new Verdict.Refuted("the unique critical point within ρ has negative curvature: dᵀ·H·d < 0 for every Hessian over the box", BoxEvidence(b).With(down));
        }

        return new Verdict.Inconclusive(
            definite is Definiteness.Inconclusive skipped
                ? "the Hessian over the box is not proved positive definite because " + skipped.Reason
                : strict
                ? "the Hessian over the box is not provably positive definite (it may be singular, as on non-isolated critical sets, or the box too wide)"
                : "the Hessian over the box is neither provably positive definite nor provably negative along a direction",
            BoxEvidence(b));
    }

    private Verdict BoxSaddle()
    {
        if (_box.Value is not BoxAnalysis.UniqueCriticalPoint b)
        {
            return NotUniquelyCritical(_box.Value);
        }

        var h = b.Hessian;
        var down = CurvatureDirection(h, -1);
        var up = CurvatureDirection(h, +1);
        if (down is not null && up is not null)
        {
            return new Verdict.Verified(
                "the unique critical point within ρ has negative curvature along one direction and positive along another, for every Hessian over the box",
                BoxEvidence(b).With(down, up));
        }

        var positive = Definite(h, +1);
        if (positive is Definiteness.Proved)
        {
            return new Verdict.Refuted("a strict local minimum: every Hessian over the box is positive definite", BoxEvidence(b).With(new EvidenceItem.PositiveDefiniteOverBox()));
        }

        if (Definite(h, -1) is Definiteness.Proved)
        {
            return new Verdict.Refuted("a strict local maximum: every Hessian over the box is negative definite", BoxEvidence(b).With(new EvidenceItem.NegativeDefiniteOverBox()));
        }

        return new Verdict.Inconclusive(positive is Definiteness.Inconclusive skipped ? "the curvature over the box is not proved of one sign because " + skipped.Reason : "the curvature over the box is not provably of both signs", BoxEvidence(b));
    }

    private static Verdict NotUniquelyCritical(BoxAnalysis b) => b switch
    {
        BoxAnalysis.NoCriticalPoint => new Verdict.Refuted("no critical point lies within ρ: " + b.Reason, BoxEvidence(b)),
        BoxAnalysis.Undecided => new Verdict.Inconclusive(b.Reason, BoxEvidence(b)),
        _ => throw new UnreachableException("a unique critical point is decided by the caller"),
    };

    // A direction d (from the midpoint Hessian's extreme eigenvector) with sign(dᵀHd) = sign for every H in the box.
    private EvidenceItem.IntervalCurvatureDirection? CurvatureDirection(Interval[,] h, int sign) =>
        IntervalCurvature.ProvedDirection(h, sign, _input.EigenSolver ?? EigenSolvers.Managed) is { } proved
            ? new EvidenceItem.IntervalCurvatureDirection(sign < 0 ? DirectionKind.NegativeCurvature : DirectionKind.PositiveCurvature, [.. proved.Direction], proved.Bound)
            : null;

    private (bool Lower, string PointLoss, string WitnessLoss, EvidenceItem.Witness Item) CompareWithWitness(Instances.Instance witness, WitnessOrigin origin)
    {
        // The minimum's loss: exact at an exactly critical piecewise-linear point, otherwise the lower end of the
        // loss enclosure over the box holding the unique critical point.
        Rational pointLower;
        string pointText;
        if (_exact.Value is { } e)
        {
            // Any exact point (critical, or at a kink whose minimality the piecewise argument proved): its loss is exact.
            pointLower = e.Loss;
            pointText = e.Loss.ToString();
        }
        else
        {
            var loss = _box.Value is BoxAnalysis.UniqueCriticalPoint u ? u.Loss : throw new UnreachableException("a local minimum off an exact point was proved over a box with a unique critical point");
            pointLower = Rational.FromDouble(loss.Lo);
            pointText = $"≥ {loss.Lo:R}";
        }

        Rational witnessUpper;
        string witnessText;
        var weights = witness.Weights!;
        if (witness.HasExactLoss)
        {
            witnessUpper = new NetworkCalculus<Rational, RationalOps>(witness).Loss(weights);
            witnessText = witnessUpper.ToString();
        }
        else
        {
            var point = weights.Select(Interval.FromRational).ToArray();
            var loss = new NetworkCalculus<Interval, IntervalOps>(witness).Loss(point);
            witnessUpper = Rational.FromDouble(loss.Hi);
            witnessText = $"≤ {loss.Hi:R}";
        }

        var item = new EvidenceItem.Witness(LayerWeights.Of(witness.Network, weights), witnessUpper, pointLower, origin);
        return (witnessUpper < pointLower, pointText, witnessText, item);
    }
}
