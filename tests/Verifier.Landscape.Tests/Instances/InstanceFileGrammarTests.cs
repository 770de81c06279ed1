using System.Text;
using System.Text.Json;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Instances;

/// <summary>
/// The instance reader held to System.Text.Json (the oracle): on hand-written edge cases and on a few thousand seeded
/// mutations of instance files, it calls a text "malformed JSON" exactly when <see cref="JsonDocument"/> rejects it
/// (or one of its strings is not readable as UTF-16), and where it reads an instance, the numbers and the name are the
/// ones the oracle's tree holds. The rows of plain decimals that the reader scans without tokens are covered by the
/// number-slot cases and by the mutations of a generated instance.
/// </summary>
public sealed class InstanceFileGrammarTests
{
    private const int MaxDepth = 64;

    // Whole texts: empty, bare values, broken syntax, comments, nesting.
    private static readonly string[] DocumentCases =
    [
        "", " ", "0", "null", "[]", "{", "}", "{}", "\"s\"", "{\"network\": 1,}", "{\"network\" 1}", "{network: 1}", "/* c */ {}", "{} // c",
        "{}x", "{} {}", "\t\r\n{}\n", "{\"name\": \"\\u00e9\\n\\t\\\"\\\\\\/\"}", "{\"name\": \"\\ud83d\\ude00\"}", "{\"name\": \"\\ud83d\"}",
        "{\"name\": \"\\ude00x\"}", "{\"\\ud800\": 1}", "{\"network\": {\"layers\": [1, 1], \"\\udc00\": true}}", "{\"name\": \"\\uZZZZ\"}", "{\"name\": \"\\x\"}", "{\"name\": \"a\nb\"}", "{\"name\": \"unterminated}",
        "{\"n\\u0061me\": \"escaped key\", \"network\": {\"layers\": [1, 1], \"activation\": \"tanh\"}, \"data\": {\"x\": [[1]], \"y\": [[2]]}}",
    ];

    // Texts put in the place of one entry of data.x: what a row of numbers may and may not hold.
    private static readonly string[] NumberSlotCases =
    [
        "0", "-0", "01", "-01", "-", "1.", ".5", "1e", "1e+", "1E5", "1e-5", "-0.0e+0", "+1", "1 2", "1,", ",1", "1,,2", "", "1 ]", "[1]",
        "\"1/3\"", "\"0.25\"", "1.5 ,\n 2", "tru", "true", "null", "NaN", "-Infinity", "0.1234567890123456789", "12345678901234567890",
        "1.0\t", "\u00a01", "1\u00a0", "0x10", "1_000", "- 1", "1.2.3",
    ];

    [Test]
    public void CallsMalformedExactlyWhatSystemTextJsonRejects_EdgeCases()
    {
        foreach (var text in DocumentCases)
        {
            Compare(Encoding.UTF8.GetBytes(text), text);
        }

        foreach (var slot in NumberSlotCases)
        {
            var text = $$$"""{"network": {"layers": [2, 1], "activation": "tanh"}, "data": {"x": [[{{{slot}}}, 7]], "y": [[1]]}}""";
            Compare(Encoding.UTF8.GetBytes(text), $"data.x[0][0] = «{slot}»");
        }

        // Invalid UTF-8 inside and outside a string, and nesting at and beyond the limit.
        Compare([.. "{\"name\": \""u8, 0xC3, 0x28, .. "\"}"u8], "invalid UTF-8 in a string");
        Compare([.. "{\"name\": \""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], "an encoded surrogate");
        Compare([.. "{\"name\": 1"u8, 0xC3, 0xA9, .. "}"u8], "non-ASCII outside a string");
        Compare(Encoding.UTF8.GetBytes("{\"a\":" + new string('[', MaxDepth - 1) + new string(']', MaxDepth - 1) + "}"), "depth 64");
        Compare(Encoding.UTF8.GetBytes("{\"a\":" + new string('[', MaxDepth) + new string(']', MaxDepth) + "}"), "depth 65");
    }

    [TestCase("xor", 2026)]
    [TestCase("generated", 2027)]
    public void CallsMalformedExactlyWhatSystemTextJsonRejects_MutatedInstances(string which, int seed)
    {
        // Seeded mutations (a byte deleted, replaced or inserted, from JSON's own characters and a few others) of an
        // instance file: most are malformed, some still JSON. The reader and the oracle must agree on every one. The
        // generated instance has rows of signed decimals, which the reader scans without tokens.
        var original = which == "xor"
            ? File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", "instances", "xor-2-2-1-sigmoid.json"))
            : Encoding.UTF8.GetBytes(InstanceFile.Format(RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Tanh), 3, LossKind.Mse, seed: 4)));
        byte[] alphabet = [.. "{}[]\",:.-+eE0123456789 \n\tabtrufnl\\/u"u8, 0x00, 0x1F, 0x7F, 0xC3, 0xFF];
        var random = new Random(seed);
        int json = 0;
        const int Trials = 1500;
        for (int trial = 0; trial < Trials; trial++)
        {
            var bytes = original.ToList();
            for (int edits = random.Next(1, 4); edits > 0; edits--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0:
                        bytes.RemoveAt(at);
                        break;
                    case 1:
                        bytes[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                    default:
                        bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                }
            }

            if (Compare([.. bytes], $"mutation {trial} (seed {seed})"))
            {
                json++;
            }
        }

        // Both outcomes must be exercised for the agreement to mean something.
        Assert.That(json, Is.InRange(Trials / 50, Trials - (Trials / 50)), "mutations that are still JSON");
    }

    [Test]
    public void MalformedJsonNamesTheLineAndColumnOfTheFault()
    {
        // The second comma of line 3 comes after an unknown field: the syntax error is the one reported.
        const string Text = "{\n  \"unknown\": 1,\n  \"data\": [1, 2,, 3]\n}";
        var error = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse(Text, "bad.json"));
        Assert.That(error!.Message, Is.EqualTo("bad.json: line 3, column 17: malformed JSON"));
    }

    [Test]
    public void AnUnpairedSurrogateEscapeIsMalformedJsonThatSaysWhereAndWhy()
    {
        // A fuzzing finding (fuzz/crashes/instance/): the reader compared a property name it could not decode and threw
        // InvalidOperationException instead of a format error.
        const string Text = "{\"format\": \"verifier-instance/1\", \"network\": {\"layers\": [1, 1], \"\\ud800\": true}}";
        int column = Text.IndexOf("\"\\ud800", StringComparison.Ordinal) + 1;
        var error = Assert.Throws<InstanceFormatException>(() => InstanceFile.Parse(Text, "bad.json"));
        Assert.That(error!.Message, Does.StartWith($"bad.json: line 1, column {column}: malformed JSON (a string that is not valid UTF-8 or UTF-16"));
    }

    // True when the oracle accepts the text; fails the test when exactly one side calls it malformed, or when the
    // reader reads values that differ from the oracle's.
    private static bool Compare(byte[] bytes, string what)
    {
        Instance? ours = null;
        string? error = null;
        try
        {
            ours = InstanceFile.Parse(bytes, "mutated.json");
        }
        catch (InstanceFormatException e)
        {
            error = e.Message;
            Assert.That(e.Message, Does.StartWith("mutated.json: ").And.Not.Contain('\n'), what);
        }

        JsonDocument? oracle = null;
        try
        {
            oracle = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            ReadEveryString(oracle.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            oracle?.Dispose();
            oracle = null;
        }

        using (oracle)
        {
            bool malformed = error is not null && error.Contains("malformed JSON", StringComparison.Ordinal);
            Assert.That(malformed, Is.EqualTo(oracle is null), $"{what}: System.Text.Json {(oracle is null ? "rejects" : "accepts")} «{Encoding.UTF8.GetString(bytes)}»; the reader: {error ?? "an instance"}");
            if (ours is not null && oracle is not null)
            {
                var root = oracle.RootElement;
                Assert.That(ours.Name, Is.EqualTo(root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : ""), what);
                var data = root.GetProperty("data");
                Assert.That(ours.Data.XExact, Is.EqualTo(Numbers(data.GetProperty("x"))), what);
                Assert.That(ours.Data.YExact, Is.EqualTo(Numbers(data.GetProperty("y"))), what);
                if (ours.Weights is { } weights)
                {
                    var layers = root.GetProperty("weights").EnumerateArray()
                        .SelectMany(l => Numbers(l.GetProperty("W")).Concat(l.TryGetProperty("b", out var b) ? Numbers(b) : []));
                    Assert.That(weights, Is.EqualTo(layers), what);
                }
            }
        }

        return oracle is not null;
    }

    // Every number below the element, in document order, as the exact value of its text.
    private static IEnumerable<Rational> Numbers(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Numbers),
        JsonValueKind.String => [Rational.Parse(e.GetString()!)],
        _ => [Rational.Parse(e.GetRawText())],
    };

    private static void ReadEveryString(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    _ = p.Name;
                    ReadEveryString(p.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    ReadEveryString(item);
                }

                break;
            case JsonValueKind.String:
                _ = e.GetString();
                break;
        }
    }
}
