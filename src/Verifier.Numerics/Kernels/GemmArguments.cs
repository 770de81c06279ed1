using System.Globalization;

namespace Verifier.Numerics.Kernels;

/// <summary>The argument checks every <see cref="IMatrixKernels"/> backend makes before it multiplies.</summary>
public static class GemmArguments
{
    /// <summary>
    /// Validates sizes, strides, span lengths and aliasing of a row-major GEMM call; returns false when C is empty
    /// (m = 0 or n = 0) and there is nothing to do.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a stride is shorter than a stored row.</exception>
    /// <exception cref="ArgumentException">A span is too short for its sizes and stride, or C overlaps A or B.</exception>
    public static bool Validate(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, ReadOnlySpan<double> c, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);

        // As stored: A is m×k (k×m when transposed), B is k×n (n×k when transposed), C is m×n.
        CheckOperand(nameof(a), a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(lda));
        CheckOperand(nameof(b), b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(ldb));
        CheckOperand(nameof(c), c.Length, m, n, ldc, nameof(ldc));
        if (m == 0 || n == 0)
        {
            return false;
        }

        if (c.Overlaps(a) || c.Overlaps(b))
        {
            throw new ArgumentException("C overlaps A or B; the product needs a separate output.", nameof(c));
        }

        return true;
    }

    private static void CheckOperand(string name, int length, int rows, int columns, int stride, string strideName)
    {
        if (stride < Math.Max(1, columns))
        {
            throw new ArgumentOutOfRangeException(strideName, stride, string.Create(CultureInfo.InvariantCulture,
                $"The row stride of {name} must be at least max(1, {columns}), the number of columns it stores."));
        }

        long needed = rows == 0 || columns == 0 ? 0 : ((long)(rows - 1) * stride) + columns;
        if (length < needed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{name} holds {length} numbers; a {rows}×{columns} matrix with row stride {stride} needs {needed}."), name);
        }
    }
}
