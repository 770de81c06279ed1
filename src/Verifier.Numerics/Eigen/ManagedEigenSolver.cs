using MathNet.Numerics.LinearAlgebra;

namespace Verifier.Numerics.Eigen;

/// <summary>The always-available managed backend: MathNet.Numerics' symmetric eigenvalue decomposition.</summary>
public sealed class ManagedEigenSolver : ISymmetricEigenSolver
{
    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public double[] Eigenvalues(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {n}×{a.GetLength(1)}; an eigen-decomposition needs a square matrix.", nameof(a));
        }

        if (n == 0)
        {
            return [];
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (!double.IsFinite(a[i, j]))
                {
                    throw new ArithmeticException($"The matrix has a non-finite entry at ({i}, {j}).");
                }
            }
        }

        var m = Matrix<double>.Build.DenseOfArray(a);
        var evd = m.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(c => c.Real).ToArray();
        Array.Sort(values);
        return values;
    }
}
