using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Native;

/// <summary>
/// <see cref="IMatrixKernels"/> on OpenBLAS's <c>dgemm</c>. Create it with <see cref="MatrixKernels.TryCreateOpenBlas(out IMatrixKernels?, out string)"/>.
/// </summary>
/// <remarks>
/// <para>The interface is row-major and BLAS is column-major. A row-major m×n array with row stride ld read
/// as column-major is its n×m transpose with leading dimension ld, so the row-major C = α·op(A)·op(B) + β·C
/// is computed as the column-major Cᵀ = α·op(B)ᵀ·op(A)ᵀ + β·Cᵀ: operands swapped, transpose flags kept.</para>
/// <para>Every size, stride and span length is checked before the native call, which would otherwise read
/// or write out of bounds. OpenBLAS runs one worker thread per core by default.</para>
/// </remarks>
public sealed unsafe class OpenBlasKernels : IMatrixKernels
{
    /// <summary>The name reported in output.</summary>
    public const string BackendName = "openblas";

    private readonly OpenBlasLibrary _library;

    internal OpenBlasKernels(OpenBlasLibrary library)
    {
        _library = library;
    }

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <summary>The loaded library, its version and thread count, in words.</summary>
    public string LibraryDescription => _library.Description;

    /// <summary>The kernel family OpenBLAS runs, e.g. "Haswell" or "SkylakeX", or empty when the library does not say.</summary>
    public string CoreName => _library.CoreName;

    /// <inheritdoc/>
    /// <remarks>As in BLAS, C is not read when β = 0 (so it may hold anything, NaN included).</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a stride is shorter than a stored row.</exception>
    /// <exception cref="ArgumentException">A span is too short for its sizes and stride, or C overlaps A or B.</exception>
    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!GemmArguments.Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc))
        {
            return;
        }

        if (k == 0 || alpha == 0)
        {
            ScaleRows(c, m, n, ldc, beta); // nothing to add: C ← β·C, done here so that A and B may be empty
            return;
        }

        byte opB = transposeB ? (byte)'T' : (byte)'N', opA = transposeA ? (byte)'T' : (byte)'N';
        int cm = n, cn = m, ck = k, la = lda, lb = ldb, lc = ldc;
        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            _library.Dgemm(&opB, &opA, &cm, &cn, &ck, &alpha, pb, &lb, pa, &la, &beta, pc, &lc, 1, 1);
        }
    }

    private static void ScaleRows(Span<double> c, int m, int n, int ldc, double beta)
    {
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            if (beta == 0)
            {
                row.Clear();
            }
            else if (beta != 1)
            {
                foreach (ref var x in row)
                {
                    x *= beta;
                }
            }
        }
    }
}
