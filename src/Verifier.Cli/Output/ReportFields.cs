using System.Text.Json;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Fields shared by the reports written through <see cref="VerifierJson"/>.</summary>
internal static class ReportFields
{
    /// <summary>The fields every report about one instance starts with: instance, network, lossFunction, parameterCount.</summary>
    public static void WriteInstance(Utf8JsonWriter w, Instance instance)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(instance);
        w.WriteString("instance", instance.Name);
        w.WriteString("network", instance.Network.ToString());
        w.WriteString("lossFunction", Names.Of(instance.Loss));
        w.WriteNumber("parameterCount", instance.Network.ParameterCount);
    }
}
