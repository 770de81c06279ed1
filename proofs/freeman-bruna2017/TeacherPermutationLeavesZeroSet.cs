using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.teacher-permutation-segment-leaves-zero-set</c>: Freeman and Bruna (2017) §2.3.1(b) on a
/// finite sample. The instance's point θ is a teacher whose own outputs are the targets (L(θ) = 0 exactly); θ_σ swaps
/// its hidden units 1 and 2 (rows of W₁, entries of b₁, columns of W₂), so L(θ_σ) = 0 too. The claim: the straight
/// segment (1 − t)θ + tθ_σ leaves the zero level set, i.e. L &gt; 0 at some t ∈ (0, 1). Decided exactly: each
/// pre-activation is linear in t, so between the rational t where one changes sign the loss is a polynomial of degree
/// at most 4, and it vanishes on such a piece exactly when it vanishes at 5 points of it. Verified with a t where
/// L &gt; 0; refuted when L = 0 at 5 points of every piece (the segment stays in the zero set).
/// </summary>
/// <remarks>
/// Only the straight segment is examined, on the instance's finite data: this does not show that every path between
/// θ and θ_σ leaves the zero set (the paper's statement for a density positive everywhere).
/// </remarks>
public sealed class TeacherPermutationLeavesZeroSet : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.teacher-permutation-segment-leaves-zero-set", PaperKey.FreemanBruna2017,
        "§2.3.1(b) on a finite sample: a teacher θ fits its own outputs (L(θ) = 0) and so does θ_σ with hidden units 1 and 2 swapped, but the straight segment between them leaves the zero level set (L > 0 somewhere, decided exactly); one path, not every path.",
        [
            "one hidden ReLU layer with at least two units, a linear output, a squared loss (mse or sse), and a point",
            "the point fits the data exactly: L(θ) = 0 (the targets are the teacher's own outputs)",
            "swapping hidden units 1 and 2 moves the point (θ_σ ≠ θ)",
        ],
        Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 7;

    /// <summary>A 2-3-1 ReLU teacher with biases and rational weights.</summary>
    public static Rational[] Teacher231 { get; } = [1, -1, new(1, 2), 2, -1, new(-1, 2), 0, new(1, 4), new(-1, 2), 2, -1, new(3, 2), new(1, 3)];

    /// <summary>A 2-2-1 ReLU teacher with biases: units (1, 0, b = 0) and (0, 1, b = −1/2), output weights 1 and −2.</summary>
    public static Rational[] Teacher221 { get; } = [1, 0, 0, 1, 0, new(-1, 2), 1, -2, 0];

    /// <summary>A 2-2-1 ReLU "teacher" whose units 1 and 2 have the same input weights and bias (output weights 1 and 2): the swap only exchanges output weights.</summary>
    public static Rational[] TiedTeacher221 { get; } = [1, 1, 1, 1, 0, 0, 1, 2, 0];

    /// <summary>Five rational inputs in ℝ².</summary>
    public static Rational[] Inputs { get; } = [1, 0, 0, 1, -1, 1, 2, 1, new(1, 2), -2];

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("2-3-1 ReLU teacher on its own outputs at 5 points", () => OnOwnOutputs("fb-teacher-2-3-1", [2, 3, 1], Teacher231), Expectation.Verified),
        new("2-2-1 ReLU teacher on its own outputs at 5 points", () => OnOwnOutputs("fb-teacher-2-2-1", [2, 2, 1], Teacher221), Expectation.Verified),
        new("2-2-1 teacher with tied units (the swap moves only output weights: the segment stays at zero)", () => OnOwnOutputs("fb-tied-teacher-2-2-1", [2, 2, 1], TiedTeacher221), Expectation.Refuted),
        new("2-3-1 teacher point on other targets (L(θ) > 0)", () => OnTargets("fb-teacher-2-3-1-other-targets", [2, 3, 1], Teacher231, [1, 1, 1, 1, 1]), Expectation.HypothesesNotMet),
    ];

    /// <summary>The teacher at its point on <see cref="Inputs"/>, with its own exact outputs as targets (loss mse).</summary>
    public static Instance OnOwnOutputs(string name, int[] layers, Rational[] theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        var net = new NetworkSpec(layers, Activation.Relu, Activation.Linear, bias: true);
        var probe = new Dataset(Inputs.Length / 2, 2, 1, Inputs, new Rational[Inputs.Length / 2]);
        var y = new NetworkCalculus<Rational, RationalOps>(net, LossKind.Mse, probe).Outputs(theta);
        return new Instance(name, net, LossKind.Mse, new Dataset(Inputs.Length / 2, 2, 1, Inputs, y), theta);
    }

    /// <summary>The teacher's point on <see cref="Inputs"/> with the given targets.</summary>
    public static Instance OnTargets(string name, int[] layers, Rational[] theta, Rational[] y) =>
        new(name, new NetworkSpec(layers, Activation.Relu, Activation.Linear, bias: true), LossKind.Mse, new Dataset(y.Length, 2, 1, Inputs, y), theta);

    /// <summary>θ with hidden units <paramref name="a"/> and <paramref name="b"/> of a one-hidden-layer network swapped.</summary>
    public static Rational[] Swap(NetworkSpec net, IReadOnlyList<Rational> theta, int a, int b)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(theta);
        var swapped = theta.ToArray();
        int n = net.InputWidth, w1 = net.WeightOffset(1), w2 = net.WeightOffset(2), hidden = net.Layers[1];
        for (int k = 0; k < n; k++)
        {
            (swapped[w1 + (a * n) + k], swapped[w1 + (b * n) + k]) = (theta[w1 + (b * n) + k], theta[w1 + (a * n) + k]);
        }

        if (net.Bias)
        {
            int b1 = net.BiasOffset(1);
            (swapped[b1 + a], swapped[b1 + b]) = (theta[b1 + b], theta[b1 + a]);
        }

        for (int o = 0; o < net.OutputWidth; o++)
        {
            (swapped[w2 + (o * hidden) + a], swapped[w2 + (o * hidden) + b]) = (theta[w2 + (o * hidden) + b], theta[w2 + (o * hidden) + a]);
        }

        return swapped;
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || net.Layers[1] < 2
            || instance.Loss is not (LossKind.Mse or LossKind.Sse) || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights.ToArray();
        var start = calculus.Loss(theta);
        if (!start.IsZero)
        {
            return new Verdict.HypothesesNotMet([$"{Claim.Hypotheses[1]}; here L(θ) = {start}"]);
        }

        var swapped = Swap(net, theta, 0, 1);
        if (swapped.SequenceEqual(theta))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[2]]);
        }

        var end = calculus.Loss(swapped);
        if (!end.IsZero)
        {
            throw new InvalidOperationException($"Internal error: the permuted teacher has loss {end}.");
        }

        Rational[] At(Rational t) => [.. theta.Zip(swapped, (p, q) => ((1 - t) * p) + (t * q))];

        // The pieces: every t ∈ (0, 1) where a hidden pre-activation (linear in t) changes sign.
        var z0 = calculus.PreActivations(theta)[0];
        var z1 = calculus.PreActivations(swapped)[0];
        var cuts = new SortedSet<Rational> { Rational.Zero, Rational.One };
        for (int k = 0; k < z0.Length; k++)
        {
            if (z0[k] != z1[k])
            {
                var t = z0[k] / (z0[k] - z1[k]);
                if (t > 0 && t < 1)
                {
                    cuts.Add(t);
                }
            }
        }

        var ends = cuts.ToList();
        var tried = new List<Rational> { new(1, 2) };
        for (int p = 0; p + 1 < ends.Count; p++)
        {
            for (int k = 1; k <= 5; k++)
            {
                tried.Add(ends[p] + ((ends[p + 1] - ends[p]) * new Rational(k, 6)));
            }
        }

        foreach (var t in tried)
        {
            input.Work?.Charge(theta.Length * instance.Data.Count);
            var loss = calculus.Loss(At(t));
            if (loss > 0)
            {
                return new Verdict.Verified(
                    $"L(θ) = L(θ_σ) = 0 exactly, and at t = {t} on the straight segment L = {loss} > 0 (exact): the segment leaves the zero level set (this says nothing of other paths)",
                    Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.SegmentLoss(start, end, t, loss), new EvidenceItem.Point("θ_σ", swapped)));
            }
        }

        return new Verdict.Refuted(
            $"L = 0 at 5 points of each of the {ends.Count - 1} pieces where the loss is a polynomial of degree ≤ 4 in t, so L = 0 on the whole segment from θ to θ_σ",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.SegmentLoss(start, end, new Rational(1, 2), calculus.Loss(At(new Rational(1, 2)))), new EvidenceItem.Point("θ_σ", swapped)));
    }
}
