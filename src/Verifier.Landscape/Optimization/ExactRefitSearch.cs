using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Optimization;

/// <summary>
/// A witness search for networks with one hidden ReLU layer, a linear output and a squared loss that ends in exact
/// numbers: the optimiser from seeded random starts, then each end point snapped by an exact refit. With the
/// activation pattern of the end point held fixed, the output is linear in Uⱼ = vⱼ·(wⱼ, bⱼ) and the output bias, so
/// the least-squares (U, c) of that pattern is solved exactly (minimum norm, by the pseudo-inverse) and written back
/// with each vⱼ kept and (wⱼ, bⱼ) = Uⱼ/vⱼ (the solution nearest the end point's own U); the snapped point is kept when its exact loss is lower. Other
/// networks fall back to the end points themselves. The search proves nothing: callers compare the losses exactly.
/// </summary>
public sealed class ExactRefitSearch : IWitnessSearch
{
    /// <summary>The most starts tried (the search stops early at an exactly zero loss).</summary>
    public const int Starts = 32;

    /// <summary>Seed of the starts.</summary>
    public const int Seed = 1;

    /// <summary>The method's name in the evidence.</summary>
    public const string Method = "trust-region, then an exact least-squares refit of the activation pattern";

    private ExactRefitSearch()
    {
    }

    /// <summary>The search (it holds no state).</summary>
    public static ExactRefitSearch Instance { get; } = new();

    /// <inheritdoc/>
    public WitnessSearchOutcome Search(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var options = OptimizationOptions.Default with { MaxIterations = RandomStartWitnessSearch.MaxIterations };
        Instance? best = null;
        Rational? bestLoss = null;
        var rng = new Random(Seed);
        int tried = 0;
        for (int s = 0; s < Starts && !(bestLoss is { IsZero: true }); s++, tried++)
        {
            var start = RandomInstance.RandomWeights(instance.Network, rng).Select(r => r.ToDouble()).ToArray();
            var result = Optimizer.Optimize(instance, start, null, options);
            if (!result.Theta.All(double.IsFinite))
            {
                continue;
            }

            var end = Optimizer.ResultInstance(instance, result);
            if (!end.HasExactLoss)
            {
                continue;
            }

            foreach (var candidate in Refit(end) is { } snapped ? [end, snapped] : new[] { end })
            {
                var loss = new NetworkCalculus<Rational, RationalOps>(candidate).Loss(candidate.Weights!);
                if (bestLoss is null || loss < bestLoss.Value)
                {
                    bestLoss = loss;
                    best = candidate;
                }
            }
        }

        return new WitnessSearchOutcome(best, new EvidenceItem.WitnessSearch(Seed, tried, Method, bestLoss?.ToDouble() ?? double.PositiveInfinity));
    }

    /// <summary>
    /// The exact refit of a point of a 1-hidden-layer ReLU network with a linear scalar output and a squared loss
    /// (see the class summary), or null when the network is of another kind. The refit point's loss equals the pattern's
    /// least-squares value only when it keeps the pattern; callers compare its exact loss, so either way it is a valid witness.
    /// </summary>
    public static Instance? Refit(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var net = instance.Network;
        if (instance.Weights is not { } theta || net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear
            || net.OutputWidth != 1 || instance.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            return null;
        }

        int n = instance.Data.Count, h = net.Layers[1], dx = net.InputWidth, d = dx + (net.Bias ? 1 : 0);
        var z = new NetworkCalculus<Rational, RationalOps>(instance).PreActivations(theta)[0];
        int cols = (h * d) + (net.Bias ? 1 : 0);
        var a = new Rational[n, cols];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < h; j++)
            {
                if (z[(i * h) + j].Sign <= 0)
                {
                    continue;
                }

                for (int k = 0; k < dx; k++)
                {
                    a[i, (j * d) + k] = instance.Data.XExact[(i * dx) + k];
                }

                if (net.Bias)
                {
                    a[i, (j * d) + dx] = Rational.One;
                }
            }

            if (net.Bias)
            {
                a[i, cols - 1] = Rational.One;
            }
        }

        // The least-squares (U, c) nearest the end point's own: u = u₀ + A⁺(y − A·u₀), which keeps the pattern when the end
        // point is near a pattern optimum (the minimum-norm solution alone could flip units that share a pattern).
        var u0 = new Rational[cols];
        for (int j = 0; j < h; j++)
        {
            var v = theta[net.WeightOffset(2) + j];
            for (int k = 0; k < dx; k++)
            {
                u0[(j * d) + k] = v * theta[net.WeightOffset(1) + (j * dx) + k];
            }

            if (net.Bias)
            {
                u0[(j * d) + dx] = v * theta[net.BiasOffset(1) + j];
            }
        }

        if (net.Bias)
        {
            u0[cols - 1] = theta[net.BiasOffset(2)];
        }

        var fitted = ExactLinearAlgebra.Multiply(a, u0);
        var residual = instance.Data.YExact.Select((y, i) => y - fitted[i]).ToArray();
        var correction = ExactLinearAlgebra.Multiply(ExactMatrices.PseudoInverse(a), residual);
        var u = u0.Select((x, k) => x + correction[k]).ToArray();
        var refit = theta.ToArray();
        for (int j = 0; j < h; j++)
        {
            var v = theta[net.WeightOffset(2) + j];
            if (Enumerable.Range(0, n).All(i => z[(i * h) + j].Sign <= 0))
            {
                // A unit inactive on every sample contributes nothing: it keeps its weights (and stays inactive).
                continue;
            }

            if (v.IsZero)
            {
                v = Rational.One;
                refit[net.WeightOffset(2) + j] = v;
            }

            for (int k = 0; k < dx; k++)
            {
                refit[net.WeightOffset(1) + (j * dx) + k] = u[(j * d) + k] / v;
            }

            if (net.Bias)
            {
                refit[net.BiasOffset(1) + j] = u[(j * d) + dx] / v;
            }
        }

        if (net.Bias)
        {
            refit[net.BiasOffset(2)] = u[cols - 1];
        }

        return instance.WithWeights(refit);
    }
}
