using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Verifier.Numerics.Kernels;

/// <summary>
/// A register-blocked micro-kernel: C[0..MR, 0..NR) += Σₖ a[k]·b[k]ᵀ over packed panels (a: MR values per k,
/// b: NR values per k), with C row-major at row stride ldc.
/// </summary>
internal interface IMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Accumulates the product of a packed MR×kc panel of A and a packed kc×NR panel of B into C.</summary>
    static abstract unsafe void Multiply(int kc, double* a, double* b, double* c, nint ldc);
}

/// <summary>The 8×24 register tile with Vector512: 24 accumulators of 8 doubles.</summary>
internal readonly struct Kernel8x24 : IMicroKernel
{
    /// <inheritdoc/>
    public static int MR => 8;

    /// <inheritdoc/>
    public static int NR => 24;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Multiply(int kc, double* a, double* b, double* c, nint ldc)
    {
        Vector512<double> c00 = default; Vector512<double> c01 = default; Vector512<double> c02 = default;
        Vector512<double> c10 = default; Vector512<double> c11 = default; Vector512<double> c12 = default;
        Vector512<double> c20 = default; Vector512<double> c21 = default; Vector512<double> c22 = default;
        Vector512<double> c30 = default; Vector512<double> c31 = default; Vector512<double> c32 = default;
        Vector512<double> c40 = default; Vector512<double> c41 = default; Vector512<double> c42 = default;
        Vector512<double> c50 = default; Vector512<double> c51 = default; Vector512<double> c52 = default;
        Vector512<double> c60 = default; Vector512<double> c61 = default; Vector512<double> c62 = default;
        Vector512<double> c70 = default; Vector512<double> c71 = default; Vector512<double> c72 = default;
        // The tile of C is read and written after the loop: start fetching it now, behind the arithmetic.
        if (Sse.IsSupported)
        {
            for (int i = 0; i < 8; i++)
            {
                double* row = c + (i * ldc);
                Sse.Prefetch0(row);
                Sse.Prefetch0(row + 8);
                Sse.Prefetch0(row + 16);
            }
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var b2 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(a0, b2, c02);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(a1, b2, c12);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(a2, b2, c22);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(a3, b2, c32);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(a4, b2, c42);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(a5, b2, c52);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            c62 = Vector512.FusedMultiplyAdd(a6, b2, c62);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            c72 = Vector512.FusedMultiplyAdd(a7, b2, c72);
            a += 8;
            b += 24;
        }

        Accumulate(c + (0 * ldc), c00, c01, c02);
        Accumulate(c + (1 * ldc), c10, c11, c12);
        Accumulate(c + (2 * ldc), c20, c21, c22);
        Accumulate(c + (3 * ldc), c30, c31, c32);
        Accumulate(c + (4 * ldc), c40, c41, c42);
        Accumulate(c + (5 * ldc), c50, c51, c52);
        Accumulate(c + (6 * ldc), c60, c61, c62);
        Accumulate(c + (7 * ldc), c70, c71, c72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate(double* c, Vector512<double> x0, Vector512<double> x1, Vector512<double> x2)
    {
        Vector512.Store(Vector512.Load(c) + x0, c);
        Vector512.Store(Vector512.Load(c + 8) + x1, c + 8);
        Vector512.Store(Vector512.Load(c + 16) + x2, c + 16);
    }
}

/// <summary>The 4×12 register tile with Vector256: 12 accumulators of 4 doubles.</summary>
internal readonly struct Kernel4x12 : IMicroKernel
{
    /// <inheritdoc/>
    public static int MR => 4;

    /// <inheritdoc/>
    public static int NR => 12;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Multiply(int kc, double* a, double* b, double* c, nint ldc)
    {
        Vector256<double> c00 = default; Vector256<double> c01 = default; Vector256<double> c02 = default;
        Vector256<double> c10 = default; Vector256<double> c11 = default; Vector256<double> c12 = default;
        Vector256<double> c20 = default; Vector256<double> c21 = default; Vector256<double> c22 = default;
        Vector256<double> c30 = default; Vector256<double> c31 = default; Vector256<double> c32 = default;
        // The tile of C is read and written after the loop: start fetching it now, behind the arithmetic.
        if (Sse.IsSupported)
        {
            for (int i = 0; i < 4; i++)
            {
                double* row = c + (i * ldc);
                Sse.Prefetch0(row);
                Sse.Prefetch0(row + 8);
                Sse.Prefetch0(row + 11);
            }
        }

        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 4);
            var b2 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector256.FusedMultiplyAdd(a0, b2, c02);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector256.FusedMultiplyAdd(a1, b2, c12);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector256.FusedMultiplyAdd(a2, b2, c22);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector256.FusedMultiplyAdd(a3, b2, c32);
            a += 4;
            b += 12;
        }

        Accumulate(c + (0 * ldc), c00, c01, c02);
        Accumulate(c + (1 * ldc), c10, c11, c12);
        Accumulate(c + (2 * ldc), c20, c21, c22);
        Accumulate(c + (3 * ldc), c30, c31, c32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate(double* c, Vector256<double> x0, Vector256<double> x1, Vector256<double> x2)
    {
        Vector256.Store(Vector256.Load(c) + x0, c);
        Vector256.Store(Vector256.Load(c + 4) + x1, c + 4);
        Vector256.Store(Vector256.Load(c + 8) + x2, c + 8);
    }
}
