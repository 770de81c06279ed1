using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Proofs.BaldiHornik1989;
using Verifier.Symbolic;

namespace Verifier.Proofs;

/// <summary>The instances the papers' claims are run on, built in code (papers.md §4.4, §6, §8.2, and seeded generators).</summary>
public static class PaperInstances
{
    /// <summary>X = I₂, Y = diag(2, 1) (samples as rows), loss sse: the digest's Kawaguchi/Baldi–Hornik instance.</summary>
    public static Dataset KawaguchiData() => new(2, 2, 2, [1, 0, 0, 1], [2, 0, 0, 1]);

    /// <summary>A linear network without biases with the given widths on Kawaguchi's data, at the origin (or at θ).</summary>
    public static Instance Kawaguchi(int[] layers, Rational[]? theta = null)
    {
        var net = DeepLinearNetwork(layers);
        return new Instance($"kawaguchi-{string.Join('-', layers)}", net, LossKind.Sse, KawaguchiData(),
            theta ?? [.. Enumerable.Repeat(Rational.Zero, net.ParameterCount)]);
    }

    /// <summary>
    /// KAW-5's point: widths 2-1-1-2, W₁ = (0, 1), W₂ = 1, W₃ = (0, 1)ᵀ, the Baldi–Hornik I = {2} saddle of a depth-3
    /// network (loss 2, rank(W₂) = 1 = p).
    /// </summary>
    public static Instance KawaguchiRankConditionSaddle() => Kawaguchi([2, 1, 1, 2], [0, 1, 1, 0, 1]);

    /// <summary>
    /// Rank-deficient inputs with a rational Σ: three samples x = (1,0,0), (0,1,0), (2,0,0) with targets y = (2,0), (0,1),
    /// (4,0). XXᵀ has rank 2 (the third input never varies), every target is a linear function of the inputs, and
    /// Σ = YXᵀ(XXᵀ)⁺XYᵀ = diag(20, 1).
    /// </summary>
    public static Instance RankDeficientInputs(int[] layers) =>
        new($"rank-deficient-{string.Join('-', layers)}", DeepLinearNetwork(layers), LossKind.Sse,
            new Dataset(3, 3, 2, [1, 0, 0, 0, 1, 0, 2, 0, 0], [2, 0, 0, 1, 4, 0]),
            [.. Enumerable.Repeat(Rational.Zero, DeepLinearNetwork(layers).ParameterCount)]);

    /// <summary>Y = [[1, 1], [0, 1]] with X = I₂: Σ = [[2, 1], [1, 1]] has the irrational eigenvalues (3 ± √5)/2.</summary>
    public static Instance IrrationalSpectrum(int[] layers) =>
        new($"irrational-{string.Join('-', layers)}", DeepLinearNetwork(layers), LossKind.Sse, new Dataset(2, 2, 2, [1, 0, 0, 1], [1, 0, 1, 1]), null);

    /// <summary>A seeded rational instance of the given kind (see <see cref="RationalLinearInstances"/>).</summary>
    public static Instance Generated(int[] layers, LinearDataKind kind, int seed) =>
        RationalLinearInstances.Generate(layers, kind, new Random(seed), LossKind.Sse, $"{Kebab(kind)}-{string.Join('-', layers)}-seed{seed}");

    /// <summary>A network outside the linear setting: Kawaguchi's data through a sigmoid hidden layer.</summary>
    public static Instance Sigmoid() =>
        new("sigmoid-2-1-2", new NetworkSpec([2, 1, 2], Activation.Sigmoid, Activation.Linear, bias: false), LossKind.Sse, KawaguchiData(), [0, 0, 0, 0]);

    /// <summary>The linear network without biases with these widths.</summary>
    public static NetworkSpec DeepLinearNetwork(int[] layers) => new(layers, Activation.Linear, Activation.Linear, bias: false);

    /// <summary>A suite case on the Kawaguchi instance.</summary>
    public static SuiteCase KawaguchiCase(int[] layers, Expectation expected) =>
        new($"X=I₂, Y=diag(2,1), widths {string.Join('-', layers)}", () => Kawaguchi(layers), expected);

    /// <summary>A suite case on a generated instance.</summary>
    public static SuiteCase GeneratedCase(int[] layers, LinearDataKind kind, int seed, Expectation expected) =>
        new($"{Kebab(kind)}, widths {string.Join('-', layers)}, seed {seed}", () => Generated(layers, kind, seed), expected);

    /// <summary>A suite case on <see cref="Sigmoid"/>, outside every linear theorem's setting.</summary>
    public static SuiteCase SigmoidCase(Expectation expected) => new("sigmoid hidden layer on X=I₂, Y=diag(2,1)", Sigmoid, expected);

    /// <summary>A suite case on <see cref="RankDeficientInputs"/> with widths 3-1-2.</summary>
    public static SuiteCase RankDeficientInputsCase(Expectation expected) =>
        new("rank-deficient inputs with Σ = diag(20, 1), widths 3-1-2", () => RankDeficientInputs([3, 1, 2]), expected);

    /// <summary>A suite case on <see cref="IrrationalSpectrum"/> with widths 2-1-2.</summary>
    public static SuiteCase IrrationalSpectrumCase(Expectation expected) =>
        new("irrational spectrum, widths 2-1-2", () => IrrationalSpectrum([2, 1, 2]), expected);

    /// <summary>A suite case on <see cref="KawaguchiRankConditionSaddle"/> (KAW-5's point).</summary>
    public static SuiteCase RankConditionSaddleCase(Expectation expected) =>
        new("KAW-5 point: widths 2-1-1-2, W₁=(0,1), W₂=1, W₃=(0,1)ᵀ", KawaguchiRankConditionSaddle, expected);

    /// <summary>
    /// Cases that meet every Baldi–Hornik hypothesis (one hidden layer, d_x = d_y = n, p &lt; n, invertible XXᵀ, Σ of full
    /// rank with distinct eigenvalues) and have rational eigenvectors, each expecting <paramref name="expected"/>: the
    /// paper's instance and three seeded instances.
    /// </summary>
    public static IEnumerable<SuiteCase> BaldiHornikCases(Expectation expected)
    {
        yield return KawaguchiCase([2, 1, 2], expected);
        yield return GeneratedCase([3, 2, 3], LinearDataKind.MeetsHypotheses, 1, expected);
        yield return GeneratedCase([4, 2, 4], LinearDataKind.MeetsHypotheses, 3, expected);
        yield return GeneratedCase([3, 1, 3], LinearDataKind.MeetsHypotheses, 6, expected);
    }

    /// <summary>
    /// Linear data with the inputs X = I₂ and the given targets (2 samples, as rows), through a network of these widths
    /// (linear without biases unless <paramref name="bias"/>), loss sse, without weights.
    /// </summary>
    public static Instance OnIdentityInputs(string name, int[] layers, Rational[] y, bool bias = false) =>
        new(name, new NetworkSpec(layers, Activation.Linear, Activation.Linear, bias), LossKind.Sse, new Dataset(2, 2, 2, [1, 0, 0, 1], y), null);

    /// <summary>
    /// Instances outside Baldi–Hornik's hypotheses, each with exactly the hypotheses it fails (every other one holds),
    /// as suite cases expecting <paramref name="expected"/>: every hypothesis fails alone in at least one of them (d_x &gt; n
    /// on data that meets every other hypothesis, the case Kawaguchi's Theorem 2.3 covers but the digest's statement does
    /// not), and the X = I₂, Y = diag(1, 0), widths 2-2-2 (where the top-subset conclusion really breaks) fails two.
    /// </summary>
    public static IEnumerable<(SuiteCase Case, string[] Fails)> OutsideBaldiHornik(Expectation expected)
    {
        string[] setting = [BaldiHornik.Setting], shape = [BaldiHornik.SameDimension], bottleneck = [BaldiHornik.Bottleneck], fullRank = [BaldiHornik.SigmaFullRank];
        yield return (SigmoidCase(expected), setting);
        yield return (new("bias on X=I₂, Y=diag(2,1), widths 2-1-2", () => OnIdentityInputs("bias-2-1-2", [2, 1, 2], [2, 0, 0, 1], bias: true), expected), setting);
        yield return (new("two hidden layers on X=I₂, Y=diag(2,1), widths 2-1-1-2", () => Kawaguchi([2, 1, 1, 2]), expected), setting);
        yield return (new("d_x > n: data meeting the other hypotheses, widths 4-2-3, seed 3", () => Generated([4, 2, 3], LinearDataKind.MeetsHypotheses, 3), expected), shape);
        yield return (new("d_x > n: data meeting the other hypotheses, widths 3-1-2, seed 6", () => Generated([3, 1, 2], LinearDataKind.MeetsHypotheses, 6), expected), shape);
        yield return (new("p = n: X=I₂, Y=diag(2,1), widths 2-2-2", () => Kawaguchi([2, 2, 2]), expected), bottleneck);
        yield return (new("p > n: X=I₂, Y=diag(2,1), widths 2-3-2", () => Kawaguchi([2, 3, 2]), expected), bottleneck);
        yield return (GeneratedCase([3, 2, 3], LinearDataKind.RankDeficientInputs, 1, expected), [BaldiHornik.InputsInvertible, BaldiHornik.SigmaFullRank, BaldiHornik.SigmaDistinct]);
        yield return (RankDeficientInputsCase(expected), [BaldiHornik.SameDimension, BaldiHornik.InputsInvertible, BaldiHornik.SigmaFullRank, BaldiHornik.SigmaDistinct]);
        yield return (new("rank-deficient Σ = diag(1,0): X=I₂, Y=diag(1,0), widths 2-1-2", () => OnIdentityInputs("sigma-rank-1-2-1-2", [2, 1, 2], [1, 0, 0, 0]), expected), fullRank);
        yield return (GeneratedCase([3, 2, 3], LinearDataKind.RankDeficientCorrelation, 1, expected), fullRank);
        yield return (new("d_x < n: Σ of rank 2 in ℝ³, widths 2-1-3", () => Generated([2, 1, 3], LinearDataKind.WideOutput, 1), expected), [BaldiHornik.SameDimension, BaldiHornik.SigmaFullRank]);
        yield return (new("repeated eigenvalue Σ = I₂: X=I₂, Y=I₂, widths 2-1-2", () => OnIdentityInputs("sigma-identity-2-1-2", [2, 1, 2], [1, 0, 0, 1]), expected), [BaldiHornik.SigmaDistinct]);
        yield return (GeneratedCase([3, 2, 3], LinearDataKind.RepeatedEigenvalues, 1, expected), [BaldiHornik.SigmaDistinct]);
        yield return (new("the issue's instance: X=I₂, Y=diag(1,0), widths 2-2-2", () => OnIdentityInputs("sigma-rank-1-2-2-2", [2, 2, 2], [1, 0, 0, 0]), expected), [BaldiHornik.Bottleneck, BaldiHornik.SigmaFullRank]);
    }

    /// <summary>Cases where one of Kawaguchi's hypotheses fails, each expecting <paramref name="expected"/>.</summary>
    public static IEnumerable<SuiteCase> FailingHypothesisCases(Expectation expected, int[]? layers = null)
    {
        var shape = layers ?? [3, 2, 3];
        yield return GeneratedCase(shape, LinearDataKind.RankDeficientInputs, 1, expected);
        yield return GeneratedCase(shape, LinearDataKind.RankDeficientCorrelation, 1, expected);
        yield return GeneratedCase(shape, LinearDataKind.RepeatedEigenvalues, 1, expected);
        yield return GeneratedCase([2, .. shape[1..^1], 3], LinearDataKind.WideOutput, 1, expected);
        yield return RankDeficientInputsCase(expected);
        yield return SigmoidCase(expected);
    }

    private static string Kebab(LinearDataKind kind) => kind switch
    {
        LinearDataKind.MeetsHypotheses => "meets-hypotheses",
        LinearDataKind.RankDeficientInputs => "rank-deficient-inputs",
        LinearDataKind.RankDeficientCorrelation => "rank-deficient-correlation",
        LinearDataKind.RepeatedEigenvalues => "repeated-eigenvalues",
        _ => "wide-output",
    };
}
