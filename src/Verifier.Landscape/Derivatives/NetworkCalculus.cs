using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// Loss, gradient (backpropagation), Hessian-vector products (Pearlmutter's R-operator, forward over
/// reverse) and full Hessians of a fully connected network on a fixed dataset, in one scalar type.
/// </summary>
/// <remarks>
/// With <see cref="RationalOps"/> every result is exact; that needs a linear or ReLU network and, for
/// derivatives of a ReLU network, a point with no pre-activation exactly 0 (see <see cref="Kinks"/>).
/// With <see cref="DoubleOps"/> the results are float64 and ReLU′(0) is taken as 0 by convention. The mean absolute
/// error has kinks too, at residuals exactly 0 (reported by <see cref="Kinks"/>): there the exact type refuses its
/// derivatives, the float type takes sign(0) = 0 and the interval type encloses the subdifferential [−1, 1].
/// No derivative is ever approximated by finite differences.
/// </remarks>
/// <typeparam name="T">The scalar type.</typeparam>
/// <typeparam name="TOps">Its arithmetic.</typeparam>
public sealed class NetworkCalculus<T, TOps>
    where TOps : struct, IScalarOps<T>
{
    private readonly NetworkSpec _net;
    private readonly int _n;
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly T _scale;
    private readonly T _half;
    private readonly bool _logistic;
    private readonly bool _absolute;

    /// <summary>Creates the calculus for one architecture, loss and dataset.</summary>
    public NetworkCalculus(NetworkSpec network, LossKind loss, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        _net = network;
        _n = data.Count;
        _x = [.. data.XExact.Select(TOps.FromRational)];
        _y = [.. data.YExact.Select(TOps.FromRational)];
        _scale = TOps.FromRational(LossScale.Of(loss, _n));
        _half = TOps.FromRational(new Rational(1, 2));
        _logistic = loss == LossKind.Logistic;
        _absolute = loss == LossKind.Mae;
    }

    /// <summary>Creates the calculus of an instance.</summary>
    public NetworkCalculus(Instance instance)
        : this(instance.Network, instance.Loss, instance.Data)
    {
    }

    /// <summary>The architecture.</summary>
    public NetworkSpec Network => _net;

    /// <summary>The number P of parameters.</summary>
    public int ParameterCount => _net.ParameterCount;

    /// <summary>The network's outputs f(xᵢ; θ) for every sample, row-major (N × n_L).</summary>
    public T[] Outputs(IReadOnlyList<T> theta) => Forward(AsArray(theta), derivatives: false).A[_net.Depth];

    /// <summary>
    /// The pre-activations z_l = W_l a_{l−1} + b_l of layers l = 1 … L at θ (element l − 1 of the list), each an
    /// N × n_l matrix, row-major (index i·n_l + r).
    /// </summary>
    public IReadOnlyList<T[]> PreActivations(IReadOnlyList<T> theta) => Forward(AsArray(theta), derivatives: false).Z[1..];

    /// <summary>The loss L(θ).</summary>
    public T Loss(IReadOnlyList<T> theta)
    {
        var s = Forward(AsArray(theta), derivatives: false);
        return LossOf(s);
    }

    /// <summary>The loss L(θ) and its gradient ∇L(θ) by backpropagation.</summary>
    public (T Loss, T[] Gradient) LossAndGradient(IReadOnlyList<T> theta)
    {
        var th = AsArray(theta);
        var s = Forward(th, derivatives: true);
        var g = new T[ParameterCount];
        Backward(th, s, g, curvature: false);
        return (LossOf(s), g);
    }

    /// <summary>
    /// The forward and backward passes at θ (pre-activations, activations, φ′, φ″, residual, δ and curvature weights):
    /// the reference definition of <see cref="NetworkPasses{T}"/>, one scalar operation at a time.
    /// </summary>
    /// <remarks>With <see cref="RationalOps"/> this throws at a ReLU kink, where φ′ and φ″ do not exist.</remarks>
    public NetworkPasses<T> Passes(IReadOnlyList<T> theta)
    {
        var th = AsArray(theta);
        var s = Forward(th, derivatives: true);
        Backward(th, s, new T[ParameterCount], curvature: true);
        int depth = _net.Depth;
        var w = new T[depth + 1][];
        var c = new T[depth + 1][];
        w[0] = c[0] = s.Z[0] = s.D1[0] = s.D2[0] = s.Delta[0] = [];
        for (int l = 1; l <= depth; l++)
        {
            w[l] = th.AsSpan(_net.WeightOffset(l), _net.Layers[l] * _net.Layers[l - 1]).ToArray();
        }

        // C_L = s·(ℓ″·φ′² + ℓ′·φ″) (ℓ″ = 1 for squared errors), C_l = g_l·φ″ with g_l = W_{l+1}ᵀδ_{l+1}.
        var d1L = s.D1[depth];
        var d2L = s.D2[depth];
        var cL = new T[d1L.Length];
        for (int k = 0; k < cL.Length; k++)
        {
            var square = TOps.Multiply(d1L[k], d1L[k]);
            if (s.LossCurvature is { } lc)
            {
                square = TOps.Multiply(lc[k], square);
            }

            cL[k] = TOps.Multiply(_scale, TOps.Add(square, TOps.Multiply(s.Residual[k], d2L[k])));
        }

        c[depth] = cL;
        for (int l = 1; l < depth; l++)
        {
            var g = s.G[l];
            var d2 = s.D2[l];
            var cl = new T[g.Length];
            for (int k = 0; k < cl.Length; k++)
            {
                cl[k] = TOps.Multiply(g[k], d2[k]);
            }

            c[l] = cl;
        }

        return new NetworkPasses<T>(_net, _n, w, s.Z, s.A, s.D1, s.D2, s.Residual, s.Delta, c, LossOf(s));
    }

    /// <summary>The gradient ∇L(θ).</summary>
    public T[] Gradient(IReadOnlyList<T> theta) => LossAndGradient(theta).Gradient;

    /// <summary>The Hessian-vector product ∇²L(θ)·v by the R-operator, without forming the Hessian.</summary>
    public T[] HessianVectorProduct(IReadOnlyList<T> theta, IReadOnlyList<T> v)
    {
        if (v.Count != ParameterCount)
        {
            throw new ArgumentException($"The direction has {v.Count} entries; the network has {ParameterCount} parameters.", nameof(v));
        }

        var th = AsArray(theta);
        var s = Forward(th, derivatives: true);
        Backward(th, s, new T[ParameterCount], curvature: true);
        var hv = new T[ParameterCount];
        RPass(th, s, AsArray(v), hv, new Workspace(_net, _n));
        return hv;
    }

    /// <summary>The full Hessian ∇²L(θ), one R-operator pass per column (columns in parallel).</summary>
    /// <remarks>Each column is an exact forward-over-reverse derivative; the matrix is symmetrised from its upper triangle.</remarks>
    public T[,] Hessian(IReadOnlyList<T> theta, CancellationToken cancellation = default)
    {
        int p = ParameterCount;
        var th = AsArray(theta);
        var s = Forward(th, derivatives: true);
        Backward(th, s, new T[p], curvature: true);
        var h = new T[p, p];
        var one = TOps.FromRational(Rational.One);
        var options = new ParallelOptions { CancellationToken = cancellation };
        Parallel.For(
            0,
            p,
            options,
            () => (Work: new Workspace(_net, _n), Basis: new T[p], Column: new T[p]),
            (j, _, local) =>
            {
                local.Basis[j] = one;
                RPass(th, s, local.Basis, local.Column, local.Work);
                local.Basis[j] = TOps.Zero;
                for (int i = 0; i <= j; i++)
                {
                    h[i, j] = local.Column[i];
                }

                return local;
            },
            _ => { });
        for (int j = 0; j < p; j++)
        {
            for (int i = 0; i < j; i++)
            {
                h[j, i] = h[i, j];
            }
        }

        return h;
    }

    /// <summary>
    /// Every (sample, layer, unit) whose pre-activation is exactly 0 in a ReLU layer and, for the mean absolute
    /// error, every (sample, output) whose residual is exactly 0 (reported with layer L + 1, see <see cref="Kink"/>):
    /// the points where the loss is not differentiable. Exact with <see cref="RationalOps"/>; with doubles it only
    /// sees values that round to exactly 0.
    /// </summary>
    public IReadOnlyList<Kink> Kinks(IReadOnlyList<T> theta)
    {
        var kinks = new List<Kink>();
        if (!_net.HasRelu && !_absolute)
        {
            return kinks;
        }

        var s = Forward(AsArray(theta), derivatives: false);
        for (int l = 1; l <= _net.Depth; l++)
        {
            if (_net.ActivationOf(l) != Activation.Relu)
            {
                continue;
            }

            int width = _net.Layers[l];
            var z = s.Z[l];
            for (int k = 0; k < z.Length; k++)
            {
                if (TOps.IsZero(z[k]))
                {
                    kinks.Add(new Kink(k / width, l, k % width));
                }
            }
        }

        if (_absolute)
        {
            var f = s.A[_net.Depth];
            int outputs = _net.OutputWidth;
            for (int k = 0; k < f.Length; k++)
            {
                if (TOps.IsZero(TOps.Subtract(f[k], _y[k])))
                {
                    kinks.Add(new Kink(k / outputs, _net.Depth + 1, k % outputs));
                }
            }
        }

        return kinks;
    }

    private T LossOf(State s)
    {
        var f = s.A[_net.Depth];
        T sum = TOps.Zero;
        if (_logistic)
        {
            // ℓ(z, y) = softplus(z) − y·z = log(1 + e^{−(2y−1)z}) for y ∈ {0, 1}.
            for (int k = 0; k < f.Length; k++)
            {
                sum = TOps.Add(sum, TOps.Subtract(TOps.Softplus(f[k]), TOps.Multiply(_y[k], f[k])));
            }

            return TOps.Multiply(_scale, sum);
        }

        if (_absolute)
        {
            // ℓ(f, y) = |f − y|.
            for (int k = 0; k < f.Length; k++)
            {
                sum = TOps.Add(sum, TOps.Abs(TOps.Subtract(f[k], _y[k])));
            }

            return TOps.Multiply(_scale, sum);
        }

        for (int k = 0; k < f.Length; k++)
        {
            var e = TOps.Subtract(f[k], _y[k]);
            sum = TOps.Add(sum, TOps.Multiply(e, e));
        }

        return TOps.Multiply(TOps.Multiply(_half, _scale), sum);
    }

    private sealed class State(int depth)
    {
        public T[][] Z { get; } = new T[depth + 1][];
        public T[][] A { get; } = new T[depth + 1][];
        public T[][] D1 { get; } = new T[depth + 1][];
        public T[][] D2 { get; } = new T[depth + 1][];
        public T[][] Delta { get; } = new T[depth + 1][];

        // G[l] = W_{l+1}ᵀ δ_{l+1} (before the activation derivative), for hidden layers.
        public T[][] G { get; } = new T[depth + 1][];
        public T[] Residual { get; set; } = [];

        // ℓ″ per output (logistic and absolute losses; 1 for squared errors, left null).
        public T[]? LossCurvature { get; set; }
    }

    private sealed class Workspace
    {
        public Workspace(NetworkSpec net, int n)
        {
            int depth = net.Depth;
            RZ = new T[depth + 1][];
            RA = new T[depth + 1][];
            RDelta = new T[depth + 1][];
            for (int l = 0; l <= depth; l++)
            {
                RZ[l] = new T[n * net.Layers[l]];
                RA[l] = new T[n * net.Layers[l]];
                RDelta[l] = new T[n * net.Layers[l]];
            }
        }

        public T[][] RZ { get; }
        public T[][] RA { get; }
        public T[][] RDelta { get; }
    }

    private static T[] AsArray(IReadOnlyList<T> values) => values as T[] ?? [.. values];

    private State Forward(T[] theta, bool derivatives)
    {
        if (theta.Length != ParameterCount)
        {
            throw new ArgumentException($"The point has {theta.Length} entries; the network has {ParameterCount} parameters.", nameof(theta));
        }

        int depth = _net.Depth;
        var s = new State(depth) { };
        s.A[0] = _x;
        for (int l = 1; l <= depth; l++)
        {
            int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
            int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
            var act = _net.ActivationOf(l);
            var prev = s.A[l - 1];
            var z = new T[_n * nOut];
            var a = new T[_n * nOut];
            for (int i = 0; i < _n; i++)
            {
                for (int r = 0; r < nOut; r++)
                {
                    T sum = _net.Bias ? theta[b0 + r] : TOps.Zero;
                    for (int c = 0; c < nIn; c++)
                    {
                        sum = TOps.Add(sum, TOps.Multiply(theta[w0 + r * nIn + c], prev[i * nIn + c]));
                    }

                    z[i * nOut + r] = sum;
                    a[i * nOut + r] = TOps.Activate(act, sum);
                }
            }

            s.Z[l] = z;
            s.A[l] = a;
            if (derivatives)
            {
                var d1 = new T[z.Length];
                var d2 = new T[z.Length];
                for (int k = 0; k < z.Length; k++)
                {
                    d1[k] = TOps.Derivative(act, z[k]);
                    d2[k] = TOps.SecondDerivative(act, z[k]);
                }

                s.D1[l] = d1;
                s.D2[l] = d2;
            }
        }

        return s;
    }

    // Fills s.Delta, s.G and the gradient g; with curvature, also ℓ″ (s.LossCurvature) for the second-order passes
    // (the absolute loss's ℓ″ does not exist at a kink, where its gradient still has the subdifferential enclosure).
    private void Backward(T[] theta, State s, T[] g, bool curvature)
    {
        int depth = _net.Depth;
        var f = s.A[depth];
        var residual = new T[f.Length];
        var delta = new T[f.Length];
        var lossCurvature = (_logistic || _absolute) && curvature ? new T[f.Length] : null;
        for (int k = 0; k < f.Length; k++)
        {
            // ℓ′: the residual f − y for squared errors, σ(z) − y for the logistic loss (ℓ″ = σ′(z) kept for C_L),
            // sign(f − y) for the absolute loss (ℓ″ = 0 away from its kinks; at one the exact type refuses).
            if (_absolute)
            {
                var r = TOps.Subtract(f[k], _y[k]);
                residual[k] = TOps.AbsDerivative(r);
                if (lossCurvature is not null)
                {
                    lossCurvature[k] = TOps.AbsSecondDerivative(r);
                }
            }
            else
            {
                residual[k] = _logistic ? TOps.Subtract(TOps.Activate(Activation.Sigmoid, f[k]), _y[k]) : TOps.Subtract(f[k], _y[k]);
                if (lossCurvature is not null)
                {
                    lossCurvature[k] = TOps.Derivative(Activation.Sigmoid, f[k]);
                }
            }

            delta[k] = TOps.Multiply(_scale, TOps.Multiply(residual[k], s.D1[depth][k]));
        }

        s.Residual = residual;
        s.LossCurvature = lossCurvature;
        s.Delta[depth] = delta;
        for (int l = depth; l >= 1; l--)
        {
            int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
            int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
            var d = s.Delta[l];
            var prev = s.A[l - 1];
            AccumulateOuter(g, w0, b0, nIn, nOut, d, prev, null, null);
            if (l > 1)
            {
                var back = new T[_n * nIn];
                var dPrev = new T[_n * nIn];
                var d1 = s.D1[l - 1];
                for (int i = 0; i < _n; i++)
                {
                    for (int c = 0; c < nIn; c++)
                    {
                        T sum = TOps.Zero;
                        for (int r = 0; r < nOut; r++)
                        {
                            sum = TOps.Add(sum, TOps.Multiply(theta[w0 + r * nIn + c], d[i * nOut + r]));
                        }

                        back[i * nIn + c] = sum;
                        dPrev[i * nIn + c] = TOps.Multiply(sum, d1[i * nIn + c]);
                    }
                }

                s.G[l - 1] = back;
                s.Delta[l - 1] = dPrev;
            }
        }
    }

    // target[W_l] = Σᵢ d1ᵢ a1ᵢᵀ (+ Σᵢ d2ᵢ a2ᵢᵀ), target[b_l] = Σᵢ d1ᵢ.
    private void AccumulateOuter(T[] target, int w0, int b0, int nIn, int nOut, T[] d1, T[] a1, T[]? d2, T[]? a2)
    {
        for (int r = 0; r < nOut; r++)
        {
            for (int c = 0; c < nIn; c++)
            {
                T sum = TOps.Zero;
                for (int i = 0; i < _n; i++)
                {
                    sum = TOps.Add(sum, TOps.Multiply(d1[i * nOut + r], a1[i * nIn + c]));
                    if (d2 is not null)
                    {
                        sum = TOps.Add(sum, TOps.Multiply(d2[i * nOut + r], a2![i * nIn + c]));
                    }
                }

                target[w0 + r * nIn + c] = sum;
            }

            if (_net.Bias)
            {
                T sb = TOps.Zero;
                for (int i = 0; i < _n; i++)
                {
                    sb = TOps.Add(sb, d1[i * nOut + r]);
                }

                target[b0 + r] = sb;
            }
        }
    }

    // hv = ∇²L(θ)·v by the R-operator over the forward and backward passes in s.
    private void RPass(T[] theta, State s, T[] v, T[] hv, Workspace w)
    {
        int depth = _net.Depth;
        Array.Clear(w.RA[0]);
        for (int l = 1; l <= depth; l++)
        {
            int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
            int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
            var prev = s.A[l - 1];
            var rPrev = w.RA[l - 1];
            var rz = w.RZ[l];
            var ra = w.RA[l];
            var d1 = s.D1[l];
            for (int i = 0; i < _n; i++)
            {
                for (int r = 0; r < nOut; r++)
                {
                    T sum = _net.Bias ? v[b0 + r] : TOps.Zero;
                    for (int c = 0; c < nIn; c++)
                    {
                        sum = TOps.Add(sum, TOps.Multiply(v[w0 + r * nIn + c], prev[i * nIn + c]));
                        if (l > 1)
                        {
                            sum = TOps.Add(sum, TOps.Multiply(theta[w0 + r * nIn + c], rPrev[i * nIn + c]));
                        }
                    }

                    rz[i * nOut + r] = sum;
                    ra[i * nOut + r] = TOps.Multiply(d1[i * nOut + r], sum);
                }
            }
        }

        // R(δ_L) = s·(ℓ″·ψ′(z)·R(f) + ℓ′·ψ″(z)·R(z)).
        var rDelta = w.RDelta[depth];
        {
            var d1 = s.D1[depth];
            var d2 = s.D2[depth];
            var rz = w.RZ[depth];
            var ra = w.RA[depth];
            for (int k = 0; k < rDelta.Length; k++)
            {
                var first = TOps.Multiply(d1[k], ra[k]);
                if (s.LossCurvature is { } lc)
                {
                    first = TOps.Multiply(lc[k], first);
                }

                var inner = TOps.Add(first, TOps.Multiply(TOps.Multiply(s.Residual[k], d2[k]), rz[k]));
                rDelta[k] = TOps.Multiply(_scale, inner);
            }
        }

        for (int l = depth; l >= 1; l--)
        {
            int nIn = _net.Layers[l - 1], nOut = _net.Layers[l];
            int w0 = _net.WeightOffset(l), b0 = _net.BiasOffset(l);
            var rd = w.RDelta[l];
            var d = s.Delta[l];
            AccumulateOuter(hv, w0, b0, nIn, nOut, rd, s.A[l - 1], l > 1 ? d : null, l > 1 ? w.RA[l - 1] : null);
            if (l > 1)
            {
                var rdPrev = w.RDelta[l - 1];
                var d1 = s.D1[l - 1];
                var d2 = s.D2[l - 1];
                var rzPrev = w.RZ[l - 1];
                var g = s.G[l - 1];
                for (int i = 0; i < _n; i++)
                {
                    for (int c = 0; c < nIn; c++)
                    {
                        T sum = TOps.Zero;
                        for (int r = 0; r < nOut; r++)
                        {
                            int k = i * nOut + r;
                            sum = TOps.Add(sum, TOps.Multiply(v[w0 + r * nIn + c], d[k]));
                            sum = TOps.Add(sum, TOps.Multiply(theta[w0 + r * nIn + c], rd[k]));
                        }

                        int q = i * nIn + c;
                        rdPrev[q] = TOps.Add(TOps.Multiply(sum, d1[q]), TOps.Multiply(TOps.Multiply(g[q], d2[q]), rzPrev[q]));
                    }
                }
            }
        }
    }
}

/// <summary>
/// A kink of the loss: sample i's pre-activation of unit <paramref name="Unit"/> in ReLU layer <paramref name="Layer"/>
/// is exactly 0 or, with <paramref name="Layer"/> = L + 1 (one past the output layer, see <see cref="IsResidual"/>),
/// sample i's residual f_r(xᵢ) − y_{i,r} of output <paramref name="Unit"/> is exactly 0 under the mean absolute error.
/// </summary>
/// <param name="Sample">The sample index (0-based).</param>
/// <param name="Layer">The layer index (1-based, as in W_l); L + 1 for a zero residual of the absolute loss.</param>
/// <param name="Unit">The unit index within the layer (0-based).</param>
public sealed record Kink(int Sample, int Layer, int Unit)
{
    /// <summary>True when this is a zero residual of the absolute loss (layer L + 1) rather than a ReLU kink.</summary>
    public bool IsResidual(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Layer == network.Depth + 1;
    }
}
