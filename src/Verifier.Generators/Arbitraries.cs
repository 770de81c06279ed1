using FsCheck;
using Verifier.Landscape.Networks;

namespace Verifier.Generators;

/// <summary>Arbitraries for <c>[Property(Arbitrary = ...)]</c>: small networks of every kind.</summary>
public static class SmallNetworkArbitraries
{
    /// <summary>Depth 1–3, widths 1–3, every activation, with and without bias, up to 3 samples, both losses.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() =>
        InstanceGenerators.Arbitrary(InstanceGenerators.Cases(InstanceGenerators.Networks(1, 3, 3, InstanceGenerators.AllActivations), 3));
}

/// <summary>Arbitraries of piecewise-linear (linear and ReLU) networks, where exact rational derivatives exist.</summary>
public static class PiecewiseLinearArbitraries
{
    /// <summary>Depth 1–3, widths 1–3, linear or ReLU, up to 3 samples.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() =>
        InstanceGenerators.Arbitrary(InstanceGenerators.Cases(InstanceGenerators.Networks(1, 3, 3, Activation.Linear, Activation.Relu), 3));
}

/// <summary>Arbitraries of deep linear networks (polynomial losses).</summary>
public static class LinearArbitraries
{
    /// <summary>Depth 1–4, widths 1–3, linear, up to 3 samples.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() =>
        InstanceGenerators.Arbitrary(InstanceGenerators.Cases(InstanceGenerators.Networks(1, 4, 3, Activation.Linear), 3));
}
