using System.Buffers;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Serialization;
using Verifier.Symbolic;

namespace Verifier.Landscape.Instances;

/// <summary>Reads and writes <c>verifier-instance/1</c> JSON files with exact numbers.</summary>
/// <remarks>
/// A JSON number means its exact decimal value (0.1 is 1/10); a string "p/q" or a decimal string is an
/// exact rational. Every number must also be finite in double precision, because the floating path
/// reads the same file.
/// </remarks>
public static class InstanceFile
{
    /// <summary>The format tag of version 1.</summary>
    public const string FormatTag = "verifier-instance/1";

    // The JSON grammar of instance files: RFC 8259 (no comments, no trailing commas), nesting at most 64 deep.
    private const int MaxDepth = 64;

    private static readonly JsonReaderOptions Grammar = new() { MaxDepth = MaxDepth };

    /// <summary>Reads an instance file (UTF-8, with or without a byte-order mark, or UTF-16 or UTF-32 with one).</summary>
    /// <exception cref="InstanceFormatException">The file is missing, is not JSON, or does not describe a valid instance.</exception>
    public static Instance Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InstanceFormatException(
                path,
                "",
                Directory.Exists(path) ? "is a directory, not an instance file"
                : e is FileNotFoundException or DirectoryNotFoundException ? "file not found"
                : $"cannot read the file ({e.Message})");
        }

        return ParseFile(bytes, path);
    }

    /// <summary>
    /// Parses the bytes of an instance file exactly as <see cref="Read(string)"/> does once it has read them: UTF-8
    /// with or without a byte-order mark, or UTF-16 or UTF-32 with one; <paramref name="source"/> names it in errors.
    /// </summary>
    /// <exception cref="InstanceFormatException">The bytes are not JSON or do not describe a valid instance.</exception>
    public static Instance ParseFile(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);

        // UTF-8 (with or without a byte-order mark) is read as bytes, skipping a transcoding of the whole file;
        // a UTF-16 or UTF-32 file (its byte-order mark says so) is decoded to text first.
        if (bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0, 0, 0xFE, 0xFF, ..])
        {
            using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
            return Parse(reader.ReadToEnd(), source);
        }

        return Parse(bytes, source);
    }

    /// <summary>Parses the text of an instance file; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InstanceFormatException">The text is not JSON or does not describe a valid instance.</exception>
    public static Instance Parse(string text, string source = "<instance>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text), source);
    }

    /// <summary>
    /// Parses the UTF-8 text of an instance file (a leading byte-order mark is skipped), or the UTF-8 slice of a larger
    /// document that holds one instance object; <paramref name="source"/> names it in errors.
    /// </summary>
    /// <remarks>
    /// A syntax error anywhere in the text is reported as "malformed JSON" with its line and column, even where a
    /// problem of content comes before it; the text is scanned a second time only when there is an error to report.
    /// </remarks>
    /// <exception cref="InstanceFormatException">The text is not JSON or does not describe a valid instance.</exception>
    public static Instance Parse(ReadOnlySpan<byte> utf8, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            return new Reader(source, new Utf8JsonReader(utf8, Grammar), utf8).ReadDocument();
        }
        catch (Exception e) when (e is JsonException or InstanceFormatException)
        {
            if (FirstSyntaxError(utf8, source) is { } malformed)
            {
                throw malformed;
            }

            throw;
        }
    }

    /// <summary>
    /// Reads the instance object of an already parsed document (e.g. the <c>instance</c> of a certificate) without
    /// serialising it again; <paramref name="source"/> names it in errors, e.g. "cert.json: instance".
    /// </summary>
    /// <exception cref="InstanceFormatException">The element does not describe a valid instance.</exception>
    public static Instance Read(JsonElement instance, string source) =>
        Parse(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(instance), source);

    /// <summary>
    /// Reads a <c>weights</c> array (one <c>{"W": ..., "b": ...}</c> object per layer, as in an instance file) of an
    /// already parsed document for <paramref name="network"/>, without serialising it again: the parameters in the
    /// network's order, exactly as written. <paramref name="source"/> names it in errors, e.g. "cert.json: witness".
    /// </summary>
    /// <exception cref="InstanceFormatException">The element is not a valid weights array for the network.</exception>
    public static IReadOnlyList<Rational> ReadWeights(JsonElement weights, NetworkSpec network, string source)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        var utf8 = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(weights);
        try
        {
            var reader = new Reader(source, new Utf8JsonReader(utf8, Grammar), utf8);
            return reader.ReadWeightsDocument(network);
        }
        catch (JsonException e)
        {
            throw Malformed(source, e.LineNumber, e.BytePositionInLine);
        }
    }

    /// <summary>
    /// Reads the instance object on which <paramref name="reader"/> stands (its <see cref="JsonTokenType.StartObject"/>
    /// token, or the property name or start before it) and leaves the reader on the object's
    /// <see cref="JsonTokenType.EndObject"/>; <paramref name="source"/> names it in errors, e.g. "cert.json: instance".
    /// </summary>
    /// <remarks>
    /// The reader's own options (comments, depth) apply. A syntax error is reported where the reader meets it; unlike
    /// <see cref="Parse(ReadOnlySpan{byte}, string)"/>, the rest of the document is not scanned for an earlier report.
    /// </remarks>
    /// <exception cref="InstanceFormatException">The JSON is malformed or does not describe a valid instance.</exception>
    public static Instance Read(ref Utf8JsonReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            if (reader.TokenType is JsonTokenType.None or JsonTokenType.PropertyName)
            {
                Next(ref reader);
            }

            var instanceReader = new Reader(source, reader, []);
            var instance = instanceReader.ReadInstance();
            reader = instanceReader.Position;
            return instance;
        }
        catch (JsonException e)
        {
            throw Malformed(source, e.LineNumber, e.BytePositionInLine);
        }
    }

    // The first syntax error of the text (a string that is not valid UTF-8 or UTF-16 included), or null when it is JSON.
    private static InstanceFormatException? FirstSyntaxError(ReadOnlySpan<byte> utf8, string source)
    {
        var reader = new Utf8JsonReader(utf8, Grammar);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    _ = Text(ref reader);
                }
            }

            return null;
        }
        catch (JsonException e) when (e.LineNumber is not null)
        {
            return Malformed(source, e.LineNumber, e.BytePositionInLine);
        }
        catch (JsonException)
        {
            // A string that cannot be decoded: its position, counted as Utf8JsonReader counts them.
            var before = utf8[..(int)reader.TokenStartIndex];
            int line = before.Count((byte)'\n');
            return Malformed(source, line, before.Length - (before.LastIndexOf((byte)'\n') + 1),
                " (a string that is not valid UTF-8 or UTF-16, e.g. an unpaired surrogate escape such as \\ud800)");
        }
    }

    private static InstanceFormatException Malformed(string source, long? line, long? bytePositionInLine, string detail = "") =>
        new(source, line is { } l ? $"line {l + 1}, column {bytePositionInLine + 1}" : "", "malformed JSON" + detail);

    // Moves to the next token; the text may not end inside an instance.
    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The text ends inside the instance.");

    // The string or property name the reader stands on; JsonException when it is not valid UTF-8 or UTF-16.
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("A string is not valid UTF-8 or UTF-16.", e);
        }
    }

    // Whether the string or property name the reader stands on reads `text`; JsonException when it is not valid UTF-8
    // or UTF-16 (an escaped lone surrogate such as "\ud800" makes the reader's own comparison throw).
    private static bool TextEquals(ref Utf8JsonReader reader, string text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException e)
        {
            throw new JsonException("A string is not valid UTF-8 or UTF-16.", e);
        }
    }

    // The UTF-8 text of the token the reader stands on (a number's digits as written).
    private static ReadOnlySpan<byte> Raw(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;

    private static string PathOf(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    // Reads one instance object token by token. Fields may come in any order, so the shapes of the matrices are
    // checked against the network once the whole object has been read. When the reader was started on the whole
    // text (`document`, with `_offset` the position of the reader's span in it), a row of plain decimals is scanned
    // from the text directly (see ScanRow) and the reader resumes at its closing bracket.
    private ref struct Reader(string source, Utf8JsonReader reader, ReadOnlySpan<byte> document)
    {
        private static readonly string[] InstanceFields = ["format", "name", "network", "loss", "data", "weights"];
        private static readonly string[] NetworkFields = ["layers", "activation", "output", "bias"];
        private static readonly string[] DataFields = ["x", "y"];
        private static readonly string[] LayerFields = ["W", "b"];

        private readonly string _source = source;
        private readonly ReadOnlySpan<byte> _document = document;
        private Utf8JsonReader _reader = reader;
        private int _offset;

        /// <summary>The token reader, where the reading left it.</summary>
        public readonly Utf8JsonReader Position => _reader;

        private readonly InstanceFormatException Error(string location, string problem) => new(_source, location, problem);

        // The whole text: one instance object and nothing after it.
        public Instance ReadDocument()
        {
            Next(ref _reader);
            var instance = ReadInstance();
            return _reader.Read() ? throw new JsonException("Text follows the JSON value.") : instance;
        }

        // A weights array alone, shaped for the network.
        public RationalArray ReadWeightsDocument(NetworkSpec network)
        {
            Next(ref _reader);
            var weights = ShapeWeights(ReadWeights(), network);
            return _reader.Read() ? throw new JsonException("Text follows the JSON value.") : weights;
        }

        public Instance ReadInstance()
        {
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("", "the top level must be a JSON object");
            }

            string name = "";
            string lossName = "mse";
            NetworkSpec? network = null;
            DataText? data = null;
            WeightsText? weights = null;
            int seen = 0;
            while (Next(ref _reader) == JsonTokenType.PropertyName)
            {
                switch (Field(InstanceFields, "", ref seen))
                {
                    case 0:
                        var format = OptionalString("format");
                        if (format is not null && format != FormatTag)
                        {
                            throw Error("format", $"unknown format '{format}' (expected '{FormatTag}')");
                        }

                        break;
                    case 1:
                        name = OptionalString("name") ?? "";
                        break;
                    case 2:
                        network = _reader.TokenType == JsonTokenType.Null ? null : ReadNetwork();
                        break;
                    case 3:
                        lossName = OptionalString("loss") ?? "mse";
                        break;
                    case 4:
                        data = _reader.TokenType == JsonTokenType.Null ? null : ReadData();
                        break;
                    default:
                        weights = _reader.TokenType == JsonTokenType.Null ? null : ReadWeights();
                        break;
                }
            }

            var spec = network ?? throw Error("network", "missing");
            var loss = Names.ParseLoss(lossName) ?? throw Error("loss", $"unknown loss '{lossName}' (expected one of {Names.LossList})");
            var dataset = ShapeData(data ?? throw Error("data", "missing"), spec);
            if (loss == LossKind.Logistic)
            {
                if (spec.OutputWidth != 1 || spec.Output != Activation.Linear)
                {
                    throw Error("loss", "the logistic loss needs one linear output (the logit): network.layers must end in 1 and network.output be linear");
                }

                int bad = Enumerable.Range(0, dataset.Count).FirstOrDefault(i => dataset.YExact[i] != 0 && dataset.YExact[i] != 1, -1);
                if (bad >= 0)
                {
                    throw Error($"data.y[{bad}]", $"the logistic loss needs targets 0 or 1, not {dataset.YExact[bad]}");
                }
            }

            return new Instance(name, spec, loss, dataset, weights is null ? null : ShapeWeights(weights, spec));
        }

        // The index in `names` of the property name the reader stands on, which must not have been seen before in
        // this object (bit k of `seen` records names[k]); leaves the reader on the property's value.
        private int Field(string[] names, string parent, ref int seen)
        {
            for (int k = 0; k < names.Length; k++)
            {
                if (TextEquals(ref _reader, names[k]))
                {
                    if ((seen & (1 << k)) != 0)
                    {
                        throw Error(PathOf(parent, names[k]), $"duplicate property \"{names[k]}\"");
                    }

                    seen |= 1 << k;
                    Next(ref _reader);
                    return k;
                }
            }

            throw Error(PathOf(parent, Text(ref _reader)), $"unknown field (expected {string.Join(", ", names)})");
        }

        private NetworkSpec ReadNetwork()
        {
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("network", "must be an object with layers, activation, output, bias");
            }

            List<int>? layers = null;
            string? activationName = null;
            string outputName = "linear";
            bool bias = true;
            int seen = 0;
            while (Next(ref _reader) == JsonTokenType.PropertyName)
            {
                switch (Field(NetworkFields, "network", ref seen))
                {
                    case 0:
                        layers = _reader.TokenType == JsonTokenType.Null ? null : ReadWidths();
                        break;
                    case 1:
                        activationName = OptionalString("network.activation");
                        break;
                    case 2:
                        outputName = OptionalString("network.output") ?? "linear";
                        break;
                    default:
                        bias = _reader.TokenType switch
                        {
                            JsonTokenType.True => true,
                            JsonTokenType.False => false,
                            _ => throw Error("network.bias", "must be true or false"),
                        };
                        break;
                }
            }

            var widths = layers ?? throw Error("network.layers", "missing");
            if (widths.Count < 2)
            {
                throw Error("network.layers", "needs at least two widths (input and output)");
            }

            // A network without hidden layers has no hidden activation: it may be left out (linear is stored).
            var activationText = activationName ?? (widths.Count == 2 ? "linear" : throw Error("network.activation", "missing (expected one of " + Names.ActivationList + ")"));
            var activation = Names.ParseActivation(activationText) ?? throw Error("network.activation", $"unknown activation '{activationText}' (expected one of {Names.ActivationList})");
            var output = Names.ParseActivation(outputName) ?? throw Error("network.output", $"unknown activation '{outputName}' (expected one of {Names.ActivationList})");
            try
            {
                return new NetworkSpec(widths, activation, output, bias);
            }
            catch (OverflowException)
            {
                throw Error("network.layers", "the network has more than 2³¹ parameters");
            }
        }

        private List<int> ReadWidths()
        {
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error("network.layers", "must be an array of layer widths such as [2, 2, 1]");
            }

            var layers = new List<int>();
            while (Next(ref _reader) != JsonTokenType.EndArray)
            {
                if (_reader.TokenType != JsonTokenType.Number || !_reader.TryGetInt32(out int width) || width < 1)
                {
                    throw Error($"network.layers[{layers.Count}]", "a layer width must be a positive integer");
                }

                layers.Add(width);
            }

            return layers;
        }

        private DataText ReadData()
        {
            if (_reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("data", "must be an object with x and y");
            }

            var x = new RationalArray.Builder(1024);
            var y = new RationalArray.Builder(1024);
            MatrixText? xRows = null, yRows = null;
            int seen = 0;
            while (Next(ref _reader) == JsonTokenType.PropertyName)
            {
                if (Field(DataFields, "data", ref seen) == 0)
                {
                    xRows = _reader.TokenType == JsonTokenType.Null ? null : ReadMatrix("data.x", x);
                }
                else
                {
                    yRows = _reader.TokenType == JsonTokenType.Null ? null : ReadMatrix("data.y", y);
                }
            }

            return new DataText(xRows ?? throw Error("data.x", "missing"), x, yRows ?? throw Error("data.y", "missing"), y);
        }

        private WeightsText ReadWeights()
        {
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error("weights", "must be an array with one {\"W\": ..., \"b\": ...} object per layer");
            }

            var theta = new RationalArray.Builder(1024);
            var layers = new List<LayerText>();
            while (Next(ref _reader) != JsonTokenType.EndArray)
            {
                string at = $"weights[{layers.Count}]";
                if (_reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Error(at, "must be an object {\"W\": [[...]], \"b\": [...]}");
                }

                MatrixText? w = null;
                (int Start, int Length)? b = null;
                int seen = 0;
                while (Next(ref _reader) == JsonTokenType.PropertyName)
                {
                    if (Field(LayerFields, at, ref seen) == 0)
                    {
                        w = _reader.TokenType == JsonTokenType.Null ? null : ReadMatrix(at + ".W", theta);
                    }
                    else if (_reader.TokenType != JsonTokenType.Null)
                    {
                        if (_reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw Error(at + ".b", "must be an array of numbers");
                        }

                        int start = theta.Count;
                        b = (start, ReadNumbers(at + ".b", -1, theta));
                    }
                }

                layers.Add(new LayerText(at, w, b));
            }

            return new WeightsText(layers, theta);
        }

        // Appends the rows of a matrix to `into`; returns where they lie and how long each is.
        private MatrixText ReadMatrix(string at, RationalArray.Builder into)
        {
            if (_reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error(at, "must be an array of rows");
            }

            int start = into.Count;
            var rowLengths = new List<int>();
            while (Next(ref _reader) != JsonTokenType.EndArray)
            {
                if (_reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Error($"{at}[{rowLengths.Count}]", "must be an array of numbers");
                }

                rowLengths.Add(ReadNumbers(at, rowLengths.Count, into));
            }

            return new MatrixText(at, start, rowLengths);
        }

        // Appends the elements of the array the reader stands on to `into` and returns how many there were; the array
        // is `at`, or row `row` of `at` when row ≥ 0. The bulk of an instance file: plain decimals go straight from
        // their text into the array.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private int ReadNumbers(string at, int row, RationalArray.Builder into)
        {
            if (!_document.IsEmpty && ScanRow(_document, _offset + (int)_reader.BytesConsumed, into, out int scanned) is int close and >= 0)
            {
                // The reader stands on the row's '['; it resumes at the ']' in the same state, as if the row were empty.
                _offset = close;
                _reader = new Utf8JsonReader(_document[close..], isFinalBlock: true, _reader.CurrentState);
                Next(ref _reader);
                return scanned;
            }

            int count = 0;
            while (true)
            {
                var token = Next(ref _reader);
                if (token == JsonTokenType.Number && !_reader.HasValueSequence && into.TryAddPlainDecimal(_reader.ValueSpan))
                {
                    count++;
                    continue;
                }

                if (token == JsonTokenType.EndArray)
                {
                    return count;
                }

                string text = token switch
                {
                    JsonTokenType.Number => Encoding.UTF8.GetString(Raw(ref _reader)),
                    JsonTokenType.String => Text(ref _reader),
                    _ => throw Error(Element(at, row, count), $"expected a number, got {Describe()}"),
                };
                into.Add(ParseNumber(text, at, row, count));
                count++;
            }
        }

        // Scans `ws number (ws , ws number)* ws ]` from `start`, where every number is a plain decimal in JSON's grammar
        // (no exponent, at most 19 digits), appending the numbers to `into`; returns the position of the closing bracket
        // and how many numbers there were. Any other row (empty, with strings or exponents, malformed) leaves `into` as
        // it was and gives −1: the token reader reads it instead.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private static int ScanRow(ReadOnlySpan<byte> text, int start, RationalArray.Builder into, out int count)
        {
            int mark = into.Count;
            int i = SkipSpace(text, start);
            while (i < text.Length)
            {
                int begin = i;
                if (text[i] == '-' && ++i >= text.Length)
                {
                    break;
                }

                if (text[i] == '0')
                {
                    i++;
                }
                else if (IsDigit(text[i]))
                {
                    i = SkipDigits(text, i + 1);
                }
                else
                {
                    break;
                }

                if (i < text.Length && text[i] == '.')
                {
                    if (++i >= text.Length || !IsDigit(text[i]))
                    {
                        break;
                    }

                    i = SkipDigits(text, i + 1);
                }

                if (!into.TryAddPlainDecimal(text[begin..i]))
                {
                    break;
                }

                i = SkipSpace(text, i);
                if (i < text.Length && text[i] == ']')
                {
                    count = into.Count - mark;
                    return i;
                }

                if (i >= text.Length || text[i] != ',')
                {
                    break;
                }

                i = SkipSpace(text, i + 1);
            }

            into.Truncate(mark);
            count = 0;
            return -1;
        }

        private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

        private static int SkipDigits(ReadOnlySpan<byte> text, int i)
        {
            while (i < text.Length && IsDigit(text[i]))
            {
                i++;
            }

            return i;
        }

        private static int SkipSpace(ReadOnlySpan<byte> text, int i)
        {
            while (i < text.Length && text[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                i++;
            }

            return i;
        }

        private static string Element(string at, int row, int index) => row >= 0 ? $"{at}[{row}][{index}]" : $"{at}[{index}]";

        // A number written as JSON number or string: any exact decimal or "p/q" that is finite in double precision.
        // The element's location is formatted only when there is an error to report.
        private Rational ParseNumber(string text, string at, int row, int index)
        {
            Rational value;
            try
            {
                value = Rational.Parse(text);
            }
            catch (FormatException ex)
            {
                var trimmed = text.Trim();
                bool nonFinite = trimmed.Contains("nan", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("inf", StringComparison.OrdinalIgnoreCase);
                throw Error(Element(at, row, index), nonFinite ? $"'{text}' is not a finite number" : ex.Message);
            }
            catch (DivideByZeroException)
            {
                throw Error(Element(at, row, index), $"'{text}' has denominator zero");
            }

            try
            {
                _ = value.ToDouble();
            }
            catch (OverflowException)
            {
                throw Error(Element(at, row, index), $"'{text}' is infinite in double precision (beyond ±1.8e308)");
            }

            return value;
        }

        private Dataset ShapeData(DataText data, NetworkSpec network)
        {
            int xRows = CheckColumns(data.XRows, network.InputWidth, "the network's input width");
            int yRows = CheckColumns(data.YRows, network.OutputWidth, "the network's output width");
            if (xRows == 0)
            {
                throw Error("data.x", "the dataset is empty (at least one sample is needed)");
            }

            if (xRows != yRows)
            {
                throw Error("data.y", $"has {yRows} rows but data.x has {xRows}: every sample needs an input and a target");
            }

            return new Dataset(xRows, network.InputWidth, network.OutputWidth, data.X.ToArray(), data.Y.ToArray());
        }

        // The parameters in the network's order (W then b, layer by layer), whatever order the file gave them in.
        private RationalArray ShapeWeights(WeightsText weights, NetworkSpec network)
        {
            if (weights.Layers.Count != network.Depth)
            {
                throw Error("weights", $"has {weights.Layers.Count} layers but the network has depth {network.Depth} (layers {string.Join(',', network.Layers)})");
            }

            var segments = new List<(int Start, int Length)>(2 * network.Depth);
            for (int l = 1; l <= network.Depth; l++)
            {
                var layer = weights.Layers[l - 1];
                int rows = network.Layers[l], cols = network.Layers[l - 1];
                var w = layer.W ?? throw Error(layer.At + ".W", "missing");
                int wRows = CheckColumns(w, cols, $"the width {cols} of layer {l - 1}");
                if (wRows != rows)
                {
                    throw Error(layer.At + ".W", $"has {wRows} rows; layer {l} has width {rows}, so W must be {rows}×{cols}");
                }

                segments.Add((w.Start, rows * cols));
                if (network.Bias)
                {
                    var b = layer.B ?? throw Error(layer.At + ".b", "missing (the network has biases)");
                    if (b.Length != rows)
                    {
                        throw Error(layer.At + ".b", $"has {b.Length} entries; expected {rows}");
                    }

                    segments.Add(b);
                }
                else if (layer.B is not null)
                {
                    throw Error(layer.At + ".b", "given, but the network has \"bias\": false");
                }
            }

            var theta = weights.Theta.ToArray();
            if (InOrder(segments))
            {
                return theta;
            }

            var ordered = new RationalArray.Builder(network.ParameterCount);
            foreach (var (start, length) in segments)
            {
                ordered.AddRange(theta, start, length);
            }

            return ordered.ToArray();
        }

        // True when the segments follow one another from 0 (the file gave W and b in the network's order).
        private static bool InOrder(List<(int Start, int Length)> segments)
        {
            int next = 0;
            foreach (var (start, length) in segments)
            {
                if (start != next)
                {
                    return false;
                }

                next += length;
            }

            return true;
        }

        // Checks that every row of a matrix has `columns` entries; returns the number of rows.
        private int CheckColumns(MatrixText matrix, int columns, string what)
        {
            for (int r = 0; r < matrix.RowLengths.Count; r++)
            {
                if (matrix.RowLengths[r] != columns)
                {
                    throw Error($"{matrix.At}[{r}]", $"has {matrix.RowLengths[r]} entries; {what} is {columns}");
                }
            }

            return matrix.RowLengths.Count;
        }

        private string? OptionalString(string at) => _reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => Text(ref _reader),
            _ => throw Error(at, $"must be a string, got {Describe()}"),
        };

        private string Describe() => _reader.TokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => $"the string \"{Text(ref _reader)}\"",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => Encoding.UTF8.GetString(Raw(ref _reader)),
        };
    }

    // A matrix read into a builder: its rows lie from Start on, with these lengths; At is its JSON path.
    private sealed record MatrixText(string At, int Start, List<int> RowLengths);

    // The data object as read, before its shape is checked against the network.
    private sealed record DataText(MatrixText XRows, RationalArray.Builder X, MatrixText YRows, RationalArray.Builder Y);

    // One layer of the weights as read: where W and b lie in the parameter builder (null when absent).
    private sealed record LayerText(string At, MatrixText? W, (int Start, int Length)? B);

    // The weights array as read: its layers and the builder their numbers were appended to, in the file's order.
    private sealed record WeightsText(List<LayerText> Layers, RationalArray.Builder Theta);

    /// <summary>Writes an instance as JSON text, numbers exact (decimals where exact, otherwise "p/q" strings).</summary>
    public static string Format(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var net = instance.Network;
        return VerifierJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", FormatTag);
            w.WriteString("name", instance.Name);
            w.WriteStartObject("network");
            w.WritePropertyName("layers");
            w.WriteRawValue("[" + string.Join(", ", net.Layers) + "]", skipInputValidation: true);
            w.WriteString("activation", Names.Of(net.Activation));
            w.WriteString("output", Names.Of(net.Output));
            w.WriteBoolean("bias", net.Bias);
            w.WriteEndObject();
            w.WriteString("loss", Names.Of(instance.Loss));
            var d = instance.Data;
            w.WriteStartObject("data");
            w.WritePropertyName("x");
            WriteRows(w, d.XExact, 0, d.Count, d.InputWidth);
            w.WritePropertyName("y");
            WriteRows(w, d.YExact, 0, d.Count, d.OutputWidth);
            w.WriteEndObject();
            if (instance.Weights is { } theta)
            {
                w.WriteStartArray("weights");
                for (int l = 1; l <= net.Depth; l++)
                {
                    int rows = net.Layers[l], cols = net.Layers[l - 1];
                    w.WriteStartObject();
                    w.WritePropertyName("W");
                    WriteRows(w, theta, net.WeightOffset(l), rows, cols);
                    if (net.Bias)
                    {
                        w.WritePropertyName("b");
                        WriteRow(w, theta, net.BiasOffset(l), rows);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }

    /// <summary>Writes an instance to a file atomically (a complete file or none).</summary>
    public static void Write(Instance instance, string path) => AtomicFile.WriteAllText(path, Format(instance));

    /// <summary>A JSON token for an exact number: a decimal literal when exact, otherwise a "p/q" string.</summary>
    public static string FormatNumber(Rational r) => r.ToExactDecimalString() is { } dec && dec.Length <= 40 ? dec : "\"" + r + "\"";

    // The rows × cols matrix stored row-major in values from start on, as an array of rows, one row a line at the
    // writer's indentation (a raw value: the writer indents no element of it, so the rows are laid out here).
    private static void WriteRows(Utf8JsonWriter w, IReadOnlyList<Rational> values, int start, int rows, int cols)
    {
        string outer = new(' ', w.CurrentDepth * IndentSize), inner = outer + new string(' ', IndentSize);
        var text = new StringBuilder(8 + (rows * (inner.Length + 4 + (cols * 12))));
        text.Append('[');
        for (int i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n").Append(inner);
            AppendRow(text, values, start + (i * cols), cols);
        }

        w.WriteRawValue(text.Append(rows == 0 ? "]" : "\n" + outer + "]").ToString(), skipInputValidation: true);
    }

    // The indentation of one level, as the layer's writer options give it.
    private static int IndentSize => VerifierJson.WriterOptions.IndentSize;

    // values[start .. start + count) as one array on one line, each number as FormatNumber writes it (checked JSON: a
    // decimal or a "p/q" string).
    private static void WriteRow(Utf8JsonWriter w, IReadOnlyList<Rational> values, int start, int count)
    {
        var row = new StringBuilder(2 + (count * 12));
        AppendRow(row, values, start, count);
        w.WriteRawValue(row.ToString(), skipInputValidation: true);
    }

    private static void AppendRow(StringBuilder text, IReadOnlyList<Rational> values, int start, int count)
    {
        text.Append('[');
        for (int j = start; j < start + count; j++)
        {
            text.Append(j == start ? "" : ", ").Append(FormatNumber(values[j]));
        }

        text.Append(']');
    }
}
