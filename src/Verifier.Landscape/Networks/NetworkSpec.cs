using System.Collections.ObjectModel;

namespace Verifier.Landscape.Networks;

/// <summary>
/// The architecture of a fully connected network: widths n₀ … n_L, the hidden activation, the output
/// activation and whether layers have biases. Depth L is the number of weight matrices.
/// </summary>
/// <remarks>
/// Layer l (1 ≤ l ≤ L) computes z_l = W_l a_{l−1} + b_l with W_l of shape n_l × n_{l−1};
/// a_l = φ(z_l) for hidden layers and f = ψ(z_L) at the output. Parameters are ordered layer by layer
/// from the input; within a layer W row-major, then b.
/// </remarks>
public sealed record NetworkSpec
{
    /// <summary>Creates an architecture, validating widths.</summary>
    /// <exception cref="ArgumentException">Fewer than two widths, or a width below 1.</exception>
    public NetworkSpec(IReadOnlyList<int> layers, Activation activation, Activation output = Activation.Linear, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 2)
        {
            throw new ArgumentException("A network needs at least two layer widths (input and output).", nameof(layers));
        }

        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] < 1)
            {
                throw new ArgumentException($"Layer width {i} is {layers[i]}; widths must be at least 1.", nameof(layers));
            }
        }

        Layers = new ReadOnlyCollection<int>([.. layers]);
        Activation = activation;
        Output = output;
        Bias = bias;
        var offsets = new int[layers.Count];
        int p = 0;
        for (int l = 1; l < layers.Count; l++)
        {
            offsets[l - 1] = p;
            p = checked(p + layers[l] * layers[l - 1] + (bias ? layers[l] : 0));
        }

        offsets[^1] = p;
        _offsets = offsets;
    }

    private readonly int[] _offsets;

    /// <summary>The widths n₀ (input) … n_L (output).</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The hidden activation φ.</summary>
    public Activation Activation { get; }

    /// <summary>The output activation ψ (linear by default).</summary>
    public Activation Output { get; }

    /// <summary>Whether every layer has a bias vector.</summary>
    public bool Bias { get; }

    /// <summary>The depth L: the number of weight matrices.</summary>
    public int Depth => Layers.Count - 1;

    /// <summary>The input width n₀.</summary>
    public int InputWidth => Layers[0];

    /// <summary>The output width n_L.</summary>
    public int OutputWidth => Layers[^1];

    /// <summary>The number P of parameters.</summary>
    public int ParameterCount => _offsets[^1];

    /// <summary>The activation of layer l (1-based): φ for hidden layers, ψ for the last.</summary>
    public Activation ActivationOf(int layer) => layer == Depth ? Output : Activation;

    /// <summary>True when some layer uses ReLU, so the loss has kinks.</summary>
    public bool HasRelu => (Depth > 1 && Activation == Activation.Relu) || Output == Activation.Relu;

    /// <summary>True when every layer is linear or ReLU, so exact rational evaluation is possible.</summary>
    public bool IsPiecewiseLinear =>
        (Depth == 1 || Activation is Activation.Linear or Activation.Relu) && Output is Activation.Linear or Activation.Relu;

    /// <summary>Index of the first parameter of layer l (1-based) in the flat parameter vector.</summary>
    public int WeightOffset(int layer) => _offsets[layer - 1];

    /// <summary>Index of the first bias parameter of layer l (1-based); only meaningful with biases.</summary>
    public int BiasOffset(int layer) => _offsets[layer - 1] + Layers[layer] * Layers[layer - 1];

    /// <summary>A readable name of the parameter with flat index k, e.g. "W2[0,1]" or "b1[3]".</summary>
    public string ParameterName(int k)
    {
        for (int l = 1; l <= Depth; l++)
        {
            int start = WeightOffset(l);
            int weights = Layers[l] * Layers[l - 1];
            if (k < start + weights)
            {
                int r = (k - start) / Layers[l - 1], c = (k - start) % Layers[l - 1];
                return $"W{l}[{r},{c}]";
            }

            if (Bias && k < start + weights + Layers[l])
            {
                return $"b{l}[{k - start - weights}]";
            }
        }

        throw new ArgumentOutOfRangeException(nameof(k), k, $"The network has {ParameterCount} parameters.");
    }

    /// <summary>True when both specs describe the same architecture.</summary>
    public bool Equals(NetworkSpec? other) =>
        other is not null && Layers.SequenceEqual(other.Layers) && Activation == other.Activation && Output == other.Output && Bias == other.Bias;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var w in Layers)
        {
            h.Add(w);
        }

        h.Add(Activation);
        h.Add(Output);
        h.Add(Bias);
        return h.ToHashCode();
    }

    /// <summary>A short description such as "2-2-1 sigmoid (linear output, bias)".</summary>
    public override string ToString() =>
        $"{string.Join('-', Layers)} {Names.Of(Activation)} ({Names.Of(Output)} output, {(Bias ? "bias" : "no bias")})";
}
