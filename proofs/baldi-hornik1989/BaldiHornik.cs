using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;

namespace Verifier.Proofs.BaldiHornik1989;

/// <summary>
/// The setting of Baldi and Hornik (1989), papers.md §6 (the specification), shared by its claims:
/// E(A, B) = Σₜ‖yₜ − ABxₜ‖² with B ∈ ℝ^{p×n}, A ∈ ℝ^{n×p}, and its hypotheses stated completely, each decided exactly
/// in rationals:
/// <list type="number">
/// <item>the network is linear without biases with exactly one hidden layer, and the loss is squared (every loss kind
/// is; <c>sse</c> and <c>mse</c> differ by the factor κ, which changes no critical point);</item>
/// <item>d_x = d_y = n, the digest's shape (B ∈ ℝ^{p×n} takes inputs of dimension n);</item>
/// <item>p &lt; n, the bottleneck;</item>
/// <item>Σ_XX = XXᵀ is invertible;</item>
/// <item>Σ = Σ_YXΣ_XX⁻¹Σ_XY has full rank n (so every λᵢ &gt; 0; equivalently XYᵀ has rank n, which needs d_x ≥ n);</item>
/// <item>Σ has n distinct eigenvalues λ₁ &gt; … &gt; λ_n (its characteristic polynomial χ is square-free: gcd(χ, χ′) = 1).</item>
/// </list>
/// Instances with d_x ≠ d_y are outside the digest's statement and get hypotheses-not-met here, even where (d_x &gt; n)
/// Kawaguchi's Theorem 2.3 covers them: its claims (<c>kawaguchi2016.*</c>) decide those.
/// Outside these hypotheses the conclusions can fail: with p ≥ n or a zero eigenvalue of Σ a smaller subset reaches the
/// global minimum (X = I₂, Y = diag(1, 0), widths 2-2-2), and a repeated eigenvalue makes the top-p subset ambiguous.
/// </summary>
public static class BaldiHornik
{
    /// <summary>Seed of the random changes of basis C.</summary>
    public const int ChangeOfBasisSeed = 1;

    /// <summary>Hypothesis 1: the model of the theorem.</summary>
    public const string Setting = "the network is linear without biases with one hidden layer (depth 2), squared loss";

    /// <summary>Hypothesis 2: the shape of the digest's statement, inputs and outputs of one dimension n.</summary>
    public const string SameDimension = "d_x = d_y = n: B ∈ ℝ^{p×n} and A ∈ ℝ^{n×p}";

    /// <summary>Hypothesis 3: the bottleneck.</summary>
    public const string Bottleneck = "p < n: the hidden width p is below the output width n = d_y";

    /// <summary>Hypothesis 4: the inputs span ℝ^{d_x}.</summary>
    public const string InputsInvertible = "Σ_XX = XXᵀ is invertible";

    /// <summary>Hypothesis 5: no eigenvalue of Σ is zero.</summary>
    public const string SigmaFullRank = "Σ = Σ_YXΣ_XX⁻¹Σ_XY has full rank n";

    /// <summary>Hypothesis 6: the eigenvalues of Σ are simple.</summary>
    public const string SigmaDistinct = "Σ has n distinct eigenvalues";

    /// <summary>Every hypothesis of the theorem, in the order they are checked; shared by all Baldi–Hornik claims.</summary>
    public static IReadOnlyList<string> HypothesisNames { get; } = [Setting, SameDimension, Bottleneck, InputsInvertible, SigmaFullRank, SigmaDistinct];

    /// <summary>
    /// Each hypothesis decided exactly on the instance (ranks by exact elimination, distinct eigenvalues by a square-free
    /// characteristic polynomial), in the order of <see cref="HypothesisNames"/>. The data hypotheses are decided on the
    /// data even when the network is outside the setting; with a singular XXᵀ, Σ is undefined and its two hypotheses fail.
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <param name="budget">Charged for the exact computations, or null for no limit.</param>
    public static IReadOnlyList<Hypothesis> Hypotheses(Instance instance, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var net = instance.Network;
        bool linear = DeepLinearProblem.IsDeepLinear(net);
        bool squared = instance.Loss.IsSquared();
        var list = new List<Hypothesis>
        {
            Hypothesis.Decided(Setting, linear && net.Depth == 2 && squared, linear
                ? $"linear, {net.Depth} weight matrices, no biases, loss {Names.Of(instance.Loss)}"
                : $"activation {Names.Of(net.Activation)}, output {Names.Of(net.Output)}, bias {(net.Bias ? "true" : "false")}, {net.Depth} weight matrices, loss {Names.Of(instance.Loss)}"),
        };

        // Σ speaks of the data only: decide it on the linear network of the same widths with a squared loss when this
        // one is not linear or its loss is not squared.
        var problem = DeepLinearProblem.TryCreate(linear && squared ? instance : new Instance(instance.Name, new NetworkSpec(net.Layers, Activation.Linear, Activation.Linear, bias: false), LossKind.Sse, instance.Data, null), budget)!;
        int n = problem.OutputWidth, p = problem.NarrowestHidden;
        list.Add(Hypothesis.Decided(SameDimension, problem.InputWidth == n, $"d_x = {problem.InputWidth}, d_y = {n}"));
        list.Add(Hypothesis.Decided(Bottleneck, p < n, net.Depth == 2 ? $"p = {p}, n = {n}" : $"p = {p} (the narrowest of {net.Depth - 1} hidden layers), n = {n}"));
        int rankXX = ExactLinearAlgebra.Rank(problem.XXt, budget);
        list.Add(Hypothesis.Decided(InputsInvertible, problem.InputsFullRank, $"rank {rankXX} of {problem.InputWidth}"));
        if (!problem.InputsFullRank)
        {
            list.Add(Hypothesis.Decided(SigmaFullRank, false, "Σ is undefined: Σ_XX is singular"));
            list.Add(Hypothesis.Decided(SigmaDistinct, false, "Σ is undefined: Σ_XX is singular"));
            return list;
        }

        int rankSigma = ExactLinearAlgebra.Rank(problem.Sigma, budget);
        list.Add(Hypothesis.Decided(SigmaFullRank, rankSigma == n, $"rank {rankSigma} of {n}"));
        var chi = ExactLinearAlgebra.CharacteristicPolynomial(problem.Sigma, budget);
        bool distinct = ExactPolynomial.Degree(ExactPolynomial.Gcd(chi, ExactPolynomial.Derivative(chi), budget)) <= 0;
        list.Add(Hypothesis.Decided(SigmaDistinct, distinct, distinct
            ? "its characteristic polynomial χ is square-free: gcd(χ, χ′) = 1"
            : $"gcd(χ, χ′) has degree {ExactPolynomial.Degree(ExactPolynomial.Gcd(chi, ExactPolynomial.Derivative(chi)))}: a repeated eigenvalue"));
        return list;
    }

    /// <summary>
    /// The hypotheses-not-met verdict naming every failed hypothesis with what was found ("name (detail)"), or null when
    /// all hold.
    /// </summary>
    public static Verdict.HypothesesNotMet? NotMet(Instance instance, WorkBudget? budget = null) =>
        Hypotheses(instance, budget).Where(h => !h.Holds).ToList() is { Count: > 0 } failed
            ? new Verdict.HypothesesNotMet([.. failed.Select(h => $"{h.Name} ({h.Detail})")])
            : null;

    /// <summary>
    /// The gate and the subset points: a verdict when the claim cannot go on (a failed hypothesis, an irrational
    /// spectrum), else null with every subset point.
    /// </summary>
    public static Verdict? Prepare(Instance instance, WorkBudget? budget, out List<(string Label, SubsetPoint Point)> points)
    {
        points = [];
        if (NotMet(instance, budget) is { } notMet)
        {
            return notMet;
        }

        var problem = DeepLinearProblem.TryCreate(instance, budget)!;
        if (Points(problem) is not { } found)
        {
            return Irrational(problem);
        }

        points = found;
        return null;
    }

    /// <summary>Every subset point, plain and after a seeded change of basis; null without rational eigenvectors.</summary>
    public static List<(string Label, SubsetPoint Point)>? Points(DeepLinearProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var plain = DeepLinearTheory.SubsetCriticalPoints(problem);
        if (plain is null)
        {
            return null;
        }

        var rng = new Random(ChangeOfBasisSeed);
        var changed = DeepLinearTheory.SubsetCriticalPoints(problem, k => RationalLinearInstances.RandomInvertible(k, rng))!;
        return
        [
            .. plain.Select(p => ($"I = {p.SubsetText}", p)),
            .. changed.Where(p => p.Subset.Length > 0).Select(p => ($"I = {p.SubsetText}, C random", p)),
        ];
    }

    /// <summary>The inconclusive verdict when Σ's eigenvalues (and so the subset points) are not rational.</summary>
    public static Verdict.Inconclusive Irrational(DeepLinearProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new("Σ has irrational eigenvalues, so its eigenvectors (and the subset points) are not rational and cannot be built exactly",
            Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Eigenvalues([.. problem.Spectrum!.Select(r => new RationalEnclosure(r.Lower, r.Upper))])));
    }
}
