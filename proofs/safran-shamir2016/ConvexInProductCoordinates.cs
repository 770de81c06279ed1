using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using static Verifier.Proofs.SafranShamir2016.SafranShamirInstances;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.convex-in-product-coordinates</c>: SS-6 (papers.md §1.4). For N(x) = Σᵢ vᵢ[⟨wᵢ, x⟩]₊ with every
/// vᵢ ≠ 0, fix the signs sᵢ = sign(vᵢ) and the activation pattern Aᵢₜ of the point; with uᵢ = |vᵢ|·wᵢ the output
/// N(xₜ) = Σᵢ sᵢAᵢₜ⟨uᵢ, xₜ⟩ is linear in U (checked exactly against the network on every sample), so on the pattern's
/// region the loss is a convex quadratic: ∇²_U L = s·JᵀJ (s = 1/m under mse), positive semidefinite by exact inertia.
/// </summary>
public sealed class ConvexInProductCoordinates : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.convex-in-product-coordinates", PaperKey.SafranShamir2016,
        "SS-6: on the point's activation region, N is linear in uᵢ = |vᵢ|·wᵢ and the loss is convex in U (∇²_U L = s·JᵀJ ⪰ 0).",
        ["one hidden ReLU layer without biases, a linear scalar output, a squared loss, a point with every vᵢ ≠ 0"], Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 6;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-4-1 ReLU, no biases, seed 1", () => Random([2, 4, 1], 6, 1), Expectation.Verified),
        new("3-10-1 ReLU, no biases, m = 12, seed 13", () => Random([3, 10, 1], 12, 13), Expectation.Verified),
        new("2-4-1 ReLU with biases (outside the paper's model), seed 4", () => Random([2, 4, 1], 6, 4, bias: true), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || net.Bias || net.OutputWidth != 1
            || instance.Loss is not (LossKind.Sse or LossKind.Mse) || instance.Weights is not { } theta
            || Enumerable.Range(0, net.Layers[1]).Any(j => theta[net.WeightOffset(2) + j].IsZero))
        {
            return new Verdict.HypothesesNotMet([.. Claim.Hypotheses]);
        }

        int m = instance.Data.Count, h = net.Layers[1], d = net.InputWidth;
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var z = calculus.PreActivations(theta)[0];
        var outputs = calculus.Outputs(theta);

        // J: m × (h·d), row t = (sᵢAᵢₜxₜ)ᵢ; N = J·U with uᵢ = |vᵢ|wᵢ.
        var j = new Rational[m, h * d];
        var u = new Rational[h * d];
        for (int i = 0; i < h; i++)
        {
            var v = theta[net.WeightOffset(2) + i];
            for (int k = 0; k < d; k++)
            {
                u[(i * d) + k] = v.Abs() * theta[(i * d) + k];
            }

            for (int t = 0; t < m; t++)
            {
                if (z[(t * h) + i].Sign > 0)
                {
                    for (int k = 0; k < d; k++)
                    {
                        j[t, (i * d) + k] = v.Sign * instance.Data.XExact[(t * d) + k];
                    }
                }
            }
        }

        var linear = ExactLinearAlgebra.Multiply(j, u);
        int bad = Enumerable.Range(0, m).FirstOrDefault(t => linear[t] != outputs[t], -1);
        if (bad >= 0)
        {
            return new Verdict.Refuted($"on sample {bad} the network gives {outputs[bad]} but Σ sᵢAᵢₜ⟨uᵢ, xₜ⟩ = {linear[bad]}", Evidence.Of(EvidenceMethod.ExactRational));
        }

        var scale = Landscape.Derivatives.LossScale.Of(instance.Loss, m);
        var hessian = ExactMatrices.Scale(ExactMatrices.Multiply(ExactMatrices.Transpose(j), j, input.Work), scale);
        var inertia = ExactLinearAlgebra.Inertia(hessian, input.Work);
        var evidence = Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Inertia(inertia.Negative, inertia.Zero, inertia.Positive));
        return inertia.Negative == 0
            ? new Verdict.Verified($"N = J·U exactly on all {m} samples, and ∇²_U L = s·JᵀJ has no negative eigenvalue ({inertia.Positive} positive, {inertia.Zero} zero): convex on the region", evidence)
            : new Verdict.Refuted("s·JᵀJ has a negative eigenvalue", evidence);
    }
}
