using System.CommandLine;
using Verifier.Cli.Output;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Services;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier linear FILE [--write DIR] [--format text|json]</c>: the deep linear theory of an instance, exactly
/// (<see cref="LinearTheoryService"/>): Kawaguchi's hypotheses, Σ's eigenvalues, the global minimum value, and every
/// Baldi–Hornik critical point with its exact classification; <c>--write</c> saves each point as an instance file
/// for <c>verifier check</c>.
/// </summary>
internal static class LinearCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("An instance of a linear network without biases (weights are not needed).");
        var write = new Option<string?>("--write") { Description = "Write every enumerated critical point as an instance file into this directory.", HelpName = "DIR" };
        var format = CommonOptions.Format();
        var budget = CommonOptions.Budget();
        return CommonOptions.Verb(
            "linear",
            "Deep linear networks exactly: hypotheses, Σ's spectrum, the global minimum value and every Baldi–Hornik critical point, classified.",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(write), parse.GetValue(format), parse.GetValue(budget)),
            file, write, budget, format);
    }

    internal static int Run(CliContext context, string path, string? writeDir, OutputFormat format, double budgetSeconds = Numerics.Budgets.WorkLimits.DefaultSeconds)
    {
        var instance = InstanceFile.Read(path);
        LinearTheoryReport report;
        try
        {
            report = ServiceCall.Run(path, "network: 'linear'", () => LinearTheoryService.Analyze(instance, Numerics.Budgets.WorkLimits.ForSeconds(budgetSeconds)));
        }
        catch (Numerics.Budgets.WorkBudgetExhaustedException e)
        {
            // Nothing is written: the theory is reported whole or not at all, and the reason says what was left undone.
            CommonOptions.Write(context, "linear", format,
                json: () => LinearOutput.Inconclusive(instance, e.Message),
                text: () => $"instance    {instance.Name}\nverdict     inconclusive\nreason      {e.Message}\n");
            return ExitCodes.Inconclusive;
        }

        IReadOnlyList<string> files = [];
        if (writeDir is not null && report.CriticalPoints is { } points)
        {
            // A point file must not overwrite the instance being read (a directory that does not exist yet holds none).
            foreach (var point in Directory.Exists(writeDir) ? points : [])
            {
                var target = Path.Combine(writeDir, LinearTheoryService.PointName(instance, point) + ".json");
                if (OutputPaths.SameFile(target, path))
                {
                    throw CliException.BadInput($"{target}: is the input file '{path}' itself (write the points into another directory; nothing was written)");
                }
            }

            try
            {
                files = LinearTheoryService.WritePoints(instance, points, writeDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.BadInput($"{writeDir}: cannot write the point files ({e.Message})");
            }
        }

        CommonOptions.Write(context, "linear", format, json: () => LinearOutput.Json(instance, report, files), text: () => LinearOutput.Text(instance, report, files));
        return ExitCodes.Success;
    }
}
