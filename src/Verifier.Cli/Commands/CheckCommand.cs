using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Claims;
using Verifier.Proofs;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Theories;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier check CLAIM FILE [--witness FILE] [--radius R] [--format text|json]</c>: decides one claim on an instance.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var claim = new Argument<string>("CLAIM") { Description = "The claim ID (see 'verifier claims'), e.g. strict-local-min." };
        claim.Validators.Add(OptionParsers.NotAnOption);
        var file = CommonOptions.File("The instance file: its data, network and (for claims about a point) its weights.");
        var witness = new Option<string?>("--witness") { Description = "A second point of the same problem (an instance with the same network, loss and data): the lower-loss point for bad-local-min, the second teacher for freeman-bruna2017.two-teacher-mixture-minima.", HelpName = "FILE" };
        var radius = new Option<double?>("--radius")
        {
            Description = $"The radius ρ of the box around the point (default {ClaimInput.DefaultRelativeRadius:R}·max(1, ‖θ‖)).",
            HelpName = "R",
            CustomParser = OptionParsers.PositiveFiniteDouble,
        };
        var format = CommonOptions.Format();
        var budget = CommonOptions.Budget();
        return CommonOptions.Verb(
            "check",
            "Decides a claim on the instance's point by proof: verified (0), refuted (1), inconclusive (3) or hypotheses-not-met (5).",
            parse => Run(
                context,
                parse.GetValue(claim)!,
                parse.GetValue(file)!,
                parse.GetValue(witness),
                parse.GetValue(radius),
                parse.GetValue(format),
                parse.GetValue(budget)),
            claim, file, witness, radius, budget, format);
    }

    internal static int Run(CliContext context, string claimId, string path, string? witnessPath, double? radius, OutputFormat format, double budgetSeconds = Numerics.Budgets.WorkLimits.DefaultSeconds)
    {
        var claim = Catalogue.Find(claimId)
            ?? throw CliException.Usage($"unknown claim '{claimId}' (known: {string.Join(", ", Catalogue.All.Select(c => c.Id))})", "claims");
        var instance = claim.NeedsPoint ? CommonOptions.ReadPoint(path, "the claim speaks of a point") : InstanceFile.Read(path);

        var witness = witnessPath is null ? null : InstanceFile.Read(witnessPath);
        Verdict verdict;
        var progress = ProgressLine.For(context, ProgressLine.QuietStart);
        if (progress.IsLive)
        {
            // On a terminal the line says at once what is at work; logs hear only of long decisions' progress.
            progress.Show($"{claim.Id}: deciding on {instance.Name}");
        }

        try
        {
            verdict = claim.Decide(new ClaimInput(instance, StandardTheories.All, witness, radius, Progress: line => progress.Show($"{claim.Id}: {line}"), Limits: Numerics.Budgets.WorkLimits.ForSeconds(budgetSeconds)));
        }
        catch (ArgumentException e) when (witness is not null)
        {
            throw CliException.BadInput($"{witnessPath}: {e.Message}");
        }
        finally
        {
            progress.Clear();
        }

        context.Stdout.Write(format == OutputFormat.Json
            ? CommonOptions.Tagged("verdict", VerdictOutput.Json(claim, instance.Name, verdict))
            : VerdictOutput.Text(claim, instance.Name, verdict));
        return ExitCodes.Of(verdict);
    }
}
