using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Instances;

/// <summary>
/// One verification instance: a network architecture, a loss, a dataset and optionally a point θ in
/// parameter space, all exact (the numbers of the instance file are exact decimals or "p/q").
/// </summary>
public sealed record Instance
{
    /// <summary>Creates an instance, checking that data and weights match the architecture.</summary>
    /// <exception cref="ArgumentException">The data widths or the number of weights do not match the network.</exception>
    public Instance(string name, NetworkSpec network, LossKind loss, Dataset data, IReadOnlyList<Rational>? weights)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.InputWidth != network.InputWidth || data.OutputWidth != network.OutputWidth)
        {
            throw new ArgumentException(
                $"Data has inputs of width {data.InputWidth} and targets of width {data.OutputWidth}; the network needs {network.InputWidth} and {network.OutputWidth}.",
                nameof(data));
        }

        if (loss == LossKind.Logistic && (network.OutputWidth != 1 || network.Output != Activation.Linear || data.YExact.Any(y => y != 0 && y != 1)))
        {
            throw new ArgumentException("The logistic loss needs one linear output (the logit) and targets 0 or 1.", nameof(loss));
        }

        if (weights is not null && weights.Count != network.ParameterCount)
        {
            throw new ArgumentException($"{weights.Count} weights given; the network has {network.ParameterCount} parameters.", nameof(weights));
        }

        Name = name ?? "";
        Network = network;
        Loss = loss;
        Data = data;
        Weights = weights switch
        {
            null => null,
            RationalArray array => array, // immutable already
            _ => Array.AsReadOnly<Rational>([.. weights]),
        };
    }

    /// <summary>A free-form name (may be empty).</summary>
    public string Name { get; init; }

    /// <summary>The architecture.</summary>
    public NetworkSpec Network { get; }

    /// <summary>The loss.</summary>
    public LossKind Loss { get; }

    /// <summary>
    /// True when the exact paths handle the loss at rational points: a linear or ReLU network with a squared loss (the
    /// logistic loss is transcendental; the mean absolute error has exact values, but the exact analyses are written for
    /// piecewise-quadratic losses and refuse it).
    /// </summary>
    public bool HasExactLoss => Network.IsPiecewiseLinear && Loss.IsSquared();

    /// <summary>The training data.</summary>
    public Dataset Data { get; }

    /// <summary>The exact point θ (flat, in the parameter order of <see cref="NetworkSpec"/>), or null when the file gives none.</summary>
    public IReadOnlyList<Rational>? Weights { get; }

    /// <summary>The same instance at another point θ.</summary>
    public Instance WithWeights(IReadOnlyList<Rational> weights) => new(Name, Network, Loss, Data, weights);

    /// <summary>True when <paramref name="other"/> has the same network, loss and data (exactly), whatever its weights: two points of one problem.</summary>
    public bool SameProblem(Instance other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Network.Equals(other.Network) && Loss == other.Loss
            && Data.XExact.SequenceEqual(other.Data.XExact) && Data.YExact.SequenceEqual(other.Data.YExact);
    }

    /// <summary>The point θ as nearest doubles.</summary>
    /// <exception cref="InvalidOperationException">The instance has no weights.</exception>
    public double[] WeightsDouble() =>
        Weights is null
            ? throw new InvalidOperationException("The instance has no weights.")
            : RationalArray.ToDoubles(Weights);
}
