using System.Text.Json;
using Json.Schema;

namespace Verifier.Cli.Commands;

/// <summary>One place where a document breaks its schema: the JSON pointer into the document and what is wrong.</summary>
/// <param name="Location">The JSON pointer of the offending value ("" for the document).</param>
/// <param name="Problem">What the schema says about it.</param>
internal sealed record SchemaError(string Location, string Problem);

/// <summary>
/// The file formats' JSON Schemas (under <c>schemas/</c>, embedded in the tool) and their validation with JsonSchema.Net.
/// The schemas reference each other by <c>$id</c> (<c>urn:verifier:schema:NAME:1</c>) through a registry that belongs
/// to this validator (no global registry is touched).
/// </summary>
internal sealed class SchemaValidator
{
    /// <summary>The file-format tags and the schema each names.</summary>
    public static IReadOnlyDictionary<string, string> SchemaOfFormat { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["verifier-instance/1"] = "instance",
        ["verifier-certificate/1"] = "certificate",
        ["verifier-path/1"] = "path",
        ["verifier-verdict/1"] = "verdict",
        ["verifier-suite-report/1"] = "suite-report",
    };

    /// <summary>Every schema's name (its file is <c>schemas/NAME.schema.json</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = ["instance", "certificate", "path", "verdict", "suite-report"];

    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    /// <summary>Loads every embedded schema into a registry of its own.</summary>
    public SchemaValidator()
    {
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var assembly = typeof(SchemaValidator).Assembly;
        foreach (var name in Names)
        {
            using var stream = assembly.GetManifestResourceStream($"schemas/{name}.schema.json")
                ?? throw new InvalidOperationException($"the schema {name} is not embedded in {assembly.GetName().Name}");
            using var reader = new StreamReader(stream);
            _schemas[name] = JsonSchema.FromText(reader.ReadToEnd(), build);
        }
    }

    /// <summary>The errors of <paramref name="document"/> against the schema <paramref name="name"/> (empty when valid).</summary>
    public IReadOnlyList<SchemaError> Validate(JsonElement document, string name)
    {
        var result = _schemas[name].Evaluate(document, new EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.Hierarchical });
        if (result.IsValid)
        {
            return [];
        }

        // Only failing nodes are walked: a branch that fails inside a oneOf that holds says nothing about the document.
        var errors = new List<SchemaError>();
        var pending = new Stack<EvaluationResults>();
        pending.Push(result);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node.IsValid)
            {
                continue;
            }

            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                errors.Add(new SchemaError(node.InstanceLocation.ToString(), $"{keyword}: {message}"));
            }

            foreach (var child in node.Details ?? [])
            {
                pending.Push(child);
            }
        }

        // "oneOf"/"anyOf" failures report every branch; the deepest locations say most, so they come first.
        return [.. errors.Distinct().OrderByDescending(e => e.Location.Length).ThenBy(e => e.Location, StringComparer.Ordinal)];
    }
}
