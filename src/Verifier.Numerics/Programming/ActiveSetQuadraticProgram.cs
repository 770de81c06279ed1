using MathNet.Numerics.LinearAlgebra;

namespace Verifier.Numerics.Programming;

/// <summary>What <see cref="ActiveSetQuadraticProgram.Solve"/> reached, in float64: a proposal, not a proof.</summary>
/// <param name="Minimiser">The last iterate u (feasible up to the activity tolerance).</param>
/// <param name="Value">f(u) in float64.</param>
/// <param name="Active">The constraints taken as active at u (aₖᵀu within the tolerance of 0), by index, ascending.</param>
/// <param name="Converged">True when the float KKT test passed (∇f in the cone of the active constraints up to the tolerance); false also when the problem's numbers, or the iterates', are not finite in float64.</param>
/// <param name="Iterations">Active-set iterations.</param>
public sealed record FloatQuadraticProgramResult(double[] Minimiser, double Value, int[] Active, bool Converged, int Iterations);

/// <summary>
/// A primal active-set method in float64 for the convex quadratic program of
/// <see cref="Exact.ExactQuadraticProgram"/>: minimise f(u) = ½uᵀHu + gᵀu subject to homogeneous constraints aₖᵀu ≥ 0,
/// from a feasible start. It mirrors the exact method step for step (the working set is every constraint active at u;
/// the minimum on the working subspace by a pivoted Cholesky factorisation; the KKT test by non-negative least squares, whose residual
/// is a feasible descent direction when the test fails), with tolerances in place of exact zeros. Its answer is a
/// guess of the optimal face, which the exact method then verifies (<see cref="Exact.ExactQuadraticProgram.Solve"/>
/// with a face): nothing it returns is a proof.
/// </summary>
public static class ActiveSetQuadraticProgram
{
    /// <summary>The most iterations before the method stops unconverged.</summary>
    public const int MaxIterations = 1000;

    /// <summary>
    /// Relative activity tolerance: aₖᵀu counts as 0 when |aₖᵀu| ≤ this × ‖aₖ‖·‖u‖. Rounding in the subspace steps
    /// leaves the constraints of the working face at a few ulps of ‖aₖ‖·‖u‖; 1e-9 leaves room for the error growth of a
    /// few hundred steps while staying far below the gaps between distinct faces of generic data.
    /// </summary>
    public const double ActivityTolerance = 1e-9;

    /// <summary>
    /// Relative KKT tolerance: the float test passes when the least-squares residual of ∇f against the cone of the
    /// active constraints is at most this × (‖g‖ + ‖H‖·r), r = max(‖u‖, ‖start‖), the size of ∇f's terms. The test only decides when to stop guessing; the exact
    /// verification decides optimality.
    /// </summary>
    public const double KktTolerance = 1e-10;

    /// <summary>
    /// Relative pivot floor of the reduced Hessian's factorisation (Cholesky with diagonal pivoting): when the largest
    /// remaining pivot is below this × the largest diagonal entry, the directions left are taken as flat (the step
    /// does not move along them). H = JᵀJ is singular when there are more weights than samples; its rounded null
    /// directions come out as pivots of a few ulps of the largest, and dividing by them would turn rounding noise into steps.
    /// </summary>
    public const double PivotFloor = 1e-11;

    /// <summary>
    /// Relative decrease below which a subspace step is rounding noise: the step's predicted decrease −½∇fᵀp against
    /// ‖g‖·r + ‖H‖·r² with r = max(‖u‖, ‖start‖), the size of the terms whose difference f is. Flat directions of a singular H otherwise turn
    /// the last digits into an endless walk of steps that change f only in its last bits.
    /// </summary>
    public const double DecreaseTolerance = 1e-13;

    /// <summary>Runs the method from <paramref name="start"/>.</summary>
    /// <param name="h">H, symmetric positive semidefinite, n×n.</param>
    /// <param name="g">g, length n.</param>
    /// <param name="constraints">The rows aₖ, each of length n.</param>
    /// <param name="start">A feasible point (up to the activity tolerance).</param>
    /// <exception cref="ArgumentException">The sizes disagree.</exception>
    public static FloatQuadraticProgramResult Solve(double[,] h, double[] g, IReadOnlyList<double[]> constraints, double[] start)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(start);
        int n = g.Length;
        if (h.GetLength(0) != n || h.GetLength(1) != n || start.Length != n || constraints.Any(a => a.Length != n))
        {
            throw new ArgumentException("H, g, the constraints and the start must have matching sizes.");
        }

        if (!AllFinite(h) || !g.All(double.IsFinite) || !start.All(double.IsFinite) || !constraints.All(a => a.All(double.IsFinite)))
        {
            return NoGuess(start);
        }

        var problem = new Problem(h, g, constraints);
        if (!double.IsFinite(problem.HNorm) || !double.IsFinite(problem.GNorm))
        {
            // Numbers beyond float64 (or whose norms are): no guess, and the exact method decides alone.
            return NoGuess(start);
        }

        var u = (double[])start.Clone();
        double startSize = Math.Max(Norm(u), double.Epsilon);
        int[] working = [];
        var gradient = new double[n];
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            working = problem.Active(u);
            problem.Gradient(u, gradient);
            if (!gradient.All(double.IsFinite))
            {
                return problem.Result(u, working, converged: false, iteration);
            }

            // The working rows' groups serve both the subspace step and the KKT test of this iteration.
            var groups = problem.Components(working);
            var step = problem.SubspaceStep(gradient, groups);
            double decrease = -0.5 * Dot(gradient, step);
            double size = Math.Max(Norm(u), startSize);
            double terms = (problem.GNorm * size) + (problem.HNorm * size * size);
            if (decrease > DecreaseTolerance * terms && Norm(step) > 0)
            {
                u = problem.Advance(working, u, step, 1.0);
                continue;
            }

            var residual = (double[])gradient.Clone();
            foreach (var (coordinates, members) in groups.Where(c => c.Members.Length > 0))
            {
                var local = Vector<double>.Build.Dense(coordinates.Length, c => gradient[coordinates[c]]);
                var localRows = members.Select(k => Vector<double>.Build.Dense(coordinates.Length, c => problem.Rows[k][coordinates[c]])).ToArray();
                var (_, w) = NonNegativeLeastSquares(localRows, [.. Enumerable.Range(0, members.Length)], local, coordinates.Length);
                for (int c = 0; c < coordinates.Length; c++)
                {
                    residual[coordinates[c]] = w[c];
                }
            }

            if (Norm(residual) <= KktTolerance * (problem.GNorm + (problem.HNorm * size)))
            {
                return problem.Result(u, working, converged: true, iteration);
            }

            // y = −w keeps every working constraint (aₖᵀw ≤ 0 at the NNLS optimum) and descends (∇fᵀw = ‖w‖² > 0).
            var y = residual.Select(v => -v).ToArray();
            // Along a direction of zero curvature f falls linearly: only a blocking constraint ends the step.
            double curvature = problem.Curvature(y);
            double limit = curvature > DecreaseTolerance * (problem.HL1Norm * Dot(y, y)) ? -Dot(gradient, y) / curvature : double.PositiveInfinity;
            double yNorm = Norm(y);
            var leaving = working.Where(k => problem.RowDot(k, y) > ActivityTolerance * problem.Norms[k] * yNorm).ToHashSet();
            var next = problem.Advance([.. working.Where(k => !leaving.Contains(k))], u, y, limit);
            if (!next.All(double.IsFinite))
            {
                return problem.Result(u, working, converged: false, iteration);
            }

            u = next;
        }

        return problem.Result(u, problem.Active(u), converged: false, MaxIterations);
    }

    private static bool AllFinite(double[,] h)
    {
        foreach (double v in h)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static FloatQuadraticProgramResult NoGuess(double[] start) => new([.. start], double.NaN, [], Converged: false, Iterations: 0);

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    /// <summary>
    /// The problem on plain arrays: H, g, the rows with their non-zero coordinates (a constraint of the basin QP touches
    /// one unit's d coordinates, so its products cost d, not n) and norms, and the norms of H and g.
    /// </summary>
    private sealed class Problem
    {
        private readonly double[,] _h;
        private readonly double[] _g;
        private readonly int[][] _support;
        private readonly int _n;

        public Problem(double[,] h, double[] g, IReadOnlyList<double[]> rows)
        {
            _h = h;
            _g = g;
            _n = g.Length;
            Rows = rows;
            _support = [.. rows.Select(a => Enumerable.Range(0, a.Length).Where(c => a[c] != 0).ToArray())];
            Norms = [.. rows.Select(a => Norm(a))];
            double frobenius = 0, l1 = 0;
            for (int c = 0; c < _n; c++)
            {
                double column = 0;
                for (int r = 0; r < _n; r++)
                {
                    frobenius += h[r, c] * h[r, c];
                    column += Math.Abs(h[r, c]);
                }

                l1 = Math.Max(l1, column);
            }

            HNorm = Math.Sqrt(frobenius);
            HL1Norm = l1;
            GNorm = Norm(g);
        }

        public IReadOnlyList<double[]> Rows { get; }

        public double[] Norms { get; }

        /// <summary>‖H‖ in the Frobenius norm.</summary>
        public double HNorm { get; }

        /// <summary>‖H‖₁, the largest absolute column sum.</summary>
        public double HL1Norm { get; }

        public double GNorm { get; }

        public double RowDot(int k, double[] v)
        {
            var row = Rows[k];
            double sum = 0;
            foreach (int c in _support[k])
            {
                sum += row[c] * v[c];
            }

            return sum;
        }

        public int[] Active(double[] u)
        {
            double size = Norm(u);
            var active = new List<int>();
            for (int k = 0; k < Rows.Count; k++)
            {
                if (RowDot(k, u) <= ActivityTolerance * Norms[k] * size)
                {
                    active.Add(k);
                }
            }

            return [.. active];
        }

        public void Gradient(double[] u, double[] gradient)
        {
            for (int r = 0; r < _n; r++)
            {
                double sum = _g[r];
                for (int c = 0; c < _n; c++)
                {
                    sum += _h[r, c] * u[c];
                }

                gradient[r] = sum;
            }
        }

        public double Curvature(double[] y)
        {
            double sum = 0;
            for (int r = 0; r < _n; r++)
            {
                double row = 0;
                for (int c = 0; c < _n; c++)
                {
                    row += _h[r, c] * y[c];
                }

                sum += y[r] * row;
            }

            return sum;
        }

        public FloatQuadraticProgramResult Result(double[] u, int[] active, bool converged, int iterations) =>
            new([.. u], (0.5 * Curvature(u)) + Dot(_g, u), active, converged, iterations);

        // Moves along d by the largest step up to `limit` that keeps every constraint outside `working`.
        public double[] Advance(int[] working, double[] u, double[] d, double limit)
        {
            var inWorking = new bool[Rows.Count];
            foreach (int k in working)
            {
                inWorking[k] = true;
            }

            double step = limit, dn = Norm(d);
            for (int k = 0; k < Rows.Count; k++)
            {
                if (inWorking[k])
                {
                    continue;
                }

                double rate = RowDot(k, d);
                if (rate < -ActivityTolerance * Norms[k] * dn)
                {
                    double reach = Math.Max(0, -RowDot(k, u) / rate);
                    step = Math.Min(step, reach);
                }
            }

            var next = new double[_n];
            for (int c = 0; c < _n; c++)
            {
                next[c] = u[c] + (step * d[c]);
            }

            return next;
        }

        // The working rows grouped by shared coordinates (union-find over each row's non-zero coordinates), each group
        // with the coordinates it touches, ascending, in the order of their first coordinate; every coordinate no row
        // touches is a group of its own with no rows. A zero row (0 ≥ 0) constrains nothing and belongs to no group.
        public List<(int[] Coordinates, int[] Members)> Components(int[] working)
        {
            var parent = new int[_n];
            for (int c = 0; c < _n; c++)
            {
                parent[c] = c;
            }

            int Find(int x)
            {
                while (parent[x] != x)
                {
                    parent[x] = parent[parent[x]];
                    x = parent[x];
                }

                return x;
            }

            var touched = new bool[_n];
            foreach (int k in working)
            {
                var support = _support[k];
                for (int s = 0; s < support.Length; s++)
                {
                    touched[support[s]] = true;
                    if (s > 0)
                    {
                        parent[Find(support[s])] = Find(support[0]);
                    }
                }
            }

            // Groups in the order of their first coordinate; slot[root] is the group's index.
            var slot = new int[_n];
            Array.Fill(slot, -1);
            var coordinates = new List<List<int>>();
            var members = new List<List<int>>();
            var result = new List<(int[] Coordinates, int[] Members)>();
            var order = new List<int>();
            for (int c = 0; c < _n; c++)
            {
                int root = Find(c);
                if (slot[root] < 0)
                {
                    slot[root] = coordinates.Count;
                    coordinates.Add([]);
                    members.Add([]);
                    order.Add(root);
                }

                coordinates[slot[root]].Add(c);
            }

            foreach (int k in working)
            {
                if (_support[k].Length > 0)
                {
                    members[slot[Find(_support[k][0])]].Add(k);
                }
            }

            for (int group = 0; group < coordinates.Count; group++)
            {
                if (!coordinates[group].Any(c => touched[c]))
                {
                    result.AddRange(coordinates[group].Select(c => (new[] { c }, Array.Empty<int>())));
                    continue;
                }

                result.Add(([.. coordinates[group]], [.. members[group]]));
            }

            return result;
        }

        // The minimum of f on u + null(A_W), as a step: p = Z·q with (ZᵀHZ)q = −Zᵀ∇f, solved on the numerical range of ZᵀHZ.
        public double[] SubspaceStep(double[] gradient, List<(int[] Coordinates, int[] Members)> groups)
        {
            // null(A_W) block by block: the working rows split into groups that share no coordinate (for the basin QP,
            // one group per hidden unit), and coordinates that no working row touches are free. Each basis vector lives
            // on its group's coordinates.
            var basis = new List<(int[] Coordinates, double[] Values)>();
            foreach (var (coordinates, members) in groups)
            {
                if (members.Length == 0)
                {
                    basis.Add((coordinates, [1.0]));
                    continue;
                }

                // Aᵀ of the group: its coordinates by its rows.
                var transposed = new double[coordinates.Length, members.Length];
                for (int r = 0; r < members.Length; r++)
                {
                    for (int c = 0; c < coordinates.Length; c++)
                    {
                        transposed[c, r] = Rows[members[r]][coordinates[c]];
                    }
                }

                basis.AddRange(NullSpace(transposed).Select(v => (coordinates, v)));
            }

            var step = new double[_n];
            int k = basis.Count;
            if (k == 0)
            {
                return step;
            }

            // ZᵀHZ and −Zᵀ∇f on the basis vectors' own coordinates.
            var reduced = new double[k, k];
            var rhs = new double[k];
            for (int a = 0; a < k; a++)
            {
                var (ca, va) = basis[a];
                for (int i = 0; i < ca.Length; i++)
                {
                    rhs[a] -= va[i] * gradient[ca[i]];
                }

                for (int b = a; b < k; b++)
                {
                    var (cb, vb) = basis[b];
                    double sum = 0;
                    for (int i = 0; i < ca.Length; i++)
                    {
                        double row = 0;
                        for (int j = 0; j < cb.Length; j++)
                        {
                            row += _h[ca[i], cb[j]] * vb[j];
                        }

                        sum += va[i] * row;
                    }

                    reduced[a, b] = reduced[b, a] = sum;
                }
            }

            var q = FlatMinimiser(reduced, rhs);
            for (int a = 0; a < k; a++)
            {
                var (ca, va) = basis[a];
                for (int i = 0; i < ca.Length; i++)
                {
                    step[ca[i]] += va[i] * q[a];
                }
            }

            return step;
        }
    }

    // An orthonormal basis of null(A), given Aᵀ (n × r, r rows of A over n coordinates), by Householder QR with column
    // pivoting of Aᵀ: the columns of Q past the numerical rank span the complement of A's row space. A pivot column whose
    // remaining norm is at most the first's × max(n, r) × ε counts as dependent (the cutoff of a rank-revealing SVD).
    private static List<double[]> NullSpace(double[,] at)
    {
        int n = at.GetLength(0), r = at.GetLength(1);
        var m = (double[,])at.Clone();
        var reflectors = new List<double[]>();
        var norms = new double[r];
        double cutoff = 0;
        for (int j = 0; j < Math.Min(n, r); j++)
        {
            int pivot = -1;
            for (int c = j; c < r; c++)
            {
                double sum = 0;
                for (int i = j; i < n; i++)
                {
                    sum += m[i, c] * m[i, c];
                }

                norms[c] = Math.Sqrt(sum);
                if (pivot < 0 || norms[c] > norms[pivot])
                {
                    pivot = c;
                }
            }

            double norm = norms[pivot];
            if (j == 0)
            {
                cutoff = norm * Math.Max(n, r) * FloatingPoint.MachineEpsilon;
            }

            if (!(norm > cutoff))
            {
                break;
            }

            if (pivot != j)
            {
                for (int i = 0; i < n; i++)
                {
                    (m[i, j], m[i, pivot]) = (m[i, pivot], m[i, j]);
                }
            }

            // The reflector I − 2vvᵀ/vᵀv that maps the column's rows j.. onto a multiple of e_j.
            var v = new double[n];
            double alpha = m[j, j] > 0 ? -norm : norm;
            for (int i = j; i < n; i++)
            {
                v[i] = m[i, j];
            }

            v[j] -= alpha;
            double vv = 0;
            for (int i = j; i < n; i++)
            {
                vv += v[i] * v[i];
            }

            if (vv > 0)
            {
                for (int c = j; c < r; c++)
                {
                    double dot = 0;
                    for (int i = j; i < n; i++)
                    {
                        dot += v[i] * m[i, c];
                    }

                    double factor = 2 * dot / vv;
                    for (int i = j; i < n; i++)
                    {
                        m[i, c] -= factor * v[i];
                    }
                }
            }

            reflectors.Add(vv > 0 ? v : new double[n]);
        }

        // Q·e_i for i past the rank: the reflectors applied in reverse order to the unit vectors.
        var basis = new List<double[]>();
        for (int e = reflectors.Count; e < n; e++)
        {
            var q = new double[n];
            q[e] = 1;
            for (int h = reflectors.Count - 1; h >= 0; h--)
            {
                var v = reflectors[h];
                double dot = 0, vv = 0;
                for (int i = h; i < n; i++)
                {
                    dot += v[i] * q[i];
                    vv += v[i] * v[i];
                }

                if (vv > 0)
                {
                    double factor = 2 * dot / vv;
                    for (int i = h; i < n; i++)
                    {
                        q[i] -= factor * v[i];
                    }
                }
            }

            basis.Add(q);
        }

        return basis;
    }

    // A minimiser q of ½qᵀRq − bᵀq for R symmetric positive semidefinite, by Cholesky factorisation with diagonal
    // pivoting: the pivots above the floor give R's numerical range, q solves the system there and is 0 on the directions
    // left, which are flat up to rounding. (b lies in R's range here, R = ZᵀHZ and b = −Zᵀ∇f with H = JᵀJ-like.)
    private static double[] FlatMinimiser(double[,] r, double[] b)
    {
        int k = b.Length;
        var a = (double[,])r.Clone();
        var perm = new int[k];
        double top = 0;
        for (int i = 0; i < k; i++)
        {
            perm[i] = i;
            top = Math.Max(top, a[i, i]);
        }

        double floor = top * PivotFloor;
        int rank = 0;
        for (int j = 0; j < k; j++)
        {
            int pivot = j;
            for (int i = j + 1; i < k; i++)
            {
                if (a[i, i] > a[pivot, pivot])
                {
                    pivot = i;
                }
            }

            if (!(a[pivot, pivot] > floor))
            {
                break;
            }

            if (pivot != j)
            {
                for (int c = 0; c < k; c++)
                {
                    (a[j, c], a[pivot, c]) = (a[pivot, c], a[j, c]);
                }

                for (int c = 0; c < k; c++)
                {
                    (a[c, j], a[c, pivot]) = (a[c, pivot], a[c, j]);
                }

                (perm[j], perm[pivot]) = (perm[pivot], perm[j]);
            }

            double root = Math.Sqrt(a[j, j]);
            a[j, j] = root;
            for (int i = j + 1; i < k; i++)
            {
                a[i, j] /= root;
            }

            for (int i = j + 1; i < k; i++)
            {
                for (int c = j + 1; c <= i; c++)
                {
                    a[i, c] -= a[i, j] * a[c, j];
                    a[c, i] = a[i, c];
                }
            }

            rank++;
        }

        // L·Lᵀ·x = b on the pivoted coordinates, L in the lower triangle of the first `rank` columns.
        var x = new double[rank];
        for (int i = 0; i < rank; i++)
        {
            double sum = b[perm[i]];
            for (int c = 0; c < i; c++)
            {
                sum -= a[i, c] * x[c];
            }

            x[i] = sum / a[i, i];
        }

        for (int i = rank - 1; i >= 0; i--)
        {
            double sum = x[i];
            for (int c = i + 1; c < rank; c++)
            {
                sum -= a[c, i] * x[c];
            }

            x[i] = sum / a[i, i];
        }

        var q = new double[k];
        for (int i = 0; i < rank; i++)
        {
            q[perm[i]] = x[i];
        }

        return q;
    }

    /// <summary>
    /// Lawson and Hanson's non-negative least squares: λ ≥ 0 minimising ‖Σ λₖaₖ − b‖ over the working rows, and the
    /// residual w = b − Σ λₖaₖ.
    /// </summary>
    private static (Vector<double> Multipliers, Vector<double> Residual) NonNegativeLeastSquares(Vector<double>[] rows, int[] working, Vector<double> b, int n)
    {
        int m = working.Length;
        var lambda = Vector<double>.Build.Dense(m);
        if (m == 0)
        {
            return (lambda, b.Clone());
        }

        var e = Matrix<double>.Build.DenseOfColumnVectors(working.Select(k => rows[k]));
        var passive = new bool[m];
        double tolerance = 10 * FloatingPoint.MachineEpsilon * e.L1Norm() * Math.Max(m, n) * Math.Max(1, b.L2Norm());
        for (int outer = 0; outer < 3 * m + 10; outer++)
        {
            var w = e.TransposeThisAndMultiply(b - (e * lambda));
            int best = -1;
            for (int j = 0; j < m; j++)
            {
                if (!passive[j] && w[j] > tolerance && (best < 0 || w[j] > w[best]))
                {
                    best = j;
                }
            }

            if (best < 0)
            {
                break;
            }

            passive[best] = true;
            for (int inner = 0; inner < 3 * m + 10; inner++)
            {
                var s = PassiveLeastSquares(e, b, passive);
                if (Enumerable.Range(0, m).Where(j => passive[j]).All(j => s[j] > 0))
                {
                    lambda = s;
                    break;
                }

                double alpha = 1;
                for (int j = 0; j < m; j++)
                {
                    if (passive[j] && s[j] <= 0)
                    {
                        alpha = Math.Min(alpha, lambda[j] / (lambda[j] - s[j]));
                    }
                }

                lambda += alpha * (s - lambda);
                for (int j = 0; j < m; j++)
                {
                    if (passive[j] && lambda[j] <= tolerance)
                    {
                        passive[j] = false;
                        lambda[j] = 0;
                    }
                }
            }
        }

        return (lambda, b - (e * lambda));
    }

    private static Vector<double> PassiveLeastSquares(Matrix<double> e, Vector<double> b, bool[] passive)
    {
        var columns = Enumerable.Range(0, passive.Length).Where(j => passive[j]).ToArray();
        var sub = Matrix<double>.Build.DenseOfColumnVectors(columns.Select(e.Column));
        var solution = sub.Svd(computeVectors: true).Solve(b);
        var full = Vector<double>.Build.Dense(passive.Length);
        for (int i = 0; i < columns.Length; i++)
        {
            full[columns[i]] = solution[i];
        }

        return full;
    }
}
