using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// <c>swirszcz2016.jellyfish-not-linearly-separable</c>: papers.md SCP-7 and §5.4. The jellyfish data (positives
/// (1, 0), (0.2, 0.6); negatives (0, 1), (0.6, 0.2)) are not linearly separable. Proved exactly by Farkas: weights
/// λ ≥ 0 summing to 1 with Σ λᵢ·(2yᵢ − 1)·(xᵢ, 1) = 0, i.e. a point in both classes' convex hulls (for jellyfish the
/// segments meet at s = t = 5/7). A separable dataset is refuted with a separating (w, b) and its exact margins.
/// </summary>
public sealed class JellyfishNotSeparable : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "swirszcz2016.jellyfish-not-linearly-separable", PaperKey.Swirszcz2016,
        "SCP-7: the two classes (targets 0 and 1) are not linearly separable: their convex hulls meet.",
        ["one output; every target is 0 or 1; both classes occur"], Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 7;

    /// <summary>Jellyfish (XOR-like, as published).</summary>
    public static Dataset Jellyfish { get; } = Points([1, 0, new(1, 5), new(3, 5), 0, 1, new(3, 5), new(1, 5)], [1, 1, 0, 0]);

    /// <summary>XOR, the standard four points (assumed: the paper does not print them).</summary>
    public static Dataset Xor { get; } = Points([0, 0, 1, 1, 0, 1, 1, 0], [0, 0, 1, 1]);

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("jellyfish", () => Of("jellyfish", Jellyfish), Expectation.Verified),
        new("XOR", () => Of("xor", Xor), Expectation.Verified),
        new("AND (separable)", () => Of("and", Points([0, 0, 0, 1, 1, 0, 1, 1], [0, 0, 0, 1])), Expectation.Refuted),
        new("jellyfish with (0.6, 0.2) moved to (−0.5, 0.9) (separable)", () => Of("jellyfish-moved", Points([1, 0, new(1, 5), new(3, 5), 0, 1, new(-1, 2), new(9, 10)], [1, 1, 0, 0])), Expectation.Refuted),
    ];

    private static Dataset Points(Rational[] x, Rational[] y) => new(y.Length, 2, 1, x, y);

    private static Instance Of(string name, Dataset data) => new(name, new NetworkSpec([data.InputWidth, 2, 1], Activation.Relu), LossKind.Sse, data, null);

    private static Verdict Decide(ClaimInput input)
    {
        var data = input.Instance.Data;
        var y = data.YExact;
        if (data.OutputWidth != 1 || y.Any(t => t != 0 && t != 1) || !y.Contains(Rational.Zero) || !y.Contains(Rational.One))
        {
            return new Verdict.HypothesesNotMet([.. Claim.Hypotheses]);
        }

        // Generators aᵢ = (sᵢxᵢ, sᵢ, 1) with sᵢ = 2yᵢ − 1; target (0, …, 0, 1). Member: λ ≥ 0 with Σλᵢsᵢ(xᵢ, 1) = 0 and Σλᵢ = 1.
        // Separated: y = (w, b, τ) with sᵢ(w·xᵢ + b) + τ ≥ 0 and τ < 0, so sᵢ(w·xᵢ + b) ≥ −τ > 0 for every sample.
        int d = data.InputWidth, n = data.Count;
        var generators = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            int s = y[i] == 1 ? 1 : -1;
            generators[i] = [.. Enumerable.Range(0, d).Select(k => s * data.XExact[(i * d) + k]), s, 1];
        }

        Rational[] target = [.. Enumerable.Repeat(Rational.Zero, d + 1), 1];
        return ConeMembership.Decide(generators, target, input.Work) switch
        {
            ConeAnswer.Member m => new Verdict.Verified(
                $"the convex hulls meet at {Meeting(data, m.Multipliers)}: weights λ = ({string.Join(", ", m.Multipliers)}) ≥ 0 put half their mass on each class at that common point",
                Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Point("hull weights λ", m.Multipliers))),
            ConeAnswer.Separated sep => new Verdict.Refuted(
                $"the hyperplane w = ({string.Join(", ", sep.Direction.Take(d))}), b = {sep.Direction[d]} separates the classes with margin ≥ {-sep.Direction[d + 1]} on every sample",
                Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Point("separating (w, b, −margin)", sep.Direction))),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
    }

    // The common point Σ_{positives} 2λᵢxᵢ (= Σ_{negatives} 2λᵢxᵢ).
    private static string Meeting(Dataset data, Rational[] lambda)
    {
        int d = data.InputWidth;
        var p = new Rational[d];
        for (int i = 0; i < data.Count; i++)
        {
            if (data.YExact[i] == 1)
            {
                for (int k = 0; k < d; k++)
                {
                    p[k] += 2 * lambda[i] * data.XExact[(i * d) + k];
                }
            }
        }

        return "(" + string.Join(", ", p) + ")";
    }
}
