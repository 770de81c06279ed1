using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Certificates;

/// <summary>
/// The kernel's check of a <c>certified-local-min</c>: it re-derives everything from the embedded instance in exact
/// arithmetic and uses the certificate only for the route, the dead layer's index and the multipliers, which it
/// checks against their defining identities. Shares nothing with the prover beyond the kernel's listed code.
/// </summary>
internal static class LocalMinimumCheck
{
    /// <summary>The most pieces a certificate may list (Σⱼ 2^tⱼ), so that a hostile file cannot make the check explode.</summary>
    public const int MaxPieces = 1 << 12;

    /// <summary>Null when the argument holds; otherwise why not.</summary>
    public static string? Failure(Instance instance, CertificateLocalMinimum argument)
    {
        var net = instance.Network;
        if (instance.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            return "a local-minimum certificate needs a squared loss";
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!;
        var loss = calculus.Loss(theta);
        switch (argument.Route)
        {
            case "zero-loss":
                return loss.IsZero ? null : $"the loss is {loss}, not 0";
            case "dead-layer":
                int l = argument.Layer ?? 0;
                if (net.Activation != Activation.Relu || l < 1 || l >= net.Depth)
                {
                    return $"layer {l} is not a hidden ReLU layer";
                }

                if (!calculus.PreActivations(theta)[l - 1].All(z => z.Sign < 0))
                {
                    return $"hidden layer {l} is not dead on every sample";
                }

                var best = ConstantOutput.BestLoss(instance);
                return loss == best ? null : $"the loss {loss} is not the least loss of a constant output, {best}";
            case "piecewise-convex":
                return PiecewiseConvex(instance, argument.Units ?? throw new FormatException("the piecewise-convex route needs units"));
            default:
                return $"unknown local-minimum route '{argument.Route}'";
        }
    }

    private static string? PiecewiseConvex(Instance instance, IReadOnlyList<Claims.UnitPieces> units)
    {
        var net = instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || net.OutputWidth != 1)
        {
            return "the piecewise-convex route needs one hidden ReLU layer and a linear scalar output";
        }

        var theta = instance.Weights!;
        int n = instance.Data.Count, h = net.Layers[1], dx = net.InputWidth, d = dx + (net.Bias ? 1 : 0);
        var x = new Rational[n][];
        for (int i = 0; i < n; i++)
        {
            x[i] = [.. Enumerable.Range(0, dx).Select(k => instance.Data.XExact[(i * dx) + k]), .. net.Bias ? new[] { Rational.One } : []];
        }

        var z = new NetworkCalculus<Rational, RationalOps>(instance).PreActivations(theta)[0];
        var f = new NetworkCalculus<Rational, RationalOps>(instance).Outputs(theta);
        var e = Enumerable.Range(0, n).Select(i => f[i] - instance.Data.YExact[i]).ToArray();
        if (net.Bias && !e.Aggregate(Rational.Zero, (a, b) => a + b).IsZero)
        {
            return "the derivative in the output bias is not zero";
        }

        if (units.Count != h || units.Select(u => u.Unit).Order().Where((u, k) => u != k).Any())
        {
            return $"the certificate must list each of the {h} hidden units once";
        }

        if (units.Sum(u => u.TiedSamples.Count >= 30 ? (long)MaxPieces + 1 : 1L << u.TiedSamples.Count) > MaxPieces)
        {
            return $"more than {MaxPieces} pieces";
        }

        foreach (var unit in units)
        {
            int j = unit.Unit;
            var tied = Enumerable.Range(0, n).Where(i => z[(i * h) + j].IsZero).ToArray();
            int sigma = theta[net.WeightOffset(2) + j].Sign;
            if (!tied.SequenceEqual(unit.TiedSamples) || sigma != unit.OutputWeightSign)
            {
                return $"unit {j}: its tied samples or output-weight sign differ from the instance's";
            }

            if (unit.Pieces.Count != 1 << tied.Length
                || unit.Pieces.Select(p => Mask(tied, p.ActiveTies)).Distinct().Count() != unit.Pieces.Count)
            {
                return $"unit {j}: the pieces must be the {1 << tied.Length} sign choices of its tied samples, each once";
            }

            foreach (var piece in unit.Pieces)
            {
                // gⱼ(S) = Σ over samples active on the piece of eᵢx̃ᵢ must equal σⱼ·Σᵢ λᵢsᵢx̃ᵢ with λ ≥ 0 (σⱼ = 0: gⱼ(S) = 0).
                var g = new Rational[d];
                var rhs = new Rational[d];
                if (piece.Multipliers.Count != tied.Length || piece.Multipliers.Any(m => m.Sign < 0))
                {
                    return $"unit {j}: a piece needs one non-negative multiplier per tied sample";
                }

                for (int i = 0; i < n; i++)
                {
                    int k = Array.IndexOf(tied, i);
                    bool active = k < 0 ? z[(i * h) + j].Sign > 0 : piece.ActiveTies.Contains(i);
                    for (int c = 0; c < d; c++)
                    {
                        if (active)
                        {
                            g[c] += e[i] * x[i][c];
                        }

                        if (k >= 0)
                        {
                            rhs[c] += sigma * (active ? 1 : -1) * piece.Multipliers[k] * x[i][c];
                        }
                    }
                }

                if (!g.SequenceEqual(rhs))
                {
                    return $"unit {j}: on the piece with active ties [{string.Join(", ", piece.ActiveTies)}] the gradient is not in the piece's dual cone with these multipliers";
                }
            }
        }

        return null;
    }

    private static int Mask(int[] tied, IReadOnlyList<int> active) =>
        active.All(tied.Contains) ? active.Aggregate(0, (m, i) => m | (1 << Array.IndexOf(tied, i))) : -1;
}
