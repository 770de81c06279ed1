using System.Numerics;
using System.Runtime.CompilerServices;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// Hessian-vector products ∇²L(θ)·v of a fully connected network's loss at one point θ, in float64, by
/// Pearlmutter's R-operator (forward-over-reverse) in batched matrix–matrix form over the samples. The Hessian
/// is never formed.
/// </summary>
/// <remarks>
/// <para>
/// The products read the forward and backward passes at θ (<see cref="NetworkPasses{T}"/>, built once by
/// <see cref="NetworkPasses.Compute"/>): for all N samples at once (row-major, one row per sample), the layer outputs
/// a_l, the activation derivatives φ′(z_l), the back-propagated δ_l = ∂L/∂z_l and the curvature weights
/// C_L = s·(ψ′² + e·ψ″) (e = f − y, s = 1/N for mse, 1 for sse) and C_l = (W_{l+1}ᵀδ_{l+1})·φ″(z_l). Each product
/// v = (V_l, c_l) then costs two passes of GEMMs on
/// <see cref="IMatrixKernels"/>:
/// </para>
/// <para>
/// forward, R(z_l) = a_{l−1}V_lᵀ + R(a_{l−1})W_lᵀ + c_l and R(a_l) = φ′(z_l)⊙R(z_l) (R(a_0) = 0);
/// backward, R(δ_L) = C_L⊙R(z_L), R(δ_{l−1}) = (R(δ_l)W_l + δ_lV_l)⊙φ′(z_{l−1}) + C_{l−1}⊙R(z_{l−1}),
/// and the product's blocks (Hv)_{W_l} = R(δ_l)ᵀa_{l−1} + δ_lᵀR(a_{l−1}), (Hv)_{b_l} = Σᵢ R(δ_l).
/// </para>
/// <para>
/// That is six GEMMs per layer (three for the first), about 6·N·Σ n_l n_{l−1} multiply–adds per product (twice a
/// gradient's), and memory
/// O(N·Σ n_l) for the kept passes and the work buffers: nothing of size P² or N·P. Results agree with
/// <see cref="NetworkCalculus{T, TOps}.HessianVectorProduct"/> and with the dense
/// <see cref="BatchedHessian"/> times v to rounding: the passes at θ are the same on every path, so ReLU′(0) = 0 is
/// applied to the same units; the products' sums run in a different order. An instance is not thread-safe: its work buffers serve one product at a time.
/// </para>
/// </remarks>
public sealed class HessianVectorProducts : ILinearOperator
{
    private readonly NetworkSpec _net;
    private readonly IMatrixKernels _kernels;
    private readonly int _n;
    private readonly int[] _widths;

    // Work buffers of one product: R(z_l) (later R(δ_l)), R(a_l), and one N × max n_l scratch matrix.
    private readonly double[][] _rz;
    private readonly double[][] _ra;
    private readonly double[] _scratch;

    /// <summary>Prepares products at θ for one architecture, loss and dataset, on the given matrix kernels.</summary>
    /// <param name="network">The architecture.</param>
    /// <param name="loss">The loss (mse or sse).</param>
    /// <param name="data">The samples.</param>
    /// <param name="theta">The point, in the parameter order of <see cref="NetworkSpec"/>.</param>
    /// <param name="kernels">The matrix kernels every product runs on (managed, OpenBLAS or a GPU).</param>
    /// <exception cref="ArgumentException">The data or θ do not fit the network.</exception>
    public HessianVectorProducts(NetworkSpec network, LossKind loss, Dataset data, IReadOnlyList<double> theta, IMatrixKernels kernels)
        : this(NetworkPasses.Compute(network, loss, data, theta), kernels)
    {
    }

    /// <summary>Prepares products over passes already computed at θ, on the given matrix kernels.</summary>
    /// <param name="passes">The float64 passes at θ (<see cref="NetworkPasses.Compute"/>).</param>
    /// <param name="kernels">The matrix kernels every product runs on (managed, OpenBLAS or a GPU).</param>
    public HessianVectorProducts(NetworkPasses<double> passes, IMatrixKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(kernels);
        var network = passes.Network;
        _net = network;
        _kernels = kernels;
        _n = passes.SampleCount;
        _widths = [.. network.Layers];
        int depth = network.Depth, n = _n;
        Passes = passes;
        Loss = passes.Loss;
        Gradient = NetworkPasses.Gradient(passes, kernels);
        _rz = new double[depth + 1][];
        _ra = new double[depth + 1][];
        for (int l = 1; l <= depth; l++)
        {
            _rz[l] = new double[n * _widths[l]];
            _ra[l] = l < depth ? new double[n * _widths[l]] : [];
        }

        _scratch = new double[n * _widths.Max()];
    }

    /// <summary>Prepares products at θ for an instance (its own weights are not used), on the given matrix kernels.</summary>
    public HessianVectorProducts(Instance instance, IReadOnlyList<double> theta, IMatrixKernels kernels)
        : this((instance ?? throw new ArgumentNullException(nameof(instance))).Network, instance.Loss, instance.Data, theta, kernels)
    {
    }

    /// <summary>
    /// The bytes the products of <paramref name="network"/> on <paramref name="samples"/> samples keep and work in: the
    /// passes at θ (<see cref="NetworkPasses.Bytes"/>), the work buffers of one product (R(z), R(a) and one scratch
    /// matrix) and the gradient; about 8·N·Σ n_l + N·max n_l + 2·P doubles.
    /// </summary>
    public static long WorkspaceBytes(NetworkSpec network, int samples)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        long widths = network.Layers.Sum(w => (long)w);
        return NetworkPasses.Bytes(network, samples)
            + (sizeof(double) * ((2L * samples * widths) + ((long)samples * network.Layers.Max()) + network.ParameterCount));
    }

    /// <summary>The architecture.</summary>
    public NetworkSpec Network => _net;

    /// <summary>The number P of parameters (the operator's dimension).</summary>
    public int Dimension => _net.ParameterCount;

    /// <summary>The matrix kernels every product runs on.</summary>
    public IMatrixKernels Kernels => _kernels;

    /// <summary>The loss L(θ) at the prepared point.</summary>
    public double Loss { get; }

    /// <summary>The gradient ∇L(θ) at the prepared point, from the same passes.</summary>
    public IReadOnlyList<double> Gradient { get; }

    /// <summary>The forward and backward passes at the prepared point, which every product reads.</summary>
    public NetworkPasses<double> Passes { get; }

    /// <summary>y ← ∇²L(θ)·x.</summary>
    /// <exception cref="ArgumentException">x or y does not have P entries, or they overlap.</exception>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        var v = x;
        var hv = y;
        int p = Dimension;
        if (v.Length != p || hv.Length != p)
        {
            throw new ArgumentException($"The vectors have {v.Length} and {hv.Length} entries; the network has {p} parameters.", nameof(x));
        }

        if (v.Overlaps(hv))
        {
            throw new ArgumentException("v and hv must not overlap.", nameof(y));
        }

        var net = _net;
        var k = _kernels;
        int depth = net.Depth, n = _n;

        // Forward R-pass.
        for (int l = 1; l <= depth; l++)
        {
            int nIn = _widths[l - 1], nOut = _widths[l];
            var rz = _rz[l];
            var vl = v.Slice(net.WeightOffset(l), nOut * nIn);
            k.Gemm(false, true, n, nOut, nIn, 1.0, Passes.A[l - 1], nIn, vl, nIn, 0.0, rz, nOut);
            if (l > 1)
            {
                k.Gemm(false, true, n, nOut, nIn, 1.0, _ra[l - 1], nIn, Passes.W[l], nIn, 1.0, rz, nOut);
            }

            // One pass adds c_l and scales: R(a_l) = φ′(z_l)⊙R(z_l) below the output; at the output R(δ_L) = C_L⊙R(z_L)
            // overwrites R(z_L) (no longer needed), with its column sums, (Hv)_{b_L}.
            var bias = net.Bias ? v.Slice(net.BiasOffset(l), nOut) : [];
            if (l < depth)
            {
                ShiftScale(rz, bias, Passes.D1[l], _ra[l], [], nOut);
            }
            else
            {
                ShiftScale(rz, bias, Passes.C[depth], rz, net.Bias ? hv.Slice(net.BiasOffset(l), nOut) : [], nOut);
            }
        }

        // Backward R-pass; R(δ_l) overwrites R(z_l), which is no longer needed once it is formed, and the pass that
        // forms it also sums its columns into (Hv)_{b_l}.
        for (int l = depth; l >= 1; l--)
        {
            int nIn = _widths[l - 1], nOut = _widths[l];
            var rDelta = _rz[l];
            var hw = hv.Slice(net.WeightOffset(l), nOut * nIn);
            k.Gemm(true, false, nOut, nIn, n, 1.0, rDelta, nOut, Passes.A[l - 1], nIn, 0.0, hw, nIn);
            if (l > 1)
            {
                k.Gemm(true, false, nOut, nIn, n, 1.0, Passes.Delta[l], nOut, _ra[l - 1], nIn, 1.0, hw, nIn);
            }

            if (l > 1)
            {
                var t = _scratch.AsSpan(0, n * nIn);
                var vl = v.Slice(net.WeightOffset(l), nOut * nIn);
                k.Gemm(false, false, n, nIn, nOut, 1.0, rDelta, nOut, Passes.W[l], nIn, 0.0, t, nIn);
                k.Gemm(false, false, n, nIn, nOut, 1.0, Passes.Delta[l], nOut, vl, nIn, 1.0, t, nIn);
                MultiplyAdd(t, Passes.D1[l - 1], Passes.C[l - 1], _rz[l - 1], net.Bias ? hv.Slice(net.BiasOffset(l - 1), nIn) : [], nIn);
            }
        }
    }

    // Row by row over the N × width matrix m: m ← m + b (b empty: no shift), then target ← s⊙m (target may be m);
    // when sums is not empty, sums ← the column sums of target, in row order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShiftScale(Span<double> m, ReadOnlySpan<double> b, ReadOnlySpan<double> s, Span<double> target, Span<double> sums, int width)
    {
        sums.Clear();
        int w = Vector<double>.Count;
        for (int start = 0; start < m.Length; start += width)
        {
            var row = m.Slice(start, width);
            var scale = s.Slice(start, width);
            var outRow = target.Slice(start, width);
            int j = 0;
            for (; j <= width - w; j += w)
            {
                var z = new Vector<double>(row[j..]);
                if (!b.IsEmpty)
                {
                    z += new Vector<double>(b[j..]);
                    z.CopyTo(row[j..]);
                }

                var r = new Vector<double>(scale[j..]) * z;
                r.CopyTo(outRow[j..]);
                if (!sums.IsEmpty)
                {
                    (new Vector<double>(sums[j..]) + r).CopyTo(sums[j..]);
                }
            }

            for (; j < width; j++)
            {
                double z = b.IsEmpty ? row[j] : row[j] + b[j];
                row[j] = z;
                double r = scale[j] * z;
                outRow[j] = r;
                if (!sums.IsEmpty)
                {
                    sums[j] += r;
                }
            }
        }
    }

    // Kept apart from ShiftScale for speed: the same row-and-SIMD loop, but a fused multiply-add with no shift or scale.
    // target ← t⊙d1 + c⊙target, row by row over rows of the given width; when sums is not empty, sums ← the column
    // sums of the result, in row order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAdd(ReadOnlySpan<double> t, ReadOnlySpan<double> d1, ReadOnlySpan<double> c, Span<double> target, Span<double> sums, int width)
    {
        sums.Clear();
        int w = Vector<double>.Count;
        for (int start = 0; start < target.Length; start += width)
        {
            var tr = t.Slice(start, width);
            var dr = d1.Slice(start, width);
            var cr = c.Slice(start, width);
            var row = target.Slice(start, width);
            int j = 0;
            for (; j <= width - w; j += w)
            {
                var r = (new Vector<double>(tr[j..]) * new Vector<double>(dr[j..])) + (new Vector<double>(cr[j..]) * new Vector<double>(row[j..]));
                r.CopyTo(row[j..]);
                if (!sums.IsEmpty)
                {
                    (new Vector<double>(sums[j..]) + r).CopyTo(sums[j..]);
                }
            }

            for (; j < width; j++)
            {
                double r = (tr[j] * dr[j]) + (cr[j] * row[j]);
                row[j] = r;
                if (!sums.IsEmpty)
                {
                    sums[j] += r;
                }
            }
        }
    }
}
