using System.Text.Json;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>The CLI's entry to the one JSON layer (<see cref="VerifierJson"/>): indented, "\n" line ends, readable Unicode, a final newline.</summary>
internal static class JsonText
{
    /// <summary>The document <paramref name="write"/> produces, as text.</summary>
    public static string Write(Action<Utf8JsonWriter> write) => VerifierJson.Write(write);

    /// <summary>The fields every report about one instance starts with: instance, network, lossFunction, parameterCount.</summary>
    public static void WriteInstance(Utf8JsonWriter w, Landscape.Instances.Instance instance) => ReportFields.WriteInstance(w, instance);
}
