using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Tests;

/// <summary>The one reference check every GEMM backend's tests share.</summary>
internal static class GemmCheck
{
    // C ← α·op(A)·op(B) + β·C on operands stored with padded strides, against a left-to-right triple loop;
    // the padding of C must come back untouched.
    public static void AgainstNaive(IMatrixKernels kernels, bool ta, bool tb, int m, int n, int k, double alpha, double beta, Random random, string label)
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = Math.Max(1, aCols) + 3, ldb = Math.Max(1, bCols) + 2, ldc = n + 5;
        var a = Matrices.RandomVector(Math.Max(aRows, 1) * lda, random);
        var b = Matrices.RandomVector(Math.Max(bRows, 1) * ldb, random);
        var c = Matrices.RandomVector(m * ldc, random);
        var expected = (double[])c.Clone();
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0, abs = 0;
                for (int l = 0; l < k; l++)
                {
                    double x = ta ? a[(l * lda) + i] : a[(i * lda) + l];
                    double y = tb ? b[(j * ldb) + l] : b[(l * ldb) + j];
                    s += x * y;
                    abs += Math.Abs(x * y);
                }

                double old = c[(i * ldc) + j];
                expected[(i * ldc) + j] = (alpha * s) + (beta == 0 ? 0 : beta * old);
                magnitude[(i * n) + j] = (Math.Abs(alpha) * abs) + Math.Abs(beta * old);
            }
        }

        kernels.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc && (i * ldc) + j < c.Length; j++)
            {
                int at = (i * ldc) + j;
                if (j < n)
                {
                    Assert.That(c[at], Is.EqualTo(expected[at]).Within(Tolerance.Gemm(k, magnitude[(i * n) + j])),
                        $"C[{i},{j}] ({label})");
                }
                else
                {
                    Assert.That(c[at], Is.EqualTo(expected[at]), $"padding C[{i},{j}] was written");
                }
            }
        }
    }
}
