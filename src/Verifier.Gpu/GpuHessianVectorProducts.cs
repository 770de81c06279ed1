using ILGPU;
using ILGPU.Runtime;
using Verifier.Landscape.Derivatives;
using Verifier.Numerics.Krylov;

namespace Verifier.Gpu;

/// <summary>
/// The R-operator Hessian-vector products of <see cref="HessianVectorProducts"/> with everything on the device: the
/// forward and backward passes at θ (<see cref="NetworkPasses{T}"/>, the public record every float consumer shares)
/// are uploaded once, and each product uploads v, runs the same GEMMs and elementwise steps as ILGPU kernels, and
/// downloads H·v (2·P doubles of traffic per product).
/// </summary>
/// <remarks>
/// Results agree with the CPU products to rounding (the GEMM kernel sums in order). Not thread-safe: one product at
/// a time. Disposing releases the device buffers; the kernels object stays the caller's.
/// </remarks>
public sealed class GpuHessianVectorProducts : ILinearOperator, IDisposable
{
    private readonly GpuMatrixKernels _gpu;
    private readonly Accelerator _acc;
    private readonly int _n;
    private readonly int[] _widths;
    private readonly int[] _weightOffsets;
    private readonly int[] _biasOffsets;
    private readonly bool _bias;
    private readonly List<MemoryBuffer1D<double, Stride1D.Dense>> _buffers = [];
    private readonly ArrayView<double>[] _a, _d1, _delta, _curvature, _w, _rz, _ra;
    private readonly ArrayView<double> _v, _hv, _scratch;
    private readonly double[] _host;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, int> _addRow;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>> _multiply;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>> _multiplyAdd;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, int, int> _columnSums;

    /// <summary>Uploads the passes of <paramref name="products"/> (prepared on the CPU at θ) to the device of <paramref name="gpu"/>.</summary>
    public GpuHessianVectorProducts(HessianVectorProducts products, GpuMatrixKernels gpu)
        : this((products ?? throw new ArgumentNullException(nameof(products))).Passes, gpu)
    {
    }

    /// <summary>Uploads the float64 passes at θ (<see cref="NetworkPasses.Compute"/>) to the device of <paramref name="gpu"/>.</summary>
    public GpuHessianVectorProducts(NetworkPasses<double> passes, GpuMatrixKernels gpu)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(gpu);
        _gpu = gpu;
        _acc = gpu.Accelerator;
        var net = passes.Network;
        int depth = net.Depth;
        _n = passes.SampleCount;
        _widths = [.. net.Layers];
        _bias = net.Bias;
        _weightOffsets = [.. Enumerable.Range(0, depth + 1).Select(l => l == 0 ? 0 : net.WeightOffset(l))];
        _biasOffsets = [.. Enumerable.Range(0, depth + 1).Select(l => l == 0 || !_bias ? 0 : net.BiasOffset(l))];
        Dimension = net.ParameterCount;
        _a = new ArrayView<double>[depth + 1];
        _d1 = new ArrayView<double>[depth + 1];
        _delta = new ArrayView<double>[depth + 1];
        _curvature = new ArrayView<double>[depth + 1];
        _w = new ArrayView<double>[depth + 1];
        _rz = new ArrayView<double>[depth + 1];
        _ra = new ArrayView<double>[depth + 1];
        try
        {
            for (int l = 0; l < depth; l++)
            {
                _a[l] = Upload(passes.Activations(l));
            }

            for (int l = 1; l <= depth; l++)
            {
                _d1[l] = Upload(passes.FirstDerivatives(l));
                _delta[l] = Upload(passes.Deltas(l));
                _curvature[l] = Upload(passes.CurvatureWeights(l));
                _w[l] = Upload(passes.Weights(l));
                _rz[l] = Allocate(_n * _widths[l]);
                _ra[l] = Allocate(_n * _widths[l]);
            }

            _v = Allocate(Dimension);
            _hv = Allocate(Dimension);
            _scratch = Allocate(_n * _widths.Max());
            _addRow = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int>(AddRowKernel);
            _multiply = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>>(MultiplyKernel);
            _multiplyAdd = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>>(MultiplyAddKernel);
            _columnSums = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int, int>(ColumnSumsKernel);
        }
        catch
        {
            Dispose();
            throw;
        }

        _host = new double[Dimension];
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>y ← ∇²L(θ)·x, on the device.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != Dimension || y.Length != Dimension)
        {
            throw new ArgumentException($"The vectors have {x.Length} and {y.Length} entries; the network has {Dimension} parameters.", nameof(x));
        }

        int depth = _widths.Length - 1, n = _n;
        _v.CopyFromCPU(x);
        for (int l = 1; l <= depth; l++)
        {
            int nIn = _widths[l - 1], nOut = _widths[l];
            var vl = _v.SubView(_weightOffsets[l], nOut * nIn);
            _gpu.GemmOnDevice(false, true, n, nOut, nIn, 1.0, _a[l - 1], nIn, vl, nIn, 0.0, _rz[l], nOut);
            if (l > 1)
            {
                _gpu.GemmOnDevice(false, true, n, nOut, nIn, 1.0, _ra[l - 1], nIn, _w[l], nIn, 1.0, _rz[l], nOut);
            }

            if (_bias)
            {
                _addRow(n * nOut, _rz[l], _v.SubView(_biasOffsets[l], nOut), nOut);
            }

            if (l < depth)
            {
                _multiply(n * nOut, _d1[l], _rz[l], _ra[l]);
            }
        }

        int nL = _widths[depth];
        _multiply(n * nL, _curvature[depth], _rz[depth], _rz[depth]);
        for (int l = depth; l >= 1; l--)
        {
            int nIn = _widths[l - 1], nOut = _widths[l];
            var hw = _hv.SubView(_weightOffsets[l], nOut * nIn);
            _gpu.GemmOnDevice(true, false, nOut, nIn, n, 1.0, _rz[l], nOut, _a[l - 1], nIn, 0.0, hw, nIn);
            if (l > 1)
            {
                _gpu.GemmOnDevice(true, false, nOut, nIn, n, 1.0, _delta[l], nOut, _ra[l - 1], nIn, 1.0, hw, nIn);
            }

            if (_bias)
            {
                _columnSums(nOut, _rz[l], _hv.SubView(_biasOffsets[l], nOut), n, nOut);
            }

            if (l > 1)
            {
                var t = _scratch.SubView(0, n * nIn);
                var vl = _v.SubView(_weightOffsets[l], nOut * nIn);
                _gpu.GemmOnDevice(false, false, n, nIn, nOut, 1.0, _rz[l], nOut, _w[l], nIn, 0.0, t, nIn);
                _gpu.GemmOnDevice(false, false, n, nIn, nOut, 1.0, _delta[l], nOut, vl, nIn, 1.0, t, nIn);
                _multiplyAdd(n * nIn, t, _d1[l - 1], _curvature[l - 1], _rz[l - 1]);
            }
        }

        _acc.Synchronize();
        _hv.CopyToCPU(_host);
        _host.CopyTo(y);
    }

    /// <summary>Releases the device buffers.</summary>
    public void Dispose()
    {
        foreach (var b in _buffers)
        {
            b.Dispose();
        }

        _buffers.Clear();
    }

    private ArrayView<double> Allocate(long length)
    {
        var buffer = _acc.Allocate1D<double>(Math.Max(1, length));
        _buffers.Add(buffer);
        return buffer.View.SubView(0, length);
    }

    private ArrayView<double> Upload(ReadOnlySpan<double> data)
    {
        var view = Allocate(data.Length);
        if (data.Length > 0)
        {
            view.CopyFromCPU(data);
        }

        return view;
    }

    // m[i] += b[i mod width]: the bias row added to every row.
    private static void AddRowKernel(Index1D i, ArrayView<double> m, ArrayView<double> b, int width) => m[i] += b[i % width];

    // target[i] = x[i]·y[i] (target may be y).
    private static void MultiplyKernel(Index1D i, ArrayView<double> x, ArrayView<double> y, ArrayView<double> target) => target[i] = x[i] * y[i];

    // target[i] = t[i]·d1[i] + c[i]·target[i].
    private static void MultiplyAddKernel(Index1D i, ArrayView<double> t, ArrayView<double> d1, ArrayView<double> c, ArrayView<double> target) =>
        target[i] = (t[i] * d1[i]) + (c[i] * target[i]);

    // sums[j] = Σ_r m[r, j] for a rows × width row-major matrix, one thread per column.
    private static void ColumnSumsKernel(Index1D j, ArrayView<double> m, ArrayView<double> sums, int rows, int width)
    {
        double sum = 0.0;
        for (long r = 0; r < rows; r++)
        {
            sum += m[(r * width) + j];
        }

        sums[j] = sum;
    }
}
