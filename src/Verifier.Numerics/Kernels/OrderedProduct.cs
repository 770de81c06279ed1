using System.Numerics;
using System.Runtime.CompilerServices;

namespace Verifier.Numerics.Kernels;

/// <summary>
/// C = A·B + 1·biasᵀ with every entry summed in one fixed order: the bias (or 0), then A[i,0]·B[0,j], A[i,1]·B[1,j],
/// … in order of k, each product rounded before it is added (no fused multiply–add). The result is bit for bit
/// that of the scalar loop <c>s = bias[j]; for k: s += A[i,k]·B[k,j]</c>, whatever the vector width, the tiling or
/// the number of threads.
/// </summary>
/// <remarks>
/// The network passes use it where several paths must agree exactly (the pre-activations decide which ReLU units
/// sit at their kink, and every view of a network must decide alike). It is register-blocked (4 rows by two
/// vectors of columns), so it runs at the machine's multiply and add rate rather than its load rate, but it does
/// not reach a GEMM's speed: without fused multiply–adds it does twice the floating-point operations.
/// </remarks>
public static class OrderedProduct
{
    private const int RowBlock = 4;

    /// <summary>
    /// C[i, j] = bias[j] + Σₖ A[i, k]·B[k, j] in order of k, for i &lt; m, j &lt; n, k &lt; <paramref name="k"/>;
    /// all matrices row-major with the given row strides. Rows are shared among the processors when the work is large
    /// enough.
    /// </summary>
    /// <exception cref="ArgumentException">A size or stride is negative or too small, an array is too short, or C overlaps A
    /// or B (the checks of <see cref="GemmArguments.Validate"/>).</exception>
    public static void Multiply(int m, int n, int k, double[] a, int lda, double[] b, int ldb, double[]? bias, double[] c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (!GemmArguments.Validate(false, false, m, n, k, a, lda, b, ldb, c, ldc))
        {
            return;
        }

        if (bias is not null && bias.Length < n)
        {
            throw new ArgumentException($"The bias has {bias.Length} entries; {n} are needed.", nameof(bias));
        }

        const long minWorkPerTask = 1 << 16;
        int blocks = (m + RowBlock - 1) / RowBlock;
        long work = (long)m * n * Math.Max(k, 1);
        int parts = (int)Math.Min(Math.Min(4L * Environment.ProcessorCount, blocks), Math.Max(1, work / minWorkPerTask));
        if (parts <= 1 || Environment.ProcessorCount == 1)
        {
            Rows(0, m, n, k, a, lda, b, ldb, bias, c, ldc);
            return;
        }

        Parallel.For(0, parts, part =>
        {
            int i0 = (int)((long)blocks * part / parts) * RowBlock;
            int i1 = Math.Min(m, (int)((long)blocks * (part + 1) / parts) * RowBlock);
            Rows(i0, i1, n, k, a, lda, b, ldb, bias, c, ldc);
        });
    }

    // Rows [i0, i1): blocks of four rows by two vectors of columns, then one vector, then single columns; the
    // remaining rows one at a time. Every entry's sum runs over k in order, so the tiling changes no bit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows(int i0, int i1, int n, int k, double[] a, int lda, double[] b, int ldb, double[]? bias, double[] c, int ldc)
    {
        int w = Vector<double>.Count;
        double[] zeros = bias is null ? new double[n] : [];
        fixed (double* pa = a, pb = b, pc = c, pz = bias ?? zeros)
        {
            int i = i0;
            for (; i + RowBlock <= i1; i += RowBlock)
            {
                double* a0 = pa + ((long)i * lda), a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
                double* c0 = pc + ((long)i * ldc), c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
                int j = 0;
                for (; j + (2 * w) <= n; j += 2 * w)
                {
                    var init0 = Vector.Load(pz + j);
                    var init1 = Vector.Load(pz + j + w);
                    Vector<double> s00 = init0, s01 = init1, s10 = init0, s11 = init1, s20 = init0, s21 = init1, s30 = init0, s31 = init1;
                    double* bk = pb + j;
                    for (int p = 0; p < k; p++, bk += ldb)
                    {
                        var b0 = Vector.Load(bk);
                        var b1 = Vector.Load(bk + w);
                        var x0 = new Vector<double>(a0[p]);
                        s00 += x0 * b0;
                        s01 += x0 * b1;
                        var x1 = new Vector<double>(a1[p]);
                        s10 += x1 * b0;
                        s11 += x1 * b1;
                        var x2 = new Vector<double>(a2[p]);
                        s20 += x2 * b0;
                        s21 += x2 * b1;
                        var x3 = new Vector<double>(a3[p]);
                        s30 += x3 * b0;
                        s31 += x3 * b1;
                    }

                    s00.Store(c0 + j);
                    s01.Store(c0 + j + w);
                    s10.Store(c1 + j);
                    s11.Store(c1 + j + w);
                    s20.Store(c2 + j);
                    s21.Store(c2 + j + w);
                    s30.Store(c3 + j);
                    s31.Store(c3 + j + w);
                }

                for (; j + w <= n; j += w)
                {
                    var init = Vector.Load(pz + j);
                    Vector<double> s0 = init, s1 = init, s2 = init, s3 = init;
                    double* bk = pb + j;
                    for (int p = 0; p < k; p++, bk += ldb)
                    {
                        var b0 = Vector.Load(bk);
                        s0 += new Vector<double>(a0[p]) * b0;
                        s1 += new Vector<double>(a1[p]) * b0;
                        s2 += new Vector<double>(a2[p]) * b0;
                        s3 += new Vector<double>(a3[p]) * b0;
                    }

                    s0.Store(c0 + j);
                    s1.Store(c1 + j);
                    s2.Store(c2 + j);
                    s3.Store(c3 + j);
                }

                for (; j < n; j++)
                {
                    double s0 = pz[j], s1 = pz[j], s2 = pz[j], s3 = pz[j];
                    double* bk = pb + j;
                    for (int p = 0; p < k; p++, bk += ldb)
                    {
                        double bv = *bk;
                        s0 += a0[p] * bv;
                        s1 += a1[p] * bv;
                        s2 += a2[p] * bv;
                        s3 += a3[p] * bv;
                    }

                    c0[j] = s0;
                    c1[j] = s1;
                    c2[j] = s2;
                    c3[j] = s3;
                }
            }

            for (; i < i1; i++)
            {
                double* ai = pa + ((long)i * lda);
                double* ci = pc + ((long)i * ldc);
                int j = 0;
                for (; j + w <= n; j += w)
                {
                    var s = Vector.Load(pz + j);
                    double* bk = pb + j;
                    for (int p = 0; p < k; p++, bk += ldb)
                    {
                        s += new Vector<double>(ai[p]) * Vector.Load(bk);
                    }

                    s.Store(ci + j);
                }

                for (; j < n; j++)
                {
                    double s = pz[j];
                    double* bk = pb + j;
                    for (int p = 0; p < k; p++, bk += ldb)
                    {
                        s += ai[p] * *bk;
                    }

                    ci[j] = s;
                }
            }
        }
    }
}
