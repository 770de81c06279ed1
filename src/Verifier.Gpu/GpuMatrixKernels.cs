using System.Diagnostics.CodeAnalysis;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Verifier.Numerics.Kernels;

namespace Verifier.Gpu;

/// <summary>
/// The general matrix product of <see cref="IMatrixKernels"/> as an ILGPU kernel, on a CUDA device or on ILGPU's CPU
/// accelerator (a simulator for tests). Every product that needs GEMMs (the R-operator Hessian-vector products, the
/// batched Hessian assembly) runs on it unchanged.
/// </summary>
/// <remarks>
/// <para>
/// One thread per entry of C sums its k products in order (Σ in float64, as the managed reference does), then
/// writes α·sum + β·c (c is not read when β = 0). Operands are copied to device buffers that are kept and grown
/// between calls, and C is copied back after each product: simple and exact, but on a real GPU the transfers cost
/// more than the arithmetic for small products. An instance is not thread-safe (one product at a time); dispose it
/// to release the device.
/// </para>
/// </remarks>
public sealed class GpuMatrixKernels : IMatrixKernels, IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, GemmShape> _gemm;
    private readonly Lock _gate = new();
    private MemoryBuffer1D<double, Stride1D.Dense>? _a;
    private MemoryBuffer1D<double, Stride1D.Dense>? _b;
    private MemoryBuffer1D<double, Stride1D.Dense>? _c;

    private GpuMatrixKernels(Context context, Accelerator accelerator, string name)
    {
        _context = context;
        _accelerator = accelerator;
        Name = name;
        Device = accelerator.Name;
        _gemm = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, GemmShape>(GemmKernel);
    }

    /// <summary>The backend's name: "gpu" on CUDA, "gpu-cpu-simulator" on ILGPU's CPU accelerator.</summary>
    public string Name { get; }

    /// <summary>The device's name as ILGPU reports it.</summary>
    public string Device { get; }

    /// <summary>Whether the kernels run on a CUDA device (rather than ILGPU's CPU accelerator).</summary>
    public bool IsCuda => _accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>Kernels on the first CUDA device, when one is present and its driver loads; otherwise the reason.</summary>
    /// <param name="kernels">The kernels, or null.</param>
    /// <param name="reason">Why no CUDA device can be used (empty on success).</param>
    public static bool TryCreateCuda([NotNullWhen(true)] out GpuMatrixKernels? kernels, out string reason)
    {
        kernels = null;
        // Without the driver library there is no CUDA device: say so before paying for an ILGPU context (~60 ms).
        if (!DriverLibraryPresent())
        {
            reason = "no CUDA device (the driver library libcuda.so.1 is not installed; the gpu backend needs an NVIDIA GPU with its driver)";
            return false;
        }

        Context? context = null;
        try
        {
            context = Context.Create(builder => builder.Cuda().Math(MathMode.Default));
            var device = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda);
            if (device is null)
            {
                reason = "no CUDA device found (the gpu backend needs an NVIDIA GPU with its driver)";
                context.Dispose();
                return false;
            }

            kernels = new GpuMatrixKernels(context, device.CreateAccelerator(context), "gpu");
            reason = "";
            return true;
        }
#pragma warning disable CA1031 // Any failure to reach a CUDA device (missing driver library, driver error) means "not available".
        catch (Exception e)
#pragma warning restore CA1031
        {
            context?.Dispose();
            reason = $"CUDA could not be initialised ({e.GetType().Name}: {e.Message})";
            return false;
        }
    }

    private static bool DriverLibraryPresent()
    {
        foreach (var name in new[] { "libcuda.so.1", "libcuda.so" })
        {
            if (System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out var handle))
            {
                System.Runtime.InteropServices.NativeLibrary.Free(handle);
                return true;
            }
        }

        return false;
    }

    /// <summary>Kernels on ILGPU's CPU accelerator: the same kernel code, simulated on the processor (slow; for tests).</summary>
    public static GpuMatrixKernels CreateCpuSimulator()
    {
        var context = Context.Create(builder => builder.CPU().Math(MathMode.Default));
        try
        {
            return new GpuMatrixKernels(context, context.CreateCPUAccelerator(0), "gpu-cpu-simulator");
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (!GemmArguments.Validate(transposeA, transposeB, m, n, k, a, lda, b, ldb, c, ldc))
        {
            return;
        }

        int cLength = ((m - 1) * ldc) + n;
        lock (_gate)
        {
            var da = Upload(ref _a, a);
            var db = Upload(ref _b, b);
            var dc = Upload(ref _c, c[..cLength]);
            var shape = new GemmShape(k, lda, ldb, ldc, transposeA ? 1 : 0, transposeB ? 1 : 0, alpha, beta);
            _gemm(new Index2D(m, n), da, db, dc, shape);
            _accelerator.Synchronize();
            dc.SubView(0, cLength).CopyToCPU(c[..cLength]);
        }
    }

    /// <summary>The accelerator the kernels run on (for device-resident work such as <see cref="GpuHessianVectorProducts"/>).</summary>
    internal Accelerator Accelerator => _accelerator;

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C on device views (row-major with row strides), queued on the accelerator's default
    /// stream without waiting; the caller synchronises.
    /// </summary>
    internal void GemmOnDevice(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ArrayView<double> a, int lda, ArrayView<double> b, int ldb, double beta, ArrayView<double> c, int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        _gemm(new Index2D(m, n), a, b, c, new GemmShape(k, lda, ldb, ldc, transposeA ? 1 : 0, transposeB ? 1 : 0, alpha, beta));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _a?.Dispose();
        _b?.Dispose();
        _c?.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Device})";

    // Copies data into the kept device buffer, growing it when needed; returns a view of its length.
    private ArrayView<double> Upload(ref MemoryBuffer1D<double, Stride1D.Dense>? buffer, ReadOnlySpan<double> data)
    {
        if (buffer is null || buffer.Length < data.Length)
        {
            buffer?.Dispose();
            buffer = _accelerator.Allocate1D<double>(Math.Max(data.Length, 1));
        }

        ArrayView<double> view = buffer.View;
        if (data.Length > 0)
        {
            view.SubView(0, data.Length).CopyFromCPU(data);
        }

        return view;
    }

    // C[i, j] ← α·Σ_k op(A)[i, k]·op(B)[k, j] + β·C[i, j], row-major with row strides; one thread per entry of C.
    private static void GemmKernel(Index2D index, ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, GemmShape s)
    {
        long i = index.X, j = index.Y;
        double sum = 0.0;
        for (long p = 0; p < s.K; p++)
        {
            double x = s.TransposeA != 0 ? a[(p * s.Lda) + i] : a[(i * s.Lda) + p];
            double y = s.TransposeB != 0 ? b[(j * s.Ldb) + p] : b[(p * s.Ldb) + j];
            sum += x * y;
        }

        long at = (i * s.Ldc) + j;
        c[at] = s.Beta == 0.0 ? s.Alpha * sum : (s.Alpha * sum) + (s.Beta * c[at]);
    }
}

/// <summary>The scalar arguments of one product, passed to the kernel by value (internal, visible to ILGPU's runtime assembly).</summary>
internal readonly record struct GemmShape(int K, int Lda, int Ldb, int Ldc, int TransposeA, int TransposeB, double Alpha, double Beta);
