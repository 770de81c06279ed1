using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Verifier.Numerics.Kernels;

/// <summary>The shape and scalars of one product C ← α·op(A)·op(B) + β·C (row-major; strides as stored).</summary>
internal readonly record struct GemmProblem(
    bool TransposeA, bool TransposeB, int M, int N, int K, double Alpha, int Lda, int Ldb, double Beta, int Ldc);

/// <summary>
/// The blocked product for one micro-kernel: packing of op(A) and op(B) into panels, the three cache-block
/// loops, and the split of C into one rectangle per thread.
/// </summary>
/// <typeparam name="TKernel">The register-tile micro-kernel.</typeparam>
internal static unsafe class BlockedGemm<TKernel>
    where TKernel : struct, IMicroKernel
{
    // Cache blocks: a KC×NR panel of packed B (≈ 36 KB for 8×24) stays in L1 while the MC×KC block of packed A
    // (≈ 150 KB) stays in L2; the KC×NC block of packed B (≈ 3 MB) is read from L2/L3 once per MC block.
    private const int KC = 192;
    private static readonly int MC = 12 * TKernel.MR;
    private static readonly int NC = 84 * TKernel.NR;

    private const int PiecesPerThread = 4;

    public static void Run(GemmProblem p, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int threads)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int mPanels = (p.M + mr - 1) / mr, nPanels = (p.N + nr - 1) / nr;
        bool splitN = nPanels >= mPanels;
        int panels = splitN ? nPanels : mPanels;
        // Several rectangles per thread, taken dynamically, so that a thread slowed down by other work on the
        // machine does not hold the others up; each rectangle packs its own copy of the shared operand.
        int pieces = threads <= 1 ? 1 : Math.Min(panels, threads * PiecesPerThread);
        fixed (double* pa = a, pb = b, pc = c)
        {
            if (pieces <= 1)
            {
                RunPiece(p, pa, pb, pc, 0, p.M, 0, p.N);
                return;
            }

            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, pieces, options, t =>
            {
                int first = (int)((long)panels * t / pieces), last = (int)((long)panels * (t + 1) / pieces);
                if (splitN)
                {
                    RunPiece(p, (double*)ia, (double*)ib, (double*)ic, 0, p.M, first * nr, Math.Min(p.N, last * nr));
                }
                else
                {
                    RunPiece(p, (double*)ia, (double*)ib, (double*)ic, first * mr, Math.Min(p.M, last * mr), 0, p.N);
                }
            });
        }
    }

    // C[m0..m1, n0..n1) ← α·op(A)[m0..m1, :]·op(B)[:, n0..n1) + β·C[m0..m1, n0..n1), on the calling thread.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunPiece(GemmProblem p, double* a, double* b, double* c, int m0, int m1, int n0, int n1)
    {
        ScaleC(p, c, m0, m1, n0, n1);
        if (p.K == 0 || p.Alpha == 0.0)
        {
            return;
        }

        int mr = TKernel.MR, nr = TKernel.NR;
        int kcMax = Math.Min(KC, p.K);
        int mcMax = Math.Min(MC, RoundUp(m1 - m0, mr));
        int ncMax = Math.Min(NC, RoundUp(n1 - n0, nr));
        var aBuffer = ArrayPool<double>.Shared.Rent(mcMax * kcMax);
        var bBuffer = ArrayPool<double>.Shared.Rent(ncMax * kcMax);
        double* tile = stackalloc double[mr * nr];
        try
        {
            fixed (double* aPack = aBuffer, bPack = bBuffer)
            {
                for (int jc = n0; jc < n1; jc += NC)
                {
                    int nc = Math.Min(NC, n1 - jc);
                    for (int pc = 0; pc < p.K; pc += KC)
                    {
                        int kc = Math.Min(KC, p.K - pc);
                        PackB(p, b, pc, jc, kc, nc, bPack);
                        for (int ic = m0; ic < m1; ic += MC)
                        {
                            int mc = Math.Min(MC, m1 - ic);
                            PackA(p, a, ic, pc, mc, kc, aPack);
                            for (int jr = 0; jr < nc; jr += nr)
                            {
                                int cols = Math.Min(nr, nc - jr);
                                double* bPanel = bPack + (nint)jr * kc;
                                for (int ir = 0; ir < mc; ir += mr)
                                {
                                    int rows = Math.Min(mr, mc - ir);
                                    double* aPanel = aPack + (nint)ir * kc;
                                    double* cTile = c + ((nint)(ic + ir) * p.Ldc) + jc + jr;
                                    if (rows == mr && cols == nr)
                                    {
                                        TKernel.Multiply(kc, aPanel, bPanel, cTile, p.Ldc);
                                    }
                                    else
                                    {
                                        new Span<double>(tile, mr * nr).Clear();
                                        TKernel.Multiply(kc, aPanel, bPanel, tile, nr);
                                        for (int i = 0; i < rows; i++)
                                        {
                                            double* src = tile + (i * nr);
                                            double* dst = cTile + ((nint)i * p.Ldc);
                                            for (int j = 0; j < cols; j++)
                                            {
                                                dst[j] += src[j];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(aBuffer);
            ArrayPool<double>.Shared.Return(bBuffer);
        }
    }

    private static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]

    private static void ScaleC(GemmProblem p, double* c, int m0, int m1, int n0, int n1)
    {
        if (p.Beta == 1.0)
        {
            return;
        }

        for (int i = m0; i < m1; i++)
        {
            var row = new Span<double>(c + ((nint)i * p.Ldc) + n0, n1 - n0);
            if (p.Beta == 0.0)
            {
                // β = 0 overwrites C without reading it (NaN or infinity there does not propagate), as in BLAS.
                row.Clear();
            }
            else
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= p.Beta;
                }
            }
        }
    }

    // Packs op(A)[ic..ic+mc, pc..pc+kc) as MR-row panels: panel q holds, for each k, its MR values contiguously;
    // rows past the end are zero.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(GemmProblem p, double* a, int ic, int pc, int mc, int kc, double* dest)
    {
        int mr = TKernel.MR;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            double* d = dest + ((nint)ir * kc);
            if (p.TransposeA)
            {
                // op(A)[i, k] = A[k, i]: the MR values of one k are contiguous in A.
                for (int k = 0; k < kc; k++)
                {
                    double* src = a + ((nint)(pc + k) * p.Lda) + ic + ir;
                    double* dk = d + (k * mr);
                    int i = 0;
                    if (rows == mr)
                    {
                        // MR is a multiple of 4.
                        for (; i < mr; i += 4)
                        {
                            Vector256.Store(Vector256.Load(src + i), dk + i);
                        }

                        continue;
                    }

                    for (; i < rows; i++)
                    {
                        dk[i] = src[i];
                    }

                    for (; i < mr; i++)
                    {
                        dk[i] = 0.0;
                    }
                }
            }
            else
            {
                for (int i = 0; i < mr; i++)
                {
                    if (i < rows)
                    {
                        double* src = a + ((nint)(ic + ir + i) * p.Lda) + pc;
                        for (int k = 0; k < kc; k++)
                        {
                            d[(k * mr) + i] = src[k];
                        }
                    }
                    else
                    {
                        for (int k = 0; k < kc; k++)
                        {
                            d[(k * mr) + i] = 0.0;
                        }
                    }
                }
            }
        }
    }

    // Packs α·op(B)[pc..pc+kc, jc..jc+nc) as NR-column panels: panel q holds, for each k, its NR values
    // contiguously; columns past the end are zero.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(GemmProblem p, double* b, int pc, int jc, int kc, int nc, double* dest)
    {
        int nr = TKernel.NR;
        double alpha = p.Alpha;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            double* d = dest + ((nint)jr * kc);
            if (!p.TransposeB)
            {
                var va = Vector256.Create(alpha);
                for (int k = 0; k < kc; k++)
                {
                    double* src = b + ((nint)(pc + k) * p.Ldb) + jc + jr;
                    double* dk = d + (k * nr);
                    int j = 0;
                    if (cols == nr)
                    {
                        // NR is a multiple of 4.
                        for (; j < nr; j += 4)
                        {
                            Vector256.Store(Vector256.Load(src + j) * va, dk + j);
                        }

                        continue;
                    }

                    if (alpha == 1.0)
                    {
                        for (; j < cols; j++)
                        {
                            dk[j] = src[j];
                        }
                    }
                    else
                    {
                        for (; j < cols; j++)
                        {
                            dk[j] = alpha * src[j];
                        }
                    }

                    for (; j < nr; j++)
                    {
                        dk[j] = 0.0;
                    }
                }
            }
            else
            {
                // op(B)[k, j] = B[j, k]: the KC values of one column are contiguous in B.
                for (int j = 0; j < nr; j++)
                {
                    if (j < cols)
                    {
                        double* src = b + ((nint)(jc + jr + j) * p.Ldb) + pc;
                        for (int k = 0; k < kc; k++)
                        {
                            d[(k * nr) + j] = alpha * src[k];
                        }
                    }
                    else
                    {
                        for (int k = 0; k < kc; k++)
                        {
                            d[(k * nr) + j] = 0.0;
                        }
                    }
                }
            }
        }
    }
}
