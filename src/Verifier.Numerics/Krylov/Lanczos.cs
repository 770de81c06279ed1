using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Krylov;

/// <summary>
/// Extreme eigenvalues (and eigenvectors) of a symmetric operator known only through its products: thick-restart
/// Lanczos with full reorthogonalisation, explicit residuals, and a check for missed copies of repeated
/// eigenvalues.
/// </summary>
/// <remarks>
/// <para>
/// The basis v₀ … v_j is kept orthonormal to working precision at every step: the three-term recurrence is
/// followed by a full classical Gram–Schmidt pass against the whole basis, repeated when it removes more than
/// 30% of the vector's norm ("twice is enough"). So no ghost copies of converged eigenvalues appear however many
/// steps are taken. The projected matrix T = VᵀAV is kept dense, which makes the thick restart (Wu and Simon)
/// exact: when the basis reaches m vectors, the Ritz vectors of the wanted end(s) and some of their neighbours
/// are kept, with the last Lanczos vector, and the run goes on from there.
/// </para>
/// <para>
/// Convergence is judged from the Ritz residual estimates |β·y_last| and confirmed explicitly: the images A·v_j of
/// the basis vectors are kept, so each returned pair's residual ‖Ax − λx‖₂ is computed from A·x = (A·V)·y without
/// a further product; the reported residuals are these, not estimates. When a Krylov space becomes
/// invariant (β ≈ 0) a fresh random vector orthogonal to the basis continues the run, so every eigenvalue of a
/// small operator is reachable. With <see cref="LanczosOptions.CheckMultiplicity"/> a second run on the
/// orthogonal complement of the found vectors looks for missed copies of repeated eigenvalues.
/// </para>
/// <para>
/// Memory: about 2·m·n doubles for the basis and its images, shared by the main and the check runs, and m·n more for
/// a copy once a thick restart happens, plus O(m²). Every random vector comes from
/// <see cref="LanczosOptions.Seed"/>, so a run is reproducible.
/// </para>
/// </remarks>
public static class Lanczos
{
    /// <summary>
    /// A reorthogonalisation pass is repeated while it leaves less than this fraction of the vector's norm (removes
    /// more than 30%): Daniel–Gragg–Kaufman–Stewart's criterion. A pass that removes that much met rounding errors
    /// grown large relative to what is left, so one more pass is needed for orthogonality to working precision; a
    /// pass that keeps 70% or more leaves errors of order ε·‖w‖ ("twice is enough").
    /// </summary>
    private const double ReorthogonalizationKeep = 0.7;

    /// <summary>At most this many Gram–Schmidt passes per step: by "twice is enough" a third is needed only for a vector
    /// that is almost in the span of the basis, and a fourth would not change the answer.</summary>
    private const int MaxReorthogonalizationPasses = 3;

    /// <summary>
    /// The next residual norm β counts as zero (the Krylov space is invariant) below this fraction of the scale
    /// max(1, |Ritz values|): about 4500·<see cref="FloatingPoint.MachineEpsilon"/>, the rounding left in a
    /// reorthogonalised vector after a product with an operator of that norm, with a margin for a few hundred terms of
    /// the Gram–Schmidt sums. Dividing by a β at that level would only amplify rounding into a spurious direction.
    /// </summary>
    private const double InvariantSubspaceFactor = 1e-12;

    /// <summary>
    /// The Ritz residual estimates |β·y_last| must first fall below this fraction of the tolerance before the explicit
    /// residuals are computed: the estimates ignore rounding, so some slack saves an explicit check that would fail.
    /// </summary>
    private const double InitialEstimateFactor = 0.5;

    /// <summary>After an explicit check fails the estimate factor is divided by this: one decade more asked of the estimates.</summary>
    private const double EstimateFactorDecrease = 10;

    /// <summary>
    /// Below this estimate factor (five decreases from <see cref="InitialEstimateFactor"/>, estimates 10⁵ times tighter
    /// than the tolerance) the explicit residuals are returned as they are, converged or not: the residual then sits
    /// at the rounding floor and further steps would not lower it.
    /// </summary>
    private const double MinEstimateFactor = 1e-6;

    /// <summary>
    /// A multiplicity check stops when the extreme Ritz values lie inside the bounds by more than this many times their
    /// residual estimates: a Ritz value lies within about its residual estimate of an eigenvalue, and ten estimates leave
    /// room for the estimates' own error and for the steps still to come.
    /// </summary>
    private const double CheckMarginResiduals = 10;

    /// <summary>
    /// A multiplicity check is judged only after this many steps: before that the extreme Ritz values of a Krylov
    /// space started from a random vector have not yet moved out to the ends of the spectrum.
    /// </summary>
    private const int CheckMinSteps = 8;

    /// <summary>
    /// A random start vector is rejected when orthogonalisation leaves less than this times √n of its norm (a standard
    /// Gaussian vector has norm about √n): it then lay almost in the span already found, and normalising it would
    /// amplify the rounding in it by more than 10⁸.
    /// </summary>
    private const double FreshVectorFactor = 1e-8;

    /// <summary>Random start vectors tried before the span is taken as exhausted (each fails with probability near 0 unless it is).</summary>
    private const int FreshVectorAttempts = 5;

    /// <summary>Orthogonalisation passes for a fresh random vector ("twice is enough").</summary>
    private const int FreshVectorPasses = 2;

    /// <summary>
    /// Below this many multiply–adds (rows·n) a Gram–Schmidt pass runs on one thread: about 64k, where splitting into
    /// tasks costs more than it saves.
    /// </summary>
    private const long ParallelProjectionWork = 1 << 16;

    /// <summary>
    /// A thick restart keeps the wanted Ritz vectors and 1/<see cref="RestartKeepDivisor"/> of the other basis slots
    /// for their nearest neighbours (one half): more keeps more of the neighbours' convergence, fewer leaves more room
    /// to expand before the next restart.
    /// </summary>
    private const int RestartKeepDivisor = 2;

    /// <summary>Tasks per processor in a parallel Gram–Schmidt pass: two, so that a slow chunk does not hold up a whole core's share.</summary>
    private const int ChunksPerProcessor = 2;

    /// <summary>The automatic basis size is max(<see cref="BasisPerWanted"/>·k + <see cref="BasisExtra"/>, <see cref="MinBasisSize"/>) for k wanted eigenvalues.</summary>
    private const int BasisPerWanted = 2;

    /// <summary>Extra basis vectors beyond <see cref="BasisPerWanted"/>·k: room for the unwanted neighbours whose Ritz values separate the wanted ones.</summary>
    private const int BasisExtra = 20;

    /// <summary>
    /// The smallest automatic basis size, 80. Each step's reorthogonalisation reads the whole basis, so a larger basis
    /// costs memory traffic per step, but a smaller one restarts more often and needs more products, which cost more:
    /// for the 5 smallest eigenvalues of a 128-256-256-10 sigmoid MLP's Hessian (P = 101,386, N = 1024, eigenvalues
    /// −5.17 to 70.4) a basis of 40 took 401 products (247 before the multiplicity check) and 18 restarts, one of 80 took
    /// 294 (178) and 4, with about 10% less time in Gram–Schmidt and a third of the time in restarts; 120 took 159 before
    /// the check. Runs that converge before the basis fills (the 5 largest there: 30 steps) do not depend on it.
    /// </summary>
    public const int MinBasisSize = 80;

    /// <summary>The smallest basis of <see cref="CompactBasisSize"/>, for runs whose memory would not allow <see cref="MinBasisSize"/>.</summary>
    private const int MinCompactBasisSize = 40;
    /// <summary>The extreme eigenvalues of the symmetric operator <paramref name="op"/> as <paramref name="options"/> ask.</summary>
    /// <exception cref="ArgumentException">Nothing is wanted, more eigenvalues are wanted than the dimension, or a setting is out of range.</exception>
    /// <exception cref="ArithmeticException">A product is not finite.</exception>
    public static LanczosResult Compute(ILinearOperator op, LanczosOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        int n = op.Dimension;
        int top = options.Top, bottom = options.Bottom;
        if (top < 0 || bottom < 0 || top + bottom == 0)
        {
            throw new ArgumentException($"Ask for at least one eigenvalue (top {top}, bottom {bottom}).", nameof(options));
        }

        if (top + bottom > n)
        {
            throw new ArgumentException($"{top + bottom} eigenvalues were asked for; the operator has dimension {n}.", nameof(options));
        }

        if (!(options.Tolerance > 0) || !double.IsFinite(options.Tolerance))
        {
            throw new ArgumentException($"The tolerance {options.Tolerance} is not a finite number above 0.", nameof(options));
        }

        if (options.BasisSize < 0 || options.MaxProducts < 1)
        {
            throw new ArgumentException("The basis size must be 0 (automatic) or positive, and the product budget positive.", nameof(options));
        }

        int m = BasisSize(n, options);
        var run = new Run(op, options, m, cancellation);
        var found = run.Solve(top, bottom, []);
        int before = run.Products;
        int? replaced = null;
        if (options.CheckMultiplicity)
        {
            var kept = found.ToList();
            found = run.CheckMultiplicity(found, top, bottom);
            replaced = found.Count(p => !kept.Contains(p));
        }

        // Ascending: the bottom ones first (already ascending), then the top ones.
        var order = Enumerable.Range(0, found.Count).OrderBy(i => found[i].Value).ToArray();
        var values = order.Select(i => found[i].Value).ToArray();
        var residuals = order.Select(i => found[i].Residual).ToArray();
        double[][]? vectors = options.Vectors ? [.. order.Select(i => found[i].Vector)] : null;
        bool converged = run.Converged && residuals.All(r => r <= options.Tolerance * run.Scale);
        return new LanczosResult(values, residuals, vectors, run.Products, run.Restarts, m, options.Seed, options.Tolerance, run.Scale, converged, run.Products - before, replaced);
    }

    /// <summary>
    /// The basis size m a run on dimension <paramref name="dimension"/> uses: <see cref="LanczosOptions.BasisSize"/>,
    /// or max(2k + 20, 80) for k wanted eigenvalues, within [min(n, k + 2), n].
    /// </summary>
    public static int BasisSize(int dimension, LanczosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int wanted = options.Top + options.Bottom;
        int m = options.BasisSize > 0 ? options.BasisSize : Math.Max((BasisPerWanted * wanted) + BasisExtra, MinBasisSize);
        return Math.Clamp(m, Math.Min(dimension, wanted + 2), Math.Max(dimension, 1));
    }

    /// <summary>
    /// A basis size that needs about half the memory of the automatic one, max(2k + 20, 40) for k wanted eigenvalues, at
    /// the price of more restarts and products: for a caller whose memory does not allow <see cref="BasisSize"/>'s.
    /// </summary>
    public static int CompactBasisSize(int wanted) => Math.Max((BasisPerWanted * Math.Max(wanted, 0)) + BasisExtra, MinCompactBasisSize);

    // The copies of the basis held at once: the basis, its images and the thick-restart copy.
    private const int BasisCopies = 3;

    // The copies of the k wanted vectors held at once: the Ritz vectors and their images (2k·n), the returned vectors (k·n).
    private const int RitzCopies = 3;

    // The n-vectors of work space besides those (the step's vector w among them): a margin of a few, not a count of arrays.
    private const int WorkVectors = 4;

    // Dot keeps this many independent SIMD partial sums, so that consecutive multiply-adds do not wait on each other.
    private const int DotPartialSums = 4;

    /// <summary>
    /// The bytes a run on dimension n needs at its peak, besides the operator's own: the basis, its images and the
    /// thick-restart copy ((m + 1)·n doubles each), and the Ritz vectors with their images (2k·n), the returned
    /// vectors (k·n) and a few work vectors.
    /// </summary>
    public static long WorkspaceBytes(int dimension, LanczosOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        long m = BasisSize(dimension, options), k = options.Top + options.Bottom;
        return sizeof(double) * (long)dimension * ((BasisCopies * (m + 1)) + (RitzCopies * k) + WorkVectors);
    }

    /// <summary>One eigenpair with its explicit residual.</summary>
    private sealed record Pair(double Value, double[] Vector, double Residual);

    /// <summary>The state shared by the runs of one call: operator, budget, random source and scale.</summary>
    private sealed class Run(ILinearOperator op, LanczosOptions options, int m, CancellationToken cancellation)
    {
        private readonly int _n = op.Dimension;
        private readonly Random _random = new(options.Seed);
        private readonly IMatrixKernels _kernels = options.Kernels;

        // The basis, its images and the restart copy, (m + 1)·n each, shared by the runs of one call (the check
        // runs reuse the main run's memory instead of faulting in fresh pages); the copy is made at the first restart.
        private double[]? _basis;
        private double[]? _images;
        private double[]? _spare;

        public int Products { get; private set; }

        public int Restarts { get; private set; }

        public double Scale { get; private set; } = 1.0;

        public bool Converged { get; private set; } = true;

        /// <summary>
        /// Looks for eigenvalues of the complement beyond the found ones: while the extreme eigenvalue of A restricted
        /// to the orthogonal complement of the found vectors lies beyond the found ones at that end, it takes its place.
        /// </summary>
        public List<Pair> CheckMultiplicity(List<Pair> found, int top, int bottom)
        {
            for (int guard = 0; guard < top + bottom && found.Count < _n; guard++)
            {
                bool changed = false;
                var sorted = found.OrderBy(p => p.Value).ToList();
                double topBound = top > 0 ? sorted[^top].Value : double.NaN;
                double bottomBound = bottom > 0 ? sorted[bottom - 1].Value : double.NaN;
                var extra = Solve(top > 0 ? 1 : 0, bottom > 0 ? 1 : 0, found, topBound, bottomBound);
                double slack = options.Tolerance * Scale;
                foreach (var candidate in extra.Where(c => c.Residual <= options.Tolerance * Scale))
                {
                    var ends = found.OrderBy(p => p.Value).ToList();
                    var lows = ends.Take(bottom).ToList();
                    var highs = ends.Skip(ends.Count - top).ToList();
                    if (top > 0 && candidate.Value > highs[0].Value + slack && !lows.Contains(highs[0]))
                    {
                        found.Remove(highs[0]);
                        found.Add(candidate);
                        changed = true;
                    }
                    else if (bottom > 0 && candidate.Value < lows[^1].Value - slack && !highs.Contains(lows[^1]))
                    {
                        found.Remove(lows[^1]);
                        found.Add(candidate);
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            return found;
        }

        /// <summary>
        /// The <paramref name="top"/> largest and <paramref name="bottom"/> smallest eigenpairs of A restricted to the
        /// orthogonal complement of <paramref name="locked"/>'s vectors.
        /// </summary>
        public List<Pair> Solve(int top, int bottom, IReadOnlyList<Pair> locked, double topBound = double.NaN, double bottomBound = double.NaN)
        {
            int n = _n;
            int available = n - locked.Count;
            int wanted = Math.Min(top + bottom, available);
            if (wanted == 0)
            {
                return [];
            }

            if (Products >= options.MaxProducts)
            {
                // The budget is spent (a multiplicity check cannot run): say so rather than claim more than was checked.
                Converged = false;
                return [];
            }

            int size = Math.Min(m, available);
            var lockedVectors = locked.Select(p => p.Vector).ToArray();

            // Basis rows v_0 … v_size (row-major, one spare row for the next vector), their images A·v_j (so that Ritz
            // vectors' residuals are explicit without further products), and the restart copy.
            long length = (long)(m + 1) * n;
            var images = _images ??= new double[length];
            var basis = _basis ??= new double[length];
            var w = new double[n];
            var t = new double[size + 1, size + 1];
            int count = 0; // basis vectors whose products are in T
            double beta;
            double factor = InitialEstimateFactor; // estimates must be this fraction of the tolerance before the explicit check

            if (!NewVector(basis, 0, lockedVectors))
            {
                return [];
            }

            while (true)
            {
                // Expand: one Lanczos step per basis vector, with full reorthogonalisation.
                beta = 0.0;
                while (count < size)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (Products >= options.MaxProducts && count > 0)
                    {
                        break;
                    }

                    int j = count;
                    var vj = Row(basis, j);
                    Apply(vj, w);
                    w.CopyTo(Row(images, j));
                    Orthogonalize(w, lockedVectors);
                    var h = new double[j + 1];

                    // The known couplings first (cheap: β_j·v_{j−1} of the three-term recurrence, or after a thick restart
                    // the kept Ritz vectors' couplings), then full reorthogonalisation against the whole basis, repeated
                    // while a pass removes more than 30% of the vector (Daniel–Gragg–Kaufman–Stewart): a pass that removes
                    // that much met rounding errors grown large, not the recurrence's own terms.
                    for (int i = 0; i < j; i++)
                    {
                        if (t[j, i] != 0.0)
                        {
                            h[i] = t[j, i];
                            Axpy(-h[i], Row(basis, i), w);
                        }
                    }

                    h[j] = Dot(vj, w);
                    Axpy(-h[j], vj, w);
                    double before = Norm(w);
                    double after;
                    for (int pass = 1; ; pass++)
                    {
                        var h2 = new double[j + 1];
                        if (pass > 1)
                        {
                            Orthogonalize(w, lockedVectors);
                        }

                        ProjectOut(basis, j + 1, w, 0, n, h2);
                        for (int i = 0; i <= j; i++)
                        {
                            h[i] += h2[i];
                        }

                        after = Norm(w);
                        if (after >= ReorthogonalizationKeep * before || pass == MaxReorthogonalizationPasses)
                        {
                            break;
                        }

                        before = after;
                    }

                    for (int i = 0; i < j; i++)
                    {
                        t[i, j] = t[j, i] = h[i];
                    }

                    t[j, j] = h[j];
                    Scale = Math.Max(Scale, Math.Abs(h[j]));
                    count = j + 1;
                    beta = after;
                    if (count == available)
                    {
                        beta = 0.0;
                        break;
                    }

                    if (beta <= InvariantSubspaceFactor * Scale)
                    {
                        // Invariant subspace: continue from a fresh vector orthogonal to everything so far.
                        beta = 0.0;
                        if (count < size && !NewVector(basis, count, lockedVectors, basis, count))
                        {
                            break;
                        }
                    }
                    else
                    {
                        var next = Row(basis, count);
                        for (int k = 0; k < n; k++)
                        {
                            next[k] = w[k] / beta;
                        }

                        // β_{j+1} = v_{j+1}ᵀ·A·v_j, for the next step's recurrence (the step then writes its exact column).
                        if (count < size)
                        {
                            t[count, count - 1] = t[count - 1, count] = beta;
                        }
                    }

                    if (count >= Math.Min(size, wanted + 1))
                    {
                        var (estimate, beyond) = Estimate(t, count, beta, top, bottom, wanted, topBound, bottomBound, options.Tolerance * Scale);
                        if (!beyond)
                        {
                            // A check run whose extreme Ritz pairs have settled inside the bounds: nothing lies beyond them.
                            return [];
                        }

                        if (estimate <= factor * options.Tolerance * Scale)
                        {
                            break;
                        }
                    }

                }

                // Rayleigh–Ritz on the basis.
                var ritz = EigenSolvers.Managed.Decompose(Leading(t, count), vectors: true);
                var theta = ritz.Values;
                var y = ritz.Vectors!;
                Scale = Math.Max(Scale, Math.Max(Math.Abs(theta[0]), Math.Abs(theta[^1])));
                var chosen = Wanted(count, top, bottom, wanted);
                double worst = chosen.Max(i => Math.Abs(beta * y[count - 1, i]));
                bool exhausted = Products >= options.MaxProducts;
                if (worst <= factor * options.Tolerance * Scale || beta == 0.0 && count == available || exhausted)
                {
                    var pairs = Explicit(basis, images, count, theta, y, chosen);
                    if (pairs.All(p => p.Residual <= options.Tolerance * Scale) || exhausted || factor < MinEstimateFactor)
                    {
                        if (!pairs.All(p => p.Residual <= options.Tolerance * Scale))
                        {
                            Converged = false;
                        }

                        return pairs;
                    }

                    // The estimates were optimistic (rounding): ask more of them and go on.
                    factor /= EstimateFactorDecrease;
                }

                // Thick restart: the wanted Ritz vectors and some neighbours, then the last Lanczos vector.
                if (count < size)
                {
                    // Converged estimate but explicit check failed before the basis was full: just continue expanding.
                    continue;
                }

                Restarts++;
                int keep = Math.Min(size - 1, wanted + ((size - wanted) / RestartKeepDivisor));
                int extra = keep - wanted;
                int keepTop = top == 0 ? 0 : top + (bottom == 0 ? extra : extra / 2);
                int keepBottom = bottom == 0 ? 0 : bottom + (top == 0 ? extra : extra - (extra / 2));
                var kept = Wanted(count, keepTop, keepBottom, keep);
                int ell = kept.Length;
                var yk = new double[ell * count];
                for (int i = 0; i < ell; i++)
                {
                    for (int r = 0; r < count; r++)
                    {
                        yk[(i * count) + r] = y[r, kept[i]];
                    }
                }

                // The kept Ritz vectors (rows Yₖᵀ·V) and their images; each product goes into the spare buffer, and the
                // buffer it was made from becomes the spare. The last Lanczos vector follows the kept ones.
                var oldBasis = basis;
                basis = _basis = Combine(yk, ell, count, basis);
                Row(oldBasis, count).CopyTo(Row(basis, ell));
                images = _images = Combine(yk, ell, count, images);
                Array.Clear(t);
                for (int i = 0; i < ell; i++)
                {
                    t[i, i] = theta[kept[i]];
                    t[i, ell] = t[ell, i] = beta * y[count - 1, kept[i]];
                }

                count = ell;
            }
        }

        // Yₖᵀ·source (ell rows) into the spare buffer (made at the first restart), which is returned; source becomes the
        // spare.
        private double[] Combine(double[] yk, int ell, int count, double[] source)
        {
            var target = _spare ?? new double[source.Length];
            _kernels.Gemm(false, false, ell, _n, count, 1.0, yk, count, source, _n, 0.0, target, _n);
            _spare = source;
            return target;
        }

        // The largest residual estimate |β·y_last| among the wanted Ritz pairs of the leading count×count block of T;
        // and, when bounds are given (a multiplicity check), whether an eigenvalue may still lie beyond them: false once
        // the extreme Ritz values at each checked end sit inside their bound by more than ten times their residual
        // estimates (after at least 8 steps, so that the extreme Ritz values have moved to the ends of the spectrum).
        private static (double Worst, bool Beyond) Estimate(double[,] t, int count, double beta, int top, int bottom, int wanted,
            double topBound, double bottomBound, double slack)
        {
            var ritz = EigenSolvers.Managed.Decompose(Leading(t, count), vectors: true);
            var y = ritz.Vectors!;
            double worst = Wanted(count, top, bottom, wanted).Max(i => Math.Abs(beta * y[count - 1, i]));
            bool checking = !double.IsNaN(topBound) || !double.IsNaN(bottomBound);
            if (!checking || count < CheckMinSteps)
            {
                return (worst, true);
            }

            double rTop = Math.Abs(beta * y[count - 1, count - 1]), rBottom = Math.Abs(beta * y[count - 1, 0]);
            bool topInside = top == 0 || ritz.Values[^1] + (CheckMarginResiduals * rTop) < topBound - slack;
            bool bottomInside = bottom == 0 || ritz.Values[0] - (CheckMarginResiduals * rBottom) > bottomBound + slack;
            return (worst, !(topInside && bottomInside));
        }

        // Indices (into ascending Ritz values) of the `top` largest and `bottom` smallest, at most `limit` in all.
        private static int[] Wanted(int count, int top, int bottom, int limit)
        {
            int b = Math.Min(bottom, count), tp = Math.Min(top, count - b);
            var idx = Enumerable.Range(0, b).Concat(Enumerable.Range(count - tp, tp)).Distinct().Take(Math.Max(limit, 1));
            return [.. idx];
        }

        // The Ritz pairs `chosen`, with explicit residuals ‖A·x − θ·x‖ from the kept images A·V (x = V·y, A·x = (A·V)·y).
        // All chosen pairs at once (X = Yᵀ·V and A·X = Yᵀ·(A·V): one pass over the basis and one over its images).
        private List<Pair> Explicit(double[] basis, double[] images, int count, double[] theta, double[,] y, int[] chosen)
        {
            int n = _n, c = chosen.Length;
            var yt = new double[c * count];
            for (int q = 0; q < c; q++)
            {
                for (int r = 0; r < count; r++)
                {
                    yt[(q * count) + r] = y[r, chosen[q]];
                }
            }

            var xs = new double[(long)c * n];
            var axs = new double[(long)c * n];
            _kernels.Gemm(false, false, c, n, count, 1.0, yt, count, basis, n, 0.0, xs, n);
            _kernels.Gemm(false, false, c, n, count, 1.0, yt, count, images, n, 0.0, axs, n);
            var pairs = new List<Pair>(c);
            for (int q = 0; q < c; q++)
            {
                double lambda = theta[chosen[q]];
                var x = xs.AsSpan(q * n, n).ToArray();
                var ax = axs.AsSpan(q * n, n);
                double norm = Norm(x);
                double sum = 0.0;
                for (int k = 0; k < n; k++)
                {
                    x[k] /= norm;
                    double r = (ax[k] / norm) - (lambda * x[k]);
                    sum += r * r;
                }

                pairs.Add(new Pair(lambda, x, Math.Sqrt(sum)));
            }

            return pairs;
        }

        private void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            op.Apply(x, y);
            Products++;
            if (!double.IsFinite(Dot(y, y)))
            {
                throw new ArithmeticException("The operator returned a product that is not finite (or whose norm overflows).");
            }
        }

        // Writes a random unit vector orthogonal to the locked vectors and to rows 0 … rows−1 of `within` into row `row`.
        private bool NewVector(double[] basis, int row, double[][] locked, double[]? within = null, int rows = 0)
        {
            var v = Row(basis, row);
            for (int attempt = 0; attempt < FreshVectorAttempts; attempt++)
            {
                for (int k = 0; k < _n; k++)
                {
                    v[k] = Gaussian(_random);
                }

                for (int pass = 0; pass < FreshVectorPasses; pass++)
                {
                    Orthogonalize(v, locked);
                    if (within is not null)
                    {
                        ProjectOut(within, rows, basis, row * _n, _n, new double[rows]);
                    }
                }

                double norm = Norm(v);
                if (norm > FreshVectorFactor * Math.Sqrt(_n))
                {
                    for (int k = 0; k < _n; k++)
                    {
                        v[k] /= norm;
                    }

                    return true;
                }
            }

            return false;
        }

        private Span<double> Row(double[] basis, int row) => basis.AsSpan(row * _n, _n);

        private static double[,] Leading(double[,] t, int count)
        {
            var a = new double[count, count];
            for (int i = 0; i < count; i++)
            {
                for (int j = 0; j < count; j++)
                {
                    a[i, j] = t[i, j];
                }
            }

            return a;
        }
    }

    // w ← w − Σ (vᵢ·w) vᵢ over the given vectors (classical Gram–Schmidt, one pass).
    private static void Orthogonalize(Span<double> w, double[][] vectors)
    {
        foreach (var v in vectors)
        {
            Axpy(-Dot(v, w), v, w);
        }
    }

    // h ← V w, then w ← w − Vᵀh, for the first `rows` rows of the row-major basis V (one classical Gram–Schmidt pass);
    // w is w[offset .. offset + n) of its array. Both phases split the n coordinates into contiguous chunks, one
    // task each, when the work is large enough to share.
    internal static void ProjectOut(double[] basis, int rows, double[] w, int offset, int n, double[] h)
    {
        if (rows == 0)
        {
            return;
        }

        int chunks = rows * (long)n > ParallelProjectionWork ? Math.Max(1, Environment.ProcessorCount * ChunksPerProcessor) : 1;
        var partial = new double[chunks * rows];
        void Chunk(int c, bool update)
        {
            int k0 = (int)((long)n * c / chunks), k1 = (int)((long)n * (c + 1) / chunks);
            var seg = w.AsSpan(offset + k0, k1 - k0);
            for (int i = 0; i < rows; i++)
            {
                var row = basis.AsSpan((i * n) + k0, k1 - k0);
                if (update)
                {
                    Axpy(-h[i], row, seg);
                }
                else
                {
                    partial[(c * rows) + i] = Dot(row, seg);
                }
            }
        }

        if (chunks == 1)
        {
            Chunk(0, update: false);
        }
        else
        {
            Parallel.For(0, chunks, c => Chunk(c, update: false));
        }

        for (int i = 0; i < rows; i++)
        {
            double sum = 0.0;
            for (int c = 0; c < chunks; c++)
            {
                sum += partial[(c * rows) + i];
            }

            h[i] = sum;
        }

        if (chunks == 1)
        {
            Chunk(0, update: true);
        }
        else
        {
            Parallel.For(0, chunks, c => Chunk(c, update: true));
        }
    }

    // x·y with SIMD partial sums.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int k = 0;
        double sum = 0.0;
        if (Vector.IsHardwareAccelerated && x.Length >= DotPartialSums * Vector<double>.Count)
        {
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
            int width = Vector<double>.Count;
            for (; k <= x.Length - (DotPartialSums * width); k += DotPartialSums * width)
            {
                s0 += new Vector<double>(x[k..]) * new Vector<double>(y[k..]);
                s1 += new Vector<double>(x[(k + width)..]) * new Vector<double>(y[(k + width)..]);
                s2 += new Vector<double>(x[(k + (2 * width))..]) * new Vector<double>(y[(k + (2 * width))..]);
                s3 += new Vector<double>(x[(k + (3 * width))..]) * new Vector<double>(y[(k + (3 * width))..]);
            }

            sum = Vector.Sum((s0 + s1) + (s2 + s3));
        }

        for (; k < x.Length; k++)
        {
            sum += x[k] * y[k];
        }

        return sum;
    }

    // y ← y + a·x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<double>(a);
            for (; k <= x.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                (new Vector<double>(y[k..]) + (va * new Vector<double>(x[k..]))).CopyTo(y[k..]);
            }
        }

        for (; k < x.Length; k++)
        {
            y[k] += a * x[k];
        }
    }

    private static double Norm(ReadOnlySpan<double> x) => Math.Sqrt(Dot(x, x));

    // A standard normal deviate (Box–Muller), from the seeded source.
    internal static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
