using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Testing;

/// <summary>
/// FsCheck generators for networks, datasets and instances that every suite reuses. Sizes are bounded so
/// exact (Rational) and symbolic computations stay fast; numbers are short decimals so a failing case is
/// readable; shrinking removes samples and moves weights towards 0.
/// </summary>
public static class Generators
{
    /// <summary>Every activation.</summary>
    public static readonly Activation[] AllActivations = [Activation.Linear, Activation.Relu, Activation.Sigmoid, Activation.Tanh];

    /// <summary>Architectures of depth 1..maxDepth with widths 1..maxWidth, the given hidden activations, linear output, with or without bias.</summary>
    public static Gen<NetworkSpec> Networks(int minDepth, int maxDepth, int maxWidth, params Activation[] activations)
    {
        if (minDepth < 1 || maxDepth < minDepth || maxWidth < 1 || activations.Length == 0)
        {
            throw new ArgumentException("Need 1 ≤ minDepth ≤ maxDepth, maxWidth ≥ 1 and at least one activation.");
        }

        return from depth in Gen.Choose(minDepth, maxDepth)
               from widths in Gen.Choose(1, maxWidth).ArrayOf(depth + 1)
               from activation in Gen.Elements(activations)
               from bias in Gen.Elements(true, false)
               select new NetworkSpec(widths, activation, Activation.Linear, bias);
    }

    /// <summary>Decimals k/10 with |k| ≤ 15: exact, short, and varied enough to avoid accidental symmetry.</summary>
    public static Gen<Rational> SmallDecimals() => Gen.Choose(-15, 15).Select(k => new Rational(k, 10));

    /// <summary>Instances of the given architectures with 1..maxSamples samples, small decimal data and a point.</summary>
    public static Gen<NetworkCase> Cases(Gen<NetworkSpec> networks, int maxSamples, params LossKind[] losses)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (losses.Length == 0)
        {
            losses = [LossKind.Mse, LossKind.Sse];
        }

        return from net in networks
               from n in Gen.Choose(1, maxSamples)
               from x in SmallDecimals().ArrayOf(n * net.InputWidth)
               from y in SmallDecimals().ArrayOf(n * net.OutputWidth)
               from theta in SmallDecimals().ArrayOf(net.ParameterCount)
               from loss in Gen.Elements(losses)
               select new NetworkCase(new Instance("generated", net, loss, new Dataset(n, net.InputWidth, net.OutputWidth, x, y), theta));
    }

    /// <summary>Smaller versions of a case: one sample fewer, or one weight set to 0 or halved (rounded to tenths).</summary>
    public static IEnumerable<NetworkCase> Shrink(NetworkCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var inst = c.Instance;
        var d = inst.Data;
        if (d.Count > 1)
        {
            for (int drop = 0; drop < d.Count; drop++)
            {
                var x = d.XExact.Where((_, k) => k / d.InputWidth != drop).ToArray();
                var y = d.YExact.Where((_, k) => k / d.OutputWidth != drop).ToArray();
                yield return new NetworkCase(new Instance(inst.Name, inst.Network, inst.Loss, new Dataset(d.Count - 1, d.InputWidth, d.OutputWidth, x, y), inst.Weights));
            }
        }

        if (inst.Weights is { } theta)
        {
            for (int k = 0; k < theta.Count; k++)
            {
                if (theta[k].IsZero)
                {
                    continue;
                }

                var zeroed = theta.ToArray();
                zeroed[k] = Rational.Zero;
                yield return new NetworkCase(inst.WithWeights(zeroed));
                var halved = theta.ToArray();
                halved[k] = new Rational((theta[k] * 5).Floor(), 10);
                if (halved[k] != theta[k])
                {
                    yield return new NetworkCase(inst.WithWeights(halved));
                }
            }
        }
    }

    /// <summary>An arbitrary (generator plus shrinker) of cases.</summary>
    public static Arbitrary<NetworkCase> Arbitrary(Gen<NetworkCase> cases) => Arb.From(cases, Shrink);
}
