using System.CommandLine;
using System.Diagnostics;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Theories;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier certify FILE -o CERT [--witness FILE] [--radius R]</c> and <c>verifier verify-certificate CERT</c>.</summary>
internal static class CertifyCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance file with the point to certify.");
        var output = CommonOptions.Out("Where to write the certificate (written whole or not at all).", "CERT");
        var witness = new Option<string?>("--witness") { Description = "An instance (same network, loss and data) with lower loss, for a bad local minimum.", HelpName = "FILE" };
        var radius = new Option<double?>("--radius")
        {
            Description = "The radius ρ of the box around the point (default 1e-8·max(1, ‖θ‖)).",
            HelpName = "R",
            CustomParser = OptionParsers.PositiveFiniteDouble,
        };
        var budget = CommonOptions.Budget();
        return CommonOptions.Verb(
            "certify",
            "Writes a certificate of the strongest statement proved for the point (exit 0), or says why none can be (exit 3, or 1 when no critical point lies within ρ).",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(witness), parse.GetValue(radius), parse.GetValue(budget)),
            file, output, witness, radius, budget);
    }

    public static Command CreateVerify(CliContext context)
    {
        var cert = CommonOptions.File("The certificate file.", "CERT");
        var command = new Command("verify-certificate", "Re-checks a certificate with the small exact/interval kernel: exit 0 valid, 1 rejected.") { cert };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(cert)!;
            var text = CommonOptions.ReadText(path);
            try
            {
                using var parsed = System.Text.Json.JsonDocument.Parse(text);
            }
            catch (System.Text.Json.JsonException e)
            {
                var where = e.LineNumber is long line ? $"line {line + 1}, column {e.BytePositionInLine + 1}: " : "";
                throw CliException.BadInput($"{path}: {where}malformed JSON");
            }

            var check = CertificateChecker.Check(text);
            context.Stdout.WriteLine($"{(check.Valid ? "valid" : "rejected")}: {(check.Statement.Length > 0 ? check.Statement + ": " : "")}{check.Reason}");
            return check.Valid ? ExitCodes.Success : ExitCodes.Refuted;
        });
        return command;
    }

    internal static int Run(CliContext context, string path, string output, string? witnessPath, double? radius, double budgetSeconds = Numerics.Budgets.WorkLimits.DefaultSeconds)
    {
        OutputPaths.CheckTarget(output, path, witnessPath);
        var text = CommonOptions.ReadText(path);
        var witnessText = witnessPath is null ? null : CommonOptions.ReadText(witnessPath);
        CertifyResult result;
        try
        {
            result = CertificateWriter.Certify(text, witnessText, radius, witnessSearch: StandardTheories.All.WitnessSearch, limits: Numerics.Budgets.WorkLimits.ForSeconds(budgetSeconds));
        }
        catch (InstanceFormatException e)
        {
            var source = e.File == "witness" ? witnessPath! : path;
            throw CliException.BadInput($"{source}: {(e.Location.Length > 0 ? e.Location + ": " : "")}{e.Problem}");
        }

        var certified = result switch
        {
            CertifyResult.Certified c => c,
            CertifyResult.NoCriticalPoint or CertifyResult.Undecided => null,
            _ => throw new UnreachableException(),
        };
        if (certified is null)
        {
            context.Stderr.WriteLine($"no certificate: {result.Reason}");
            return result is CertifyResult.NoCriticalPoint ? ExitCodes.Refuted : ExitCodes.Inconclusive;
        }

        try
        {
            AtomicFile.WriteAllText(output, certified.Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{output}: cannot write the certificate ({e.Message})");
        }

        context.Stderr.WriteLine($"wrote {output}: {certified.Statement}: {certified.Reason}");
        return ExitCodes.Success;
    }
}
