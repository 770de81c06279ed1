using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.DeepLinear;

/// <summary>
/// The exact data of a deep linear network without biases (Kawaguchi 2016, Baldi–Hornik 1989): X (d_x×m) and
/// Y (d_y×m) with samples as columns, XXᵀ, XYᵀ, the least-squares map W* = YXᵀ(XXᵀ)⁺, Σ = YXᵀ(XXᵀ)⁺XYᵀ and
/// its exact spectrum (the pseudo-inverse is the inverse when XXᵀ is invertible; otherwise the theory holds with W
/// replaced by W·Q, Q the projector onto the inputs' span), and the loss L = κ·½‖W_{H+1}⋯W_1X − Y‖²_F with κ = 1 for <c>sse</c> and 1/m for <c>mse</c>.
/// </summary>
public sealed class DeepLinearProblem
{
    /// <summary>Root enclosures of Σ's characteristic polynomial are refined to this width (exact roots are found exactly).</summary>
    public static readonly Rational RootWidth = new(1, System.Numerics.BigInteger.Pow(10, 30));

    private readonly Lazy<IReadOnlyList<RealRoot>> _spectrum;

    /// <summary>The exact data of any instance (used for hypothesis checks outside the theorems' setting too).</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="budget">Charged for the exact products, inverses and spectrum, or null for no limit.</param>
    internal DeepLinearProblem(Instance instance, WorkBudget? budget = null)
    {
        Instance = instance;
        Budget = budget;
        var data = instance.Data;
        int m = data.Count, dx = data.InputWidth, dy = data.OutputWidth;
        X = new Rational[dx, m];
        Y = new Rational[dy, m];
        for (int t = 0; t < m; t++)
        {
            for (int i = 0; i < dx; i++)
            {
                X[i, t] = data.X(t, i);
            }

            for (int i = 0; i < dy; i++)
            {
                Y[i, t] = data.Y(t, i);
            }
        }

        // Every product and inverse below is charged to the budget as it goes, from the actual sizes of its entries.
        using var activity = budget?.During("the exact matrices XXᵀ, XYᵀ, (XXᵀ)⁺ and Σ of the data");
        var xt = ExactMatrices.Transpose(X);
        XXt = ExactMatrices.Multiply(X, xt, budget);
        XYt = ExactMatrices.Multiply(X, ExactMatrices.Transpose(Y), budget);
        YXt = ExactMatrices.Transpose(XYt);
        YYt = ExactMatrices.Multiply(Y, ExactMatrices.Transpose(Y), budget);
        LossScale = instance.Loss == LossKind.Sse ? Rational.One : new Rational(1, m);
        XXtInverse = ExactMatrices.Inverse(XXt, budget);
        XXtPseudoInverse = XXtInverse ?? PseudoInverse(XXt, budget);
        RangeProjector = ExactMatrices.Multiply(XXt, XXtPseudoInverse, budget);
        WStar = ExactMatrices.Multiply(YXt, XXtPseudoInverse, budget);
        Sigma = ExactMatrices.Multiply(WStar, XYt, budget);
        _spectrum = new Lazy<IReadOnlyList<RealRoot>>(() =>
        {
            using var spectrumActivity = budget?.During("the exact eigenvalues of Σ (characteristic polynomial and root isolation)");
            return [.. ExactPolynomial.RealRoots(ExactLinearAlgebra.CharacteristicPolynomial(Sigma, budget), RootWidth, budget).Reverse()];
        });
    }

    /// <summary>The instance.</summary>
    public Instance Instance { get; }

    /// <summary>The work budget the problem's exact computations are charged to, or null for no limit.</summary>
    public WorkBudget? Budget { get; }

    /// <summary>The network.</summary>
    public NetworkSpec Network => Instance.Network;

    /// <summary>Inputs as columns (d_x×m).</summary>
    public Rational[,] X { get; }

    /// <summary>Targets as columns (d_y×m).</summary>
    public Rational[,] Y { get; }

    /// <summary>XXᵀ (d_x×d_x).</summary>
    public Rational[,] XXt { get; }

    /// <summary>XYᵀ (d_x×d_y).</summary>
    public Rational[,] XYt { get; }

    /// <summary>YXᵀ (d_y×d_x).</summary>
    public Rational[,] YXt { get; }

    /// <summary>YYᵀ (d_y×d_y).</summary>
    public Rational[,] YYt { get; }

    /// <summary>κ: 1 for sse, 1/m for mse.</summary>
    public Rational LossScale { get; }

    /// <summary>(XXᵀ)⁻¹, or null when XXᵀ is singular.</summary>
    public Rational[,]? XXtInverse { get; }

    /// <summary>True when XXᵀ is invertible (the inputs span ℝ^{d_x}).</summary>
    public bool InputsFullRank => XXtInverse is not null;

    /// <summary>The Moore–Penrose pseudo-inverse (XXᵀ)⁺ (the inverse when XXᵀ is invertible), exactly.</summary>
    public Rational[,] XXtPseudoInverse { get; }

    /// <summary>Q = XXᵀ(XXᵀ)⁺, the projector onto the span of the inputs: the loss sees W only through W·Q.</summary>
    public Rational[,] RangeProjector { get; }

    /// <summary>W* = YXᵀ(XXᵀ)⁺, the minimum-norm least-squares map (YXᵀ(XXᵀ)⁻¹ when XXᵀ is invertible).</summary>
    public Rational[,] WStar { get; }

    /// <summary>Σ = YXᵀ(XXᵀ)⁺XYᵀ (d_y×d_y); Kawaguchi's Σ when XXᵀ is invertible.</summary>
    public Rational[,] Sigma { get; }

    /// <summary>The eigenvalues of Σ, descending, each with its multiplicity and an exact enclosure (exact when rational).</summary>
    public IReadOnlyList<RealRoot> Spectrum => _spectrum.Value;

    /// <summary>d_x.</summary>
    public int InputWidth => X.GetLength(0);

    /// <summary>d_y.</summary>
    public int OutputWidth => Y.GetLength(0);

    /// <summary>p: the narrowest hidden width (for depth 1, min(d_x, d_y)).</summary>
    public int NarrowestHidden => Network.Depth == 1 ? Math.Min(InputWidth, OutputWidth) : Network.Layers.Skip(1).Take(Network.Depth - 1).Min();

    /// <summary>r: the largest rank the product W_{H+1}⋯W_1 can have, min over every width.</summary>
    public int MaxRank => Network.Layers.Min();

    /// <summary>True for the theorems' setting: linear layers, linear output, no biases.</summary>
    public static bool IsDeepLinear(NetworkSpec network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return !network.Bias && network.Output == Activation.Linear && (network.Depth == 1 || network.Activation == Activation.Linear);
    }

    /// <summary>The problem for a linear network without biases, or null for any other network.</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="budget">Charged for the exact computations (now and when the spectrum is first asked for), or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static DeepLinearProblem? TryCreate(Instance instance, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return IsDeepLinear(instance.Network) && instance.Loss.IsSquared() ? new DeepLinearProblem(instance, budget) : null;
    }

    /// <summary>The weight matrix W_k (d_k×d_{k−1}) of layer k (1-based) at θ.</summary>
    public Rational[,] Layer(IReadOnlyList<Rational> theta, int k)
    {
        ArgumentNullException.ThrowIfNull(theta);
        int rows = Network.Layers[k], cols = Network.Layers[k - 1], offset = Network.WeightOffset(k);
        var w = new Rational[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                w[i, j] = theta[offset + i * cols + j];
            }
        }

        return w;
    }

    /// <summary>The product W_b⋯W_a (layers a ≤ b, 1-based); the identity of size d_{a−1} when b &lt; a.</summary>
    public Rational[,] Product(IReadOnlyList<Rational> theta, int a, int b)
    {
        if (b < a)
        {
            return ExactMatrices.Identity(Network.Layers[a - 1]);
        }

        return ExactMatrices.Product(Enumerable.Range(a, b - a + 1).Reverse().Select(k => Layer(theta, k)));
    }

    /// <summary>The end-to-end map W = W_{H+1}⋯W_1 (d_y×d_x).</summary>
    public Rational[,] Product(IReadOnlyList<Rational> theta) => Product(theta, 1, Network.Depth);

    /// <summary>θ from layer matrices (in layer order), in the instance's parameter layout.</summary>
    public Rational[] Theta(IReadOnlyList<Rational[,]> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var theta = new Rational[Network.ParameterCount];
        for (int k = 1; k <= Network.Depth; k++)
        {
            var w = layers[k - 1];
            int rows = Network.Layers[k], cols = Network.Layers[k - 1], offset = Network.WeightOffset(k);
            if (w.GetLength(0) != rows || w.GetLength(1) != cols)
            {
                throw new ArgumentException($"Layer {k} must be {rows}×{cols}, not {w.GetLength(0)}×{w.GetLength(1)}.", nameof(layers));
            }

            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    theta[offset + i * cols + j] = w[i, j];
                }
            }
        }

        return theta;
    }

    /// <summary>L as a function of the end-to-end map: κ·½‖WX − Y‖²_F, exactly.</summary>
    public Rational LossOfProduct(Rational[,] w)
    {
        var r = ExactMatrices.Subtract(ExactMatrices.Multiply(w, X), Y);
        Rational sum = Rational.Zero;
        foreach (var e in r)
        {
            sum += e * e;
        }

        return LossScale * sum / 2;
    }

    // A⁺ = B(BᵀAB)⁻¹Bᵀ for symmetric A whose column space is spanned by the columns of B.
    private static Rational[,] PseudoInverse(Rational[,] a, WorkBudget? budget)
    {
        var b = ExactMatrices.ColumnBasis(a, budget);
        if (b.GetLength(1) == 0)
        {
            return ExactMatrices.Zeros(a.GetLength(0), a.GetLength(1));
        }

        var bt = ExactMatrices.Transpose(b);
        var middle = ExactMatrices.Inverse(ExactMatrices.Multiply(ExactMatrices.Multiply(bt, a, budget), b, budget), budget)!;
        return ExactMatrices.Multiply(ExactMatrices.Multiply(b, middle, budget), bt, budget);
    }

    /// <summary>κ·½·tr(YYᵀ): the loss at W = 0.</summary>
    public Rational LossAtZero => LossScale * ExactMatrices.Trace(YYt) / 2;
}
