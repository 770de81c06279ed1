using MathNet.Numerics.LinearAlgebra;

namespace Verifier.Numerics.Eigen;

/// <summary>The always-available managed backend: MathNet.Numerics' symmetric eigenvalue decomposition.</summary>
/// <remarks>
/// MathNet's symmetric solver (Householder tridiagonalisation and implicit QL) always forms the
/// eigenvectors, so asking for eigenvalues only saves memory but little time here.
/// </remarks>
public sealed class ManagedEigenSolver : ISymmetricEigenSolver
{
    /// <summary>The name reported in output.</summary>
    public const string BackendName = "managed";

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <inheritdoc/>
    public double[] Eigenvalues(double[,] a) => Decompose(a, vectors: false).Values;

    /// <inheritdoc/>
    /// <exception cref="ArithmeticException">An entry is not finite, or the solver did not converge (MathNet's failure is
    /// the inner exception), or an eigenvalue overflows the double range.</exception>
    public SymmetricEigenDecomposition Decompose(double[,] a, bool vectors = false)
    {
        int n = SymmetricInput.Validate(a);
        if (n == 0)
        {
            return new SymmetricEigenDecomposition([], vectors ? new double[0, 0] : null);
        }

        // Column-major storage of the symmetric matrix whose lower triangle is a's, so that the result does
        // not depend on the (unread) upper triangle, as with the native backends. The copy is scaled by a power
        // of two 2⁻ᵉ that brings its largest entry into [1, 2): exact in binary floating point, so the eigenvalues
        // of the scaled matrix are exactly 2⁻ᵉ times a's and the eigenvectors are the same, while MathNet's
        // internal norms neither overflow (entries near 1e308) nor underflow (subnormal entries).
        double largest = 0;
        for (int j = 0; j < n; j++)
        {
            for (int i = j; i < n; i++)
            {
                largest = Math.Max(largest, Math.Abs(a[i, j]));
            }
        }

        int exponent = largest == 0 ? 0 : Math.ILogB(largest);
        var columnMajor = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                columnMajor[(j * n) + i] = Math.ScaleB(i >= j ? a[i, j] : a[j, i], -exponent);
            }
        }

        MathNet.Numerics.LinearAlgebra.Factorization.Evd<double> evd;
        try
        {
            evd = Matrix<double>.Build.Dense(n, n, columnMajor).Evd(Symmetricity.Symmetric);
        }
        catch (Exception e) when (e is MathNet.Numerics.NonConvergenceException or IndexOutOfRangeException or ArgumentException)
        {
            throw new ArithmeticException($"the managed symmetric eigen-solver did not converge on this {n}×{n} matrix ({e.GetType().Name}: {e.Message})", e);
        }

        var raw = evd.EigenValues;
        var order = Enumerable.Range(0, n).OrderBy(k => raw[k].Real).ToArray();
        var values = new double[n];
        for (int k = 0; k < n; k++)
        {
            values[k] = Math.ScaleB(raw[order[k]].Real, exponent);
            if (!double.IsFinite(values[k]))
            {
                throw new ArithmeticException(
                    $"the managed symmetric eigen-solver did not converge on this {n}×{n} matrix: eigenvalue {k} is {values[k]} (largest entry {largest:R})");
            }
        }

        if (!vectors)
        {
            return new SymmetricEigenDecomposition(values, null);
        }

        // MathNet's dense storage is column-major; read it in place rather than copying each column.
        var v = evd.EigenVectors.AsColumnMajorArray() ?? evd.EigenVectors.ToColumnMajorArray();
        var result = new double[n, n];
        for (int k = 0; k < n; k++)
        {
            int offset = order[k] * n;
            for (int i = 0; i < n; i++)
            {
                result[i, k] = v[offset + i];
            }
        }

        return new SymmetricEigenDecomposition(values, result);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The symmetric copy, MathNet's eigenvector matrix and its dense block-diagonal eigenvalue matrix, plus
    /// the returned vectors when asked for.
    /// </remarks>
    public long WorkspaceBytes(int n, bool vectors) => (SymmetricInput.MatrixBytes(n) * (vectors ? 4 : 3)) + (8L * 96 * (n + 1));
}
