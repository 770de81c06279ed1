using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Numerics.Programming;
using Verifier.Symbolic;

namespace Verifier.Landscape.Paths;

/// <summary>
/// Exact verification of a float64 guess of the basin QP's optimal face, using the problem's structure: each constraint
/// involves one unit's coordinates only, and f(U) = (s/2)‖J·U − y‖². With Zᵢ an exact basis of the directions of unit i
/// that keep its guessed constraints at 0, the face is U = U_p + Z·q; the minimiser on it solves a least-squares
/// problem in q, solved exactly on a column basis of K = J·Z chosen in float64 (fraction-free elimination) and
/// checked exactly: Kᵀ·e = 0 for every column (so U* minimises f on the face), every constraint holds at U*, and for
/// every unit its gradient block lies in the cone of its constraints active at U* (an exact LP in the unit's d
/// coordinates). Together these are the KKT conditions, which prove U* optimal for the convex problem. Any failed check
/// returns null, and the caller falls back to the general exact method: the guess only decides how much work is done.
/// </summary>
internal static class BasinFace
{
    /// <summary>
    /// Relative pivot threshold of the float64 column selection: a column whose part orthogonal to the columns already
    /// chosen is below this × the largest column norm is taken as dependent. The exact check Kᵀ·e = 0 on every column
    /// catches a wrong choice (it then fails and the general method runs), so the size only trades speed for success.
    /// </summary>
    private const double ColumnTolerance = 1e-9;

    /// <summary>The exact solution from the guess, or null when any check fails.</summary>
    /// <param name="units">n, the hidden width.</param>
    /// <param name="inputs">d, the input width.</param>
    /// <param name="j">J, m×(n·d), exact.</param>
    /// <param name="y">The targets.</param>
    /// <param name="scale">s, the loss's scale.</param>
    /// <param name="constraints">The rows aₖ, k = i·m + t.</param>
    /// <param name="guess">The float64 method's converged result.</param>
    /// <param name="budget">Charged by the exact work, or null.</param>
    public static QuadraticProgramSolution? Verify(int units, int inputs, Rational[,] j, Rational[] y, Rational scale, IReadOnlyList<Rational[]> constraints, FloatQuadraticProgramResult guess, WorkBudget? budget)
    {
        int m = y.Length, d = inputs;
        var guessed = guess.Active.ToHashSet();
        var bases = new Rational[units][,];
        var up = new Rational[units * d];
        var columns = new List<(int Unit, int Column)>();
        for (int i = 0; i < units; i++)
        {
            var rows = Enumerable.Range(0, m).Where(t => guessed.Contains((i * m) + t)).Select(t => Local(constraints[(i * m) + t], i, d)).ToList();
            var (z, free) = ExactMatrices.NullSpaceOfRows(rows, d, budget);
            bases[i] = z;
            var q = free.Select(c => Rational.FromDouble(guess.Minimiser[(i * d) + c])).ToArray();
            var ui = ExactLinearAlgebra.Multiply(z, q);
            Array.Copy(ui, 0, up, i * d, d);
            columns.AddRange(Enumerable.Range(0, z.GetLength(1)).Select(c => (i, c)));
        }

        // K = J·Z, column by column (Z is block diagonal), and r0 = y − J·U_p.
        var k = new Rational[m, columns.Count];
        for (int col = 0; col < columns.Count; col++)
        {
            var (i, c) = columns[col];
            for (int t = 0; t < m; t++)
            {
                var sum = Rational.Zero;
                for (int a = 0; a < d; a++)
                {
                    var jta = j[t, (i * d) + a];
                    if (!jta.IsZero && !bases[i][a, c].IsZero)
                    {
                        sum += jta * bases[i][a, c];
                    }
                }

                k[t, col] = sum;
            }
        }

        var r0 = new Rational[m];
        for (int t = 0; t < m; t++)
        {
            var sum = y[t];
            for (int col = 0; col < up.Length; col++)
            {
                if (!j[t, col].IsZero && !up[col].IsZero)
                {
                    sum -= j[t, col] * up[col];
                }
            }

            r0[t] = sum;
        }

        if (ColumnBasis(k) is not { } chosen)
        {
            return null;
        }

        var q0 = new Rational[columns.Count];
        Array.Fill(q0, Rational.Zero);
        if (chosen.Length > 0)
        {
            var normal = new Rational[chosen.Length, chosen.Length];
            var rhs = new Rational[chosen.Length];
            for (int a = 0; a < chosen.Length; a++)
            {
                for (int b = a; b < chosen.Length; b++)
                {
                    normal[a, b] = normal[b, a] = ColumnDot(k, chosen[a], chosen[b], m);
                }

                rhs[a] = Enumerable.Range(0, m).Aggregate(Rational.Zero, (acc, t) => acc + (k[t, chosen[a]] * r0[t]));
            }

            budget?.Charge((long)chosen.Length * chosen.Length * m * WorkBudget.ProductCost(256, 256));
            if (ExactLinearAlgebra.SolveFractionFree(normal, rhs, budget) is not { } solved)
            {
                return null;
            }

            for (int a = 0; a < chosen.Length; a++)
            {
                q0[chosen[a]] = solved[a];
            }
        }

        // e = K·q − r0 = J·U* − y; U* minimises f on the face exactly when Kᵀ·e = 0 for every column.
        var e = new Rational[m];
        for (int t = 0; t < m; t++)
        {
            var sum = -r0[t];
            foreach (int col in chosen)
            {
                if (!k[t, col].IsZero && !q0[col].IsZero)
                {
                    sum += k[t, col] * q0[col];
                }
            }

            e[t] = sum;
        }

        for (int col = 0; col < columns.Count; col++)
        {
            if (!ColumnDot(k, e, col, m).IsZero)
            {
                return null;
            }
        }

        var u = (Rational[])up.Clone();
        for (int col = 0; col < columns.Count; col++)
        {
            var (i, c) = columns[col];
            if (q0[col].IsZero)
            {
                continue;
            }

            for (int a = 0; a < d; a++)
            {
                u[(i * d) + a] += bases[i][a, c] * q0[col];
            }
        }

        // Each constraint involves its unit's d coordinates only.
        var activity = new Rational[constraints.Count];
        for (int idx = 0; idx < constraints.Count; idx++)
        {
            int i = idx / m;
            var sum = Rational.Zero;
            for (int a = 0; a < d; a++)
            {
                var c = constraints[idx][(i * d) + a];
                if (!c.IsZero && !u[(i * d) + a].IsZero)
                {
                    sum += c * u[(i * d) + a];
                }
            }

            activity[idx] = sum;
        }

        if (activity.Any(v => v.Sign < 0))
        {
            return null;
        }

        // ∇f = s·Jᵀ·e; unit by unit, its block must lie in the cone of the unit's constraints active at U*.
        var gradient = new Rational[j.GetLength(1)];
        for (int col = 0; col < gradient.Length; col++)
        {
            var sum = Rational.Zero;
            for (int t = 0; t < m; t++)
            {
                if (!j[t, col].IsZero && !e[t].IsZero)
                {
                    sum += j[t, col] * e[t];
                }
            }

            gradient[col] = scale * sum;
        }

        var active = new List<int>();
        var multipliers = new List<Rational>();
        for (int i = 0; i < units; i++)
        {
            var tight = Enumerable.Range(0, m).Select(t => (i * m) + t).Where(idx => activity[idx].IsZero).ToArray();
            var block = gradient.Skip(i * d).Take(d).ToArray();
            var generators = tight.Select(idx => Local(constraints[idx], i, d)).ToArray();
            var lambda = IndependentMultipliers(generators, block, budget);
            if (lambda is null)
            {
                if (ConeMembership.Decide(generators, block, budget) is not ConeAnswer.Member member)
                {
                    return null;
                }

                lambda = member.Multipliers;
            }

            active.AddRange(tight);
            multipliers.AddRange(lambda);
        }

        var value = scale * e.Aggregate(Rational.Zero, (acc, v) => acc + (v * v)) / 2;
        return new QuadraticProgramSolution(u, value, [.. active], [.. multipliers], 1);
    }

    // The multipliers λ ≥ 0 with Σ λₖaₖ = b when the generators are linearly independent (then λ is unique: the solution
    // of the Gram system, checked against b exactly); null when they are dependent, λ has a negative entry or b is outside
    // their span, and the caller decides by the cone LP. The common case (at most d independent tight constraints per
    // unit) is thus one small exact solve instead of a simplex run.
    private static Rational[]? IndependentMultipliers(Rational[][] generators, Rational[] b, WorkBudget? budget)
    {
        int k = generators.Length, d = b.Length;
        if (k == 0)
        {
            return b.All(v => v.IsZero) ? [] : null;
        }

        if (k > d)
        {
            return null;
        }

        var gram = new Rational[k, k];
        var rhs = new Rational[k];
        for (int a = 0; a < k; a++)
        {
            for (int c = a; c < k; c++)
            {
                gram[a, c] = gram[c, a] = ExactLinearAlgebra.Dot(generators[a], generators[c]);
            }

            rhs[a] = ExactLinearAlgebra.Dot(generators[a], b);
        }

        if (ExactLinearAlgebra.Solve(gram, rhs, budget) is not { } lambda || lambda.Any(l => l.Sign < 0))
        {
            return null;
        }

        for (int r = 0; r < d; r++)
        {
            var sum = Rational.Zero;
            for (int a = 0; a < k; a++)
            {
                sum += lambda[a] * generators[a][r];
            }

            if (sum != b[r])
            {
                return null;
            }
        }

        return lambda;
    }

    private static Rational[] Local(Rational[] row, int unit, int d) => [.. row.Skip(unit * d).Take(d)];

    private static Rational ColumnDot(Rational[,] k, int a, int b, int m)
    {
        var sum = Rational.Zero;
        for (int t = 0; t < m; t++)
        {
            if (!k[t, a].IsZero && !k[t, b].IsZero)
            {
                sum += k[t, a] * k[t, b];
            }
        }

        return sum;
    }

    private static Rational ColumnDot(Rational[,] k, Rational[] v, int col, int m)
    {
        var sum = Rational.Zero;
        for (int t = 0; t < m; t++)
        {
            if (!k[t, col].IsZero && !v[t].IsZero)
            {
                sum += k[t, col] * v[t];
            }
        }

        return sum;
    }

    // Columns of K chosen greedily in float64 by the largest remaining norm (modified Gram–Schmidt with pivoting); null
    // when an entry is beyond float64.
    private static int[]? ColumnBasis(Rational[,] k)
    {
        int m = k.GetLength(0), cols = k.GetLength(1);
        var v = new double[cols][];
        for (int c = 0; c < cols; c++)
        {
            v[c] = new double[m];
            for (int t = 0; t < m; t++)
            {
                // Beyond float64 the column choice is not possible: the caller's general exact method decides instead.
                if (k[t, c].ToDoubleOrNull() is not { } value)
                {
                    return null;
                }

                v[c][t] = value;
            }
        }

        double top = v.Select(Norm).DefaultIfEmpty(0).Max();
        var chosen = new List<int>();
        var remaining = Enumerable.Range(0, cols).ToList();
        while (remaining.Count > 0 && chosen.Count < m)
        {
            int best = remaining.MaxBy(c => Norm(v[c]));
            double norm = Norm(v[best]);
            if (!(norm > ColumnTolerance * top))
            {
                break;
            }

            chosen.Add(best);
            remaining.Remove(best);
            var unit = v[best].Select(x => x / norm).ToArray();
            foreach (int c in remaining)
            {
                double dot = 0;
                for (int t = 0; t < m; t++)
                {
                    dot += unit[t] * v[c][t];
                }

                for (int t = 0; t < m; t++)
                {
                    v[c][t] -= dot * unit[t];
                }
            }
        }

        return [.. chosen];
    }

    private static double Norm(double[] x) => Math.Sqrt(x.Sum(a => a * a));
}
