using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Generators;

/// <summary>
/// FsCheck generators for networks, datasets and instances that every suite reuses. Sizes are bounded so
/// exact (Rational) and symbolic computations stay fast; numbers are short decimals so a failing case is
/// readable; shrinking removes samples and moves weights towards 0.
/// </summary>
public static class InstanceGenerators
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

    /// <summary>
    /// Small datasets for searching a network's landscape: <paramref name="minPoints"/>..<paramref name="maxPoints"/>
    /// samples, inputs k/<paramref name="denominator"/> in [−<paramref name="inputRange"/>, <paramref name="inputRange"/>]
    /// and targets in [−<paramref name="targetRange"/>, <paramref name="targetRange"/>] on the same grid, with no
    /// input repeated (a repeated input only re-weights a sample).
    /// </summary>
    /// <param name="inputWidth">Components of each input.</param>
    /// <param name="outputWidth">Components of each target.</param>
    /// <param name="minPoints">The fewest samples (at least 1).</param>
    /// <param name="maxPoints">The most samples.</param>
    /// <param name="denominator">The grid's denominator (at least 1).</param>
    /// <param name="inputRange">The largest |input component| (an integer).</param>
    /// <param name="targetRange">The largest |target component| (an integer).</param>
    /// <param name="labels">Targets 0 or 1 (for the logistic loss) instead of grid values.</param>
    public static Gen<Dataset> SearchDatasets(int inputWidth, int outputWidth, int minPoints, int maxPoints, int denominator = 8, int inputRange = 2, int targetRange = 1, bool labels = false)
    {
        if (inputWidth < 1 || outputWidth < 1 || minPoints < 1 || maxPoints < minPoints || denominator < 1 || inputRange < 1 || targetRange < 1)
        {
            throw new ArgumentException("Need widths ≥ 1, 1 ≤ minPoints ≤ maxPoints, a denominator ≥ 1 and ranges ≥ 1.");
        }

        Gen<Rational> Grid(int range) => Gen.Choose(-range * denominator, range * denominator).Select(k => new Rational(k, denominator));
        return from n in Gen.Choose(minPoints, maxPoints)
               from x in Grid(inputRange).ArrayOf(inputWidth).ArrayOf(n)
               from y in (labels ? Gen.Elements(Rational.Zero, Rational.One) : Grid(targetRange)).ArrayOf(n * outputWidth)
               select Distinct(x, y, inputWidth, outputWidth);
    }

    // Keeps the first sample of each input.
    private static Dataset Distinct(Rational[][] x, Rational[] y, int inputWidth, int outputWidth)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var xs = new List<Rational>();
        var ys = new List<Rational>();
        for (int i = 0; i < x.Length; i++)
        {
            if (seen.Add(string.Join(',', x[i].Select(r => r.ToString()))))
            {
                xs.AddRange(x[i]);
                ys.AddRange(y.Skip(i * outputWidth).Take(outputWidth));
            }
        }

        return new Dataset(xs.Count / inputWidth, inputWidth, outputWidth, xs, ys);
    }

    /// <summary>The <paramref name="index"/>-th value of <paramref name="gen"/> for <paramref name="seed"/>: the same pair always gives the same value.</summary>
    /// <param name="gen">The generator.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="index">Which value of the seed's sequence.</param>
    /// <param name="size">FsCheck's size parameter.</param>
    public static T Draw<T>(Gen<T> gen, int seed, int index, int size = 10)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ulong mixed = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)index * 0xC2B2AE3D27D4EB4FUL) ^ 0x5DEECE66DUL);
        return gen.Sample(size, new Rnd(mixed), 1)[0];
    }

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
