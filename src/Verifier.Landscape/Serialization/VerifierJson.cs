using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verifier.Landscape.Serialization;

/// <summary>
/// The one System.Text.Json layer through which verdicts, evidence, certificates and reports are written and read:
/// camelCase property names, kebab-case enum words, exact rationals as "p/q" strings (integers as "n"), intervals as
/// [lo, hi] numbers, non-finite doubles as null, indented output with "\n" line ends and readable Unicode, and strict
/// reading that refuses duplicate property names anywhere in a document.
/// </summary>
public static class VerifierJson
{
    /// <summary>The writer options of every document: indented, "\n" line ends, readable Unicode.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document options of every strict read: duplicate property names are refused.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { AllowDuplicateProperties = false };

    /// <summary>The serializer options of typed documents (shared, read-only).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            AllowDuplicateProperties = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new RationalJsonConverter());
        options.Converters.Add(new IntervalJsonConverter());
        options.Converters.Add(new FiniteDoubleJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The document <paramref name="write"/> produces, as text with a final newline.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>
    /// The document <paramref name="json"/> with <c>"format": <paramref name="tag"/></c> as its first property (a JSON
    /// object that has no "format" yet; anything else is returned unchanged). Every other value is copied verbatim.
    /// </summary>
    public static string Tagged(string json, string tag)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(tag);
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || doc.RootElement.TryGetProperty("format", out _))
        {
            return json;
        }

        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", tag);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                property.WriteTo(w);
            }

            w.WriteEndObject();
        });
    }

    /// <summary>A typed value as a document, with a final newline.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options) + "\n";

    /// <summary>A typed value written at the writer's position (e.g. as a property's value).</summary>
    public static void Serialize<T>(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, value, Options);

    /// <summary>
    /// One line for a document that failed to parse or to deserialize, for people: "line L, column C: malformed JSON"
    /// for a syntax error, "$.path: missing 'a', 'b'" for absent required fields, otherwise the path and the problem
    /// (the duplicate-name and unreadable-string messages of <see cref="ParseStrict"/> are kept), never a .NET type name.
    /// </summary>
    public static string Describe(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.LineNumber is { } line && e.Path is null)
        {
            return $"line {line + 1}, column {e.BytePositionInLine + 1}: malformed JSON";
        }

        const string Missing = "missing required properties including: ";
        int missing = e.Message.IndexOf(Missing, StringComparison.Ordinal);
        string where = e.Path is { Length: > 0 } path ? path + ": " : "";
        if (missing >= 0)
        {
            return where + "missing " + e.Message[(missing + Missing.Length)..].TrimEnd('.', ' ').ReplaceLineEndings(" ");
        }

        var message = System.Text.RegularExpressions.Regex.Replace(e.Message, @"\s*(for type|The JSON value could not be converted to) '?[\w.+`\[\],]+'?", "");
        message = message.Split(". Path:", 2)[0].ReplaceLineEndings(" ").Trim();
        return where + (message.Length > 0 ? message : "not the expected JSON");
    }

    /// <summary>
    /// Parses a document strictly: malformed JSON, duplicate property names anywhere, and strings or property names
    /// that are not valid UTF-16 (an unpaired surrogate escape such as <c>"\ud800"</c>) are refused with a
    /// <see cref="JsonException"/> whose message is one line naming the problem (for a duplicate, the name and its
    /// path; for an unpaired surrogate, its path). Every string of a document it returns can be read.
    /// </summary>
    public static JsonDocument ParseStrict(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException)
        {
            // Locate the duplicate (if that is the problem) in a lenient parse, to name it and its path.
            using (var lenient = JsonDocument.Parse(json))
            {
                ThrowOnUnreadableString(lenient.RootElement);
                if (FindDuplicate(lenient.RootElement, "$") is { } duplicate)
                {
                    throw new JsonException($"duplicate name '{duplicate.Name}' in the object at {duplicate.Path}");
                }
            }

            throw;
        }
        catch (InvalidOperationException)
        {
            // The duplicate check compares decoded names: a name that cannot be decoded stops it.
            using (var lenient = JsonDocument.Parse(json))
            {
                ThrowOnUnreadableString(lenient.RootElement);
            }

            throw;
        }

        try
        {
            ThrowOnUnreadableString(document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The JSONPath of the first string or property name below <paramref name="element"/> that is not valid UTF-16
    /// (an escaped unpaired surrogate such as <c>"\ud800"</c>, which System.Text.Json parses but cannot decode), depth
    /// first; or null when every one can be read. A property name is reported as the path of its object.
    /// </summary>
    public static string? FindUnreadableString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"a property name of the object at {path}";
                    }

                    if (FindUnreadableString(property.Value, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnreadableString(item, $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }

                    i++;
                }

                return null;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return $"the string at {path}";
                }

            default:
                return null;
        }
    }

    private static void ThrowOnUnreadableString(JsonElement root)
    {
        if (FindUnreadableString(root, "$") is { } where)
        {
            throw new JsonException($"{where} is not valid UTF-16 (an unpaired surrogate escape such as \\ud800)");
        }
    }

    /// <summary>The first property name that occurs twice in one object, depth first, with that object's JSONPath; or null.</summary>
    public static (string Name, string Path)? FindDuplicate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        return (property.Name, path);
                    }
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (FindDuplicate(property.Value, $"{path}.{property.Name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindDuplicate(item, $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }

                    i++;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>A typed document read strictly (duplicates refused, required properties present).</summary>
    public static T Deserialize<T>(JsonElement element) =>
        element.Deserialize<T>(Options) ?? throw new JsonException($"expected a {typeof(T).Name}, found null");
}
