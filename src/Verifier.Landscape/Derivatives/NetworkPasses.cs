using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// The forward and backward passes of a fully connected network's loss at one point θ, for all N samples at once:
/// pre-activations z_l, activations a_l, φ′(z_l), φ″(z_l), the output residual e = f − y, the back-propagated
/// δ_l = ∂L/∂z_l and the curvature weights C_l, from which the gradient, Hessian-vector products and the Hessian
/// are formed.
/// </summary>
/// <remarks>
/// <para>
/// Layout: every per-layer quantity is an N × n_l matrix, row-major (one row per sample, index i·n_l + r), for
/// l = 1 … L; the activations also have l = 0 (the inputs x). Weights W_l are n_l × n_{l−1}, row-major.
/// </para>
/// <para>
/// Definitions: z_l = W_l a_{l−1} + b_l (the bias first, then the inputs in order, each product rounded before its
/// sum), a_l = φ_l(z_l), e = a_L − y, δ_L = s·(e·φ′(z_L)), g_l = W_{l+1}ᵀδ_{l+1} (summed over the units of layer l+1 in
/// order), δ_l = g_l·φ′(z_l), C_L = s·(φ′(z_L)² + e·φ″(z_L)), C_l = g_l·φ″(z_l) and L = (½·s)·Σ e², with s = 1/N for
/// mse and 1 for sse.
/// </para>
/// <para>
/// <see cref="NetworkCalculus{T, TOps}.Passes"/> is the reference definition in any scalar type (exact, interval,
/// float64); <see cref="NetworkPasses.Compute"/> is the fast float64 one that every batched consumer
/// (<see cref="HessianVectorProducts"/>, <see cref="BatchedHessian"/>, the GPU products) shares. The two agree bit for
/// bit, so ReLU′(0) = 0 is applied to the same units on every float path.
/// </para>
/// <para>The arrays are shared, not copied: the views returned here must not be written.</para>
/// </remarks>
/// <typeparam name="T">The scalar type.</typeparam>
public sealed class NetworkPasses<T>
{
    internal NetworkPasses(
        NetworkSpec network,
        int samples,
        T[][] weights,
        T[][] preActivations,
        T[][] activations,
        T[][] firstDerivatives,
        T[][] secondDerivatives,
        T[] residual,
        T[][] deltas,
        T[][] curvature,
        T loss)
    {
        Network = network;
        SampleCount = samples;
        W = weights;
        Z = preActivations;
        A = activations;
        D1 = firstDerivatives;
        D2 = secondDerivatives;
        E = residual;
        Delta = deltas;
        C = curvature;
        Loss = loss;
    }

    /// <summary>The architecture.</summary>
    public NetworkSpec Network { get; }

    /// <summary>The number N of samples.</summary>
    public int SampleCount { get; }

    /// <summary>The number L of layers.</summary>
    public int Depth => Network.Depth;

    /// <summary>The loss L(θ) = (½·s)·Σ e².</summary>
    public T Loss { get; }

    /// <summary>The output residual e = f(x; θ) − y, N × n_L.</summary>
    public ReadOnlySpan<T> Residual => E;

    // The arrays themselves, for the batched kernels of this assembly (index 0 unused except in A).
    internal T[][] W { get; }

    internal T[][] Z { get; }

    internal T[][] A { get; }

    internal T[][] D1 { get; }

    internal T[][] D2 { get; }

    internal T[] E { get; }

    internal T[][] Delta { get; }

    internal T[][] C { get; }

    /// <summary>The weight matrix W_l (n_l × n_{l−1}, row-major), l = 1 … L.</summary>
    public ReadOnlySpan<T> Weights(int layer) => W[CheckLayer(layer, 1)];

    /// <summary>The pre-activations z_l = W_l a_{l−1} + b_l, N × n_l, l = 1 … L.</summary>
    public ReadOnlySpan<T> PreActivations(int layer) => Z[CheckLayer(layer, 1)];

    /// <summary>The activations a_l = φ_l(z_l), N × n_l, l = 0 … L (a_0 = x, a_L = f(x; θ)).</summary>
    public ReadOnlySpan<T> Activations(int layer) => A[CheckLayer(layer, 0)];

    /// <summary>The first derivatives φ′_l(z_l), N × n_l, l = 1 … L.</summary>
    public ReadOnlySpan<T> FirstDerivatives(int layer) => D1[CheckLayer(layer, 1)];

    /// <summary>The second derivatives φ″_l(z_l), N × n_l, l = 1 … L.</summary>
    public ReadOnlySpan<T> SecondDerivatives(int layer) => D2[CheckLayer(layer, 1)];

    /// <summary>The back-propagated δ_l = ∂L/∂z_l (the loss scale s included), N × n_l, l = 1 … L.</summary>
    public ReadOnlySpan<T> Deltas(int layer) => Delta[CheckLayer(layer, 1)];

    /// <summary>
    /// The curvature weights C_L = s·(φ′(z_L)² + e·φ″(z_L)) and C_l = (W_{l+1}ᵀδ_{l+1})·φ″(z_l), N × n_l, l = 1 … L:
    /// the second-order terms of the R-operator's backward pass.
    /// </summary>
    public ReadOnlySpan<T> CurvatureWeights(int layer) => C[CheckLayer(layer, 1)];

    private int CheckLayer(int layer, int first)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layer, first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(layer, Depth);
        return layer;
    }
}

/// <summary>
/// The float64 forward and backward passes (<see cref="NetworkPasses{T}"/>) built by batched kernels, the one
/// definition every float consumer shares, and the gradient formed from them.
/// </summary>
public static class NetworkPasses
{
    /// <summary>
    /// The passes at θ in float64, with the pre-activations and the back-propagated sums formed by
    /// <see cref="OrderedProduct"/> (each sum in the order of <see cref="NetworkCalculus{T, TOps}"/>), so the result
    /// equals <c>NetworkCalculus&lt;double, DoubleOps&gt;.Passes</c> bit for bit.
    /// </summary>
    /// <param name="network">The architecture.</param>
    /// <param name="loss">The loss (at a zero residual of the mean absolute error, sign(0) = 0 by convention).</param>
    /// <param name="data">The samples.</param>
    /// <param name="theta">The point, in the parameter order of <see cref="NetworkSpec"/>.</param>
    /// <exception cref="ArgumentException">The data or θ do not fit the network.</exception>
    public static NetworkPasses<double> Compute(NetworkSpec network, LossKind loss, Dataset data, IReadOnlyList<double> theta)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(theta);
        if (data.InputWidth != network.InputWidth || data.OutputWidth != network.OutputWidth)
        {
            throw new ArgumentException(
                $"Data has inputs of width {data.InputWidth} and targets of width {data.OutputWidth}; the network needs {network.InputWidth} and {network.OutputWidth}.",
                nameof(data));
        }

        if (theta.Count != network.ParameterCount)
        {
            throw new ArgumentException($"The point has {theta.Count} entries; the network has {network.ParameterCount} parameters.", nameof(theta));
        }

        int depth = network.Depth, n = data.Count;
        int[] widths = [.. network.Layers];
        double[] th = theta as double[] ?? [.. theta];
        var w = new double[depth + 1][];
        var z = new double[depth + 1][];
        var a = new double[depth + 1][];
        var d1 = new double[depth + 1][];
        var d2 = new double[depth + 1][];
        var delta = new double[depth + 1][];
        var c = new double[depth + 1][];
        w[0] = z[0] = d1[0] = d2[0] = delta[0] = c[0] = [];
        a[0] = [.. data.XDouble];

        // Forward: z_l by OrderedProduct (bias first, then the inputs in order), then φ, φ′, φ″ elementwise.
        for (int l = 1; l <= depth; l++)
        {
            int nIn = widths[l - 1], nOut = widths[l];
            w[l] = th.AsSpan(network.WeightOffset(l), nOut * nIn).ToArray();
            var wt = new double[nIn * nOut];
            for (int r = 0; r < nOut; r++)
            {
                for (int col = 0; col < nIn; col++)
                {
                    wt[(col * nOut) + r] = w[l][(r * nIn) + col];
                }
            }

            double[]? b = network.Bias ? th.AsSpan(network.BiasOffset(l), nOut).ToArray() : null;
            var zl = new double[n * nOut];
            OrderedProduct.Multiply(n, nOut, nIn, a[l - 1], nIn, wt, nOut, b, zl, nOut);
            var act = network.ActivationOf(l);

            // A linear layer's activations are its pre-activations (the views are read-only, so one array serves both).
            var al = act == Activation.Linear ? zl : new double[zl.Length];
            var d1l = new double[zl.Length];
            var d2l = new double[zl.Length];
            Parallelism.ForRanges(zl.Length, 16, (k0, k1) =>
                ActivationKernels.Activate(act, zl.AsSpan(k0, k1 - k0), al.AsSpan(k0, k1 - k0), d1l.AsSpan(k0, k1 - k0), d2l.AsSpan(k0, k1 - k0)));
            z[l] = zl;
            a[l] = al;
            d1[l] = d1l;
            d2[l] = d2l;
        }

        // Output: e = f − y, δ_L = s·(e·φ′), C_L = s·(φ′² + e·φ″), L = (½·s)·Σ e² (squared errors; the logistic loss below).
        double scale = LossScale.Of(loss, n).ToDouble();
        var f = a[depth];
        var y = data.YDouble;
        var e = new double[f.Length];
        var deltaL = new double[f.Length];
        var cL = new double[f.Length];
        var d1L = d1[depth];
        var d2L = d2[depth];
        double sum = 0.0;
        bool logistic = loss == LossKind.Logistic;
        bool absolute = loss == LossKind.Mae;
        for (int k = 0; k < f.Length; k++)
        {
            if (absolute)
            {
                // ℓ = |f − y|, ℓ′ = sign(f − y) (sign(0) = 0 by convention), ℓ″ = 0: L = s·Σ ℓ, C_L = s·ℓ′·φ″.
                double rk = f[k] - y[k];
                sum += Math.Abs(rk);
                double ek = DoubleOps.AbsDerivative(rk);
                e[k] = ek;
                deltaL[k] = scale * (ek * d1L[k]);
                cL[k] = scale * (ek * d2L[k]);
            }
            else if (logistic)
            {
                // ℓ = softplus(z) − y·z, ℓ′ = σ(z) − y, ℓ″ = σ′(z); L = s·Σ ℓ, C_L = s·(ℓ″·φ′² + ℓ′·φ″).
                double lk = DoubleOps.Softplus(f[k]) - (y[k] * f[k]);
                sum += lk;
                double ek = DoubleOps.Activate(Activation.Sigmoid, f[k]) - y[k];
                e[k] = ek;
                deltaL[k] = scale * (ek * d1L[k]);
                cL[k] = scale * ((DoubleOps.Derivative(Activation.Sigmoid, f[k]) * (d1L[k] * d1L[k])) + (ek * d2L[k]));
            }
            else
            {
                double ek = f[k] - y[k];
                e[k] = ek;
                sum += ek * ek;
                deltaL[k] = scale * (ek * d1L[k]);
                cL[k] = scale * ((d1L[k] * d1L[k]) + (ek * d2L[k]));
            }
        }

        delta[depth] = deltaL;
        c[depth] = cL;

        // Backward: g = δ_l W_l by OrderedProduct (sums over the units of layer l in order), δ_{l−1} = g·φ′, C_{l−1} = g·φ″.
        for (int l = depth; l >= 2; l--)
        {
            int nIn = widths[l - 1], nOut = widths[l];
            var g = new double[n * nIn];
            OrderedProduct.Multiply(n, nIn, nOut, delta[l], nOut, w[l], nIn, null, g, nIn);
            var dl = new double[g.Length];
            var cl = new double[g.Length];
            var phi1 = d1[l - 1];
            var phi2 = d2[l - 1];
            for (int k = 0; k < g.Length; k++)
            {
                dl[k] = g[k] * phi1[k];
                cl[k] = g[k] * phi2[k];
            }

            delta[l - 1] = dl;
            c[l - 1] = cl;
        }

        return new NetworkPasses<double>(network, n, w, z, a, d1, d2, e, delta, c, logistic || absolute ? scale * sum : (0.5 * scale) * sum);
    }

    /// <summary>
    /// The gradient ∇L(θ) of the passes: (∇L)_{W_l} = Σᵢ δ_l a_{l−1}ᵀ (one product on <paramref name="kernels"/>) and
    /// (∇L)_{b_l} = Σᵢ δ_l (in sample order), in the parameter order of <see cref="NetworkSpec"/>.
    /// </summary>
    public static double[] Gradient(NetworkPasses<double> passes, IMatrixKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(passes);
        ArgumentNullException.ThrowIfNull(kernels);
        var network = passes.Network;
        int n = passes.SampleCount;
        var gradient = new double[network.ParameterCount];
        for (int l = 1; l <= network.Depth; l++)
        {
            int nIn = network.Layers[l - 1], nOut = network.Layers[l];
            var delta = passes.Delta[l];
            kernels.Gemm(true, false, nOut, nIn, n, 1.0, delta, nOut, passes.A[l - 1], nIn, 0.0,
                gradient.AsSpan(network.WeightOffset(l), nOut * nIn), nIn);
            if (network.Bias)
            {
                var sums = gradient.AsSpan(network.BiasOffset(l), nOut);
                for (int k = 0; k < delta.Length; k++)
                {
                    sums[k % nOut] += delta[k];
                }
            }
        }

        return gradient;
    }

    /// <summary>
    /// The bytes the float64 passes of <paramref name="network"/> on <paramref name="samples"/> samples keep: z, a, φ′,
    /// φ″, δ and C (6·N·Σ n_l doubles, the inputs included) and the weights (P doubles).
    /// </summary>
    public static long Bytes(NetworkSpec network, int samples)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        long widths = network.Layers.Sum(w => (long)w);
        return sizeof(double) * ((6L * samples * widths) + network.ParameterCount);
    }
}

/// <summary>
/// The scale s of the loss: L = (½·s)·Σᵢ ‖f(xᵢ) − yᵢ‖² with s = 1/N for mse and 1 for sse; L = s·Σᵢ ℓ(zᵢ, yᵢ) with
/// s = 1/N for the logistic loss; L = s·Σᵢ Σ_r |f_r(xᵢ) − y_{i,r}| with s = 1/N for the mean absolute error.
/// </summary>
public static class LossScale
{
    /// <summary>The exact scale s of <paramref name="loss"/> on <paramref name="samples"/> samples.</summary>
    public static Rational Of(LossKind loss, int samples) => loss switch
    {
        LossKind.Mse or LossKind.Logistic or LossKind.Mae => new Rational(1, samples),
        LossKind.Sse => Rational.One,
        _ => throw new System.Diagnostics.UnreachableException(),
    };
}
