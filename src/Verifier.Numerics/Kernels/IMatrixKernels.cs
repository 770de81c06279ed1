namespace Verifier.Numerics.Kernels;

/// <summary>
/// Dense matrix–matrix kernels on row-major double arrays, behind one interface so that a native BLAS and a
/// managed implementation are interchangeable and passed explicitly (never chosen by global state).
/// </summary>
public interface IMatrixKernels
{
    /// <summary>The backend's name as reported in output (e.g. "managed", "openblas").</summary>
    string Name { get; }

    /// <summary>
    /// The general matrix product C ← α·op(A)·op(B) + β·C, row-major: op(A) is m×k, op(B) is k×n, C is m×n;
    /// op(X) is X or Xᵀ; lda, ldb, ldc are the row strides of A, B and C as stored.
    /// </summary>
    void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc);
}
