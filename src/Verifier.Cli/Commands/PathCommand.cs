using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Paths;
using Verifier.Landscape.Serialization;
using Verifier.Symbolic;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier path monotone FILE --to TARGET [-o PATH.json]</c> (Safran and Shamir's non-increasing path, proved) and
/// <c>verifier path check PATH.json</c> (any piecewise-linear path, proved or refuted exactly).
/// </summary>
internal static class PathCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Command("path", "Loss along paths: Safran and Shamir's monotone path, and exact monotonicity checks of piecewise-linear paths.");
        path.Add(CreateMonotone(context));
        path.Add(CreateCheck(context));
        return path;
    }

    private static Command CreateMonotone(CliContext context)
    {
        var file = CommonOptions.File("The instance with the start point W0 (L(W0) must exceed L(0), the zero predictor's loss).");
        var to = new Option<string>("--to") { Description = "An instance with the same network, loss and data at the target W* (e.g. from 'optimize').", HelpName = "TARGET", Required = true };
        var output = new Option<string?>("-o", "--out") { Description = "Also write the path's sampled points (200 + 100) as a path file, for 'path check'.", HelpName = "PATH.json" };
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "monotone",
            "Builds the path from W0 to c*·W* along which the loss never increases (rescaled straight line, then rescaling of W*) and proves it exists: exit 0; 5 when L(W0) ≤ L(0) or the output vanishes on the way; 3 when undecided.",
            parse => RunMonotone(context, parse.GetValue(file)!, parse.GetValue(to)!, parse.GetValue(output), parse.GetValue(format)),
            file, to, output, format);
    }

    private static Command CreateCheck(CliContext context)
    {
        var file = CommonOptions.File("A path file (verifier-path/1): the instance and the points in order.", "PATH.json");
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "check",
            "Proves that the loss never increases along the piecewise-linear path (exit 0), or refutes it with a rigorous increase (exit 1); 3 when undecided.",
            parse => RunCheck(context, parse.GetValue(file)!, parse.GetValue(format)),
            file, format);
    }

    private static int RunMonotone(CliContext context, string startPath, string targetPath, string? output, OutputFormat format)
    {
        if (output is not null)
        {
            OutputPaths.CheckTarget(output, startPath, targetPath);
        }

        var start = CommonOptions.ReadPoint(startPath, "the path starts at its point");
        var target = CommonOptions.ReadPoint(targetPath, "the path ends at its point");
        MonotonePathOutcome outcome;
        try
        {
            outcome = MonotonePath.Build(start, target);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput($"{targetPath}: {e.Message}");
        }

        if (outcome is MonotonePathOutcome.Refused refused)
        {
            CommonOptions.Write(context, "path", format,
                () => VerifierJson.Serialize(new MonotoneDocument(false, null, null, null, null, null, null, 0, refused.Reason, null)),
                () => $"monotone   refused\nreason     {refused.Reason}\n");
            return ExitCodes.HypothesesNotMet;
        }

        var built = (MonotonePathOutcome.Built)outcome;
        if (output is not null && built.Monotone is true)
        {
            AtomicFile.WriteAllText(output, PathFile.Format(start, built.Samples));
        }

        var evidence = new MonotoneEvidence("interval-bisection", built.StartLoss, built.ZeroLoss, built.FinalLoss, built.CStar, built.C2, built.Pieces);
        CommonOptions.Write(context, "path", format,
            () => VerifierJson.Serialize(new MonotoneDocument(built.Monotone, built.Monotone is true ? 0.0 : null, built.StartLoss.ToDouble(), built.FinalLoss.ToDouble(),
                built.CStar.ToDouble(), built.C2.ToDouble(), built.ZeroLoss.ToDouble(), built.Pieces, built.Reason, evidence)),
            () => string.Create(CultureInfo.InvariantCulture,
                $"monotone   {(built.Monotone is true ? "true" : "undecided")}\nreason     {built.Reason}\nstartLoss  {built.StartLoss.ToDouble():G10} (L(0) = {built.ZeroLoss.ToDouble():G10})\nfinalLoss  {built.FinalLoss.ToDouble():G10}\ncStar      {built.CStar.ToDouble():G10}\nc2         {built.C2.ToDouble():G10}\npieces     {built.Pieces}\n"));
        if (output is not null && built.Monotone is true)
        {
            context.Stderr.WriteLine($"wrote {output}: {built.Samples.Count} points");
        }

        return built.Monotone is true ? ExitCodes.Success : ExitCodes.Inconclusive;
    }

    private static int RunCheck(CliContext context, string path, OutputFormat format)
    {
        var text = CommonOptions.ReadText(path);

        var (instance, points) = PathFile.Parse(text, path);
        var verdict = PathCheck.Check(instance, points);
        CommonOptions.Write(context, "path", format,
            () => VerifierJson.Serialize(new CheckDocument(verdict.Monotone, verdict.MaxIncrease?.ToDouble(), verdict.MaxIncrease, verdict.Segment, verdict.Pieces, verdict.Reason)),
            () => $"monotone     {(verdict.Monotone is { } m ? (m ? "true" : "false") : "undecided")}\nreason       {verdict.Reason}\nmaxIncrease  {(verdict.MaxIncrease is { } x ? x.ToDouble().ToString("G10", CultureInfo.InvariantCulture) : "-")}\n");
        return verdict.Monotone switch
        {
            true => ExitCodes.Success,
            false => ExitCodes.Refuted,
            null => ExitCodes.Inconclusive,
        };
    }

    /// <summary>The JSON of <c>path monotone</c>.</summary>
    private sealed record MonotoneDocument(bool? Monotone, double? MaxIncrease, double? StartLoss, double? FinalLoss, double? CStar, double? C2, double? ZeroLoss, int Pieces, string Reason, MonotoneEvidence? Evidence);

    /// <summary>The exact numbers behind <c>path monotone</c>.</summary>
    private sealed record MonotoneEvidence(string Method, Rational StartLoss, Rational ZeroLoss, Rational FinalLoss, Rational CStar, Rational C2, int Pieces);

    /// <summary>The JSON of <c>path check</c>: maxIncrease as a number and exactly.</summary>
    private sealed record CheckDocument(bool? Monotone, double? MaxIncrease, Rational? MaxIncreaseExact, int? Segment, int Pieces, string Reason);
}
