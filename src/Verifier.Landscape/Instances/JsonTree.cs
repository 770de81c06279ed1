using System.Text;
using System.Text.Json;
using Verifier.Symbolic;

namespace Verifier.Landscape.Instances;

/// <summary>
/// A JSON value of an instance file, read in one pass of <see cref="Utf8JsonReader"/> (which checks the syntax). It is
/// lighter than a <see cref="JsonDocument"/> where instance files are heavy: an array whose elements are all numbers
/// keeps only where each number's text lies in the source (no node per number), so a matrix of a hundred thousand
/// numbers costs two integers a number until its rows are read.
/// </summary>
internal sealed class JsonTree
{
    private readonly ReadOnlyMemory<byte> _source;
    private readonly int _start;
    private readonly int _length;
    private readonly List<KeyValuePair<string, JsonTree>>? _properties;
    private List<JsonTree>? _items;
    private readonly List<(int Start, int Length)>? _numbers;

    private JsonTree(JsonValueKind kind, ReadOnlyMemory<byte> source, int start = 0, int length = 0, string? text = null,
        List<KeyValuePair<string, JsonTree>>? properties = null, List<JsonTree>? items = null, List<(int, int)>? numbers = null)
    {
        Kind = kind;
        _source = source;
        _start = start;
        _length = length;
        String = text;
        _properties = properties;
        _items = items;
        _numbers = numbers;
    }

    /// <summary>What the value is.</summary>
    public JsonValueKind Kind { get; }

    /// <summary>A string's value (unescaped); null for other kinds.</summary>
    public string? String { get; }

    /// <summary>A number's text as written, in UTF-8.</summary>
    public ReadOnlySpan<byte> NumberUtf8 => _source.Span.Slice(_start, _length);

    /// <summary>An object's properties in order (empty for other kinds).</summary>
    public IReadOnlyList<KeyValuePair<string, JsonTree>> Properties => _properties ?? [];

    /// <summary>An array's length (0 for other kinds).</summary>
    public int Count => _numbers?.Count ?? _items?.Count ?? 0;

    /// <summary>True for an array whose elements are all numbers (read them with <see cref="NumberAt"/>).</summary>
    public bool IsNumberArray => _numbers is not null;

    /// <summary>The text of element <paramref name="index"/> of a number array, in UTF-8.</summary>
    public ReadOnlySpan<byte> NumberAt(int index)
    {
        var (start, length) = _numbers![index];
        return _source.Span.Slice(start, length);
    }

    /// <summary>
    /// Appends the leading elements of a number array that are plain decimals (see
    /// <see cref="RationalArray.Builder.TryAddPlainDecimal"/>) to <paramref name="into"/>; returns how many (all of
    /// them, <see cref="Count"/>, unless one is written otherwise).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int AppendPlainDecimals(RationalArray.Builder into)
    {
        var source = _source.Span;
        var numbers = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_numbers);
        for (int i = 0; i < numbers.Length; i++)
        {
            if (!into.TryAddPlainDecimal(source.Slice(numbers[i].Start, numbers[i].Length)))
            {
                return i;
            }
        }

        return numbers.Length;
    }

    /// <summary>An array's elements (for a number array, built on first use).</summary>
    public IReadOnlyList<JsonTree> Items
    {
        get
        {
            if (_items is null && _numbers is not null)
            {
                _items = [.. _numbers.Select(n => new JsonTree(JsonValueKind.Number, _source, n.Start, n.Length))];
            }

            return _items ?? [];
        }
    }

    /// <summary>The first property of an object with this name.</summary>
    public bool TryGetProperty(string name, out JsonTree value)
    {
        foreach (var property in Properties)
        {
            if (property.Key == name)
            {
                value = property.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>A number that is an integer in the range of <see cref="int"/>, written without fraction or exponent.</summary>
    public bool TryGetInt32(out int value)
    {
        value = 0;
        return Kind == JsonValueKind.Number && System.Buffers.Text.Utf8Parser.TryParse(NumberUtf8, out value, out int used) && used == _length;
    }

    /// <summary>The value's JSON text (numbers as written; strings and other values for messages).</summary>
    public string RawText() => Kind switch
    {
        JsonValueKind.Number => Encoding.UTF8.GetString(NumberUtf8),
        JsonValueKind.String => JsonSerializer.Serialize(String),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "[...]",
        _ => "{...}",
    };

    /// <summary>Parses UTF-8 JSON text (nesting at most <paramref name="maxDepth"/> deep; no comments or trailing commas).</summary>
    /// <exception cref="JsonException">The text is not JSON; the exception gives the line and byte position.</exception>
    public static JsonTree Parse(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read())
        {
            throw new JsonException("The text holds no JSON value.", null, 0, 0);
        }

        var root = ReadValue(ref reader, utf8);
        if (reader.Read())
        {
            // Utf8JsonReader reports text after the value itself; this is not reached for well-formed input.
            throw new JsonException("Text follows the JSON value.", null, 0, reader.BytesConsumed);
        }

        return root;
    }

    // The value whose first token the reader is on; leaves the reader on its last token.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static JsonTree ReadValue(ref Utf8JsonReader reader, ReadOnlyMemory<byte> source)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var properties = new List<KeyValuePair<string, JsonTree>>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    reader.Read();
                    properties.Add(new(name, ReadValue(ref reader, source)));
                }

                return new JsonTree(JsonValueKind.Object, source, properties: properties);
            }

            case JsonTokenType.StartArray:
            {
                // Numbers are kept as positions while every element so far is a number; the first other element turns
                // the positions into nodes.
                List<(int, int)>? numbers = [];
                List<JsonTree>? items = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (numbers is not null && reader.TokenType == JsonTokenType.Number && !reader.HasValueSequence)
                    {
                        numbers.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length));
                        continue;
                    }

                    if (numbers is not null)
                    {
                        items = [.. numbers.Select(n => new JsonTree(JsonValueKind.Number, source, n.Item1, n.Item2))];
                        numbers = null;
                    }

                    items!.Add(ReadValue(ref reader, source));
                }

                return new JsonTree(JsonValueKind.Array, source, items: items, numbers: numbers);
            }

            case JsonTokenType.String:
                return new JsonTree(JsonValueKind.String, source, text: reader.GetString());
            case JsonTokenType.Number:
                return new JsonTree(JsonValueKind.Number, source, (int)reader.TokenStartIndex, reader.ValueSpan.Length);
            case JsonTokenType.True:
                return new JsonTree(JsonValueKind.True, source);
            case JsonTokenType.False:
                return new JsonTree(JsonValueKind.False, source);
            default:
                return new JsonTree(JsonValueKind.Null, source);
        }
    }
}
