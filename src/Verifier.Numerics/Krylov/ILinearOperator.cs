namespace Verifier.Numerics.Krylov;

/// <summary>
/// A symmetric linear operator x ↦ A·x on ℝⁿ known only through its products, such as a Hessian applied by
/// the R-operator. Krylov methods (<see cref="Lanczos"/>, <see cref="SpectralDensity"/>) need nothing else.
/// </summary>
public interface ILinearOperator
{
    /// <summary>The dimension n.</summary>
    int Dimension { get; }

    /// <summary>y ← A·x; x and y have <see cref="Dimension"/> entries and do not overlap.</summary>
    void Apply(ReadOnlySpan<double> x, Span<double> y);
}

/// <summary>The product of a caller's function, as an <see cref="ILinearOperator"/>.</summary>
/// <param name="dimension">The dimension n.</param>
/// <param name="apply">Writes A·x into its second argument.</param>
public sealed class DelegateOperator(int dimension, DelegateOperator.Product apply) : ILinearOperator
{
    /// <summary>Writes A·x into y.</summary>
    /// <param name="x">The vector.</param>
    /// <param name="y">The product.</param>
    public delegate void Product(ReadOnlySpan<double> x, Span<double> y);

    private readonly Product _apply = apply ?? throw new ArgumentNullException(nameof(apply));

    /// <inheritdoc/>
    public int Dimension { get; } = dimension > 0 ? dimension : throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> x, Span<double> y) => _apply(x, y);

    /// <summary>A dense symmetric matrix (row-major n×n, not copied) as an operator.</summary>
    public static DelegateOperator FromMatrix(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException($"The matrix is {n}×{matrix.GetLength(1)}; it must be square.", nameof(matrix));
        }

        return new DelegateOperator(n, (x, y) =>
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0.0;
                for (int j = 0; j < n; j++)
                {
                    s += matrix[i, j] * x[j];
                }

                y[i] = s;
            }
        });
    }

    /// <summary>The diagonal matrix diag(d) as an operator.</summary>
    public static DelegateOperator FromDiagonal(IReadOnlyList<double> diagonal)
    {
        ArgumentNullException.ThrowIfNull(diagonal);
        double[] d = [.. diagonal];
        return new DelegateOperator(d.Length, (x, y) =>
        {
            for (int i = 0; i < d.Length; i++)
            {
                y[i] = d[i] * x[i];
            }
        });
    }
}
