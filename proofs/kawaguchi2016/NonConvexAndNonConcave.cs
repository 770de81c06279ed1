using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.non-convex-non-concave</c>: Kawaguchi (2016), Theorem 2.3 (i) and papers.md KAW-4. For depth ≥ 2
/// and XYᵀ ≠ 0 the loss is neither convex nor concave: along the line t ↦ t·A through the origin (A as for the bad
/// saddle) f(t) = L(tA) is an exact polynomial, and the proof exhibits rational t₁, t₂ with f″(t₁) &lt; 0 (so L is
/// not convex) and f″(t₂) &gt; 0 (so L is not concave), evaluated exactly.
/// </summary>
public sealed class NonConvexAndNonConcave : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.non-convex-non-concave", PaperKey.Kawaguchi2016,
        "The loss is neither convex nor concave (Theorem 2.3 i, KAW-4): exact second derivatives of opposite signs along one line.",
        DeepLinearClaims.OriginHypotheses("depth ≥ 2 (at least one hidden layer)"), Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 8;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.Verified),
        GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, Expectation.Verified),
        GeneratedCase([3, 2, 2, 3], LinearDataKind.RankDeficientInputs, 1, Expectation.Verified),
        KawaguchiCase([2, 2], Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        if (DeepLinearClaims.OriginGate(input.Instance, 2, "without a hidden layer the loss is a convex quadratic", input.Work, out var problem, out var origin) is { } gate)
        {
            return gate;
        }

        var (line, _) = DeepNetworksHaveABadSaddle.Curves(problem, origin);
        var second = ExactPolynomial.Derivative(ExactPolynomial.Derivative(line.Coefficients));

        // f″ near 0 has the sign of its lowest term, which is that of φ's falling term (order ≥ 2 after two derivatives
        // only when depth ≥ 3; for depth 2 it is the constant 2·c₂ < 0). Search t = ±2⁻ⁿ, then t = ±2ⁿ for the far side.
        var concaveAt = Search(second, -1, small: true);
        var convexAt = Search(second, +1, small: false);
        if (concaveAt is null || convexAt is null)
        {
            return new Verdict.Inconclusive("no rational t with f″(t) of each sign was found along the line");
        }

        return new Verdict.Verified(
            $"f(t) = L(tA) has f″({concaveAt}) = {ExactPolynomial.Evaluate(second, concaveAt.Value)} < 0 (not convex) and f″({convexAt}) = {ExactPolynomial.Evaluate(second, convexAt.Value)} > 0 (not concave)",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.SecondDerivativeSigns(
                line.Direction, concaveAt.Value, ExactPolynomial.Evaluate(second, concaveAt.Value), convexAt.Value, ExactPolynomial.Evaluate(second, convexAt.Value))));
    }

    private static Rational? Search(Rational[] poly, int sign, bool small)
    {
        for (int n = 0; n < 200; n++)
        {
            var magnitude = small ? new Rational(System.Numerics.BigInteger.One, System.Numerics.BigInteger.Pow(2, n)) : new Rational(System.Numerics.BigInteger.Pow(2, n));
            foreach (var t in new[] { magnitude, -magnitude })
            {
                if (ExactPolynomial.Evaluate(poly, t).Sign == sign)
                {
                    return t;
                }
            }
        }

        return null;
    }
}
