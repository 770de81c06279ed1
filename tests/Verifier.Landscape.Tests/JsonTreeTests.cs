using System.Text;
using System.Text.Json;
using Verifier.Landscape.Instances;

namespace Verifier.Landscape.Tests;

/// <summary>
/// The instance reader's JSON parser held to System.Text.Json (the oracle): on hand-written edge cases and on a few
/// thousand seeded mutations of an instance file, it accepts exactly the texts that <see cref="JsonDocument"/> accepts
/// (with every string readable as UTF-16), and reads the accepted ones into the same values.
/// </summary>
public sealed class JsonTreeTests
{
    private const int MaxDepth = 64;

    private static readonly string[] EdgeCases =
    [
        "", " ", "0", "-0", "01", "-", "1.", ".5", "1e", "1e+", "1E5", "1e-5", "-0.0e+0", "+1", "1 2", "[1,]", "[,1]", "[1 2]",
        "{}", "[]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":1}x", "tru", "true", "nul", "null", "falsey", "[true,false,null]",
        "\"\\u00e9\\n\\t\\\"\\\\\\/\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00x\"", "\"\\uZZZZ\"", "\"\\x\"", "\"a\nb\"",
        "\"unterminated", "[1, [2, [3, {\"k\": [4.5e-3, \"s\"]}]]]", "/* c */ 1", "[1] // c", "\"é\"", "[-]", "[0.1e1e1]",
        "{\"a\":{\"b\":{}}, \"a\": 2}", "\t\r\n[\r\n1\t]\n",
    ];

    [Test]
    public void AcceptsAndReadsExactlyWhatSystemTextJsonDoes_EdgeCases()
    {
        foreach (var text in EdgeCases)
        {
            Compare(Encoding.UTF8.GetBytes(text), text);
        }

        // Invalid UTF-8 inside and outside a string, and nesting at and beyond the limit.
        Compare([(byte)'"', 0xC3, 0x28, (byte)'"'], "invalid UTF-8 in a string");
        Compare([(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'], "an encoded surrogate");
        Compare([0xC3, 0xA9], "non-ASCII outside a string");
        Compare(Encoding.UTF8.GetBytes(new string('[', MaxDepth) + new string(']', MaxDepth)), "depth 64");
        Compare(Encoding.UTF8.GetBytes(new string('[', MaxDepth + 1) + new string(']', MaxDepth + 1)), "depth 65");
    }

    [Test]
    public void AcceptsAndReadsExactlyWhatSystemTextJsonDoes_MutatedInstances()
    {
        // Seeded mutations (a byte deleted, replaced or inserted, from JSON's own characters and a few others) of a
        // real instance file: most are malformed, some still valid. Both parsers must agree on every one.
        var original = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "examples", "instances", "xor-2-2-1-sigmoid.json"));
        byte[] alphabet = "{}[]\",:.-+eE0123456789 \n\tabtrufnl\\/u"u8.ToArray().Concat(new byte[] { 0x00, 0x1F, 0x7F, 0xC3, 0xFF }).ToArray();
        var random = new Random(2026);
        int accepted = 0;
        const int Trials = 3000;
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

            if (Compare([.. bytes], $"mutation {trial} (seed 2026)"))
            {
                accepted++;
            }
        }

        // Both outcomes must be exercised for the agreement to mean something.
        Assert.That(accepted, Is.InRange(Trials / 50, Trials - (Trials / 50)), "accepted mutations");
    }

    [Test]
    public void ErrorsCarryTheLineAndPositionOfTheFault()
    {
        var e = Assert.Throws<JsonException>(() => JsonTree.Parse(Encoding.UTF8.GetBytes("{\n  \"a\": [1, 2,, 3]\n}"), MaxDepth));
        Assert.That((e!.LineNumber, e.BytePositionInLine), Is.EqualTo((1L, 13L)), "the second comma of line 2 (0-based: line 1, byte 13)");
    }

    // True when both accept; fails the test when exactly one does, or when the values differ.
    private static bool Compare(byte[] bytes, string what)
    {
        JsonTree? ours = null;
        try
        {
            ours = JsonTree.Parse(bytes, MaxDepth);
        }
        catch (JsonException)
        {
        }

        string? expected = null;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
            expected = Canonical(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        Assert.That(ours is not null, Is.EqualTo(expected is not null), $"{what}: System.Text.Json {(expected is null ? "rejects" : "accepts")} «{Encoding.UTF8.GetString(bytes)}»");
        if (ours is not null)
        {
            Assert.That(Canonical(ours), Is.EqualTo(expected), what);
        }

        return ours is not null;
    }

    private static string Canonical(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Canonical)) + "]",
        JsonValueKind.String => "s" + JsonSerializer.Serialize(e.GetString()),
        JsonValueKind.Number => "n" + e.GetRawText(),
        _ => e.GetRawText(),
    };

    private static string Canonical(JsonTree t) => t.Kind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", t.Properties.Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", t.Items.Select(Canonical)) + "]",
        JsonValueKind.String => "s" + JsonSerializer.Serialize(t.String),
        JsonValueKind.Number => "n" + t.RawText(),
        _ => t.RawText(),
    };
}
