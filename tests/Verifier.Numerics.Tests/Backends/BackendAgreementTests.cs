using Verifier.Numerics.Eigen;

namespace Verifier.Numerics.Tests.Backends;

/// <summary>Every installed backend computes the same spectrum as the managed one, to within both backward errors.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.EigenNames))]
public sealed class BackendAgreementTests(string backend)
{
    private static readonly int[] Sizes = [1, 2, 5, 50, 200];

    [TestCaseSource(nameof(Sizes))]
    public void Eigenvalues_agree_with_the_managed_backend(int n)
    {
        var solver = TestBackends.Eigen(backend);
        var a = Matrices.RandomSymmetric(n, seed: 7000 + n);

        var expected = EigenSolvers.Managed.Eigenvalues(a);
        var actual = solver.Eigenvalues(a);

        double tolerance = Tolerance.AgreementFactor * Math.Max(n, 1) * Tolerance.Epsilon * Matrices.Frobenius(a);
        Assert.That(actual, Is.EqualTo(expected).Within(tolerance));
    }

    [TestCaseSource(nameof(Sizes))]
    public void Eigenvectors_agree_with_the_managed_backend_up_to_sign(int n)
    {
        // A random matrix has well separated eigenvalues (gaps ≳ 1/n² here), so each eigenvector is unique up to sign.
        var solver = TestBackends.Eigen(backend);
        var a = Matrices.RandomSymmetric(n, seed: 8000 + n);

        var expected = EigenSolvers.Managed.Decompose(a, vectors: true);
        var actual = solver.Decompose(a, vectors: true);

        double gap = n == 1 ? 1 : Enumerable.Range(1, n - 1).Min(j => expected.Values[j] - expected.Values[j - 1]);
        double tolerance = Tolerance.AgreementFactor * Math.Max(n, 1) * Tolerance.Epsilon * Matrices.Frobenius(a) / gap;
        for (int j = 0; j < n; j++)
        {
            double dot = 0;
            for (int i = 0; i < n; i++)
            {
                dot += expected.Vectors![i, j] * actual.Vectors![i, j];
            }

            Assert.That(Math.Abs(dot), Is.EqualTo(1).Within(tolerance), $"eigenvector {j} (gap {gap})");
        }
    }
}
