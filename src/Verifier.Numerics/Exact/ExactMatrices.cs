using Verifier.Numerics.Budgets;
using Verifier.Symbolic;

namespace Verifier.Numerics.Exact;

/// <summary>Exact rational matrix algebra: products, transposes, inverses, pseudo-inverses, null spaces, column bases and projectors.</summary>
/// <remarks>Matrices are <c>Rational[rows, columns]</c>. Everything is exact: no tolerance anywhere.</remarks>
public static class ExactMatrices
{
    /// <summary>The n×n identity.</summary>
    public static Rational[,] Identity(int n)
    {
        var m = Zeros(n, n);
        for (int i = 0; i < n; i++)
        {
            m[i, i] = Rational.One;
        }

        return m;
    }

    /// <summary>A rows×cols zero matrix (every entry <see cref="Rational.Zero"/>).</summary>
    public static Rational[,] Zeros(int rows, int cols) => new Rational[rows, cols];

    /// <summary>The product A·B.</summary>
    /// <param name="a">The left factor.</param>
    /// <param name="b">The right factor.</param>
    /// <param name="budget">Charged for the products before they are formed, or null for no limit.</param>
    /// <exception cref="ArgumentException">The inner dimensions differ.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[,] Multiply(Rational[,] a, Rational[,] b, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        if (b.GetLength(0) != k)
        {
            throw new ArgumentException($"Cannot multiply a {n}×{k} matrix by a {b.GetLength(0)}×{m} matrix.", nameof(b));
        }

        if (budget is not null)
        {
            long bits = ExactSizes.MaxBits(a) + ExactSizes.MaxBits(b);
            budget.CheckBits(bits);
            budget.Charge((long)n * k * m * WorkBudget.EntryUpdateCost(bits, bits));
        }

        var c = new Rational[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int l = 0; l < k; l++)
            {
                var ail = a[i, l];
                if (ail.IsZero)
                {
                    continue;
                }

                for (int j = 0; j < m; j++)
                {
                    c[i, j] += ail * b[l, j];
                }
            }
        }

        return c;
    }

    /// <summary>The product of the matrices in order (A₀·A₁·…).</summary>
    public static Rational[,] Product(IEnumerable<Rational[,]> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        Rational[,]? result = null;
        foreach (var f in factors)
        {
            result = result is null ? f : Multiply(result, f);
        }

        return result ?? throw new ArgumentException("A product needs at least one factor.", nameof(factors));
    }

    /// <summary>Aᵀ.</summary>
    public static Rational[,] Transpose(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var t = new Rational[cols, rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                t[j, i] = a[i, j];
            }
        }

        return t;
    }

    /// <summary>A − B (same shape).</summary>
    public static Rational[,] Subtract(Rational[,] a, Rational[,] b) => Combine(a, b, Rational.MinusOne);

    /// <summary>A + B (same shape).</summary>
    public static Rational[,] Add(Rational[,] a, Rational[,] b) => Combine(a, b, Rational.One);

    /// <summary>s·A.</summary>
    public static Rational[,] Scale(Rational[,] a, Rational s)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = (Rational[,])a.Clone();
        for (int i = 0; i < c.GetLength(0); i++)
        {
            for (int j = 0; j < c.GetLength(1); j++)
            {
                c[i, j] *= s;
            }
        }

        return c;
    }

    /// <summary>The trace of a square matrix.</summary>
    public static Rational Trace(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        Rational t = Rational.Zero;
        for (int i = 0; i < Math.Min(a.GetLength(0), a.GetLength(1)); i++)
        {
            t += a[i, i];
        }

        return t;
    }

    /// <summary>True when every entry is zero.</summary>
    public static bool IsZero(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        foreach (var x in a)
        {
            if (!x.IsZero)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the matrices have the same shape and entries.</summary>
    public static bool AreEqual(Rational[,] a, Rational[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
        {
            return false;
        }

        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                if (a[i, j] != b[i, j])
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A⁻¹ by Gauss–Jordan elimination, or null when A is singular.</summary>
    /// <param name="a">A square matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="ArgumentException">A is not square.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[,]? Inverse(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {n}×{a.GetLength(1)}; an inverse needs a square matrix.", nameof(a));
        }

        var aug = new Rational[n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                aug[i, j] = a[i, j];
            }

            aug[i, n + i] = Rational.One;
        }

        var pivots = ReducedRowEchelon(aug, n, budget);
        if (pivots.Count < n)
        {
            return null;
        }

        var inv = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                inv[i, j] = aug[i, n + j];
            }
        }

        return inv;
    }

    /// <summary>det A, exactly, by Gaussian elimination with row swaps (each swap flips the sign).</summary>
    /// <param name="a">A square matrix.</param>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static Rational Determinant(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {n}×{a.GetLength(1)}; a determinant needs a square matrix.", nameof(a));
        }

        var m = (Rational[,])a.Clone();
        var det = Rational.One;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && m[pivot, col].IsZero)
            {
                pivot++;
            }

            if (pivot == n)
            {
                return Rational.Zero;
            }

            if (pivot != col)
            {
                det = -det;
                for (int j = 0; j < n; j++)
                {
                    (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
                }
            }

            det *= m[col, col];
            for (int i = col + 1; i < n; i++)
            {
                if (m[i, col].IsZero)
                {
                    continue;
                }

                var factor = m[i, col] / m[col, col];
                for (int j = col; j < n; j++)
                {
                    m[i, j] -= factor * m[col, j];
                }
            }
        }

        return det;
    }

    /// <summary>
    /// A basis of the null space {v : A·v = 0}, as the columns of the returned cols×k matrix (k = cols − rank),
    /// read off the reduced row echelon form (one basis vector per free column).
    /// </summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[,] NullSpace(Rational[,] a, WorkBudget? budget = null) => NullSpaceWithFreeColumns(a, budget).Basis;

    /// <summary>
    /// A basis of the null space of A (cols×k, one column per free variable of A's reduced row echelon form) and those
    /// free columns: row <c>Free[j]</c> of the basis is the j-th unit row, so a vector of the null space has coordinates
    /// equal to its entries at the free columns.
    /// </summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static (Rational[,] Basis, int[] Free) NullSpaceWithFreeColumns(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int cols = a.GetLength(1);
        var r = (Rational[,])a.Clone();
        var pivots = ReducedRowEchelon(r, cols, budget);
        var free = Enumerable.Range(0, cols).Where(c => !pivots.Contains(c)).ToArray();
        var basis = new Rational[cols, free.Length];
        for (int k = 0; k < free.Length; k++)
        {
            basis[free[k], k] = Rational.One;
            for (int row = 0; row < pivots.Count; row++)
            {
                basis[pivots[row], k] = -r[row, free[k]];
            }
        }

        return (basis, free);
    }

    /// <summary>
    /// <see cref="NullSpaceWithFreeColumns"/> of the matrix whose rows are <paramref name="rows"/> (each of length
    /// <paramref name="columns"/>); no rows give the identity, every column free.
    /// </summary>
    /// <param name="rows">The rows.</param>
    /// <param name="columns">Their length.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static (Rational[,] Basis, int[] Free) NullSpaceOfRows(IReadOnlyList<Rational[]> rows, int columns, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return (Identity(columns), [.. Enumerable.Range(0, columns)]);
        }

        var a = new Rational[rows.Count, columns];
        for (int r = 0; r < rows.Count; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                a[r, c] = rows[r][c];
            }
        }

        return NullSpaceWithFreeColumns(a, budget);
    }

    /// <summary>
    /// The Moore–Penrose pseudo-inverse A⁺ of a rational matrix of any shape and rank, exactly: from the full-rank
    /// factorisation A = B·C (B the pivot columns of A, C the non-zero rows of its reduced row echelon form),
    /// A⁺ = Cᵀ·(C·Cᵀ)⁻¹·(Bᵀ·B)⁻¹·Bᵀ. The zero matrix gives the zero matrix (cols×rows).
    /// </summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for the elimination, the products and the inverses, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[,] PseudoInverse(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var r = (Rational[,])a.Clone();
        var pivots = ReducedRowEchelon(r, cols, budget);
        if (pivots.Count == 0)
        {
            return Zeros(cols, rows);
        }

        var b = Columns(a, pivots);
        var c = Block(r, 0, 0, pivots.Count, cols);
        var bt = Transpose(b);
        var ct = Transpose(c);
        var left = Inverse(Multiply(c, ct, budget), budget) ?? throw new InvalidOperationException("Internal error: the echelon rows are not independent.");
        var right = Inverse(Multiply(bt, b, budget), budget) ?? throw new InvalidOperationException("Internal error: the pivot columns are not independent.");
        return Multiply(Multiply(ct, left, budget), Multiply(right, bt, budget), budget);
    }

    /// <summary>The columns of A at its pivot columns: a basis of its column space (rows×rank).</summary>
    /// <param name="a">The matrix.</param>
    /// <param name="budget">Charged for each elimination step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static Rational[,] ColumnBasis(Rational[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var r = (Rational[,])a.Clone();
        var pivots = ReducedRowEchelon(r, a.GetLength(1), budget);
        return Columns(a, pivots);
    }

    /// <summary>The listed columns of A, in order.</summary>
    public static Rational[,] Columns(Rational[,] a, IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(columns);
        int rows = a.GetLength(0);
        var c = new Rational[rows, columns.Count];
        for (int k = 0; k < columns.Count; k++)
        {
            for (int i = 0; i < rows; i++)
            {
                c[i, k] = a[i, columns[k]];
            }
        }

        return c;
    }

    /// <summary>
    /// The orthogonal projector onto the column space of B (B must have full column rank): B(BᵀB)⁻¹Bᵀ. Rational
    /// whenever B is, orthonormal or not. A B with no columns gives the zero projector.
    /// </summary>
    /// <exception cref="ArgumentException">B does not have full column rank.</exception>
    public static Rational[,] Projector(Rational[,] b)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.GetLength(0);
        if (b.GetLength(1) == 0)
        {
            return Zeros(n, n);
        }

        var bt = Transpose(b);
        var gram = Inverse(Multiply(bt, b)) ?? throw new ArgumentException("The projector needs a basis with full column rank.", nameof(b));
        return Multiply(Multiply(b, gram), bt);
    }

    /// <summary>The rows×cols block of A starting at (row, col).</summary>
    public static Rational[,] Block(Rational[,] a, int row, int col, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = new Rational[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                c[i, j] = a[row + i, col + j];
            }
        }

        return c;
    }

    // Brings the first `columns` columns of m to reduced row echelon form in place (row operations act on every
    // column, so an augmented part follows along); returns the pivot columns in row order.
    private static List<int> ReducedRowEchelon(Rational[,] m, int columns, WorkBudget? budget = null)
    {
        int rows = m.GetLength(0), width = m.GetLength(1);
        var pivots = new List<int>();
        int row = 0;
        for (int c = 0; c < columns && row < rows; c++)
        {
            int p = -1;
            for (int i = row; i < rows; i++)
            {
                if (!m[i, c].IsZero)
                {
                    p = i;
                    break;
                }
            }

            if (p < 0)
            {
                continue;
            }

            if (p != row)
            {
                for (int j = 0; j < width; j++)
                {
                    (m[p, j], m[row, j]) = (m[row, j], m[p, j]);
                }
            }

            if (budget is not null)
            {
                // Every row is updated by a multiple of the pivot row: charged from the pivot row's largest entry.
                long bits = 0;
                for (int j = 0; j < width; j++)
                {
                    bits = Math.Max(bits, ExactSizes.Bits(m[row, j]));
                }

                budget.CheckBits(bits);
                budget.Charge((long)rows * width * WorkBudget.EntryUpdateCost(bits, bits));
            }

            var inv = m[row, c].Reciprocal();
            for (int j = 0; j < width; j++)
            {
                m[row, j] *= inv;
            }

            for (int i = 0; i < rows; i++)
            {
                if (i == row || m[i, c].IsZero)
                {
                    continue;
                }

                var f = m[i, c];
                for (int j = 0; j < width; j++)
                {
                    m[i, j] -= f * m[row, j];
                }
            }

            pivots.Add(c);
            row++;
        }

        return pivots;
    }

    private static Rational[,] Combine(Rational[,] a, Rational[,] b, Rational sign)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
        {
            throw new ArgumentException($"Shapes differ: {a.GetLength(0)}×{a.GetLength(1)} and {b.GetLength(0)}×{b.GetLength(1)}.", nameof(b));
        }

        var c = (Rational[,])a.Clone();
        for (int i = 0; i < c.GetLength(0); i++)
        {
            for (int j = 0; j < c.GetLength(1); j++)
            {
                c[i, j] += sign * b[i, j];
            }
        }

        return c;
    }
}
