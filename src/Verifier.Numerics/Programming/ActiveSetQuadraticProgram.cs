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
/// the minimum on the working subspace by a pseudo-inverse; the KKT test by non-negative least squares, whose residual
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
    /// Relative eigenvalue floor of the reduced Hessian's pseudo-inverse: eigenvalues below this × the largest are
    /// treated as 0. H = JᵀJ is singular when there are more weights than samples; its rounded null directions come
    /// out as eigenvalues of a few ulps of the largest, and inverting them would turn rounding noise into steps.
    /// </summary>
    public const double EigenvalueFloor = 1e-11;

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

        var hm = Matrix<double>.Build.DenseOfArray(h);
        var gv = Vector<double>.Build.DenseOfArray(g);
        if (!hm.Enumerate().All(double.IsFinite) || !g.All(double.IsFinite) || !start.All(double.IsFinite) || !constraints.All(a => a.All(double.IsFinite))
            || !double.IsFinite(hm.FrobeniusNorm()) || !double.IsFinite(gv.L2Norm()))
        {
            // Numbers beyond float64 (or whose norms are): no guess, and the exact method decides alone.
            return new FloatQuadraticProgramResult([.. start], double.NaN, [], Converged: false, Iterations: 0);
        }

        var rows = constraints.Select(a => Vector<double>.Build.DenseOfArray(a)).ToArray();
        var norms = rows.Select(a => a.L2Norm()).ToArray();
        var u = Vector<double>.Build.DenseOfArray(start);
        double gNorm = gv.L2Norm(), hNorm = hm.FrobeniusNorm(), startSize = Math.Max(u.L2Norm(), double.Epsilon);
        int[] working = [];
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            working = Active(rows, norms, u);
            var gradient = (hm * u) + gv;
            if (!gradient.ForAll(double.IsFinite))
            {
                return Result(hm, gv, u, working, converged: false, iteration);
            }

            // The working rows' groups serve both the subspace step and the KKT test of this iteration.
            var groups = Components(rows, working, n);
            var step = SubspaceStep(hm, gradient, rows, groups, n);
            double decrease = -0.5 * (gradient * step);
            double size = Math.Max(u.L2Norm(), startSize);
            double terms = (gNorm * size) + (hNorm * size * size);
            if (decrease > DecreaseTolerance * terms && step.L2Norm() > 0)
            {
                u = Advance(rows, norms, working, u, step, 1.0);
                continue;
            }

            var residual = gradient.Clone();
            foreach (var (coordinates, members) in groups.Where(c => c.Members.Length > 0))
            {
                var local = Vector<double>.Build.Dense(coordinates.Length, c => gradient[coordinates[c]]);
                var localRows = members.Select(k => Vector<double>.Build.Dense(coordinates.Length, c => rows[k][coordinates[c]])).ToArray();
                var (_, w) = NonNegativeLeastSquares(localRows, [.. Enumerable.Range(0, members.Length)], local, coordinates.Length);
                for (int c = 0; c < coordinates.Length; c++)
                {
                    residual[coordinates[c]] = w[c];
                }
            }

            if (residual.L2Norm() <= KktTolerance * (gNorm + (hNorm * size)))
            {
                return Result(hm, gv, u, working, converged: true, iteration);
            }

            // y = −w keeps every working constraint (aₖᵀw ≤ 0 at the NNLS optimum) and descends (∇fᵀw = ‖w‖² > 0).
            var y = -residual;
            // Along a direction of zero curvature f falls linearly: only a blocking constraint ends the step.
            double curvature = y * (hm * y);
            double limit = curvature > DecreaseTolerance * (hm.L1Norm() * (y * y)) ? -(gradient * y) / curvature : double.PositiveInfinity;
            var leaving = working.Where(k => rows[k] * y > ActivityTolerance * norms[k] * y.L2Norm()).ToHashSet();
            var next = Advance(rows, norms, [.. working.Where(k => !leaving.Contains(k))], u, y, limit);
            if (!next.ForAll(double.IsFinite))
            {
                return Result(hm, gv, u, working, converged: false, iteration);
            }

            u = next;
        }

        return Result(hm, gv, u, Active(rows, norms, u), converged: false, MaxIterations);
    }

    // The working rows grouped by shared coordinates (union-find over each row's non-zero coordinates), each group with
    // the coordinates it touches; every coordinate no row touches is a group of its own with no rows.
    private static List<(int[] Coordinates, int[] Members)> Components(Vector<double>[] rows, int[] working, int n)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        // A zero row (0 ≥ 0) constrains nothing and belongs to no group.
        working = [.. working.Where(k => rows[k].Exists(v => v != 0))];
        var touched = new bool[n];
        foreach (int k in working)
        {
            int first = -1;
            for (int c = 0; c < n; c++)
            {
                if (rows[k][c] != 0)
                {
                    touched[c] = true;
                    if (first < 0)
                    {
                        first = c;
                    }
                    else
                    {
                        parent[Find(c)] = Find(first);
                    }
                }
            }
        }

        var rootOf = working.ToDictionary(k => k, k => Find(Enumerable.Range(0, n).First(c => rows[k][c] != 0)));
        var groups = Enumerable.Range(0, n).GroupBy(Find).ToList();
        var result = new List<(int[] Coordinates, int[] Members)>();
        foreach (var group in groups)
        {
            var coordinates = group.ToArray();
            if (!coordinates.Any(c => touched[c]))
            {
                result.AddRange(coordinates.Select(c => (new[] { c }, Array.Empty<int>())));
                continue;
            }

            int root = group.Key;
            var members = working.Where(k => rootOf[k] == root).ToArray();
            result.Add((coordinates, members));
        }

        return result;
    }

    private static FloatQuadraticProgramResult Result(Matrix<double> h, Vector<double> g, Vector<double> u, int[] active, bool converged, int iterations) =>
        new([.. u], (0.5 * (u * (h * u))) + (g * u), active, converged, iterations);

    private static int[] Active(Vector<double>[] rows, double[] norms, Vector<double> u)
    {
        double size = u.L2Norm();
        return [.. Enumerable.Range(0, rows.Length).Where(k => rows[k] * u <= ActivityTolerance * norms[k] * size)];
    }

    // Moves along d by the largest step up to `limit` that keeps every constraint outside `working`.
    private static Vector<double> Advance(Vector<double>[] rows, double[] norms, int[] working, Vector<double> u, Vector<double> d, double limit)
    {
        var inWorking = working.ToHashSet();
        double step = limit, dn = d.L2Norm();
        for (int k = 0; k < rows.Length; k++)
        {
            if (inWorking.Contains(k))
            {
                continue;
            }

            double rate = rows[k] * d;
            if (rate < -ActivityTolerance * norms[k] * dn)
            {
                double reach = Math.Max(0, -(rows[k] * u) / rate);
                step = Math.Min(step, reach);
            }
        }

        return u + (step * d);
    }

    // The minimum of f on u + null(A_W), as a step: p = Z·q with (ZᵀHZ)q = −Zᵀ∇f by a pseudo-inverse.
    private static Vector<double> SubspaceStep(Matrix<double> h, Vector<double> gradient, Vector<double>[] rows, List<(int[] Coordinates, int[] Members)> groups, int n)
    {
        // null(A_W) block by block: the working rows split into groups that share no coordinate (for the basin QP, one
        // group per hidden unit), and coordinates that no working row touches are free.
        var basis = new List<Vector<double>>();
        foreach (var (coordinates, members) in groups)
        {
            if (members.Length == 0)
            {
                var e = Vector<double>.Build.Dense(n);
                e[coordinates[0]] = 1;
                basis.Add(e);
                continue;
            }

            var a = Matrix<double>.Build.Dense(members.Length, coordinates.Length, (r, c) => rows[members[r]][coordinates[c]]);
            var svd = a.Svd(computeVectors: true);
            double cutoff = svd.S.Count == 0 ? 0 : svd.S[0] * Math.Max(a.RowCount, a.ColumnCount) * FloatingPoint.MachineEpsilon;
            int rank = svd.S.Count(x => x > cutoff);
            for (int r = rank; r < coordinates.Length; r++)
            {
                var e = Vector<double>.Build.Dense(n);
                for (int c = 0; c < coordinates.Length; c++)
                {
                    e[coordinates[c]] = svd.VT[r, c];
                }

                basis.Add(e);
            }
        }

        if (basis.Count == 0)
        {
            return Vector<double>.Build.Dense(n);
        }

        var z = Matrix<double>.Build.DenseOfColumnVectors(basis);
        var reduced = z.TransposeThisAndMultiply(h * z);
        var rhs = -(z.TransposeThisAndMultiply(gradient));
        var evd = reduced.Evd(Symmetricity.Symmetric);
        double top = evd.EigenValues.Select(e => Math.Abs(e.Real)).DefaultIfEmpty(0).Max();
        double floor = top * EigenvalueFloor;
        // q = V·Λ⁺·Vᵀ·rhs, with the eigenvalues below the floor taken as 0.
        var coefficients = evd.EigenVectors.TransposeThisAndMultiply(rhs);
        for (int i = 0; i < coefficients.Count; i++)
        {
            double lambda = evd.EigenValues[i].Real;
            coefficients[i] = lambda > floor ? coefficients[i] / lambda : 0;
        }

        return z * (evd.EigenVectors * coefficients);
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
