using Verifier.Symbolic;

namespace Verifier.Numerics.Exact;

/// <summary>Exact linear algebra over the rationals: determinants, rank, matrix–vector products and characteristic polynomials.</summary>
/// <remarks>Gaussian elimination in <see cref="Rational"/> arithmetic: no rounding, no pivot tolerance.</remarks>
public static class ExactLinearAlgebra
{
    /// <summary>The determinant of a square rational matrix.</summary>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static Rational Determinant(Rational[,] a)
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
            int pivot = -1;
            for (int i = k; i < n; i++)
            {
                if (!m[i, k].IsZero)
                {
                    pivot = i;
                    break;
                }
            }

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
            Eliminate(m, k, k, k + 1);
        }

        return det;
    }

    /// <summary>The rank of a rational matrix (any shape).</summary>
    public static int Rank(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int rows = a.GetLength(0), cols = a.GetLength(1);
        var m = (Rational[,])a.Clone();
        int rank = 0;
        for (int c = 0; c < cols && rank < rows; c++)
        {
            int pivot = -1;
            for (int i = rank; i < rows; i++)
            {
                if (!m[i, c].IsZero)
                {
                    pivot = i;
                    break;
                }
            }

            if (pivot < 0)
            {
                continue;
            }

            SwapRows(m, pivot, rank);
            Eliminate(m, rank, c, rank + 1);
            rank++;
        }

        return rank;
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
    public static Rational[] CharacteristicPolynomial(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException("The characteristic polynomial needs a square matrix.", nameof(a));
        }

        // Values at t = 0..n, then Newton's divided differences converted to monomial coefficients.
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

            values[t] = Determinant(shifted);
        }

        var divided = (Rational[])values.Clone();
        for (int level = 1; level <= n; level++)
        {
            for (int i = n; i >= level; i--)
            {
                divided[i] = (divided[i] - divided[i - 1]) / level;
            }
        }

        // p(t) = Σ divided[k] Π_{m<k} (t − m): expand by Horner from the top.
        var coefficients = new Rational[n + 1];
        for (int k = n; k >= 0; k--)
        {
            // coefficients := coefficients·(t − k) + divided[k]
            for (int d = n; d >= 1; d--)
            {
                coefficients[d] = coefficients[d - 1] - coefficients[d] * k;
            }

            coefficients[0] = -coefficients[0] * k + divided[k];
        }

        return coefficients;
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
    private static void Eliminate(Rational[,] m, int p, int c, int from)
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
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
