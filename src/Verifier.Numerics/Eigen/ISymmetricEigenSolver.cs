namespace Verifier.Numerics.Eigen;

/// <summary>A solver for the eigenvalues of a real symmetric matrix (one backend among several).</summary>
public interface ISymmetricEigenSolver
{
    /// <summary>The backend's name as reported in JSON output (e.g. "managed").</summary>
    string Name { get; }

    /// <summary>All eigenvalues of the symmetric matrix <paramref name="a"/>, ascending.</summary>
    /// <remarks>Only the lower triangle is guaranteed to be read; the caller supplies a symmetric matrix.</remarks>
    double[] Eigenvalues(double[,] a);
}
