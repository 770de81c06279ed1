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
                _items = NumberNodes(_source, _numbers);
            }

            return _items ?? [];
        }
    }

    // One number node per recorded position.
    private static List<JsonTree> NumberNodes(ReadOnlyMemory<byte> source, List<(int Start, int Length)> numbers) =>
        [.. numbers.Select(n => new JsonTree(JsonValueKind.Number, source, n.Start, n.Length))];

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

    /// <summary>
    /// Parses UTF-8 JSON text (RFC 8259: no comments, no trailing commas, strings valid UTF-8 and UTF-16), nesting at most
    /// <paramref name="maxDepth"/> deep. One pass over the bytes; an array of numbers records only where each lies.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON; the exception gives the line and the byte position in it.</exception>
    public static JsonTree Parse(ReadOnlyMemory<byte> utf8, int maxDepth) => new Parser(utf8, maxDepth).Document();

    // A recursive-descent parser over the bytes; depth is bounded by maxDepth, so the recursion is too.
    private sealed class Parser(ReadOnlyMemory<byte> source, int maxDepth)
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private int _pos;
        private int _depth;

        public JsonTree Document()
        {
            var s = source.Span;
            Skip(s);
            var root = Value(s);
            Skip(s);
            if (_pos < s.Length)
            {
                throw Fail(s, "text after the JSON value");
            }

            return root;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private JsonTree Value(ReadOnlySpan<byte> s)
        {
            if (_pos >= s.Length)
            {
                throw Fail(s, "a value was expected");
            }

            switch (s[_pos])
            {
                case (byte)'{':
                {
                    Enter(s);
                    var properties = new List<KeyValuePair<string, JsonTree>>();
                    Skip(s);
                    if (At(s, (byte)'}'))
                    {
                        _pos++;
                        _depth--;
                        return new JsonTree(JsonValueKind.Object, source, properties: properties);
                    }

                    while (true)
                    {
                        if (!At(s, (byte)'"'))
                        {
                            throw Fail(s, "a property name was expected");
                        }

                        string name = String(s);
                        Skip(s);
                        Expect(s, (byte)':');
                        Skip(s);
                        properties.Add(new(name, Value(s)));
                        Skip(s);
                        if (At(s, (byte)','))
                        {
                            _pos++;
                            Skip(s);
                            continue;
                        }

                        Expect(s, (byte)'}');
                        _depth--;
                        return new JsonTree(JsonValueKind.Object, source, properties: properties);
                    }
                }

                case (byte)'[':
                {
                    Enter(s);
                    Skip(s);
                    // Numbers are kept as positions while every element so far is a number; the first other element
                    // turns the positions into nodes.
                    List<(int, int)>? numbers = [];
                    List<JsonTree>? items = null;
                    if (At(s, (byte)']'))
                    {
                        _pos++;
                        _depth--;
                        return new JsonTree(JsonValueKind.Array, source, numbers: numbers);
                    }

                    while (true)
                    {
                        byte c = s[_pos];
                        if (numbers is not null && (c == '-' || IsDigit(c)))
                        {
                            int start = _pos;
                            Number(s);
                            numbers.Add((start, _pos - start));
                        }
                        else
                        {
                            if (numbers is not null)
                            {
                                items = NumberNodes(source, numbers);
                                numbers = null;
                            }

                            items!.Add(Value(s));
                        }

                        Skip(s);
                        if (At(s, (byte)','))
                        {
                            _pos++;
                            Skip(s);
                            if (_pos >= s.Length)
                            {
                                throw Fail(s, "a value was expected");
                            }

                            continue;
                        }

                        Expect(s, (byte)']');
                        _depth--;
                        return new JsonTree(JsonValueKind.Array, source, items: items, numbers: numbers);
                    }
                }

                case (byte)'"':
                    return new JsonTree(JsonValueKind.String, source, text: String(s));
                case (byte)'t':
                    Literal(s, "true"u8);
                    return new JsonTree(JsonValueKind.True, source);
                case (byte)'f':
                    Literal(s, "false"u8);
                    return new JsonTree(JsonValueKind.False, source);
                case (byte)'n':
                    Literal(s, "null"u8);
                    return new JsonTree(JsonValueKind.Null, source);
                default:
                {
                    int start = _pos;
                    Number(s);
                    return new JsonTree(JsonValueKind.Number, source, start, _pos - start);
                }
            }
        }

        // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void Number(ReadOnlySpan<byte> s)
        {
            int i = _pos;
            if (i < s.Length && s[i] == '-')
            {
                i++;
            }

            if (i < s.Length && s[i] == '0')
            {
                i++;
            }
            else if (i < s.Length && IsDigit(s[i]) && s[i] != '0')
            {
                while (++i < s.Length && IsDigit(s[i]))
                {
                }
            }
            else
            {
                _pos = i;
                throw Fail(s, "a digit was expected");
            }

            if (i < s.Length && s[i] == '.')
            {
                if (++i >= s.Length || !IsDigit(s[i]))
                {
                    _pos = i;
                    throw Fail(s, "a digit was expected after the decimal point");
                }

                while (++i < s.Length && IsDigit(s[i]))
                {
                }
            }

            if (i < s.Length && (s[i] | 0x20) == 'e')
            {
                if (++i < s.Length && (s[i] == '+' || s[i] == '-'))
                {
                    i++;
                }

                if (i >= s.Length || !IsDigit(s[i]))
                {
                    _pos = i;
                    throw Fail(s, "a digit was expected in the exponent");
                }

                while (++i < s.Length && IsDigit(s[i]))
                {
                }
            }

            _pos = i;
        }

        // A string from its opening quote: escapes resolved, UTF-8 and UTF-16 (escaped surrogate pairs) checked.
        private string String(ReadOnlySpan<byte> s)
        {
            int start = ++_pos;
            bool escaped = false;
            while (true)
            {
                if (_pos >= s.Length)
                {
                    throw Fail(s, "the string is not closed");
                }

                byte c = s[_pos];
                if (c == '"')
                {
                    break;
                }

                if (c < 0x20)
                {
                    throw Fail(s, "a control character in a string");
                }

                if (c == '\\')
                {
                    escaped = true;
                    _pos++;
                    if (_pos >= s.Length)
                    {
                        throw Fail(s, "the string is not closed");
                    }

                    switch (s[_pos])
                    {
                        case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                            break;
                        case (byte)'u':
                            for (int k = 1; k <= 4; k++)
                            {
                                if (_pos + k >= s.Length || !char.IsAsciiHexDigit((char)s[_pos + k]))
                                {
                                    _pos += k;
                                    throw Fail(s, "\\u needs four hexadecimal digits");
                                }
                            }

                            _pos += 4;
                            break;
                        default:
                            throw Fail(s, "an unknown escape");
                    }
                }

                _pos++;
            }

            var raw = s[start.._pos];
            _pos++;
            string text;
            try
            {
                text = StrictUtf8.GetString(raw);
            }
            catch (DecoderFallbackException)
            {
                throw Fail(s, "the string is not valid UTF-8", start);
            }

            return escaped ? Unescape(text, s, start) : text;
        }

        // The escapes of a checked string resolved; a \u escape that leaves a lone surrogate is not valid UTF-16.
        private string Unescape(string text, ReadOnlySpan<byte> s, int start)
        {
            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                char e = text[++i];
                sb.Append(e switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'u' => (char)int.Parse(text.AsSpan(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture),
                    _ => e,
                });
                if (e == 'u')
                {
                    i += 4;
                }
            }

            var result = sb.ToString();
            for (int i = 0; i < result.Length; i++)
            {
                if (char.IsHighSurrogate(result[i]) && i + 1 < result.Length && char.IsLowSurrogate(result[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(result[i]))
                {
                    throw Fail(s, "an escaped lone surrogate (not valid UTF-16)", start);
                }
            }

            return result;
        }

        private void Literal(ReadOnlySpan<byte> s, ReadOnlySpan<byte> word)
        {
            for (int k = 0; k < word.Length; k++, _pos++)
            {
                if (_pos >= s.Length || s[_pos] != word[k])
                {
                    throw Fail(s, "an unknown literal");
                }
            }
        }

        private void Enter(ReadOnlySpan<byte> s)
        {
            if (++_depth > maxDepth)
            {
                throw Fail(s, $"nesting deeper than {maxDepth}");
            }

            _pos++;
        }

        private void Expect(ReadOnlySpan<byte> s, byte c)
        {
            if (!At(s, c))
            {
                throw Fail(s, $"'{(char)c}' was expected");
            }

            _pos++;
        }

        private bool At(ReadOnlySpan<byte> s, byte c) => _pos < s.Length && s[_pos] == c;

        private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private void Skip(ReadOnlySpan<byte> s)
        {
            while (_pos < s.Length && s[_pos] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                _pos++;
            }
        }

        // The error at the current position (or at `at`), with its 0-based line and byte position in that line.
        private JsonException Fail(ReadOnlySpan<byte> s, string problem, int at = -1)
        {
            int position = Math.Min(at >= 0 ? at : _pos, s.Length);
            var before = s[..position];
            int line = before.Count((byte)'\n');
            int lineStart = before.LastIndexOf((byte)'\n') + 1;
            return new JsonException(problem, null, line, position - lineStart);
        }
    }
}
