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

    /// <summary>The fields every report about one instance starts with: instance, network, lossFunction, parameterCount.</summary>
    public static void WriteInstance(Utf8JsonWriter w, Landscape.Instances.Instance instance)
    {
        w.WriteString("instance", instance.Name);
        w.WriteString("network", instance.Network.ToString());
        w.WriteString("lossFunction", Landscape.Networks.Names.Of(instance.Loss));
        w.WriteNumber("parameterCount", instance.Network.ParameterCount);
    }
}
