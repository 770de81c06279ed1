using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Networks;

namespace Verifier.Landscape.Optimization;

/// <summary>
/// The float64 loss and gradient of a small fully connected network on a batch of samples, fused and allocation-free:
/// the samples are taken in blocks of <see cref="BlockSize"/> that stay in cache, each block's forward and backward
/// passes run on unit-major buffers (one contiguous row of samples per unit) reused across calls, and the elementwise
/// work (affine sums, the sigmoid, the loss) is vectorized with <see cref="Vector512{T}"/> where the machine has it, else
/// <see cref="Vector256{T}"/>; the hot methods are compiled optimized at once (a training run is over before tiering
/// would reach them).
/// </summary>
/// <remarks>
/// <para>
/// The same loss and gradient as <see cref="NetworkPasses"/> up to rounding (the sums run in another order, and the
/// sigmoid's exponential is the vectorized one); deterministic: the same θ and batch give the same bits, since every
/// sum runs in a fixed order (lanes, then blocks in sample order) whatever the machine's vector width. At a zero
/// residual of the mean absolute error it takes sign(0) = 0, like the other float paths.
/// </para>
/// <para>An instance holds its buffers: it is not for concurrent use (one per thread).</para>
/// </remarks>
public sealed class MiniBatchGradient
{
    /// <summary>The samples of one fused block.</summary>
    public const int BlockSize = 256;

    /// <summary>The widest layer input whose affine rows are summed in one pass over the block (the partial sums kept in registers).</summary>
    private const int FusedWidth = 16;

    private readonly NetworkSpec _net;
    private readonly LossKind _loss;
    private readonly double[][] _a;
    private readonly double[][] _d1;
    private readonly double[][] _delta;
    private readonly double[] _y;

    /// <summary>Creates the buffers for one architecture and loss.</summary>
    public MiniBatchGradient(NetworkSpec network, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(network);
        _net = network;
        _loss = loss;
        int depth = network.Depth;
        _a = new double[depth + 1][];
        _d1 = new double[depth + 1][];
        _delta = new double[depth + 1][];
        for (int l = 0; l <= depth; l++)
        {
            _a[l] = new double[network.Layers[l] * BlockSize];
            _d1[l] = new double[network.Layers[l] * BlockSize];
            _delta[l] = new double[network.Layers[l] * BlockSize];
        }

        _y = new double[network.OutputWidth * BlockSize];
    }

    /// <summary>The architecture.</summary>
    public NetworkSpec Network => _net;

    /// <summary>The loss.</summary>
    public LossKind Loss => _loss;

    /// <summary>
    /// The loss L(θ) on the first <paramref name="n"/> samples of <paramref name="x"/> (n × d_x, row-major) and
    /// <paramref name="y"/> (n × d_y), and its gradient written into <paramref name="gradient"/>.
    /// </summary>
    /// <exception cref="ArgumentException">θ, the gradient or the batch do not fit the network, or n &lt; 1.</exception>
    public double LossAndGradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, Span<double> gradient)
    {
        Check(theta, x, y, n);
        if (gradient.Length != _net.ParameterCount)
        {
            throw new ArgumentException($"The gradient has {gradient.Length} entries; the network has {_net.ParameterCount} parameters.", nameof(gradient));
        }

        gradient.Clear();
        return Run(theta, x, y, n, gradient, withGradient: true);
    }

    /// <summary>The loss L(θ) on the first <paramref name="n"/> samples (no gradient).</summary>
    /// <exception cref="ArgumentException">θ or the batch do not fit the network, or n &lt; 1.</exception>
    public double LossOf(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n)
    {
        Check(theta, x, y, n);
        return Run(theta, x, y, n, [], withGradient: false);
    }

    private void Check(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n)
    {
        if (theta.Length != _net.ParameterCount)
        {
            throw new ArgumentException($"The point has {theta.Length} entries; the network has {_net.ParameterCount} parameters.", nameof(theta));
        }

        if (n < 1 || x.Length < (long)n * _net.InputWidth || y.Length < (long)n * _net.OutputWidth)
        {
            throw new ArgumentException($"The batch must hold n ≥ 1 samples of {_net.InputWidth} inputs and {_net.OutputWidth} targets.", nameof(n));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Run(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n, Span<double> gradient, bool withGradient)
    {
        int depth = _net.Depth, dx = _net.InputWidth, dy = _net.OutputWidth;
        bool squared = _loss.IsSquared();
        double scale = _loss == LossKind.Sse ? 1.0 : 1.0 / n;
        double total = 0;
        for (int i0 = 0; i0 < n; i0 += BlockSize)
        {
            int m = Math.Min(BlockSize, n - i0);

            // Inputs and targets, unit-major.
            var a0 = _a[0];
            for (int j = 0; j < m; j++)
            {
                for (int c = 0; c < dx; c++)
                {
                    a0[(c * BlockSize) + j] = x[((i0 + j) * dx) + c];
                }

                for (int r = 0; r < dy; r++)
                {
                    _y[(r * BlockSize) + j] = y[((i0 + j) * dy) + r];
                }
            }

            // Forward: z = b + Σ_c W[r, c]·a_{l−1}[c], then φ and φ′ in place.
            for (int l = 1; l <= depth; l++)
            {
                int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
                int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
                var prev = _a[l - 1];
                var act = _net.ActivationOf(l);
                for (int r = 0; r < nOut; r++)
                {
                    var z = _a[l].AsSpan(r * BlockSize, m);
                    var weights = theta.Slice(w0 + (r * nIn), nIn);
                    double bias = _net.Bias ? theta[b0 + r] : 0.0;
                    if (nIn <= FusedWidth)
                    {
                        AffineRow(weights, bias, prev, z);
                    }
                    else
                    {
                        z.Fill(bias);
                        for (int c = 0; c < nIn; c++)
                        {
                            Axpy(weights[c], prev.AsSpan(c * BlockSize, m), z);
                        }
                    }

                    Activate(act, z, _d1[l].AsSpan(r * BlockSize, m));
                }
            }

            // Output: the loss and δ_L = s·ℓ′·φ′.
            for (int r = 0; r < dy; r++)
            {
                var f = _a[depth].AsSpan(r * BlockSize, m);
                var t = _y.AsSpan(r * BlockSize, m);
                var d1 = _d1[depth].AsSpan(r * BlockSize, m);
                var delta = _delta[depth].AsSpan(r * BlockSize, m);
                total += _loss switch
                {
                    LossKind.Mae => AbsoluteOutput(f, t, d1, delta, scale),
                    LossKind.Logistic => LogisticOutput(f, t, d1, delta, scale),
                    _ => SquaredOutput(f, t, d1, delta, scale),
                };
            }

            if (!withGradient)
            {
                continue;
            }

            // Backward: ∇W_l[r, c] += δ_l[r]·a_{l−1}[c], ∇b_l[r] += Σ δ_l[r], δ_{l−1}[c] = (Σ_r W[r, c]·δ_l[r])·φ′_{l−1}[c].
            for (int l = depth; l >= 1; l--)
            {
                int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
                int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
                var prev = _a[l - 1];
                for (int r = 0; r < nOut; r++)
                {
                    var d = _delta[l].AsSpan(r * BlockSize, m);
                    for (int c = 0; c < nIn; c++)
                    {
                        gradient[w0 + (r * nIn) + c] += Dot(d, prev.AsSpan(c * BlockSize, m));
                    }

                    if (_net.Bias)
                    {
                        gradient[b0 + r] += Sum(d);
                    }
                }

                if (l > 1)
                {
                    for (int c = 0; c < nIn; c++)
                    {
                        var back = _delta[l - 1].AsSpan(c * BlockSize, m);
                        back.Clear();
                        for (int r = 0; r < nOut; r++)
                        {
                            Axpy(theta[w0 + (r * nIn) + c], _delta[l].AsSpan(r * BlockSize, m), back);
                        }

                        MultiplyInPlace(back, _d1[l - 1].AsSpan(c * BlockSize, m));
                    }
                }
            }
        }

        return squared ? 0.5 * scale * total : scale * total;
    }

    // z = b + Σ_c w_c·prev_c over the block's m samples in one pass, the partial sums in registers: the sum starts at
    // b and adds w_c·prev_c in the order of c, as Fill then one Axpy per input would, so every value has their bits.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AffineRow(ReadOnlySpan<double> w, double bias, double[] prev, Span<double> z)
    {
        int nIn = w.Length, m = z.Length, k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k <= m - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var v = Vector512.Create(bias);
                for (int c = 0; c < nIn; c++)
                {
                    v += Vector512.Create(w[c]) * Vector512.Create(prev.AsSpan((c * BlockSize) + k, Vector512<double>.Count));
                }

                v.CopyTo(z.Slice(k));
            }
        }

        for (; k <= m - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            var v = Vector256.Create(bias);
            for (int c = 0; c < nIn; c++)
            {
                v += Vector256.Create(w[c]) * Vector256.Create(prev.AsSpan((c * BlockSize) + k, Vector256<double>.Count));
            }

            v.CopyTo(z.Slice(k));
        }

        for (; k < m; k++)
        {
            double v = bias;
            for (int c = 0; c < nIn; c++)
            {
                v += w[c] * prev[(c * BlockSize) + k];
            }

            z[k] = v;
        }
    }

    // y += alpha·x.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var wa = Vector512.Create(alpha);
            for (; k <= x.Length - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var vy = Vector512.Create(y.Slice(k, Vector512<double>.Count));
                (vy + (wa * Vector512.Create(x.Slice(k, Vector512<double>.Count)))).CopyTo(y.Slice(k));
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; k <= x.Length - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                var vy = Vector256.Create(y.Slice(k, Vector256<double>.Count));
                (vy + (va * Vector256.Create(x.Slice(k, Vector256<double>.Count)))).CopyTo(y.Slice(k));
            }
        }

        for (; k < x.Length; k++)
        {
            y[k] += alpha * x[k];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyInPlace(Span<double> y, ReadOnlySpan<double> x)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k <= y.Length - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                (Vector512.Create(y.Slice(k, Vector512<double>.Count)) * Vector512.Create(x.Slice(k, Vector512<double>.Count))).CopyTo(y.Slice(k));
            }
        }

        for (; k < y.Length; k++)
        {
            y[k] *= x[k];
        }
    }

    // Σ x·y in a fixed order: four lanes (whatever the machine's width: a 512-bit product is added as its two halves in
    // turn), then the lanes in order, then the tail.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int k = 0;
        var acc = Vector256<double>.Zero;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k <= x.Length - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var product = Vector512.Create(x.Slice(k, Vector512<double>.Count)) * Vector512.Create(y.Slice(k, Vector512<double>.Count));
                acc += product.GetLower();
                acc += product.GetUpper();
            }
        }

        for (; k <= x.Length - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            acc += Vector256.Create(x.Slice(k, Vector256<double>.Count)) * Vector256.Create(y.Slice(k, Vector256<double>.Count));
        }

        double sum = Lanes(acc);
        for (; k < x.Length; k++)
        {
            sum += x[k] * y[k];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sum(ReadOnlySpan<double> x)
    {
        int k = 0;
        var acc = Vector256<double>.Zero;
        for (; k <= x.Length - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            acc += Vector256.Create(x.Slice(k, Vector256<double>.Count));
        }

        double sum = Lanes(acc);
        for (; k < x.Length; k++)
        {
            sum += x[k];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Lanes(Vector256<double> v) => ((v[0] + v[1]) + v[2]) + v[3];

    // a = φ(z) over z's span (in place) and d1 = φ′(z).
    private static void Activate(Activation act, Span<double> z, Span<double> d1)
    {
        switch (act)
        {
            case Activation.Linear:
                d1.Fill(1.0);
                return;
            case Activation.Sigmoid:
                Sigmoid(z, d1);
                return;
            default:
                for (int k = 0; k < z.Length; k++)
                {
                    var (value, first, _) = DoubleOps.Jet(act, z[k]);
                    z[k] = value;
                    d1[k] = first;
                }

                return;
        }
    }

    // σ(z) = 1 / (1 + e^−z) (e^−z overflowing to ∞ gives 0, never NaN), σ′ = σ(1 − σ).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sigmoid(Span<double> z, Span<double> d1)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var wide = Vector512.Create(1.0);
            for (; k <= z.Length - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var s = wide / (wide + Vector512.Exp(-Vector512.Create(z.Slice(k, Vector512<double>.Count))));
                s.CopyTo(z.Slice(k));
                (s * (wide - s)).CopyTo(d1.Slice(k));
            }
        }

        var one = Vector256.Create(1.0);
        for (; k <= z.Length - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            var s = one / (one + Vector256.Exp(-Vector256.Create(z.Slice(k, Vector256<double>.Count))));
            s.CopyTo(z.Slice(k));
            (s * (one - s)).CopyTo(d1.Slice(k));
        }

        for (; k < z.Length; k++)
        {
            double s = 1.0 / (1.0 + Math.Exp(-z[k]));
            z[k] = s;
            d1[k] = s * (1.0 - s);
        }
    }

    // Σ|f − y|; δ = s·sign(f − y)·φ′ with sign(0) = 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double AbsoluteOutput(ReadOnlySpan<double> f, ReadOnlySpan<double> y, ReadOnlySpan<double> d1, Span<double> delta, double scale)
    {
        int k = 0;
        var acc = Vector256<double>.Zero;
        var vs = Vector256.Create(scale);
        var zero = Vector256<double>.Zero;
        if (Vector512.IsHardwareAccelerated)
        {
            var ws = Vector512.Create(scale);
            var unit = Vector512.Create(1.0);
            for (; k <= f.Length - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var r = Vector512.Create(f.Slice(k, Vector512<double>.Count)) - Vector512.Create(y.Slice(k, Vector512<double>.Count));
                var abs = Vector512.Abs(r);
                acc += abs.GetLower();
                acc += abs.GetUpper();
                var sign = (Vector512.GreaterThan(r, Vector512<double>.Zero) & unit) - (Vector512.LessThan(r, Vector512<double>.Zero) & unit);
                (ws * (sign * Vector512.Create(d1.Slice(k, Vector512<double>.Count)))).CopyTo(delta.Slice(k));
            }
        }

        for (; k <= f.Length - Vector256<double>.Count; k += Vector256<double>.Count)
        {
            var r = Vector256.Create(f.Slice(k, Vector256<double>.Count)) - Vector256.Create(y.Slice(k, Vector256<double>.Count));
            acc += Vector256.Abs(r);
            var sign = (Vector256.GreaterThan(r, zero) & Vector256.Create(1.0)) - (Vector256.LessThan(r, zero) & Vector256.Create(1.0));
            (vs * (sign * Vector256.Create(d1.Slice(k, Vector256<double>.Count)))).CopyTo(delta.Slice(k));
        }

        double sum = Lanes(acc);
        for (; k < f.Length; k++)
        {
            double r = f[k] - y[k];
            sum += Math.Abs(r);
            delta[k] = scale * (DoubleOps.AbsDerivative(r) * d1[k]);
        }

        return sum;
    }

    // Σ (f − y)²; δ = s·(f − y)·φ′.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SquaredOutput(ReadOnlySpan<double> f, ReadOnlySpan<double> y, ReadOnlySpan<double> d1, Span<double> delta, double scale)
    {
        double sum = 0;
        for (int k = 0; k < f.Length; k++)
        {
            double r = f[k] - y[k];
            sum += r * r;
            delta[k] = scale * (r * d1[k]);
        }

        return sum;
    }

    // Σ softplus(z) − y·z; δ = s·(σ(z) − y)·φ′.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LogisticOutput(ReadOnlySpan<double> f, ReadOnlySpan<double> y, ReadOnlySpan<double> d1, Span<double> delta, double scale)
    {
        double sum = 0;
        for (int k = 0; k < f.Length; k++)
        {
            sum += DoubleOps.Softplus(f[k]) - (y[k] * f[k]);
            delta[k] = scale * ((DoubleOps.Sigmoid(f[k]) - y[k]) * d1[k]);
        }

        return sum;
    }
}
