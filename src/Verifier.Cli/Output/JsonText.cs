using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Verifier.Cli.Output;

/// <summary>The one way the CLI writes a JSON document: indented, "\n" line ends, readable Unicode, a final newline.</summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The document <paramref name="write"/> produces, as text.</summary>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            write(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
