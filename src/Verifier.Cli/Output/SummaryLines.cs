using System.Globalization;
using System.Text;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;

namespace Verifier.Cli.Output;

/// <summary>The lines of a readable summary: a label padded to one column, then its value.</summary>
internal sealed class SummaryLines
{
    private readonly StringBuilder _text = new();

    /// <summary>Starts a summary about one instance: its name, network and loss, and its parameter count.</summary>
    public SummaryLines(Instance instance, int parameterCount)
    {
        Line("instance", instance.Name.Length > 0 ? instance.Name : "(unnamed)");
        Line("network", $"{instance.Network}, loss {Names.Of(instance.Loss)}, {instance.Data.Count} samples");
        Line("parameters", parameterCount.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Appends one line: the label padded to 16 characters, then the value.</summary>
    public void Line(string label, string value) => _text.Append(CultureInfo.InvariantCulture, $"{label,-16}{value}\n");

    /// <inheritdoc/>
    public override string ToString() => _text.ToString();
}
