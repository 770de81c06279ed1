using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Numerics.Kernels;

namespace Verifier.Landscape.Derivatives;

public sealed partial class BatchedHessian
{
    /// <summary>
    /// Everything the blocks are assembled from, for all samples at once (row-major, one row per sample): the
    /// layer inputs, activation derivatives, back-propagated deltas, curvature weights and the Jacobians
    /// M_{j,m} = ∂z_j/∂z_m of every pair of layers j &gt; m.
    /// </summary>
    private sealed class Passes
    {
        public Passes(BatchedHessian owner, NetworkPasses<double> shared)
        {
            var net = owner._net;
            var kernels = owner._kernels;
            N = shared.SampleCount;
            Depth = net.Depth;
            ParameterCount = net.ParameterCount;
            Bias = net.Bias;
            Widths = [.. net.Layers];
            InputWidths = [.. net.Layers.Select(w => w + (Bias ? 1 : 0))];
            int depth = Depth;
            Shared = shared;
            Inputs = new double[depth][];
            for (int l = 0; l < depth; l++)
            {
                Inputs[l] = Extend(shared.A[l], Widths[l]);
            }

            Jacobians = new double[depth + 1][][];
            Jacobian(kernels);
            Offsets = [.. Enumerable.Range(0, depth + 1).Select(l => l == 0 ? 0 : net.WeightOffset(l))];
            BiasOffsets = [.. Enumerable.Range(0, depth + 1).Select(l => l == 0 || !Bias ? 0 : net.BiasOffset(l))];
            Gradient = NetworkPasses.Gradient(shared, kernels);
        }

        public int N { get; }

        public int Depth { get; }

        public int ParameterCount { get; }

        public bool Bias { get; }

        /// <summary>n₀ … n_L.</summary>
        public int[] Widths { get; }

        /// <summary>ñ_l = n_l + 1 with biases (the trailing 1 of the extended input), n_l without.</summary>
        public int[] InputWidths { get; }

        /// <summary>The one definition's passes at θ that the fields below read.</summary>
        public NetworkPasses<double> Shared { get; }

        /// <summary>W_l (n_l × n_{l−1}, row-major) for l = 1 … L.</summary>
        public double[][] W => Shared.W;

        /// <summary>ã_l for l = 0 … L−1: N × ñ_l, the input of layer l+1 with a trailing 1 when there are biases.</summary>
        public double[][] Inputs { get; }

        /// <summary>φ′(z_l), N × n_l, l = 1 … L.</summary>
        public double[][] D1 => Shared.D1;

        /// <summary>φ″(z_l), N × n_l, l = 1 … L.</summary>
        public double[][] D2 => Shared.D2;

        /// <summary>δ_l = ∂L/∂z_l (the loss scale included), N × n_l, l = 1 … L.</summary>
        public double[][] Delta => Shared.Delta;

        /// <summary>The curvature weights C_l, N × n_l, l = 1 … L.</summary>
        public double[][] Curvature => Shared.C;

        /// <summary>Jacobians[j][m] = M_{j,m} = ∂z_j/∂z_m for j &gt; m: N blocks of n_j × n_m, row-major.</summary>
        public double[][][] Jacobians { get; }

        /// <summary>Index of W_l's first entry in θ.</summary>
        public int[] Offsets { get; }

        /// <summary>Index of b_l's first entry in θ (with biases).</summary>
        public int[] BiasOffsets { get; }

        public double Loss => Shared.Loss;

        /// <summary>The gradient in parameter order.</summary>
        public double[] Gradient { get; }

        /// <summary>The flat index in θ of parameter (r, c) of layer l: W_l[r, c] for c &lt; n_{l−1}, else b_l[r].</summary>
        public int Index(int l, int r, int c) =>
            c < Widths[l - 1] ? Offsets[l] + (r * Widths[l - 1]) + c : BiasOffsets[l] + r;

        private double[] Extend(double[] a, int width)
        {
            if (!Bias)
            {
                return a;
            }

            var e = new double[N * (width + 1)];
            for (int i = 0; i < N; i++)
            {
                a.AsSpan(i * width, width).CopyTo(e.AsSpan(i * (width + 1)));
                e[(i * (width + 1)) + width] = 1.0;
            }

            return e;
        }

        // M_{m+1,m} = W_{m+1}·diag(φ′_m); M_{j,m} = M_{j,m+1}·W_{m+1}·diag(φ′_m) for j > m + 1.
        private void Jacobian(IMatrixKernels kernels)
        {
            for (int j = 0; j <= Depth; j++)
            {
                Jacobians[j] = new double[Depth + 1][];
            }

            for (int m = Depth - 1; m >= 1; m--)
            {
                int nm = Widths[m], nNext = Widths[m + 1];
                var d1 = D1[m];
                var w = W[m + 1];
                var first = new double[N * nNext * nm];
                Parallelism.ForRanges(N, (long)nNext * nm, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
                {
                    for (int i = i0; i < i1; i++)
                    {
                        var phi = d1.AsSpan(i * nm, nm);
                        for (int t = 0; t < nNext; t++)
                        {
                            var dst = first.AsSpan(((i * nNext) + t) * nm, nm);
                            var src = w.AsSpan(t * nm, nm);
                            for (int r = 0; r < nm; r++)
                            {
                                dst[r] = src[r] * phi[r];
                            }
                        }
                    }
                });

                Jacobians[m + 1][m] = first;
                for (int j = m + 2; j <= Depth; j++)
                {
                    int nj = Widths[j];
                    var mj = new double[N * nj * nm];
                    kernels.Gemm(false, false, N * nj, nm, nNext, 1.0, Jacobians[j][m + 1], nNext, w, nm, 0.0, mj, nm);
                    Parallelism.ForRanges(N, (long)nj * nm, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
                    {
                        for (int i = i0; i < i1; i++)
                        {
                            var phi = d1.AsSpan(i * nm, nm);
                            for (int t = 0; t < nj; t++)
                            {
                                var row = mj.AsSpan(((i * nj) + t) * nm, nm);
                                for (int r = 0; r < nm; r++)
                                {
                                    row[r] *= phi[r];
                                }
                            }
                        }
                    });

                    Jacobians[j][m] = mj;
                }
            }
        }
    }

    // y[j] ← y[j] + x[j]·a: the product rounded, then the sum (no fused multiply–add), as the scalar code does.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double a)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            for (; j <= y.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var sum = new Vector<double>(y[j..]) + (new Vector<double>(x[j..]) * va);
                sum.CopyTo(y[j..]);
            }
        }

        for (; j < y.Length; j++)
        {
            y[j] += x[j] * a;
        }
    }
}
