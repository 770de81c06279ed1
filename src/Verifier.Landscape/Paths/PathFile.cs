using System.Text.Json;
using System.Text.Json.Serialization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
using Verifier.Symbolic;

namespace Verifier.Landscape.Paths;

/// <summary>
/// A path file (<c>"format": "verifier-path/1"</c>): the instance (network, loss, data; its own JSON, numbers exactly as
/// written) and the path's points in order, each with its weights in parameter order as exact numbers, its phase,
/// its parameter (λ or c) and its float loss. <c>path check</c> reads the weights only; the other fields are for people
/// and plots.
/// </summary>
public static class PathFile
{
    /// <summary>The format tag.</summary>
    public const string FormatTag = "verifier-path/1";

    /// <summary>The file's text for a path of <paramref name="instance"/>'s network (the instance's own weights are dropped).</summary>
    public static string Format(Instance instance, IReadOnlyList<PathSample> samples)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(samples);
        using var embedded = JsonDocument.Parse(InstanceFile.Format(new Instance(instance.Name, instance.Network, instance.Loss, instance.Data, null)));
        var points = samples.Select(s => new PathPointDocument(s.Exact ?? Optimization.Optimizer.ShortestDecimals(s.Theta), s.Phase, s.Parameter, s.Loss)).ToList();
        return VerifierJson.Serialize(new PathDocument(FormatTag, embedded.RootElement.Clone(), points));
    }

    /// <summary>Reads a path file: its instance (without weights) and its points.</summary>
    /// <exception cref="InstanceFormatException">The file is malformed, its instance is, or a point has the wrong length; the message names where.</exception>
    public static (Instance Instance, IReadOnlyList<Rational[]> Points) Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var doc = VerifierJson.ParseStrict(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != FormatTag)
            {
                throw new InstanceFormatException(source, "format", $"not a {FormatTag} document");
            }

            var document = VerifierJson.Deserialize<PathDocument>(doc.RootElement);
            var instance = InstanceFile.Read(document.Instance, source + " instance");
            if (document.Points is not { Count: >= 2 } points)
            {
                throw new InstanceFormatException(source, "points", "a path needs at least two points");
            }

            for (int k = 0; k < points.Count; k++)
            {
                if (points[k].Theta is not { } theta || theta.Count != instance.Network.ParameterCount)
                {
                    throw new InstanceFormatException(source, $"points[{k}].theta", $"expected {instance.Network.ParameterCount} numbers, as the network has parameters");
                }
            }

            return (instance, [.. points.Select(p => p.Theta.ToArray())]);
        }
        catch (JsonException e)
        {
            throw new InstanceFormatException(source, "", VerifierJson.Describe(e));
        }
    }

    /// <summary>The file as a typed document.</summary>
    /// <param name="Format">The format tag.</param>
    /// <param name="Instance">The instance, embedded as its own JSON.</param>
    /// <param name="Points">The points in order.</param>
    private sealed record PathDocument(
        string Format,
        [property: JsonConverter(typeof(VerbatimJsonConverter))] JsonElement Instance,
        IReadOnlyList<PathPointDocument>? Points);

    /// <summary>One point of the path.</summary>
    /// <param name="Theta">The weights, exactly (the only field <c>path check</c> reads).</param>
    /// <param name="Phase">The construction's phase (1 or 2; optional in hand-made paths).</param>
    /// <param name="Parameter">λ or c (optional).</param>
    /// <param name="Loss">The float loss there (informative only, optional).</param>
    private sealed record PathPointDocument(IReadOnlyList<Rational> Theta, int Phase = 0, double Parameter = 0, double? Loss = null);
}
