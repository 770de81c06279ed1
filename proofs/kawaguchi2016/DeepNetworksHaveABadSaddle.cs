using System.Diagnostics;
using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.deep-bad-saddle-at-origin</c>: Kawaguchi (2016), Corollary 2.4 (ii) and papers.md KAW-1. For depth
/// ≥ 3 (two or more hidden layers) and XYᵀ ≠ 0, the origin is a bad saddle: the gradient and the whole Hessian are
/// exactly zero, and along W_k = t·A_k (A routing an entry (i, j) with (YXᵀ)_{ij} ≠ 0 through one unit per layer) the
/// loss L(tA) is an exact polynomial whose lowest-order term t^depth falls on one side and, with the last factor's sign
/// flipped where depth is even, rises on the other.
/// </summary>
public sealed class DeepNetworksHaveABadSaddle : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.deep-bad-saddle-at-origin", PaperKey.Kawaguchi2016,
        "For depth ≥ 3 and XYᵀ ≠ 0 the origin is a saddle whose Hessian is zero: a bad saddle (Corollary 2.4 ii, KAW-1).",
        DeepLinearClaims.OriginHypotheses("depth ≥ 3 (at least two hidden layers)"), Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 7;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 2, 2, 2], Expectation.Verified),
        KawaguchiCase([2, 1, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2, 2], Expectation.Verified),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, 2, Expectation.Verified),
        GeneratedCase([3, 2, 2, 2, 3], LinearDataKind.RepeatedEigenvalues, 1, Expectation.Verified),
        KawaguchiCase([2, 1, 2], Expectation.HypothesesNotMet),
        SigmoidCase(Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        if (DeepLinearClaims.OriginGate(input.Instance, 3, "at least two hidden layers", input.Work, out var problem, out var origin) is { } gate)
        {
            return gate;
        }

        if (origin is ExactPointAnalysis.NotCritical notCritical)
        {
            return new Verdict.Refuted("the gradient at the origin is not zero", Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Gradient(notCritical.Gradient)));
        }

        if (origin is not ExactPointAnalysis.Critical exact)
        {
            throw new UnreachableException("a linear network has no kinks");
        }

        var inertia = new EvidenceItem.Inertia(exact.Inertia.Negative, exact.Inertia.Zero, exact.Inertia.Positive);
        if (!ExactMatrices.IsZero(exact.Hessian))
        {
            return new Verdict.Refuted("the Hessian at the origin is not zero", Evidence.Of(EvidenceMethod.ExactRational, inertia));
        }

        var (down, up) = Curves(problem, exact);
        return new Verdict.Verified(
            $"the gradient and Hessian at the origin are exactly zero, and L(tA) − L(0) has lowest-order term of order {down.Order}: it falls along one curve and rises along another, so the origin is a saddle with no negative curvature",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.ExactPoint(exact.Loss, GradientIsZero: true), inertia, down.Item(DirectionKind.Decreasing), up.Item(DirectionKind.Increasing)));
    }

    internal sealed record Line(Rational[] Direction, Rational[] Coefficients, int Order, Rational Step)
    {
        /// <summary>The line as evidence: direction, order, leading coefficient, step and the exact polynomial.</summary>
        public EvidenceItem.LineDirection Item(DirectionKind kind) => new(kind, Direction, Order, Coefficients[Order], Step, Coefficients);
    }

    // A through one unit per layer: A₁ = e₁e_jᵀ, middle e₁e₁ᵀ, last ±e_ie₁ᵀ with (YXᵀ)_ij ≠ 0; lowest term ∓κ·(YXᵀ)_ij·t^depth.
    internal static (Line Down, Line Up) Curves(DeepLinearProblem problem, ExactPointAnalysis origin)
    {
        var g = problem.YXt;
        var (gi, gj) = Enumerable.Range(0, g.GetLength(0)).SelectMany(i => Enumerable.Range(0, g.GetLength(1)).Select(j => (i, j))).First(ij => !g[ij.i, ij.j].IsZero);
        Line Build(Rational lastSign)
        {
            var net = problem.Network;
            var layers = new List<Rational[,]>();
            for (int k = 1; k <= net.Depth; k++)
            {
                var a = ExactMatrices.Zeros(net.Layers[k], net.Layers[k - 1]);
                a[k == net.Depth ? gi : 0, k == 1 ? gj : 0] = k == net.Depth ? lastSign : Rational.One;
                layers.Add(a);
            }

            var d = problem.Theta(layers);
            var c = origin.LossAlongLine(d);
            int order = ExactPolynomial.LowestNonZero(c, 1);
            return new Line(d, c, order, Rational.Zero);
        }

        var plus = Build(Rational.One);
        var minus = Build(Rational.MinusOne);
        Line WithStep(Line l, int wantedSign)
        {
            // Sign of φ(t) near 0 is sign(c_order·t^order): choose the sign of t, then halve until φ(t) has that sign.
            int leading = l.Coefficients[l.Order].Sign;
            int tSign = l.Order % 2 == 1 ? leading * wantedSign : 1;
            Rational t = tSign;
            while (ExactPolynomial.Evaluate(l.Coefficients, t).Sign != wantedSign)
            {
                t /= 2;
            }

            return l with { Step = t };
        }

        static bool Can(Line l, int sign) => l.Order % 2 == 1 || l.Coefficients[l.Order].Sign == sign;
        var down = WithStep(Can(plus, -1) ? plus : minus, -1);
        var up = WithStep(Can(plus, +1) ? plus : minus, +1);
        return (down, up);
    }
}
