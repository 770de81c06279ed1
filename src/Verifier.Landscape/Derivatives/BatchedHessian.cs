using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// The full Hessian ∇²L(θ) of a fully connected network's loss in float64, assembled layer pair by layer pair
/// from matrix–matrix products over the samples (never from P separate Hessian-vector products), together with
/// the loss and the gradient of the same passes.
/// </summary>
/// <remarks>
/// <para>
/// Per sample, with z_l the pre-activations, ã_{l−1} the layer's input with a trailing 1 when the network has
/// biases, δ_l = ∂L/∂z_l, M_{j,l} = ∂z_j/∂z_l (the identity for j = l) and the curvature weights
/// C_L = s·(ψ′² + e·ψ″) (e = f − y, s = 1/N for mse, 1 for sse) and C_j = (W_{j+1}ᵀδ_{j+1})·φ″(z_j) for hidden
/// layers, the Hessian block of layer l ≤ m is, for the parameters (r, c) of layer l (row r of W_l, column c
/// of W_l or the bias) and (r′, c′) of layer m,
/// </para>
/// <para>
/// H[(r,c),(r′,c′)] = Σᵢ ã_{l−1}[c]·ã_{m−1}[c′]·K[r,r′] + [l &lt; m, c′ a weight] Σᵢ ã_{l−1}[c]·δ_m[r′]·(∂a_{m−1}/∂z_l)[c′,r],
/// with K = Σ_{j ≥ m} M_{j,l}ᵀ·diag(C_j)·M_{j,m}.
/// </para>
/// <para>
/// Both terms are matrix products over the samples, handed to <see cref="IMatrixKernels"/>, in one of three forms
/// chosen per block: (1) when K has per-sample rank at most 2 beyond its diagonal (e.g. one output), explicit
/// Jacobian rows √|C_j[t]|·M_{j,l}[t,:] ⊗ ã_{l−1} in parameter order, one product per sign written straight
/// into H (blocks (l, l) and (l, l+1) together); (2) when layer l has at least 16 inputs, one product per unit r
/// of layer l, ã_{l−1}ᵀ·G_r with G_r holding K's row r times ã_{m−1} plus the bilinear term, again straight into
/// H; (3) otherwise the Kronecker form, a product between the Khatri–Rao matrix ã_{l−1} ⊗ ã_{m−1} and the
/// per-sample K, scattered into H. Only the upper block triangle is formed (in diagonal blocks unit pairs
/// r ≤ r′, and only r = r′ for the diag(C) term); the lower triangle is mirrored. The cost is about N·P²
/// multiply–adds; memory is the P×P result plus O(N·Σ n_j n_l) for the Jacobians M and work buffers of at most
/// a few tens of megabytes.
/// </para>
/// <para>
/// The forward and backward passes use the same order of operations as
/// <see cref="NetworkCalculus{T, TOps}"/> with <see cref="DoubleOps"/>, so pre-activations agree bit for bit and
/// ReLU′(0) = 0 is applied to the same units; the Hessian agrees with its column-by-column Hessian to
/// rounding.
/// </para>
/// </remarks>
public sealed partial class BatchedHessian
{
    // Largest work buffer (doubles) of one product's operands: 16 MB.
    private const int Budget = 1 << 21;

    // The largest P for which P² entries fit one array.
    private const int MaxParameters = 46340;

    private readonly NetworkSpec _net;
    private readonly LossKind _loss;
    private readonly Dataset _data;
    private readonly IMatrixKernels _kernels;

    /// <summary>Creates the calculus for one architecture, loss and dataset, with the given matrix kernels.</summary>
    public BatchedHessian(NetworkSpec network, LossKind loss, Dataset data, IMatrixKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(kernels);
        if (data.InputWidth != network.InputWidth || data.OutputWidth != network.OutputWidth)
        {
            throw new ArgumentException(
                $"Data has inputs of width {data.InputWidth} and targets of width {data.OutputWidth}; the network needs {network.InputWidth} and {network.OutputWidth}.",
                nameof(data));
        }

        _net = network;
        _loss = loss;
        _data = data;
        _kernels = kernels;
    }

    /// <summary>Creates the calculus of an instance, with the given matrix kernels.</summary>
    public BatchedHessian(Instance instance, IMatrixKernels kernels)
        : this((instance ?? throw new ArgumentNullException(nameof(instance))).Network, instance.Loss, instance.Data, kernels)
    {
    }

    /// <summary>The architecture.</summary>
    public NetworkSpec Network => _net;

    /// <summary>The number P of parameters.</summary>
    public int ParameterCount => _net.ParameterCount;

    /// <summary>The matrix kernels every product runs on.</summary>
    public IMatrixKernels Kernels => _kernels;

    /// <summary>The Hessian ∇²L(θ) of an instance at θ, as a symmetric P×P matrix.</summary>
    /// <param name="instance">The network, loss and data (its own weights are not used).</param>
    /// <param name="theta">The point, in the parameter order of <see cref="NetworkSpec"/>.</param>
    /// <param name="kernels">The matrix kernels (e.g. <see cref="ManagedMatrixKernels"/> or a native BLAS).</param>
    /// <param name="cancellation">Stops the assembly between blocks.</param>
    public static double[,] Compute(Instance instance, IReadOnlyList<double> theta, IMatrixKernels kernels, CancellationToken cancellation = default) =>
        new BatchedHessian(instance, kernels).Hessian(theta, cancellation);

    /// <summary>The Hessian ∇²L(θ), a symmetric P×P matrix.</summary>
    /// <exception cref="ArgumentException">θ does not have P entries, or P is too large for a dense matrix.</exception>
    public double[,] Hessian(IReadOnlyList<double> theta, CancellationToken cancellation = default) =>
        Evaluate(theta, cancellation).Hessian;

    /// <summary>The loss, the gradient and the Hessian at θ, from one forward and one backward pass.</summary>
    /// <exception cref="ArgumentException">θ does not have P entries, or P is too large for a dense matrix.</exception>
    public SecondOrderResult Evaluate(IReadOnlyList<double> theta, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(theta);
        int p = ParameterCount;
        if (theta.Count != p)
        {
            throw new ArgumentException($"The point has {theta.Count} entries; the network has {p} parameters.", nameof(theta));
        }

        if (p > MaxParameters)
        {
            throw new ArgumentException($"A dense Hessian of {p} parameters does not fit one array (at most {MaxParameters}).", nameof(theta));
        }

        var s = new Passes(this, NetworkPasses.Compute(_net, _loss, _data, theta));
        cancellation.ThrowIfCancellationRequested();
        var h = new double[p, p];
        TouchPages(MemoryMarshal.CreateSpan(ref h[0, 0], p * p));
        for (int l = 1; l <= _net.Depth; l++)
        {
            for (int m = l; m <= _net.Depth; m++)
            {
                cancellation.ThrowIfCancellationRequested();
                bool coupled = CurvatureBlock(s, h, l, m, cancellation);
                if (l < m && !coupled)
                {
                    BilinearBlock(s, h, l, m, cancellation);
                }
            }
        }

        MirrorUpperTriangle(h);
        return new SecondOrderResult(s.Loss, s.Gradient, h);
    }

    // Copies the upper triangle onto the lower one, in square tiles (4×4 blocks transposed in registers where
    // the processor has AVX), rows of tiles in parallel.
    private static void MirrorUpperTriangle(double[,] h)
    {
        int p = h.GetLength(0);
        const int tile = 64;
        int tiles = (p + tile - 1) / tile;
        Parallel.For(0, tiles, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (bi) =>
        {
            ref double h0 = ref h[0, 0];
            int i0 = bi * tile, i1 = Math.Min(p, i0 + tile);
            for (int j0 = 0; j0 <= i0; j0 += tile)
            {
                int j1 = Math.Min(p, j0 + tile);
                for (int i = i0; i < i1; i += 4)
                {
                    for (int j = j0; j < j1; j += 4)
                    {
                        if (Avx.IsSupported && i + 4 <= i1 && j + 4 <= j1 && j + 4 <= i)
                        {
                            Transpose4(ref Unsafe.Add(ref h0, ((nint)j * p) + i), ref Unsafe.Add(ref h0, ((nint)i * p) + j), p);
                        }
                        else
                        {
                            for (int ii = i; ii < Math.Min(i + 4, i1); ii++)
                            {
                                int jEnd = Math.Min(Math.Min(j + 4, j1), ii);
                                for (int jj = j; jj < jEnd; jj++)
                                {
                                    Unsafe.Add(ref h0, ((nint)ii * p) + jj) = Unsafe.Add(ref h0, ((nint)jj * p) + ii);
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    // target[r, c] = source[c, r] for a 4×4 block of doubles, both with row stride p.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(ref double source, ref double target, int p)
    {
        var r0 = Vector256.LoadUnsafe(ref source);
        var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, p));
        var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * (nint)p));
        var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * (nint)p));
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref target);
        Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref Unsafe.Add(ref target, p));
        Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 2 * (nint)p));
        Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref Unsafe.Add(ref target, 3 * (nint)p));
    }

    // A work buffer (contents undefined) whose pages have been touched, see TouchPages.
    private static double[] Workspace(int length)
    {
        var buffer = GC.AllocateUninitializedArray<double>(length);
        TouchPages(buffer);
        return buffer;
    }

    // Writes 0 once per 4 KB page, in order, on the calling thread. The first touch of fresh memory is a page fault;
    // on virtual machines, faults taken by several threads at once can cost several times more than the same faults
    // taken in sequence (the product of the lower-triangle GEMMs of a 3073-parameter Hessian on 2 threads took 2.4
    // times longer on fresh memory than on touched memory), so buffers are touched before parallel code writes them.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TouchPages(Span<double> buffer)
    {
        for (int k = 0; k < buffer.Length; k += 512)
        {
            buffer[k] = 0.0;
        }
    }
}

/// <summary>The loss L(θ), its gradient ∇L(θ) and its Hessian ∇²L(θ) at one point.</summary>
/// <param name="Loss">The loss.</param>
/// <param name="Gradient">The gradient, in the parameter order of <see cref="NetworkSpec"/>.</param>
/// <param name="Hessian">The symmetric P×P Hessian, row-major.</param>
public sealed record SecondOrderResult(double Loss, double[] Gradient, double[,] Hessian);
