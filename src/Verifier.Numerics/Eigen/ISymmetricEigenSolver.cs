namespace Verifier.Numerics.Eigen;

/// <summary>A solver for the eigenvalues (and optionally eigenvectors) of a real symmetric matrix: one backend among several.</summary>
/// <remarks>
/// Every backend reads only the lower triangle of the row-major matrix (entries a[i, j] with i ≥ j), never
/// modifies its input, and rejects a non-square matrix (<see cref="ArgumentException"/>) or a non-finite
/// entry anywhere (<see cref="ArithmeticException"/>), and report a solver that does not converge as an
/// <see cref="ArithmeticException"/> too (never a library's own exception type), which deciders turn into an
/// inconclusive answer with the reason. Backends are chosen by <see cref="EigenSolvers"/>
/// and passed explicitly.
/// </remarks>
public interface ISymmetricEigenSolver
{
    /// <summary>The backend's name as reported in JSON output ("managed", "lapack").</summary>
    string Name { get; }

    /// <summary>All eigenvalues of the symmetric matrix <paramref name="a"/>, ascending.</summary>
    double[] Eigenvalues(double[,] a);

    /// <summary>
    /// All eigenvalues of <paramref name="a"/>, ascending, allowed to overwrite <paramref name="a"/> (its contents are
    /// unspecified afterwards): for callers that no longer need the matrix, a backend may then skip its working
    /// copy. The default makes the copy.
    /// </summary>
    double[] EigenvaluesOverwriting(double[,] a) => Eigenvalues(a);

    /// <summary>
    /// The eigen-decomposition A = V·diag(λ)·Vᵀ: eigenvalues ascending and, when <paramref name="vectors"/> is
    /// true, orthonormal eigenvectors as the columns of V (column j belongs to eigenvalue j).
    /// </summary>
    SymmetricEigenDecomposition Decompose(double[,] a, bool vectors = false);

    /// <summary>
    /// The most memory, in bytes, that <see cref="Decompose"/> allocates for an n×n matrix beyond the input
    /// itself (working copies, workspace and the result), for <see cref="DenseHessianBudget"/>.
    /// </summary>
    long WorkspaceBytes(int n, bool vectors);
}

/// <summary>The result of <see cref="ISymmetricEigenSolver.Decompose"/>.</summary>
/// <param name="Values">The eigenvalues, ascending.</param>
/// <param name="Vectors">
/// The orthonormal eigenvectors as columns (<c>Vectors[i, j]</c> is component i of the eigenvector of
/// <c>Values[j]</c>), or null when they were not asked for.
/// </param>
public sealed record SymmetricEigenDecomposition(double[] Values, double[,]? Vectors)
{
    /// <summary>The eigenvector of <c>Values[j]</c> as a new array.</summary>
    /// <exception cref="InvalidOperationException">The eigenvectors were not computed.</exception>
    public double[] Vector(int j)
    {
        var v = Vectors ?? throw new InvalidOperationException("The eigenvectors were not computed (ask for them with vectors: true).");
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, Values.Length);
        var column = new double[Values.Length];
        for (int i = 0; i < column.Length; i++)
        {
            column[i] = v[i, j];
        }

        return column;
    }
}
