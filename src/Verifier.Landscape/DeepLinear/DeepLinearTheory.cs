using Verifier.Landscape.Networks;
using Verifier.Landscape.Claims;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.DeepLinear;

/// <summary>One hypothesis of a theorem, decided on an instance.</summary>
/// <param name="Name">The hypothesis in words, e.g. "XXᵀ has full rank".</param>
/// <param name="Status">Whether it holds.</param>
/// <param name="Detail">What was found, e.g. "rank 2 of 2".</param>
/// <param name="Margin">Near-tolerance when the float64 path decided it within a factor 100 of its tolerance (not reliable either way).</param>
public sealed record Hypothesis(string Name, HypothesisStatus Status, string Detail, HypothesisMargin Margin = HypothesisMargin.Clear)
{
    /// <summary>True when the hypothesis holds.</summary>
    public bool Holds => Status == HypothesisStatus.Holds;

    /// <summary>The hypothesis decided by a test that held or not.</summary>
    public static Hypothesis Decided(string name, bool holds, string detail, HypothesisMargin margin = HypothesisMargin.Clear) =>
        new(name, holds ? HypothesisStatus.Holds : HypothesisStatus.Fails, detail, margin);

    /// <summary>This hypothesis as an evidence entry.</summary>
    public HypothesisOutcome Outcome => new(Name, Status, Detail, Margin);
}

/// <summary>The global minimum value of a deep linear network's loss, enclosed exactly (Lower = Upper when exact).</summary>
/// <param name="Lower">A rational lower bound.</param>
/// <param name="Upper">A rational upper bound.</param>
/// <param name="Rank">r = min over the widths: the rank bound of the end-to-end map.</param>
public sealed record GlobalMinimumValue(Rational Lower, Rational Upper, int Rank)
{
    /// <summary>
    /// Longest "p/q" shown alone in text: about the 17 significant digits a double prints, plus sign and slash, so
    /// longer fractions get a decimal approximation in front that a reader can take in at a glance.
    /// </summary>
    public const int ShortExactLength = 24;

    /// <summary>True when the value is known exactly.</summary>
    public bool IsExact => Lower == Upper;

    /// <summary>The value as an exact enclosure, for evidence.</summary>
    public RationalEnclosure Enclosure => new(Lower, Upper);

    /// <summary>The value exactly, for evidence: "p/q", or "[lo, hi]" with rational bounds.</summary>
    public string ExactText => IsExact ? Lower.ToString() : $"[{Lower}, {Upper}]";

    /// <summary>
    /// The value as text: "p/q" when exact (with a decimal approximation first when p/q is long), "[lo, hi]" (decimal
    /// approximations of the exact bounds, rounded outward) otherwise.
    /// </summary>
    public override string ToString()
    {
        if (!IsExact)
        {
            return $"[{Math.BitDecrement(Lower.ToDouble()):R}, {Math.BitIncrement(Upper.ToDouble()):R}]";
        }

        var exact = Lower.ToString();
        return exact.Length <= ShortExactLength ? exact : $"≈{Lower.ToDouble():R} (exactly {exact})";
    }
}

/// <summary>An eigenvector of Σ with its exact eigenvalue (rational spectra only).</summary>
/// <param name="Value">The eigenvalue.</param>
/// <param name="Vector">A rational eigenvector (not normalised).</param>
public sealed record ExactEigenpair(Rational Value, Rational[] Vector);

/// <summary>
/// The theory of deep linear networks made executable: Kawaguchi's hypotheses, the global minimum value
/// ½κ(tr YYᵀ − Σ_{i≤r} λᵢ), exact minimisers, the Baldi–Hornik critical points for every subset of eigenvectors
/// (any depth, by factorising the end-to-end map), and an exact proof that a point is a global minimum.
/// </summary>
public static class DeepLinearTheory
{
    /// <summary>
    /// Default relative distance within which <see cref="SnapToCriticalPoint"/> accepts an exact critical point: an
    /// optimiser's output converged to full double precision lies within about 1e-8 of the critical point it approaches
    /// (gradient tolerance over the smallest curvature), so 1e-6 leaves a margin of 100 for ill-conditioned data while
    /// still rejecting a different critical point, which lies at a distance of order ‖θ‖.
    /// </summary>
    public const double SnapMaxRelativeDistance = 1e-6;

    /// <summary>
    /// Relative width of the interval in which a float entry is replaced by the simplest rational: about 4500 units of
    /// double rounding, wide enough to absorb an optimiser's last-digit noise, narrow enough that the snapped point
    /// moves by far less than <see cref="SnapMaxRelativeDistance"/>.
    /// </summary>
    public const double SnapRoundingWidth = 1e-12;

    /// <summary>
    /// Singular values of the float end-to-end map below this multiple of the largest count as zero when its column
    /// space is formed: well above the rounding of a product of a few float layers (about 1e-15 relative), well below
    /// the gaps of the data's spectra that an exact critical point keeps or drops.
    /// </summary>
    public const double ColumnSpaceRankTolerance = 1e-8;

    /// <summary>
    /// An eigenvector of Σ counts as lying in that column space when its residual is below this fraction of its norm:
    /// far above the float noise of an optimiser's layers (about 1e-8 relative, which tilts the column space by as
    /// much), far below the residual of an eigenvector outside the span (of order 1 for orthogonal eigenvectors).
    /// </summary>
    public const double ColumnSpaceResidualTolerance = 1e-6;

    /// <summary>
    /// Largest number of eigenvector subsets enumerated: 2⁸, so every subset of Σ's eigenvectors is listed for
    /// d_y ≤ 8, while 2^d_y beyond that would list more critical points than a report can show.
    /// </summary>
    public const int MaxSubsets = 256;

    /// <summary>
    /// Kawaguchi's hypotheses (Theorem 2.3), decided exactly: the setting (linear, no biases, squared loss),
    /// XXᵀ and XYᵀ of full rank, d_y ≤ d_x, and Σ with d_y distinct eigenvalues (its characteristic polynomial is
    /// square-free: gcd(χ, χ′) = 1, no floating eigenvalues involved).
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <param name="budget">Charged for the exact eliminations, or null for no limit.</param>
    public static IReadOnlyList<Hypothesis> KawaguchiHypotheses(Instances.Instance instance, Verifier.Numerics.Budgets.WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return UseExact(instance) ? KawaguchiHypotheses(instance, new DeepLinearProblem(instance, budget)) : FloatHypotheses.Check(instance);
    }

    /// <summary>The same hypotheses for a problem already built (its exact matrices are reused, not recomputed).</summary>
    public static IReadOnlyList<Hypothesis> KawaguchiHypotheses(DeepLinearProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return UseExact(problem.Instance) ? KawaguchiHypotheses(problem.Instance, problem) : FloatHypotheses.Check(problem.Instance);
    }

    private static List<Hypothesis> KawaguchiHypotheses(Instances.Instance instance, DeepLinearProblem p)
    {
        var list = new List<Hypothesis>();
        var net = instance.Network;
        bool setting = DeepLinearProblem.IsDeepLinear(net) && instance.Loss.IsSquared();
        list.Add(Hypothesis.Decided("the network is linear without biases (squared loss)", setting,
            setting ? $"linear, {net.Depth} weight matrices, no biases, loss {instance.Loss.ToString().ToLowerInvariant()}"
                    : $"activation {net.Activation.ToString().ToLowerInvariant()}, output {net.Output.ToString().ToLowerInvariant()}, bias {(net.Bias ? "true" : "false")}, loss {Names.Of(instance.Loss)}"));
        int dx = p.InputWidth, dy = p.OutputWidth;
        int rankXX = ExactLinearAlgebra.Rank(p.XXt, p.Budget);
        list.Add(Hypothesis.Decided("XXᵀ has full rank", rankXX == dx, $"rank {rankXX} of {dx}"));
        int rankXY = ExactLinearAlgebra.Rank(p.XYt, p.Budget);
        int full = Math.Min(dx, dy);
        list.Add(Hypothesis.Decided("XYᵀ has full rank", rankXY == full, $"rank {rankXY} of {full}"));
        list.Add(Hypothesis.Decided("d_y ≤ d_x", dy <= dx, $"d_y = {dy}, d_x = {dx}"));
        if (!p.InputsFullRank)
        {
            list.Add(Hypothesis.Decided("Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues", false, "Σ is undefined: XXᵀ is singular"));
        }
        else
        {
            var chi = ExactLinearAlgebra.CharacteristicPolynomial(p.Sigma, p.Budget);
            var repeated = ExactPolynomial.Gcd(chi, ExactPolynomial.Derivative(chi), p.Budget);
            bool distinct = ExactPolynomial.Degree(repeated) <= 0;
            list.Add(Hypothesis.Decided("Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues", distinct,
                distinct ? "its characteristic polynomial is square-free" : $"gcd(χ, χ′) has degree {ExactPolynomial.Degree(repeated)}: {ExactPolynomial.Degree(repeated)} repeated eigenvalue(s)"));
        }

        return list;
    }

    /// <summary>
    /// Data up to this many input plus output dimensions (and <see cref="ExactSampleLimit"/> samples) is decided
    /// exactly; larger data in float64. The exact eliminations on the d_x×d_x and d_y×d_y matrices cost a cube of the
    /// size in rationals whose digits grow with it, so the limit is a few times the widths of the papers' instances.
    /// </summary>
    public const int ExactDimensionLimit = 24;

    /// <summary>
    /// Most samples decided exactly: forming XXᵀ, YXᵀ and YYᵀ takes N·(d_x + d_y)² rational products, so 4096 samples
    /// at <see cref="ExactDimensionLimit"/> keep that to a few million.
    /// </summary>
    public const int ExactSampleLimit = 4096;

    /// <summary>True when the hypotheses of this instance are decided in exact arithmetic (small data), false for the float64 path.</summary>
    public static bool UseExact(Instances.Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Data.InputWidth + instance.Data.OutputWidth <= ExactDimensionLimit && instance.Data.Count <= ExactSampleLimit;
    }

    /// <summary>
    /// The global minimum value κ·½(tr YYᵀ − Σ_{i≤r} λᵢ) with r = min over the widths and λ the eigenvalues of Σ in
    /// descending order (Eckart–Young after whitening by (XXᵀ)^{1/2}); exact when the sum is rational (r ≥ d_y, or
    /// rational top eigenvalues), a rigorous enclosure otherwise. With singular XXᵀ the same formula holds with the
    /// pseudo-inverse (the loss sees W only on the inputs' span). Never null.
    /// </summary>
    public static GlobalMinimumValue? GlobalMinimum(DeepLinearProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return RankConstrainedMinimum(problem, problem.MaxRank);
    }

    /// <summary>
    /// The least loss over end-to-end maps of rank at most <paramref name="rank"/>: κ·½(tr YYᵀ − Σ_{i≤rank} λᵢ), the
    /// same Eckart–Young value as <see cref="GlobalMinimum"/> with the rank bound lowered (exact when the sum is
    /// rational, a rigorous enclosure otherwise). Every point whose end-to-end map has rank ≤ <paramref name="rank"/>
    /// has loss at least its <see cref="GlobalMinimumValue.Lower"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative rank.</exception>
    public static GlobalMinimumValue RankConstrainedMinimum(DeepLinearProblem problem, int rank)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        int r = rank;
        var trace = ExactMatrices.Trace(problem.YYt);
        Rational lo, hi;
        if (r >= problem.OutputWidth)
        {
            lo = hi = ExactMatrices.Trace(problem.Sigma);
        }
        else
        {
            (lo, hi) = (Rational.Zero, Rational.Zero);
            int taken = 0;
            foreach (var root in problem.Spectrum)
            {
                if (taken == r)
                {
                    break;
                }

                int take = Math.Min(root.Multiplicity, r - taken);
                lo += root.Lower * take;
                hi += root.Upper * take;
                taken += take;
            }
        }

        var k = problem.LossScale / 2;
        return new GlobalMinimumValue(k * (trace - hi), k * (trace - lo), r);
    }

    /// <summary>
    /// The eigenpairs of Σ in descending order of eigenvalue (one per multiplicity), or null when XXᵀ is singular
    /// or some eigenvalue is irrational.
    /// </summary>
    public static IReadOnlyList<ExactEigenpair>? ExactEigenpairs(DeepLinearProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Spectrum.Any(r => !r.IsExact))
        {
            return null;
        }

        var pairs = new List<ExactEigenpair>();
        int n = problem.OutputWidth;
        foreach (var root in problem.Spectrum)
        {
            var shifted = ExactMatrices.Subtract(problem.Sigma, ExactMatrices.Scale(ExactMatrices.Identity(n), root.Value));
            var basis = ExactMatrices.NullSpace(shifted);
            for (int c = 0; c < basis.GetLength(1); c++)
            {
                pairs.Add(new ExactEigenpair(root.Value, [.. Enumerable.Range(0, n).Select(i => basis[i, c])]));
            }
        }

        return pairs;
    }

    /// <summary>
    /// The critical point W = P_U·W* for a Σ-invariant subspace spanned by the columns of U (d_y×k, full column
    /// rank, k ≤ r), factorised through the network's widths: W_1 = [C⁻¹B; 0], middle layers [I_k 0; 0 0],
    /// W_{H+1} = [U·C 0], with B = (UᵀU)⁻¹UᵀW* and an optional change of basis C ∈ GL(k) (Baldi–Hornik's orbit).
    /// </summary>
    /// <exception cref="ArgumentException">k exceeds the rank bound, U is rank deficient, or C is singular or the wrong size.</exception>
    public static Rational[] SubspaceCriticalPoint(DeepLinearProblem problem, Rational[,] u, Rational[,]? c = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(u);
        var wStar = problem.WStar;
        int k = u.GetLength(1);
        if (k > problem.MaxRank)
        {
            throw new ArgumentException($"A subspace of dimension {k} does not fit through the narrowest width {problem.MaxRank}.", nameof(u));
        }

        var ut = ExactMatrices.Transpose(u);
        var gramInverse = ExactMatrices.Inverse(ExactMatrices.Multiply(ut, u)) ?? throw new ArgumentException("U must have full column rank.", nameof(u));
        var a = u;
        var b = ExactMatrices.Multiply(ExactMatrices.Multiply(gramInverse, ut), wStar);
        if (c is not null)
        {
            var cInverse = (c.GetLength(0) == k ? ExactMatrices.Inverse(c) : null) ?? throw new ArgumentException($"C must be an invertible {k}×{k} matrix.", nameof(c));
            a = ExactMatrices.Multiply(a, c);
            b = ExactMatrices.Multiply(cInverse, b);
        }

        var net = problem.Network;
        var layers = new List<Rational[,]>();
        for (int layer = 1; layer <= net.Depth; layer++)
        {
            int rows = net.Layers[layer], cols = net.Layers[layer - 1];
            var w = ExactMatrices.Zeros(rows, cols);
            if (layer > 1 && layer < net.Depth)
            {
                for (int i = 0; i < k; i++)
                {
                    w[i, i] = Rational.One;
                }
            }

            if (net.Depth == 1)
            {
                w = ExactMatrices.Multiply(a, b);
            }
            else if (layer == 1)
            {
                CopyInto(w, b);
            }
            else if (layer == net.Depth)
            {
                CopyInto(w, a);
            }

            layers.Add(w);
        }

        return problem.Theta(layers);
    }

    /// <summary>
    /// Every Baldi–Hornik critical point W = P_{U_I}·W*, one for each subset I of Σ's eigenvectors with |I| ≤ r (the
    /// empty subset is W = 0), in order of subset size then index; null without an exact eigenbasis. At most
    /// <see cref="MaxSubsets"/> subsets.
    /// </summary>
    public static IReadOnlyList<SubsetPoint>? SubsetCriticalPoints(DeepLinearProblem problem, Func<int, Rational[,]?>? changeOfBasis = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pairs = ExactEigenpairs(problem);
        if (pairs is null)
        {
            return null;
        }

        var points = new List<SubsetPoint>();
        int n = pairs.Count;
        foreach (var subset in Subsets(n, Math.Min(problem.MaxRank, n)))
        {
            if (points.Count >= MaxSubsets)
            {
                break;
            }

            var u = new Rational[problem.OutputWidth, subset.Length];
            for (int j = 0; j < subset.Length; j++)
            {
                for (int i = 0; i < problem.OutputWidth; i++)
                {
                    u[i, j] = pairs[subset[j]].Vector[i];
                }
            }

            var theta = SubspaceCriticalPoint(problem, u, subset.Length > 0 ? changeOfBasis?.Invoke(subset.Length) : null);
            var sum = subset.Aggregate(Rational.Zero, (s, i) => s + pairs[i].Value);
            var value = problem.LossScale / 2 * (ExactMatrices.Trace(problem.YYt) - sum);
            bool top = subset.Length == Math.Min(problem.MaxRank, n) && IsTop(pairs, subset);
            points.Add(new SubsetPoint([.. subset.Select(i => i + 1)], theta, value, top));
        }

        return points;
    }

    /// <summary>
    /// The exact global minimiser U_rU_rᵀ·W* factorised through the widths, or null when XXᵀ is singular or Σ's top
    /// eigenvalues are irrational.
    /// </summary>
    public static Rational[]? GlobalMinimiser(DeepLinearProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pairs = ExactEigenpairs(problem);
        if (pairs is null)
        {
            return null;
        }

        int r = Math.Min(problem.MaxRank, pairs.Count);
        var u = new Rational[problem.OutputWidth, r];
        for (int j = 0; j < r; j++)
        {
            for (int i = 0; i < problem.OutputWidth; i++)
            {
                u[i, j] = pairs[j].Vector[i];
            }
        }

        return SubspaceCriticalPoint(problem, u);
    }

    /// <summary>
    /// An exact proof that θ is a global minimum, with no eigenvalue computed in floating point: with W the
    /// end-to-end map, V a basis of its column space (dimension k), it checks W = P_V·W*, that V is Σ-invariant,
    /// that every eigenvalue of Σ on V is ≥ every eigenvalue on V⊥ (exact root enclosures of both restrictions'
    /// characteristic polynomials), and, when k &lt; r, that Σ vanishes on V⊥. Then
    /// L(θ) = κ·½(tr YYᵀ − tr P_VΣ) = κ·½(tr YYᵀ − Σ_{i≤r} λᵢ), the global minimum value.
    /// </summary>
    public static GlobalMinimumAttempt ProveGlobalMinimum(DeepLinearProblem problem, IReadOnlyList<Rational> theta)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(theta);
        // The loss sees W only through W·Q (Q the projector onto the inputs' span; Q = I when XXᵀ is invertible).
        var w = ExactMatrices.Multiply(problem.Product(theta), problem.RangeProjector);
        var loss = problem.LossOfProduct(w);

        var v = ExactMatrices.ColumnBasis(w);
        int k = v.GetLength(1), n = problem.OutputWidth;
        var projector = ExactMatrices.Projector(v);
        if (!ExactMatrices.AreEqual(w, ExactMatrices.Multiply(projector, problem.WStar)))
        {
            return new GlobalMinimumAttempt.NotProved("the end-to-end map W is not the projection P_V·W* of the least-squares map onto its own column space");
        }

        var sigmaV = ExactMatrices.Multiply(problem.Sigma, v);
        if (!ExactMatrices.AreEqual(sigmaV, ExactMatrices.Multiply(projector, sigmaV)))
        {
            return new GlobalMinimumAttempt.NotProved("the column space of W is not invariant under Σ");
        }

        var complement = ExactMatrices.NullSpace(ExactMatrices.Transpose(v));
        var inside = RestrictedSpectrum(problem.Sigma, v, problem.Budget);
        var outside = RestrictedSpectrum(problem.Sigma, complement, problem.Budget);
        if (inside.Count > 0 && outside.Count > 0)
        {
            var lowestInside = inside[0];
            var highestOutside = outside[^1];
            bool separated = lowestInside.Lower > highestOutside.Upper
                || (lowestInside.IsExact && highestOutside.IsExact && lowestInside.Value >= highestOutside.Value);
            if (!separated)
            {
                bool below = lowestInside.Upper < highestOutside.Lower;
                return new GlobalMinimumAttempt.NotProved(below
                    ? $"W keeps an eigenvalue of Σ near {lowestInside.Approximation:G6} and drops a larger one near {highestOutside.Approximation:G6}: a critical value above the minimum"
                    : "the eigenvalues of Σ kept by W and those it drops cannot be separated exactly");
            }
        }

        if (k < problem.MaxRank && complement.GetLength(1) > 0)
        {
            var rest = ExactMatrices.Multiply(ExactMatrices.Multiply(ExactMatrices.Transpose(complement), problem.Sigma), complement);
            if (!ExactMatrices.IsZero(rest))
            {
                return new GlobalMinimumAttempt.NotProved($"W has rank {k} below the attainable rank {problem.MaxRank} while Σ has a positive eigenvalue it drops");
            }
        }

        var expected = problem.LossScale / 2 * (ExactMatrices.Trace(problem.YYt) - ExactMatrices.Trace(ExactMatrices.Multiply(projector, problem.Sigma)));
        if (expected != loss)
        {
            throw new InvalidOperationException("Internal inconsistency: the loss of a projected least-squares map differs from κ·½(tr YYᵀ − tr P_VΣ).");
        }

        return new GlobalMinimumAttempt.Proved(loss, $"W = P_V·W* with V the Σ-invariant span of the top {k} eigenvectors of Σ, so L(θ) = κ·½(tr YYᵀ − Σ_{{i≤r}} λᵢ), the global minimum value");
    }

    /// <summary>
    /// A line θ + t·d along which the loss provably falls at a rank-deficient critical point: when every hidden layer l
    /// has b_l with W_{l+1}·b_l = 0 and c_l with c_lᵀ·W_l = 0 and c_lᵀb_l ≠ 0 (a hidden unit with zero incoming row and
    /// outgoing column is the simplest case; any change of basis of the hidden layers keeps one) and Σ does not vanish
    /// on V⊥ (V the column space of W), d routes u·uᵀ·W* through them, with u a non-zero column of
    /// (I − P_V)Σ(I − P_V): D₁ = ±b₁(uᵀW*), D_l = b_l·c_{l−1}ᵀ, D_{H+1} = u·c_Hᵀ. Every mixed term of ∏(W_l + t·D_l)
    /// vanishes, so the end-to-end map becomes W + t^{H+1}·c·u·uᵀ·W* with c = |∏ c_lᵀb_l| &gt; 0, whose lowest-order
    /// loss change is −κ·c·t^{H+1}·uᵀΣu &lt; 0. Null when no such vectors exist or there is nothing to gain.
    /// </summary>
    public static Rational[]? SlotDescentDirection(DeepLinearProblem problem, IReadOnlyList<Rational> theta)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(theta);
        var net = problem.Network;
        if (net.Depth < 2)
        {
            return null;
        }

        var layers = Enumerable.Range(1, net.Depth).Select(k => problem.Layer(theta, k)).ToArray();
        var right = new Rational[net.Depth - 1][];
        var left = new Rational[net.Depth - 1][];
        Rational chain = Rational.One;
        for (int l = 1; l < net.Depth; l++)
        {
            // b ∈ ker(W_{l+1}) and c ∈ ker(W_lᵀ) with cᵀb ≠ 0.
            var kernel = ExactMatrices.NullSpace(layers[l]);
            var cokernel = ExactMatrices.NullSpace(ExactMatrices.Transpose(layers[l - 1]));
            var pairing = ExactMatrices.Multiply(ExactMatrices.Transpose(cokernel), kernel);
            var pair = Enumerable.Range(0, pairing.GetLength(0)).SelectMany(i => Enumerable.Range(0, pairing.GetLength(1)).Select(j => (i, j)))
                .Where(ij => !pairing[ij.i, ij.j].IsZero).Select(ij => ((int, int)?)ij).FirstOrDefault();
            if (pair is not (int ci, int bj))
            {
                return null;
            }

            int width = net.Layers[l];
            right[l - 1] = [.. Enumerable.Range(0, width).Select(i => kernel[i, bj])];
            left[l - 1] = [.. Enumerable.Range(0, width).Select(i => cokernel[i, ci])];
            chain *= pairing[ci, bj];
        }

        if (chain.Sign < 0)
        {
            right[0] = [.. right[0].Select(x => -x)];
        }

        var w = ExactMatrices.Multiply(problem.Product(theta), problem.RangeProjector);
        var v = ExactMatrices.ColumnBasis(w);
        var rest = ExactMatrices.Subtract(ExactMatrices.Identity(problem.OutputWidth), ExactMatrices.Projector(v));
        var m = ExactMatrices.Multiply(ExactMatrices.Multiply(rest, problem.Sigma), rest);
        int column = Enumerable.Range(0, problem.OutputWidth).FirstOrDefault(c => Enumerable.Range(0, problem.OutputWidth).Any(i => !m[i, c].IsZero), -1);
        if (column < 0)
        {
            return null;
        }

        var u = Enumerable.Range(0, problem.OutputWidth).Select(i => m[i, column]).ToArray();
        var uw = Enumerable.Range(0, problem.InputWidth).Select(j => Enumerable.Range(0, u.Length).Aggregate(Rational.Zero, (sum, i) => sum + u[i] * problem.WStar[i, j])).ToArray();
        var direction = new Rational[net.Depth][,];
        direction[0] = Outer(right[0], uw);
        for (int l = 1; l < net.Depth - 1; l++)
        {
            direction[l] = Outer(right[l], left[l - 1]);
        }

        direction[^1] = Outer(u, left[^1]);
        return problem.Theta(direction);
    }

    private static Rational[,] Outer(Rational[] a, Rational[] b)
    {
        var o = new Rational[a.Length, b.Length];
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                o[i, j] = a[i] * b[j];
            }
        }

        return o;
    }

    /// <summary>
    /// An exact critical point near a floating-point one (e.g. an optimiser's result), for networks whose hidden
    /// widths all equal p: finds the eigenvectors U_I of Σ that span the column space of the float end-to-end map
    /// (|I| = p), rounds the middle layers and C = U_I⁺W_{H+1} to nearby simple rationals, and solves for W₁ so that
    /// the product is exactly P_I·W*. The result is exactly critical by construction (and should be re-checked);
    /// null when Σ has no exact eigenbasis, the widths differ, no p eigenvectors fit, or the exact point lies farther
    /// than <paramref name="maxDistance"/>·max(1, ‖θ‖) from θ.
    /// </summary>
    public static (Rational[] Theta, int[] Subset, double Distance)? SnapToCriticalPoint(DeepLinearProblem problem, IReadOnlyList<double> theta, double maxDistance = SnapMaxRelativeDistance)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(theta);
        var net = problem.Network;
        int p = problem.NarrowestHidden;
        var pairs = ExactEigenpairs(problem);
        if (pairs is null || net.Depth < 2 || net.Layers.Skip(1).Take(net.Depth - 1).Any(w => w != p) || p > pairs.Count)
        {
            return null;
        }

        var exactTheta = theta.Select(Rational.FromDouble).ToArray();
        var w = problem.Product(exactTheta);
        // An eigenvector is kept when it lies (numerically) in the column space of W.
        var wd = ToDouble(w);
        var subset = Enumerable.Range(0, pairs.Count).Where(i => InColumnSpace(wd, pairs[i].Vector.Select(v => v.ToDouble()).ToArray())).ToArray();
        if (subset.Length != p)
        {
            return null;
        }

        var u = new Rational[problem.OutputWidth, p];
        for (int j = 0; j < p; j++)
        {
            for (int i = 0; i < problem.OutputWidth; i++)
            {
                u[i, j] = pairs[subset[j]].Vector[i];
            }
        }

        var ut = ExactMatrices.Transpose(u);
        var pseudo = ExactMatrices.Multiply(ExactMatrices.Inverse(ExactMatrices.Multiply(ut, u))!, ut);
        var c = RoundMatrix(ExactMatrices.Multiply(pseudo, problem.Layer(exactTheta, net.Depth)), SnapRoundingWidth);
        var layers = new Rational[net.Depth][,];
        layers[net.Depth - 1] = ExactMatrices.Multiply(u, c);
        var middle = ExactMatrices.Identity(p);
        for (int k = net.Depth - 1; k >= 2; k--)
        {
            layers[k - 1] = RoundMatrix(problem.Layer(exactTheta, k), SnapRoundingWidth);
            middle = ExactMatrices.Multiply(middle, layers[k - 1]);
        }

        var cm = ExactMatrices.Inverse(ExactMatrices.Multiply(c, middle));
        if (cm is null)
        {
            return null;
        }

        layers[0] = ExactMatrices.Multiply(ExactMatrices.Multiply(cm, pseudo), problem.WStar);
        var snapped = problem.Theta(layers);
        double distance = Math.Sqrt(snapped.Select((v, i) => Math.Pow(v.ToDouble() - theta[i], 2)).Sum());
        double norm = Math.Sqrt(theta.Sum(t => t * t));
        return distance <= maxDistance * Math.Max(1, norm) ? (snapped, [.. subset.Select(i => i + 1)], distance) : null;
    }

    // Each entry replaced by the simplest rational within a relative distance δ.
    private static Rational[,] RoundMatrix(Rational[,] a, double delta)
    {
        var r = new Rational[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                var x = a[i, j];
                var d = Rational.FromDouble(delta) * Rational.Max(Rational.One, x.Abs());
                r[i, j] = ExactPolynomial.SimplestBetween(x - d, x + d);
            }
        }

        return r;
    }

    private static double[,] ToDouble(Rational[,] a)
    {
        var d = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                d[i, j] = a[i, j].ToDouble();
            }
        }

        return d;
    }

    // True when v is within ColumnSpaceResidualTolerance·‖v‖ of the column space of W (least squares through the normal equations of WWᵀ's range).
    private static bool InColumnSpace(double[,] w, double[] v)
    {
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(w);
        var x = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(v);
        var svd = m.Svd(computeVectors: true);
        double tol = ColumnSpaceRankTolerance * Math.Max(1, svd.S.Count > 0 ? svd.S[0] : 0);
        int rank = svd.S.Count(s => s > tol);
        var basis = svd.U.SubMatrix(0, m.RowCount, 0, rank);
        var residual = x - basis * (basis.Transpose() * x);
        return residual.L2Norm() <= ColumnSpaceResidualTolerance * x.L2Norm();
    }

    // Eigenvalues (ascending) of Σ restricted to the span of the columns of B: the roots of det(t·BᵀB − BᵀΣB).
    private static IReadOnlyList<RealRoot> RestrictedSpectrum(Rational[,] sigma, Rational[,] b, Verifier.Numerics.Budgets.WorkBudget? budget)
    {
        if (b.GetLength(1) == 0)
        {
            return [];
        }

        var bt = ExactMatrices.Transpose(b);
        var gramInverse = ExactMatrices.Inverse(ExactMatrices.Multiply(bt, b))!;
        var restricted = ExactMatrices.Multiply(gramInverse, ExactMatrices.Multiply(ExactMatrices.Multiply(bt, sigma), b));
        return ExactPolynomial.RealRoots(ExactLinearAlgebra.CharacteristicPolynomial(restricted, budget), DeepLinearProblem.RootWidth, budget);
    }

    private static bool IsTop(IReadOnlyList<ExactEigenpair> pairs, int[] subset)
    {
        var kept = subset.Select(i => pairs[i].Value).ToList();
        var dropped = Enumerable.Range(0, pairs.Count).Except(subset).Select(i => pairs[i].Value).ToList();
        return kept.Count == 0 || dropped.Count == 0 || kept.Min() >= dropped.Max();
    }

    private static IEnumerable<int[]> Subsets(int n, int maxSize)
    {
        for (int size = 0; size <= maxSize; size++)
        {
            foreach (var s in Combinations(0, n, size))
            {
                yield return s;
            }
        }
    }

    private static IEnumerable<int[]> Combinations(int start, int n, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }

        for (int i = start; i <= n - size; i++)
        {
            foreach (var rest in Combinations(i + 1, n, size - 1))
            {
                yield return [i, .. rest];
            }
        }
    }

    private static void CopyInto(Rational[,] target, Rational[,] source)
    {
        for (int i = 0; i < source.GetLength(0); i++)
        {
            for (int j = 0; j < source.GetLength(1); j++)
            {
                target[i, j] = source[i, j];
            }
        }
    }
}

/// <summary>A Baldi–Hornik critical point: the subset of Σ's eigenvectors it keeps (1-based, descending eigenvalue order), θ, and its loss.</summary>
/// <param name="Subset">The kept eigenvector indices, 1-based (1 = largest eigenvalue).</param>
/// <param name="Theta">The point, in the instance's parameter layout.</param>
/// <param name="Loss">κ·½(tr YYᵀ − Σ_{i∈I} λᵢ), exactly.</param>
/// <param name="IsTop">True when I holds the r largest eigenvalues (a global minimiser).</param>
public sealed record SubsetPoint(int[] Subset, Rational[] Theta, Rational Loss, bool IsTop)
{
    /// <summary>The subset as text, e.g. "{1,3}" or "∅".</summary>
    public string SubsetText => Subset.Length == 0 ? "∅" : "{" + string.Join(",", Subset) + "}";
}
