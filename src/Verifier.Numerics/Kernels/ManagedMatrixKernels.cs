using System.Runtime.Intrinsics;

namespace Verifier.Numerics.Kernels;

/// <summary>
/// The managed matrix kernels: a cache-blocked, SIMD (AVX-512 or 256-bit vectors) and multi-threaded
/// general matrix product on row-major arrays. Always available; results agree with a plain triple loop to
/// rounding (the order of the sums over k differs, and products are fused with their additions).
/// </summary>
/// <remarks>
/// The product is computed in the classic blocked form: op(B) is packed in k×n blocks, op(A) in m×k blocks
/// that stay in the second-level cache, and a register-blocked micro-kernel (8×24 doubles with 512-bit
/// vectors, 4×12 otherwise) accumulates each tile of C. A product with at least
/// <see cref="ParallelThreshold"/> multiply–adds is split into independent rectangles of C, one per thread
/// (at most <see cref="MaxThreads"/>). Each entry of C receives its k products in a fixed order that depends
/// only on k and the block size, not on the number of threads, so results are reproducible.
/// </remarks>
public sealed class ManagedMatrixKernels : IMatrixKernels
{
    /// <summary>Products with fewer multiply–adds than this (m·n·k) run on the calling thread only.</summary>
    public const long ParallelThreshold = 1L << 20;

    private readonly bool _wide;

    /// <summary>Kernels that use every processor (<see cref="Environment.ProcessorCount"/> threads at most).</summary>
    public ManagedMatrixKernels()
        : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Kernels that use at most <paramref name="maxThreads"/> threads per product.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is below 1.</exception>
    public ManagedMatrixKernels(int maxThreads)
        : this(maxThreads, allowVector512: true)
    {
    }

    /// <summary>
    /// Kernels that use at most <paramref name="maxThreads"/> threads per product, and 512-bit vectors only when
    /// <paramref name="allowVector512"/> is true and the processor runs them natively (otherwise 256-bit vectors,
    /// e.g. to compare the two micro-kernels on one machine).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxThreads"/> is below 1.</exception>
    public ManagedMatrixKernels(int maxThreads, bool allowVector512)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
        _wide = allowVector512 && Vector512.IsHardwareAccelerated;
    }

    /// <summary>A shared instance that uses every processor.</summary>
    public static ManagedMatrixKernels Default { get; } = new();

    /// <inheritdoc/>
    public string Name => "managed";

    /// <summary>The most threads one product uses.</summary>
    public int MaxThreads { get; }

    /// <summary>Whether the micro-kernel uses 512-bit vectors (the processor runs them natively and they were allowed).</summary>
    public bool UsesVector512 => _wide;

    /// <summary>The register tile of the micro-kernel in use, e.g. "8x24 (Vector512)".</summary>
    public string MicroKernel => _wide ? "8x24 (Vector512)" : "4x12 (Vector256)";

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, or a stride is smaller than the stored row length.</exception>
    /// <exception cref="ArgumentException">A span is too short for the dimensions and strides given, or C overlaps A or B.</exception>
    /// <remarks>As in BLAS, C is not read when β = 0 (so it may hold anything, NaN included).</remarks>
    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!GemmArguments.Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc))
        {
            return;
        }

        var problem = new GemmProblem(transposeA, transposeB, m, n, k, alpha, lda, ldb, beta, ldc);
        long work = (long)m * n * Math.Max(k, 1);
        int threads = work < ParallelThreshold ? 1 : MaxThreads;
        if (_wide)
        {
            BlockedGemm<Kernel8x24>.Run(problem, a, b, c, threads);
        }
        else
        {
            BlockedGemm<Kernel4x12>.Run(problem, a, b, c, threads);
        }
    }
}
