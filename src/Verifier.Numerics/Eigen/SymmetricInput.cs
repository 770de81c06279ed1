namespace Verifier.Numerics.Eigen;

/// <summary>The input checks every eigen backend shares, so that all of them reject the same matrices with the same messages.</summary>
internal static class SymmetricInput
{
    /// <summary>Returns n for an n×n matrix of finite numbers; throws otherwise.</summary>
    public static int Validate(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {n}×{a.GetLength(1)}; an eigen-decomposition needs a square matrix.", nameof(a));
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(a[i, j]))
                {
                    throw new ArithmeticException($"The matrix has a non-finite entry {a[i, j]} at ({i}, {j}).");
                }
            }
        }

        return n;
    }

    /// <summary>Transposes a square matrix in place.</summary>
    public static void TransposeInPlace(double[,] m)
    {
        int n = m.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                (m[i, j], m[j, i]) = (m[j, i], m[i, j]);
            }
        }
    }

    /// <summary>8·n² bytes: one dense n×n matrix of doubles.</summary>
    public static long MatrixBytes(int n) => 8L * n * n;
}
