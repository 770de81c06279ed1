using System.Numerics;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Instances;

// InstanceFile.Format writes through the JSON layer's Utf8JsonWriter; Parse must give back the instance it was given,
// exactly: every rational (decimal or not), the name, the network with or without biases, the loss, and no weights.
public class InstanceFileRoundTripTests
{
    private static readonly Activation[] Activations = Enum.GetValues<Activation>();

    [Test]
    public void ParseOfFormatGivesTheSameInstanceOnSeededRandomInstances([Range(1, 200)] int seed)
    {
        var instance = RandomRationalInstance(new Random(seed));
        var back = InstanceFile.Parse(InstanceFile.Format(instance));
        Assert.Multiple(() =>
        {
            Assert.That(back.Name, Is.EqualTo(instance.Name), $"seed {seed}");
            Assert.That(back.Network, Is.EqualTo(instance.Network), $"seed {seed}");
            Assert.That(back.Loss, Is.EqualTo(instance.Loss), $"seed {seed}");
            Assert.That(back.Data.Count, Is.EqualTo(instance.Data.Count), $"seed {seed}");
            Assert.That(back.Data.XExact, Is.EqualTo(instance.Data.XExact), $"seed {seed}");
            Assert.That(back.Data.YExact, Is.EqualTo(instance.Data.YExact), $"seed {seed}");
            Assert.That(back.Weights, Is.EqualTo(instance.Weights), $"seed {seed}");
        });
    }

    [Test]
    public void FormatIsAFixedPointOfParse()
    {
        var text = InstanceFile.Format(RandomRationalInstance(new Random(7)));
        Assert.That(InstanceFile.Format(InstanceFile.Parse(text)), Is.EqualTo(text));
    }

    // Widths 1–4 over 1–3 layers, biases or not, every activation and loss, 1–4 samples, weights or none; numbers mix
    // small integers, terminating decimals, rationals with a denominator that is not a power of 2 and 5, and large values.
    private static Instance RandomRationalInstance(Random rng)
    {
        int depth = rng.Next(1, 4);
        var layers = Enumerable.Range(0, depth + 1).Select(_ => rng.Next(1, 5)).ToArray();
        var net = new NetworkSpec(layers, Activations[rng.Next(Activations.Length)], Activations[rng.Next(Activations.Length)], bias: rng.Next(2) == 0);
        int n = rng.Next(1, 5);
        var data = new Dataset(n, layers[0], layers[^1], Numbers(rng, n * layers[0]), Numbers(rng, n * layers[^1]));
        var weights = rng.Next(3) == 0 ? null : Numbers(rng, net.ParameterCount);
        var loss = rng.Next(2) == 0 ? LossKind.Mse : LossKind.Sse;
        string[] names = ["", "plain", "with \"quotes\" and \\ back", "σ-net ü"];
        return new Instance(names[rng.Next(names.Length)], net, loss, data, weights);
    }

    private static Rational[] Numbers(Random rng, int count) => [.. Enumerable.Range(0, count).Select(_ => Number(rng))];

    private static Rational Number(Random rng)
    {
        int sign = rng.Next(2) == 0 ? 1 : -1;
        return rng.Next(4) switch
        {
            0 => sign * rng.Next(0, 10),
            1 => new Rational(sign * rng.Next(1, 100_000), BigInteger.Pow(10, rng.Next(1, 9))),
            2 => new Rational(sign * rng.Next(1, 1000), (3 * rng.Next(1, 50)) + 1),
            _ => new Rational(sign * BigInteger.Pow(7, rng.Next(10, 20)), BigInteger.Pow(2, rng.Next(0, 30))),
        };
    }
}
