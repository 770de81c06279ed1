using Verifier.Numerics.Budgets;
using Verifier.Symbolic;

namespace Verifier.Numerics.Exact;

/// <summary>Exact linear algebra over the rationals: determinants, rank, matrix–vector products and characteristic polynomials.</summary>
/// <remarks>Gaussian elimination in <see cref="Rational"/> arithmetic: no rounding, no pivot tolerance.</remarks>
public static class ExactLinearAlgebra
{
    /// <summary>The determinant of a square rational matrix.</summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational Determinant(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {n}×{a.GetLength(1)}; a determinant needs a square matrix.", nameof(a));
        }

        var m = (Rational[,])a.Clone();
        Rational det = Rational.One;
        for (int k = 0; k < n; k++)
        {
            int pivot = FindPivot(m, k, n, k);

            if (pivot < 0)
            {
                return Rational.Zero;
            }

            if (pivot != k)
            {
                SwapRows(m, pivot, k);
                det = -det;
            }

            det *= m[k, k];
            Eliminate(m, k, k, k + 1, budget);
        }

        return det;
    }

    /// <summary>The rank of a rational matrix (any shape).</summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static int Rank(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var m = (Rational[,])a.Clone();
        int rank = 0;
        for (int c = 0; c < cols && rank < rows; c++)
        {
            int pivot = FindPivot(m, rank, rows, c);

            if (pivot < 0)
            {
                continue;
            }

            SwapRows(m, pivot, rank);
            Eliminate(m, rank, c, rank + 1, budget);
            rank++;
        }

        return rank;
    }

    /// <summary>The solution x of A·x = b for a square non-singular A, or null when A is singular.</summary>
    /// <param name="a">The matrix.</param>
    /// <param name="b">The right-hand side.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[]? Solve(Rational[,] a, IReadOnlyList<Rational> b, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0);
        if (n != a.GetLength(1) || b.Count != n)
        {
            throw new ArgumentException($"Solve needs a square matrix and a right-hand side of the same size (got {n}×{a.GetLength(1)} and {b.Count}).", nameof(a));
        }

        var m = new Rational[n, n + 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = a[i, j];
            }

            m[i, n] = b[i];
        }

        for (int k = 0; k < n; k++)
        {
            int pivot = FindPivot(m, k, n, k);

            if (pivot < 0)
            {
                return null;
            }

            SwapRows(m, pivot, k);
            Eliminate(m, k, k, k + 1, budget);
        }

        var x = new Rational[n];
        for (int i = n - 1; i >= 0; i--)
        {
            var sum = m[i, n];
            for (int j = i + 1; j < n; j++)
            {
                sum -= m[i, j] * x[j];
            }

            x[i] = sum / m[i, i];
        }

        return x;
    }

    /// <summary>
    /// The solution x of A·x = b for a square non-singular A, or null when A is singular, by fraction-free (Bareiss)
    /// elimination on integers: each row of [A | b] is scaled by the least common multiple of its denominators, every
    /// division during the elimination is exact, and only the back substitution builds rationals. The same answer as
    /// <see cref="Solve"/>, without a gcd per entry update: the faster choice for dense systems with long entries.
    /// </summary>
    /// <param name="a">The matrix.</param>
    /// <param name="b">The right-hand side.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[]? SolveFractionFree(Rational[,] a, IReadOnlyList<Rational> b, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0);
        if (n != a.GetLength(1) || b.Count != n)
        {
            throw new ArgumentException($"Solve needs a square matrix and a right-hand side of the same size (got {n}×{a.GetLength(1)} and {b.Count}).", nameof(a));
        }

        var m = new System.Numerics.BigInteger[n, n + 1];
        for (int i = 0; i < n; i++)
        {
            var lcm = System.Numerics.BigInteger.One;
            for (int j = 0; j <= n; j++)
            {
                var d = (j < n ? a[i, j] : b[i]).Denominator;
                lcm = lcm / System.Numerics.BigInteger.GreatestCommonDivisor(lcm, d) * d;
            }

            for (int j = 0; j <= n; j++)
            {
                var r = j < n ? a[i, j] : b[i];
                m[i, j] = r.Numerator * (lcm / r.Denominator);
            }
        }

        var previous = System.Numerics.BigInteger.One;
        for (int k = 0; k < n; k++)
        {
            int pivot = -1;
            for (int i = k; i < n && pivot < 0; i++)
            {
                if (!m[i, k].IsZero)
                {
                    pivot = i;
                }
            }

            if (pivot < 0)
            {
                return null;
            }

            if (pivot != k)
            {
                for (int j = 0; j <= n; j++)
                {
                    (m[k, j], m[pivot, j]) = (m[pivot, j], m[k, j]);
                }
            }

            if (budget is not null)
            {
                long bits = (long)m[k, k].GetBitLength() + (long)previous.GetBitLength();
                budget.CheckBits(bits);
                budget.Charge((long)(n - k) * (n + 1 - k) * 2 * WorkBudget.ProductCost(bits, bits));
            }

            for (int i = k + 1; i < n; i++)
            {
                for (int j = k + 1; j <= n; j++)
                {
                    m[i, j] = ((m[k, k] * m[i, j]) - (m[i, k] * m[k, j])) / previous;
                }

                m[i, k] = System.Numerics.BigInteger.Zero;
            }

            previous = m[k, k];
        }

        // Back substitution in integers: with δ = m[n−1, n−1] (±det A), Xᵢ = δ·xᵢ are integers (Cramer's rule) and
        // m[i, i]·Xᵢ = δ·m[i, n] − Σⱼ m[i, j]·Xⱼ holds exactly, so each division is exact; a rational per entry at the end.
        var delta = previous;
        var scaled = new System.Numerics.BigInteger[n];
        for (int i = n - 1; i >= 0; i--)
        {
            var sum = delta * m[i, n];
            for (int j = i + 1; j < n; j++)
            {
                if (!m[i, j].IsZero && !scaled[j].IsZero)
                {
                    sum -= m[i, j] * scaled[j];
                }
            }

            scaled[i] = sum / m[i, i];
        }

        var x = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = new Rational(scaled[i], delta);
        }

        return x;
    }

    /// <summary>The product A·v.</summary>
    public static Rational[] Multiply(Rational[,] a, IReadOnlyList<Rational> v)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(v);
        int rows = a.GetLength(0), cols = a.GetLength(1);
        if (v.Count != cols)
        {
            throw new ArgumentException($"The matrix has {cols} columns but the vector has {v.Count} entries.", nameof(v));
        }

        var result = new Rational[rows];
        for (int i = 0; i < rows; i++)
        {
            Rational sum = Rational.Zero;
            for (int j = 0; j < cols; j++)
            {
                sum += a[i, j] * v[j];
            }

            result[i] = sum;
        }

        return result;
    }

    /// <summary>
    /// The coefficients c₀ … cₙ of the characteristic polynomial det(t·I − A) = Σ cₖ tᵏ (monic, cₙ = 1),
    /// by exact interpolation of det(t·I − A) at t = 0 … n.
    /// </summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[] CharacteristicPolynomial(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException("The characteristic polynomial needs a square matrix.", nameof(a));
        }

        var values = new Rational[n + 1];
        for (int t = 0; t <= n; t++)
        {
            var shifted = new Rational[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    shifted[i, j] = (i == j ? (Rational)t : Rational.Zero) - a[i, j];
                }
            }

            values[t] = Determinant(shifted, budget);
        }

        return ExactPolynomial.InterpolateAtIntegers(values);
    }

    /// <summary>
    /// The exact inertia (numbers of negative, zero and positive eigenvalues) of a symmetric rational matrix,
    /// by symmetric elimination (a congruence, so Sylvester's law of inertia applies): 1×1 pivots on non-zero
    /// diagonal entries, 2×2 pivots [[0, b], [b, 0]] (one negative and one positive eigenvalue) when the
    /// remaining diagonal is zero.
    /// </summary>
    /// <param name="a">A symmetric rational matrix.</param>
    /// <param name="budget">Charged before each pivot step from the sizes of the pivot row's entries, or null for no limit.</param>
    /// <exception cref="ArgumentException">The matrix is not square or not symmetric.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static ExactInertia Inertia(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException("Inertia needs a square matrix.", nameof(a));
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (a[i, j] != a[j, i])
                {
                    throw new ArgumentException($"The matrix is not symmetric at ({i}, {j}).", nameof(a));
                }
            }
        }

        var m = (Rational[,])a.Clone();
        var active = Enumerable.Range(0, n).ToList();
        int negative = 0, positive = 0;
        while (active.Count > 0)
        {
            if (budget is not null)
            {
                // The step updates the active block (at most |active|² entries) by multiples of a pivot row: charged
                // from the block's largest entry among the rows it may pivot on.
                long bits = 0;
                foreach (int i in active)
                {
                    bits = Math.Max(bits, ExactSizes.Bits(m[i, i]));
                }

                foreach (int j in active)
                {
                    bits = Math.Max(bits, ExactSizes.Bits(m[active[0], j]));
                }

                budget.CheckBits(bits);
                budget.Charge((long)active.Count * active.Count * WorkBudget.EntryUpdateCost(bits, bits));
            }

            int pivot = active.FirstOrDefault(i => !m[i, i].IsZero, -1);
            if (pivot >= 0)
            {
                var d = m[pivot, pivot];
                if (d.Sign > 0)
                {
                    positive++;
                }
                else
                {
                    negative++;
                }

                active.Remove(pivot);
                foreach (int i in active)
                {
                    if (m[i, pivot].IsZero)
                    {
                        continue;
                    }

                    var f = m[i, pivot] / d;
                    foreach (int j in active)
                    {
                        m[i, j] -= f * m[pivot, j];
                    }
                }

                continue;
            }

            // Zero diagonal: find a non-zero off-diagonal entry b = m[p, q] for a 2×2 pivot [[0, b], [b, 0]].
            int p = -1, q = -1;
            foreach (int i in active)
            {
                foreach (int j in active)
                {
                    if (i != j && !m[i, j].IsZero)
                    {
                        (p, q) = (i, j);
                        break;
                    }
                }

                if (p >= 0)
                {
                    break;
                }
            }

            if (p < 0)
            {
                break; // the remaining block is zero
            }

            negative++;
            positive++;
            var b = m[p, q];
            active.Remove(p);
            active.Remove(q);

            // Schur complement of the pivot block P = [[0, b], [b, 0]], P⁻¹ = [[0, 1/b], [1/b, 0]]:
            // m[i, j] −= (m[i, p]·m[q, j] + m[i, q]·m[p, j]) / b.
            var snapshot = active.ToDictionary(i => i, i => (P: m[i, p], Q: m[i, q]));
            foreach (int i in active)
            {
                foreach (int j in active)
                {
                    var correction = (snapshot[i].P * snapshot[j].Q + snapshot[i].Q * snapshot[j].P) / b;
                    if (!correction.IsZero)
                    {
                        m[i, j] -= correction;
                    }
                }
            }
        }

        return new ExactInertia(negative, n - negative - positive, positive);
    }

    /// <summary>The inner product Σ aᵢbᵢ of two vectors of the same length, exactly.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static Rational Dot(IReadOnlyList<Rational> a, IReadOnlyList<Rational> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"The vectors have {a.Count} and {b.Count} entries.", nameof(b));
        }

        Rational s = Rational.Zero;
        for (int i = 0; i < a.Count; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>The quadratic form vᵀ·A·v, exactly.</summary>
    public static Rational QuadraticForm(Rational[,] a, IReadOnlyList<Rational> v)
    {
        var av = Multiply(a, v);
        Rational sum = Rational.Zero;
        for (int i = 0; i < av.Length; i++)
        {
            sum += v[i] * av[i];
        }

        return sum;
    }

    // The first row in [from, to) with a non-zero entry in the column, or −1.
    private static int FindPivot(Rational[,] m, int from, int to, int column)
    {
        for (int i = from; i < to; i++)
        {
            if (!m[i, column].IsZero)
            {
                return i;
            }
        }

        return -1;
    }

    private static void SwapRows(Rational[,] m, int a, int b)
    {
        if (a == b)
        {
            return;
        }

        for (int j = 0; j < m.GetLength(1); j++)
        {
            (m[a, j], m[b, j]) = (m[b, j], m[a, j]);
        }
    }

    // Clears column c below the pivot row p, for rows from `from` on.
    private static void Eliminate(Rational[,] m, int p, int c, int from, WorkBudget? budget = null)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        if (budget is not null)
        {
            // Each updated entry costs a product and a subtraction of numbers about the size of the pivot row's (and
            // the reductions behind them): charged before the step, from the pivot row's largest entry.
            long bits = 0;
            for (int j = c; j < cols; j++)
            {
                bits = Math.Max(bits, (long)m[p, j].Numerator.GetBitLength() + (long)m[p, j].Denominator.GetBitLength());
            }

            budget.CheckBits(bits);
            budget.Charge((long)(rows - from) * (cols - c) * WorkBudget.EntryUpdateCost(bits, bits));
        }

        for (int i = from; i < rows; i++)
        {
            if (m[i, c].IsZero)
            {
                continue;
            }

            var factor = m[i, c] / m[p, c];
            for (int j = c; j < cols; j++)
            {
                m[i, j] -= factor * m[p, j];
            }
        }
    }
}

/// <summary>The exact inertia of a symmetric matrix: numbers of negative, zero and positive eigenvalues.</summary>
/// <param name="Negative">Eigenvalues below 0.</param>
/// <param name="Zero">Eigenvalues equal to 0 (the nullity).</param>
/// <param name="Positive">Eigenvalues above 0.</param>
public sealed record ExactInertia(int Negative, int Zero, int Positive)
{
    /// <summary>True when the matrix is positive definite.</summary>
    public bool IsPositiveDefinite => Negative == 0 && Zero == 0;

    /// <summary>True when the matrix is positive semidefinite.</summary>
    public bool IsPositiveSemidefinite => Negative == 0;
}
