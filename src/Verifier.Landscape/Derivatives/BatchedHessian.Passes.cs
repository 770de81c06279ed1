using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Landscape.Networks;
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
        public Passes(BatchedHessian owner, double[] theta)
        {
            var net = owner._net;
            var kernels = owner._kernels;
            N = owner._n;
            Depth = net.Depth;
            ParameterCount = net.ParameterCount;
            Bias = net.Bias;
            Widths = [.. net.Layers];
            InputWidths = [.. net.Layers.Select(w => w + (Bias ? 1 : 0))];
            int depth = Depth, n = N;
            W = new double[depth + 1][];
            Inputs = new double[depth][];
            D1 = new double[depth + 1][];
            D2 = new double[depth + 1][];
            Delta = new double[depth + 1][];
            Curvature = new double[depth + 1][];
            Jacobians = new double[depth + 1][][];
            for (int l = 1; l <= depth; l++)
            {
                W[l] = theta.AsSpan(net.WeightOffset(l), Widths[l] * Widths[l - 1]).ToArray();
            }

            Inputs[0] = Extend(owner._x, Widths[0]);
            Forward(net, theta, out var output);
            Backward(owner, output, out var hidden);
            Jacobian(kernels);

            // Hidden curvature weights C_j = (W_{j+1}ᵀ δ_{j+1})·φ″(z_j); C_L is set by Backward.
            for (int l = 1; l < depth; l++)
            {
                var c = new double[hidden[l].Length];
                var g = hidden[l];
                var d2 = D2[l];
                for (int k = 0; k < c.Length; k++)
                {
                    c[k] = g[k] * d2[k];
                }

                Curvature[l] = c;
            }

            Offsets = [.. Enumerable.Range(0, depth + 1).Select(l => l == 0 ? 0 : net.WeightOffset(l))];
            BiasOffsets = [.. Enumerable.Range(0, depth + 1).Select(l => l == 0 || !Bias ? 0 : net.BiasOffset(l))];
            GradientW = new double[depth + 1][];
            GradientB = new double[depth + 1][];
            for (int l = 1; l <= depth; l++)
            {
                int nIn = Widths[l - 1], nOut = Widths[l];
                var gw = new double[nOut * nIn];

                // ∂L/∂W_l = Σᵢ δ_l ã_{l−1}ᵀ, over the weight columns of the extended inputs.
                kernels.Gemm(true, false, nOut, nIn, n, 1.0, Delta[l], nOut, Inputs[l - 1], InputWidths[l - 1], 0.0, gw, nIn);
                GradientW[l] = gw;
                var gb = new double[nOut];
                var d = Delta[l];
                for (int i = 0; i < n; i++)
                {
                    for (int r = 0; r < nOut; r++)
                    {
                        gb[r] += d[(i * nOut) + r];
                    }
                }

                GradientB[l] = gb;
            }
        }

        public int N { get; }

        public int Depth { get; }

        public int ParameterCount { get; }

        public bool Bias { get; }

        /// <summary>n₀ … n_L.</summary>
        public int[] Widths { get; }

        /// <summary>ñ_l = n_l + 1 with biases (the trailing 1 of the extended input), n_l without.</summary>
        public int[] InputWidths { get; }

        /// <summary>W_l (n_l × n_{l−1}, row-major) for l = 1 … L.</summary>
        public double[][] W { get; }

        /// <summary>ã_l for l = 0 … L−1: N × ñ_l, the input of layer l+1 with a trailing 1 when there are biases.</summary>
        public double[][] Inputs { get; }

        /// <summary>φ′(z_l), N × n_l, l = 1 … L.</summary>
        public double[][] D1 { get; }

        /// <summary>φ″(z_l), N × n_l, l = 1 … L.</summary>
        public double[][] D2 { get; }

        /// <summary>δ_l = ∂L/∂z_l (the loss scale included), N × n_l, l = 1 … L.</summary>
        public double[][] Delta { get; }

        /// <summary>The curvature weights C_l, N × n_l, l = 1 … L.</summary>
        public double[][] Curvature { get; }

        /// <summary>Jacobians[j][m] = M_{j,m} = ∂z_j/∂z_m for j &gt; m: N blocks of n_j × n_m, row-major.</summary>
        public double[][][] Jacobians { get; }

        /// <summary>Index of W_l's first entry in θ.</summary>
        public int[] Offsets { get; }

        /// <summary>Index of b_l's first entry in θ (with biases).</summary>
        public int[] BiasOffsets { get; }

        public double Loss { get; private set; }

        private double[][] GradientW { get; }

        private double[][] GradientB { get; }

        /// <summary>The gradient in parameter order.</summary>
        public double[] Gradient()
        {
            var g = new double[ParameterCount];
            for (int l = 1; l <= Depth; l++)
            {
                GradientW[l].CopyTo(g, Offsets[l]);
                if (Bias)
                {
                    GradientB[l].CopyTo(g, BiasOffsets[l]);
                }
            }

            return g;
        }

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

        // z_l = W_l a_{l−1} + b_l summed as NetworkCalculus does (bias first, then inputs in order, products
        // rounded before each sum: OrderedProduct), then the activations row by row.
        private void Forward(NetworkSpec net, double[] theta, out double[] output)
        {
            output = [];
            for (int l = 1; l <= Depth; l++)
            {
                int nIn = Widths[l - 1], nOut = Widths[l], stride = InputWidths[l - 1];
                var act = net.ActivationOf(l);
                var wt = new double[nIn * nOut];
                var w = W[l];
                for (int r = 0; r < nOut; r++)
                {
                    for (int c = 0; c < nIn; c++)
                    {
                        wt[(c * nOut) + r] = w[(r * nIn) + c];
                    }
                }

                double[]? b = Bias ? theta.AsSpan(net.BiasOffset(l), nOut).ToArray() : null;
                var input = Inputs[l - 1];
                int outStride = l < Depth ? InputWidths[l] : nOut;
                var a = new double[N * outStride];
                var d1 = new double[N * nOut];
                var d2 = new double[N * nOut];
                var z = new double[N * nOut];
                OrderedProduct.Multiply(N, nOut, nIn, input, stride, wt, nOut, b, z, nOut);
                ForRanges(N, 16L * nOut, (i0, i1) =>
                {
                    for (int i = i0; i < i1; i++)
                    {
                        ActivationKernels.Activate(act, z.AsSpan(i * nOut, nOut), a.AsSpan(i * outStride, nOut), d1.AsSpan(i * nOut, nOut), d2.AsSpan(i * nOut, nOut));
                        if (outStride > nOut)
                        {
                            a[(i * outStride) + nOut] = 1.0;
                        }
                    }
                });

                D1[l] = d1;
                D2[l] = d2;
                if (l < Depth)
                {
                    Inputs[l] = a;
                }
                else
                {
                    output = a;
                }
            }
        }

        // δ_L = s·e·ψ′, δ_{l−1} = (W_lᵀ δ_l)·φ′ (sums over r in order, as NetworkCalculus), the loss, and
        // the output curvature C_L = s·(ψ′² + e·ψ″). hidden[l] receives W_{l+1}ᵀ δ_{l+1}.
        private void Backward(BatchedHessian owner, double[] output, out double[][] hidden)
        {
            int depth = Depth;
            double scale = owner._scale;
            var y = owner._y;
            var delta = new double[output.Length];
            var curvature = new double[output.Length];
            var d1L = D1[depth];
            var d2L = D2[depth];
            double sum = 0.0;
            for (int k = 0; k < output.Length; k++)
            {
                double e = output[k] - y[k];
                sum += e * e;
                delta[k] = scale * (e * d1L[k]);
                curvature[k] = scale * ((d1L[k] * d1L[k]) + (e * d2L[k]));
            }

            Loss = 0.5 * scale * sum;
            Delta[depth] = delta;
            Curvature[depth] = curvature;
            hidden = new double[depth + 1][];
            for (int l = depth; l >= 2; l--)
            {
                int nIn = Widths[l - 1], nOut = Widths[l];
                var w = W[l];
                var d = Delta[l];
                var d1 = D1[l - 1];
                var g = new double[N * nIn];
                var dPrev = new double[N * nIn];
                OrderedProduct.Multiply(N, nIn, nOut, d, nOut, w, nIn, null, g, nIn);
                for (int k = 0; k < dPrev.Length; k++)
                {
                    dPrev[k] = g[k] * d1[k];
                }

                hidden[l - 1] = g;
                Delta[l - 1] = dPrev;
            }
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
                ForRanges(N, (long)nNext * nm, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
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
                    ForRanges(N, (long)nj * nm, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i0, i1) =>
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
