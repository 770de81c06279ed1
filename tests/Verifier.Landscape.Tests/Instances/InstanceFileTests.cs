using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;
using Verifier.Generators;

namespace Verifier.Landscape.Tests.Instances;

/// <summary>Reading and writing <c>verifier-instance/1</c> files: exact numbers, round trips, located errors.</summary>
public class InstanceFileTests
{
    private const string Xor = """
        {
          "format": "verifier-instance/1",
          "name": "xor-2-2-1-sigmoid",
          "network": { "layers": [2, 2, 1], "activation": "sigmoid", "output": "linear", "bias": true },
          "loss": "mse",
          "data": { "x": [[0,0],[0,1],[1,0],[1,1]], "y": [[0],[1],[1],[0]] },
          "weights": [ { "W": [[1,-1],[-1,1]], "b": [0,0] }, { "W": [[1,1]], "b": ["-1/2"] } ]
        }
        """;

    [Test]
    public void ANetworkWithoutHiddenLayersNeedsNoActivationButADeeperOneDoes()
    {
        var linear = InstanceFile.Parse("""{"network": {"layers": [2, 1]}, "data": {"x": [[1, 2]], "y": [[3]]}}""");
        Assert.That(linear.Network.Depth, Is.EqualTo(1));
        var e = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse("""{"network": {"layers": [2, 2, 1]}, "data": {"x": [[1, 2]], "y": [[3]]}}"""));
        Assert.That(e!.Message, Does.Contain("network.activation"));
    }

    [Test]
    public void ReadsTheContractExample()
    {
        var instance = InstanceFile.Parse(Xor);
        Assert.Multiple(() =>
        {
            Assert.That(instance.Network.Layers, Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(instance.Network.ParameterCount, Is.EqualTo(9));
            Assert.That(instance.Loss, Is.EqualTo(LossKind.Mse));
            Assert.That(instance.Weights![^1], Is.EqualTo(new Rational(-1, 2)));
            Assert.That(instance.Data.Count, Is.EqualTo(4));
        });
    }

    [TestCase("utf-8")]
    [TestCase("utf-8-bom")]
    [TestCase("utf-16")]
    public void ReadsFilesInEveryUnicodeEncodingAlike(string encoding)
    {
        var path = Path.Combine(Path.GetTempPath(), $"verifier-encoding-{encoding}-{Environment.ProcessId}.json");
        try
        {
            System.Text.Encoding e = encoding switch
            {
                "utf-8" => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                "utf-8-bom" => new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
                _ => System.Text.Encoding.Unicode,
            };
            File.WriteAllText(path, Xor, e);
            Assert.That(InstanceFile.Format(InstanceFile.Read(path)), Is.EqualTo(InstanceFile.Format(InstanceFile.Parse(Xor))));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TheReadersDoublesAreTheNearestDoublesOfTheExactValues()
    {
        // The reader parses each plain decimal's double from its text; that must be ToDouble of the exact value
        // (both correctly rounded), for short numbers, 17–19 digit ones, exponents and "p/q" strings alike.
        var rng = new Random(5);
        string Number()
        {
            int digits = rng.Next(1, 20), point = rng.Next(0, digits + 1);
            // JSON numbers have no leading zeros: the first digit of a multi-digit integer part is 1–9.
            var d = string.Concat(Enumerable.Range(0, digits).Select(k => (char)('0' + (k == 0 && point > 1 ? rng.Next(1, 10) : rng.Next(10)))));
            string text = (rng.Next(2) == 0 ? "-" : "") + (point == 0 ? "0" : d[..point]) + (point < digits ? "." + d[point..] : "");
            return rng.Next(10) switch
            {
                0 => text + "e-" + rng.Next(1, 30),
                1 => $"\"{rng.Next(-999, 1000)}/{rng.Next(1, 1000)}\"",
                _ => text,
            };
        }

        var x = string.Join(",", Enumerable.Range(0, 300).Select(_ => $"[{Number()},{Number()}]"));
        var y = string.Join(",", Enumerable.Range(0, 300).Select(_ => $"[{Number()}]"));
        var w = $"[{{\"W\": [[{Number()},{Number()}],[{Number()},{Number()}]], \"b\": [{Number()},{Number()}]}}, {{\"W\": [[{Number()},{Number()}]], \"b\": [{Number()}]}}]";
        var text = $"{{\"network\": {{\"layers\": [2,2,1], \"activation\": \"tanh\"}}, \"data\": {{\"x\": [{x}], \"y\": [{y}]}}, \"weights\": {w}}}";
        var instance = InstanceFile.Parse(text);
        Assert.That(instance.Data.XDouble, Is.EqualTo(instance.Data.XExact.Select(r => r.ToDouble())));
        Assert.That(instance.Data.YDouble, Is.EqualTo(instance.Data.YExact.Select(r => r.ToDouble())));
        Assert.That(instance.WeightsDouble(), Is.EqualTo(instance.Weights!.Select(r => r.ToDouble())));
        Assert.That(instance.WithWeights(instance.Weights!).WeightsDouble(), Is.EqualTo(instance.WeightsDouble()));
    }

    [Test]
    public void MatricesOfPlainDecimalsReadAsTheElementByElementPathReadsThem()
    {
        // A matrix of plain decimals is scanned from its text; one string entry sends the whole matrix through the
        // element-by-element path. Both must give the same exact values, whatever whitespace lies between the tokens.
        var rng = new Random(41);
        string[] spaces = ["", " ", "\n", "\t", " \r\n  "];
        string Space() => spaces[rng.Next(spaces.Length)];
        var numbers = Enumerable.Range(0, 40 * 3).Select(_ => (rng.Next(2) == 0 ? "-" : "") + rng.Next(0, 100) + "." + rng.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string Matrix(bool quoteFirst) => Space() + "[" + Space() + string.Join("," + Space(), Enumerable.Range(0, 40).Select(r =>
            "[" + Space() + string.Join(Space() + "," + Space(), Enumerable.Range(0, 3).Select(c =>
                r == 0 && c == 0 && quoteFirst ? "\"" + numbers[0] + "\"" : numbers[(r * 3) + c])) + Space() + "]")) + Space() + "]" + Space();
        string Text(bool quoteFirst) => $"{{\"network\": {{\"layers\": [3, 1], \"activation\": \"tanh\"}}, \"data\": {{\"x\": {Matrix(quoteFirst)}, \"y\": [{string.Join(",", Enumerable.Range(0, 40).Select(i => $"[{i}]"))}]}}}}";

        var scanned = InstanceFile.Parse(Text(quoteFirst: false));
        var general = InstanceFile.Parse(Text(quoteFirst: true));
        var expected = numbers.Select(Rational.Parse).ToList();
        Assert.That(scanned.Data.XExact, Is.EqualTo(expected));
        Assert.That(general.Data.XExact, Is.EqualTo(expected));
        Assert.That(scanned.Data.XDouble, Is.EqualTo(general.Data.XDouble));

        // numbers[5] is the last entry of row 1: without it (and its comma) the row is short.
        var shortRow = System.Text.RegularExpressions.Regex.Replace(Text(quoteFirst: false), @",\s*" + System.Text.RegularExpressions.Regex.Escape(numbers[5]) + @"(?=\s*\])", "");
        var error = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse(shortRow, "short.json"));
        Assert.That(error!.Message, Does.Contain("data.x[1]").And.Contain("has 2 entries"));
    }

    [Test]
    public void DecimalsMeanTheirExactValueNotTheNearestDouble()
    {
        var text = Xor.Replace("[[0,0],[0,1]", "[[0.1,0],[0,1e-1]", StringComparison.Ordinal);
        var instance = InstanceFile.Parse(text);
        Assert.That(instance.Data.X(0, 0), Is.EqualTo(new Rational(1, 10)));
        Assert.That(instance.Data.X(1, 1), Is.EqualTo(new Rational(1, 10)));
        Assert.That(instance.Data.XDouble[0], Is.EqualTo(0.1));
    }

    [Test]
    public void DefaultsAreMseLinearOutputAndBias()
    {
        const string text = """{"network": {"layers": [1, 1], "activation": "tanh"}, "data": {"x": [[1]], "y": [[2]]}}""";
        var instance = InstanceFile.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(instance.Loss, Is.EqualTo(LossKind.Mse));
            Assert.That(instance.Network.Output, Is.EqualTo(Activation.Linear));
            Assert.That(instance.Network.Bias, Is.True);
            Assert.That(instance.Weights, Is.Null);
        });
    }

    [Property(Arbitrary = new[] { typeof(SmallNetworkArbitraries) }, MaxTest = 50)]
    public bool FormatThenParseGivesTheSameExactInstance(NetworkCase c)
    {
        var back = InstanceFile.Parse(InstanceFile.Format(c.Instance));
        return back.Network.Equals(c.Instance.Network)
            && back.Loss == c.Instance.Loss
            && back.Data.XExact.SequenceEqual(c.Instance.Data.XExact)
            && back.Data.YExact.SequenceEqual(c.Instance.Data.YExact)
            && back.Weights!.SequenceEqual(c.Instance.Weights!);
    }

    [Test]
    public void NonDecimalRationalsAreWrittenAsStringsAndReadBack()
    {
        var net = new NetworkSpec([1, 1], Activation.Linear);
        var instance = new Instance("thirds", net, LossKind.Sse, new Dataset(1, 1, 1, [new Rational(1, 3)], [1]), [new Rational(-2, 7), 5]);
        var text = InstanceFile.Format(instance);
        Assert.That(text, Does.Contain("\"1/3\"").And.Contain("\"-2/7\""));
        Assert.That(InstanceFile.Parse(text).Weights, Is.EqualTo(instance.Weights));
    }

    // Each bad input names the problem and where it is.
    [TestCase("{", "malformed JSON")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "swish"}, "data": {"x": [[1, 2]], "y": [[1]]}}""", "network.activation")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "loss": "huber", "data": {"x": [[1, 2]], "y": [[1]]}}""", "loss")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2], [3]], "y": [[1], [2]]}}""", "data.x[1]")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1], [2]]}}""", "data.y")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [], "y": []}}""", "empty")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, "NaN"]], "y": [[1]]}}""", "data.x[0][1]")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, "Infinity"]], "y": [[1]]}}""", "data.x[0][1]")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 1e400]], "y": [[1]]}}""", "data.x[0][1]")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}, "weights": [{"W": [[1, 2], [3, 4]], "b": [0]}]}""", "weights[0].W")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu", "bias": false}, "data": {"x": [[1, 2]], "y": [[1]]}, "weights": [{"W": [[1, 2]], "b": [0]}]}""", "weights[0].b")]
    [TestCase("""{"network": {"layers": [2, 2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}, "weights": [{"W": [[1, 2], [3, 4]], "b": [0, 0]}]}""", "weights")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, "1/0"]], "y": [[1]]}}""", "data.x[0][1]")]
    [TestCase("""{"format": "other/2", "network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}}""", "format")]
    [TestCase("""{"network": {"layers": [2, 0], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}}""", "network.layers[1]")]
    public void BadInputIsRejectedWithItsLocation(string text, string expectedInMessage)
    {
        var error = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse(text, "bad.json"));
        Assert.That(error!.Message, Does.StartWith("bad.json: ").And.Contain(expectedInMessage));
        Assert.That(error.Message, Does.Not.Contain('\n'));
    }

    // A property given twice is refused wherever it is, naming the name and its path (System.Text.Json alone would
    // silently keep the last one).
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}, "data": {"x": [[3, 4]], "y": [[1]]}}""", "data", "data")]
    [TestCase("""{"name": "a", "network": {"layers": [2, 1], "activation": "relu"}, "name": "b", "data": {"x": [[1, 2]], "y": [[1]]}}""", "name", "name")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu", "layers": [2, 1]}, "data": {"x": [[1, 2]], "y": [[1]]}}""", "network.layers", "layers")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]], "x": [[1, 2]]}}""", "data.x", "x")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": null, "y": [[1]]}}""", "data.y", "y")]
    [TestCase("""{"network": {"layers": [2, 2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}, "weights": [{"W": [[1, 2], [3, 4]], "b": [0, 0]}, {"W": [[1, 1]], "b": [0], "W": [[2, 2]]}]}""", "weights[1].W", "W")]
    [TestCase("""{"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}, "weights": [{"W": [[1, 2]], "b": [0], "\u0062": [1]}]}""", "weights[0].b", "b")]
    public void DuplicatePropertiesAreRejectedWithTheirPath(string text, string path, string name)
    {
        var error = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse(text, "dup.json"));
        Assert.That(error!.Message, Is.EqualTo($"dup.json: {path}: duplicate property \"{name}\""));
    }

    [Test]
    public void FieldsMayComeInAnyOrder()
    {
        // Data before the network, b before W, the format last: the same instance as the contract example.
        const string shuffled = """
            {
              "weights": [ { "b": [0,0], "W": [[1,-1],[-1,1]] }, { "b": ["-1/2"], "W": [[1,1]] } ],
              "data": { "y": [[0],[1],[1],[0]], "x": [[0,0],[0,1],[1,0],[1,1]] },
              "loss": "mse",
              "network": { "bias": true, "output": "linear", "activation": "sigmoid", "layers": [2, 2, 1] },
              "name": "xor-2-2-1-sigmoid",
              "format": "verifier-instance/1"
            }
            """;
        Assert.That(InstanceFile.Format(InstanceFile.Parse(shuffled)), Is.EqualTo(InstanceFile.Format(InstanceFile.Parse(Xor))));
    }

    [Test]
    public void AnEmbeddedInstanceReadsFromItsElementAsFromItsText()
    {
        var certificate = System.Text.Encoding.UTF8.GetBytes($$"""{"kind": "certificate", "instance": {{Xor}}, "after": [1, 2]}""");
        var expected = InstanceFile.Format(InstanceFile.Parse(Xor));
        using var document = System.Text.Json.JsonDocument.Parse(certificate);
        Assert.That(InstanceFile.Format(InstanceFile.Read(document.RootElement.GetProperty("instance"), "cert.json: instance")), Is.EqualTo(expected));

        // From a reader standing on the property name: the reader is left on the object's end, and goes on from there.
        var reader = new System.Text.Json.Utf8JsonReader(certificate);
        while (reader.Read() && !(reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("instance")))
        {
        }

        var instance = InstanceFile.Read(ref reader, "cert.json: instance");
        var end = reader.TokenType;
        bool next = reader.Read() && reader.ValueTextEquals("after");
        Assert.Multiple(() =>
        {
            Assert.That(InstanceFile.Format(instance), Is.EqualTo(expected));
            Assert.That(end, Is.EqualTo(System.Text.Json.JsonTokenType.EndObject));
            Assert.That(next, Is.True, "the next property of the certificate");
        });
    }

    [Test]
    public void AnEmbeddedInstanceIsCheckedAsAFileIs()
    {
        var certificate = """{"instance": {"network": {"layers": [2, 1], "activation": "relu"}, "data": {"x": [[1, 2]], "y": [[1]]}, "network": {}}}""";
        using var document = System.Text.Json.JsonDocument.Parse(certificate);
        var fromElement = Assert.Throws<InstanceFormatException>(() => InstanceFile.Read(document.RootElement.GetProperty("instance"), "cert.json: instance"));
        Assert.That(fromElement!.Message, Is.EqualTo("cert.json: instance: network: duplicate property \"network\""));

        var error = Assert.Throws<InstanceFormatException>(() =>
        {
            var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(certificate));
            reader.Read();
            reader.Read();
            InstanceFile.Read(ref reader, "cert.json: instance");
        });
        Assert.That(error!.Message, Is.EqualTo(fromElement.Message));
    }

    [Test]
    public void MissingFileIsReportedAsNotFound()
    {
        var error = Assert.Throws<InstanceFormatException>(() => InstanceFile.Read(Path.Combine(Path.GetTempPath(), "no-such-instance-file.json")));
        Assert.That(error!.Message, Does.Contain("file not found"));
    }

    [Test]
    public void WriteIsAtomicAndLeavesNoTemporaryFile()
    {
        var dir = Directory.CreateTempSubdirectory("verifier-test-");
        try
        {
            var path = Path.Combine(dir.FullName, "out.json");
            InstanceFile.Write(InstanceFile.Parse(Xor), path);
            Assert.That(Directory.GetFiles(dir.FullName), Has.Length.EqualTo(1));
            Assert.That(InstanceFile.Read(path).Name, Is.EqualTo("xor-2-2-1-sigmoid"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void RandomInstancesAreReproducibleFromTheirSeed()
    {
        var net = new NetworkSpec([3, 4, 2], Activation.Tanh);
        var a = InstanceFile.Format(RandomInstance.Mlp(net, 5, LossKind.Mse, seed: 7));
        var b = InstanceFile.Format(RandomInstance.Mlp(net, 5, LossKind.Mse, seed: 7));
        var c = InstanceFile.Format(RandomInstance.Mlp(net, 5, LossKind.Mse, seed: 8));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }
}
