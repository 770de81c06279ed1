using System.CommandLine;
using System.Text.Json;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier validate FILE [--schema NAME]</c>: checks a file against its format's JSON Schema.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("An instance, certificate or path file (its \"format\" names the schema), or any document with --schema.");
        var schema = new Option<string?>("--schema")
        {
            Description = $"Validate against this schema instead of the one the file's \"format\" names: {string.Join(", ", SchemaValidator.Names)}.",
            HelpName = "NAME",
        };
        schema.AcceptOnlyFromAmong([.. SchemaValidator.Names]);
        return CommonOptions.Verb(
            "validate",
            "Checks a file against its JSON Schema (shipped under schemas/): exit 0 valid, 1 invalid (one line per problem, with its JSON pointer), 2 when the file is missing, not JSON, or of an unknown format.",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(schema)),
            file, schema);
    }

    private static int Run(CliContext context, string path, string? schemaName)
    {
        var text = CommonOptions.ReadText(path);

        JsonDocument document;
        try
        {
            document = VerifierJson.ParseStrict(text);
        }
        catch (JsonException e)
        {
            throw CliException.BadInput($"{path}: {VerifierJson.Describe(e)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (schemaName is null)
            {
                string? format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                if (format is null || !SchemaValidator.SchemaOfFormat.TryGetValue(format, out schemaName))
                {
                    throw CliException.BadInput(format is null
                        ? $"{path}: no \"format\" field names a schema (give one with --schema {string.Join("|", SchemaValidator.Names)})"
                        : $"{path}: format: unknown format '{format}' (known: {string.Join(", ", SchemaValidator.SchemaOfFormat.Keys)})");
                }
            }

            var errors = new SchemaValidator().Validate(root, schemaName);
            if (errors.Count == 0)
            {
                context.Stdout.WriteLine($"valid: {path} conforms to the {schemaName} schema");
                return ExitCodes.Success;
            }

            foreach (var error in errors)
            {
                context.Stdout.WriteLine($"invalid: {path}: {(error.Location.Length == 0 ? "/" : error.Location)}: {error.Problem}");
            }

            return ExitCodes.Refuted;
        }
    }
}
