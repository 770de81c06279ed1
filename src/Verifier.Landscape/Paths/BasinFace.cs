using System.Numerics;
using Verifier.Landscape.Derivatives;
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

    /// <summary>
    /// The exact solution from the guess, or null when any check fails, in integer arithmetic: J, y, the face bases Z
    /// and the guess are each scaled to integers by one common denominator, so K = J·Z, the residuals, Kᵀ·e, the
    /// constraints' activities and the gradient are integer sums with no gcd per operation, and rationals are built
    /// only for the answer. The same checks, and the same answer, as <see cref="VerifyRational"/> (a test holds them
    /// equal), several times faster on data with long decimals and on the guess's dyadic numbers.
    /// </summary>
    /// <param name="units">n, the hidden width.</param>
    /// <param name="inputs">d, the input width.</param>
    /// <param name="j">J, m×(n·d), exact.</param>
    /// <param name="y">The targets.</param>
    /// <param name="scale">s, the loss's scale (positive).</param>
    /// <param name="constraints">The rows aₖ, k = i·m + t.</param>
    /// <param name="guess">The float64 method's converged result.</param>
    /// <param name="budget">Charged by the exact work, or null.</param>
    public static QuadraticProgramSolution? Verify(int units, int inputs, Rational[,] j, Rational[] y, Rational scale, IReadOnlyList<Rational[]> constraints, FloatQuadraticProgramResult guess, WorkBudget? budget)
    {
        int m = y.Length, d = inputs, p = units * d;
        var (bases, columns, start) = Face(units, d, m, constraints, guess, budget);
        int count = columns.Count;

        // Common denominators: J = Jn/Dj, y = Yn/Dy, every Z entry = Zn/Dz, the guess's coordinates g = N/Dg.
        var dj = IntegerForwardPass.Lcm(j.Cast<Rational>());
        var dy = IntegerForwardPass.Lcm(y);
        var dz = IntegerForwardPass.Lcm(bases.SelectMany(b => b.Cast<Rational>()));
        var dg = IntegerForwardPass.Lcm(start);
        var jn = new BigInteger[m, p];
        for (int t = 0; t < m; t++)
        {
            for (int c = 0; c < p; c++)
            {
                jn[t, c] = Scaled(j[t, c], dj);
            }
        }

        var yn = y.Select(v => Scaled(v, dy)).ToArray();
        var zn = bases.Select(b => Scaled(b, dz)).ToArray();
        var g = start.Select(v => Scaled(v, dg)).ToArray();

        // K = J·Z = Kn/(Dj·Dz), column by column (Z is block diagonal).
        var kn = new BigInteger[m, count];
        for (int col = 0; col < count; col++)
        {
            var (i, c) = columns[col];
            for (int t = 0; t < m; t++)
            {
                var sum = BigInteger.Zero;
                for (int a = 0; a < d; a++)
                {
                    var jta = jn[t, (i * d) + a];
                    if (!jta.IsZero && !zn[i][a, c].IsZero)
                    {
                        sum += jta * zn[i][a, c];
                    }
                }

                kn[t, col] = sum;
            }
        }

        // r0 = y − J·U_p with U_p = Z·g: r0 = R/(Dy·Dj·Dz·Dg), R = Yn·Dj·Dz·Dg − Dy·Kn·N.
        var yFactor = dj * dz * dg;
        var r = new BigInteger[m];
        for (int t = 0; t < m; t++)
        {
            r[t] = (yn[t] * yFactor) - (dy * RowDot(kn, t, g));
        }

        var chosen = ColumnBasis(ToDoubles(kn));

        // The normal equations in integers, (Knᵀ·Kn)·q′ = Knᵀ·R on the chosen columns, give q = q′/(Dy·Dg); with
        // q′ = Q/Dq, U* = U_p + Z·q = Zn·W/Du, W = N·Dq·Dy + Q, Du = Dz·Dq·Dy·Dg.
        var dq = BigInteger.One;
        var qn = new BigInteger[count];
        if (chosen.Length > 0)
        {
            var normal = new Rational[chosen.Length, chosen.Length];
            var rhs = new Rational[chosen.Length];
            for (int a = 0; a < chosen.Length; a++)
            {
                for (int b = a; b < chosen.Length; b++)
                {
                    normal[a, b] = normal[b, a] = new Rational(ColumnDot(kn, chosen[a], chosen[b]));
                }

                rhs[a] = new Rational(ColumnDot(kn, chosen[a], r));
            }

            budget?.Charge((long)chosen.Length * chosen.Length * m * WorkBudget.ProductCost(256, 256));
            if (ExactLinearAlgebra.SolveFractionFree(normal, rhs, budget) is not { } solved)
            {
                return null;
            }

            dq = IntegerForwardPass.Lcm(solved);
            for (int a = 0; a < chosen.Length; a++)
            {
                qn[chosen[a]] = Scaled(solved[a], dq);
            }
        }

        var w = new BigInteger[count];
        var gFactor = dq * dy;
        for (int col = 0; col < count; col++)
        {
            w[col] = (g[col] * gFactor) + qn[col];
        }

        var du = dz * dq * dy * dg;
        var un = new BigInteger[p];
        for (int col = 0; col < count; col++)
        {
            var (i, c) = columns[col];
            if (w[col].IsZero)
            {
                continue;
            }

            for (int a = 0; a < d; a++)
            {
                if (!zn[i][a, c].IsZero)
                {
                    un[(i * d) + a] += zn[i][a, c] * w[col];
                }
            }
        }

        // e = J·U* − y = En/(Dj·Du), En = Kn·W − Yn·Dj·Dz·Dq·Dg; U* minimises f on the face exactly when Kᵀ·e = 0.
        var eFactor = dj * dz * dq * dg;
        var en = new BigInteger[m];
        for (int t = 0; t < m; t++)
        {
            en[t] = RowDot(kn, t, w) - (yn[t] * eFactor);
        }

        for (int col = 0; col < count; col++)
        {
            if (!ColumnDot(kn, col, en).IsZero)
            {
                return null;
            }
        }

        // Each constraint involves its unit's d coordinates only; its sign at U* is that of the integer sum
        // Σ aₖ·Un (aₖ scaled to integers by its own denominators, a positive factor).
        var tight = new bool[constraints.Count];
        for (int idx = 0; idx < constraints.Count; idx++)
        {
            int i = idx / m;
            var row = constraints[idx];
            var da = IntegerForwardPass.Lcm(row.Skip(i * d).Take(d));
            var sum = BigInteger.Zero;
            for (int a = 0; a < d; a++)
            {
                var c = row[(i * d) + a];
                if (!c.IsZero && !un[(i * d) + a].IsZero)
                {
                    sum += Scaled(c, da) * un[(i * d) + a];
                }
            }

            if (sum.Sign < 0)
            {
                return null;
            }

            tight[idx] = sum.IsZero;
        }

        // ∇f = s·Jᵀ·e = s·Jnᵀ·En/(Dj²·Du): the cone test on Jnᵀ·En (a positive multiple) and its multipliers scaled back.
        var gradient = new Rational[p];
        for (int col = 0; col < p; col++)
        {
            var sum = BigInteger.Zero;
            for (int t = 0; t < m; t++)
            {
                if (!jn[t, col].IsZero && !en[t].IsZero)
                {
                    sum += jn[t, col] * en[t];
                }
            }

            gradient[col] = new Rational(sum);
        }

        var denominator = dj * du;
        if (Multipliers(units, m, d, constraints, tight, gradient, scale / new Rational(dj * denominator), budget) is not { } kkt)
        {
            return null;
        }

        var squares = BigInteger.Zero;
        foreach (var v in en)
        {
            squares += v * v;
        }

        var u = un.Select(v => new Rational(v, du)).ToArray();
        var value = scale * new Rational(squares, 2 * denominator * denominator);
        return new QuadraticProgramSolution(u, value, kkt.Active, kkt.Multipliers, 1);
    }

    /// <summary>
    /// The same verification in <see cref="Rational"/> arithmetic throughout: the reference that <see cref="Verify"/>
    /// is tested against.
    /// </summary>
    /// <param name="units">n, the hidden width.</param>
    /// <param name="inputs">d, the input width.</param>
    /// <param name="j">J, m×(n·d), exact.</param>
    /// <param name="y">The targets.</param>
    /// <param name="scale">s, the loss's scale (positive).</param>
    /// <param name="constraints">The rows aₖ, k = i·m + t.</param>
    /// <param name="guess">The float64 method's converged result.</param>
    /// <param name="budget">Charged by the exact work, or null.</param>
    public static QuadraticProgramSolution? VerifyRational(int units, int inputs, Rational[,] j, Rational[] y, Rational scale, IReadOnlyList<Rational[]> constraints, FloatQuadraticProgramResult guess, WorkBudget? budget)
    {
        int m = y.Length, d = inputs;
        var (bases, columns, start) = Face(units, d, m, constraints, guess, budget);
        var up = new Rational[units * d];
        Array.Fill(up, Rational.Zero);
        for (int col = 0; col < columns.Count; col++)
        {
            var (i, c) = columns[col];
            for (int a = 0; a < d; a++)
            {
                up[(i * d) + a] += bases[i][a, c] * start[col];
            }
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

        // The column choice on K·Dj·Dz, integers, exactly as the integer path makes it.
        var chosen = ColumnBasis(ToDoubles(Scaled(k, IntegerForwardPass.Lcm(j.Cast<Rational>()) * IntegerForwardPass.Lcm(bases.SelectMany(b => b.Cast<Rational>())))));

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

        var tight = activity.Select(v => v.IsZero).ToArray();
        if (Multipliers(units, m, d, constraints, tight, gradient, Rational.One, budget) is not { } kkt)
        {
            return null;
        }

        var value = scale * e.Aggregate(Rational.Zero, (acc, v) => acc + (v * v)) / 2;
        return new QuadraticProgramSolution(u, value, kkt.Active, kkt.Multipliers, 1);
    }

    // Each unit's exact face basis Zᵢ (the directions that keep its guessed constraints at 0, in reduced echelon form
    // with the identity on its free coordinates), the columns (unit, column of Zᵢ) in order, and the guess's coordinates
    // on them (its free coordinates, exactly): the face's point nearest to hand, U_p = Z·g.
    private static (Rational[][,] Bases, List<(int Unit, int Column)> Columns, Rational[] Start) Face(int units, int d, int m, IReadOnlyList<Rational[]> constraints, FloatQuadraticProgramResult guess, WorkBudget? budget)
    {
        var guessed = guess.Active.ToHashSet();
        var bases = new Rational[units][,];
        var columns = new List<(int Unit, int Column)>();
        var start = new List<Rational>();
        for (int i = 0; i < units; i++)
        {
            var rows = Enumerable.Range(0, m).Where(t => guessed.Contains((i * m) + t)).Select(t => Local(constraints[(i * m) + t], i, d)).ToList();
            var (z, free) = ExactMatrices.NullSpaceOfRows(rows, d, budget);
            bases[i] = z;
            start.AddRange(free.Select(c => Rational.FromDouble(guess.Minimiser[(i * d) + c])));
            columns.AddRange(Enumerable.Range(0, z.GetLength(1)).Select(c => (i, c)));
        }

        return (bases, columns, [.. start]);
    }

    // Unit by unit, the multipliers of the constraints tight at U* (those with tight[k]): λ ≥ 0 with the unit's gradient
    // block equal to Σ λₖaₖ, by the unique solution of a small exact system or else the exact cone LP; null when a block
    // lies outside its cone. The gradient may be given as a positive multiple of ∇f: factor·λ are then the multipliers.
    private static (int[] Active, Rational[] Multipliers)? Multipliers(int units, int m, int d, IReadOnlyList<Rational[]> constraints, bool[] tight, Rational[] gradient, Rational factor, WorkBudget? budget)
    {
        var active = new List<int>();
        var multipliers = new List<Rational>();
        for (int i = 0; i < units; i++)
        {
            var indices = Enumerable.Range(0, m).Select(t => (i * m) + t).Where(idx => tight[idx]).ToArray();
            var block = gradient.Skip(i * d).Take(d).ToArray();
            var generators = indices.Select(idx => Local(constraints[idx], i, d)).ToArray();
            var lambda = IndependentMultipliers(generators, block, budget);
            if (lambda is null)
            {
                if (ConeMembership.Decide(generators, block, budget) is not ConeAnswer.Member member)
                {
                    return null;
                }

                lambda = member.Multipliers;
            }

            active.AddRange(indices);
            multipliers.AddRange(factor.IsOne ? lambda : lambda.Select(l => l * factor));
        }

        return ([.. active], [.. multipliers]);
    }

    // v·scale as an integer (scale a multiple of v's denominator).
    private static BigInteger Scaled(Rational v, BigInteger scale) => v.IsZero ? BigInteger.Zero : v.Numerator * (scale / v.Denominator);

    private static BigInteger[,] Scaled(Rational[,] v, BigInteger scale)
    {
        var result = new BigInteger[v.GetLength(0), v.GetLength(1)];
        for (int a = 0; a < v.GetLength(0); a++)
        {
            for (int b = 0; b < v.GetLength(1); b++)
            {
                result[a, b] = Scaled(v[a, b], scale);
            }
        }

        return result;
    }

    private static BigInteger RowDot(BigInteger[,] k, int t, BigInteger[] v)
    {
        var sum = BigInteger.Zero;
        for (int c = 0; c < v.Length; c++)
        {
            if (!k[t, c].IsZero && !v[c].IsZero)
            {
                sum += k[t, c] * v[c];
            }
        }

        return sum;
    }

    private static BigInteger ColumnDot(BigInteger[,] k, int a, int b)
    {
        var sum = BigInteger.Zero;
        for (int t = 0; t < k.GetLength(0); t++)
        {
            if (!k[t, a].IsZero && !k[t, b].IsZero)
            {
                sum += k[t, a] * k[t, b];
            }
        }

        return sum;
    }

    private static BigInteger ColumnDot(BigInteger[,] k, int col, BigInteger[] v)
    {
        var sum = BigInteger.Zero;
        for (int t = 0; t < v.Length; t++)
        {
            if (!k[t, col].IsZero && !v[t].IsZero)
            {
                sum += k[t, col] * v[t];
            }
        }

        return sum;
    }

    // The columns of an integer matrix in float64, all scaled by one power of two so that the largest entry fits (the
    // column choice only compares norms relative to the largest, so a common factor does not change it).
    private static double[][] ToDoubles(BigInteger[,] k)
    {
        int m = k.GetLength(0), cols = k.GetLength(1);
        long bits = 0;
        foreach (var v in k)
        {
            bits = Math.Max(bits, (long)v.GetBitLength());
        }

        int shift = (int)Math.Max(0, bits - 1000);
        var result = new double[cols][];
        for (int c = 0; c < cols; c++)
        {
            result[c] = new double[m];
            for (int t = 0; t < m; t++)
            {
                result[c][t] = (double)(shift == 0 ? k[t, c] : k[t, c] >> shift);
            }
        }

        return result;
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

    // Columns of K (given in float64, column by column) chosen greedily by the largest remaining norm (modified
    // Gram–Schmidt with pivoting).
    private static int[] ColumnBasis(double[][] v)
    {
        int cols = v.Length, m = cols == 0 ? 0 : v[0].Length;
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
