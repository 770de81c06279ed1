using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Paths;
using Verifier.Landscape.Serialization;
using Verifier.Symbolic;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier basin FILE</c>: the exact basin value of a point of a one-hidden-layer ReLU network (Safran and Shamir, SS-6/SS-7).</summary>
internal static class BasinCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance: one hidden ReLU layer without biases, a linear scalar output, a squared loss, a point with every output weight non-zero.");
        var format = CommonOptions.Format();
        var budget = CommonOptions.Budget();
        return CommonOptions.Verb(
            "basin",
            "The least loss over the closure of the point's activation region in the coordinates uᵢ = |vᵢ|·wᵢ (a convex QP), solved exactly and proved by KKT multipliers: exit 0; 5 outside the setting; 3 undecided.",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(format), parse.GetValue(budget)),
            file, format, budget);
    }

    private static int Run(CliContext context, string path, OutputFormat format, double budgetSeconds)
    {
        var instance = CommonOptions.ReadPoint(path, "the basin is the point's");
        switch (BasinValue.Compute(instance, new Numerics.Budgets.WorkBudget(Numerics.Budgets.WorkLimits.ForSeconds(budgetSeconds))))
        {
            case BasinOutcome.Solved solved:
                CommonOptions.Write(context, "basin", format,
                    () => VerifierJson.Serialize(new BasinDocument(solved.Value.ToDoubleOrNull(), solved.Value, solved.StartLoss.ToDoubleOrNull(), solved.Minimiser,
                        solved.Active, new BasinEvidence(solved.FaceVerified ? "float64-face-exact-kkt" : "exact-active-set", solved.FloatIterations, solved.Iterations, "∇f(U*) = Σ λₖaₖ with λ ≥ 0 over the active constraints: the KKT conditions of a convex program"))),
                    () => string.Create(CultureInfo.InvariantCulture,
                        $"basinValue  {Approximately(solved.Value)} (exactly {Short(solved.Value)})\nstartLoss   {Approximately(solved.StartLoss)}\nactive      {solved.Active.Count} constraints ({string.Join(", ", solved.Active.Take(8).Select(a => $"unit {a.Unit} sample {a.Sample}"))}{(solved.Active.Count > 8 ? ", …" : "")})\nproof       exact KKT multipliers, {(solved.FaceVerified ? $"at the optimal face found in float64 ({solved.FloatIterations} active-set iterations) and verified exactly" : $"{solved.Iterations} exact active-set iterations")}\n"));
                return ExitCodes.Success;
            case BasinOutcome.NotApplicable na:
                context.Stdout.WriteLine(format == OutputFormat.Json ? CommonOptions.Tagged("basin", VerifierJson.Serialize(new RefusedDocument(na.Reason))).TrimEnd() : "basin      not applicable\nreason     " + na.Reason);
                return ExitCodes.HypothesesNotMet;
            case BasinOutcome.Undecided u:
                context.Stdout.WriteLine(format == OutputFormat.Json ? CommonOptions.Tagged("basin", VerifierJson.Serialize(new RefusedDocument(u.Reason))).TrimEnd() : "basin      undecided\nreason     " + u.Reason);
                return ExitCodes.Inconclusive;
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }

    // The nearest double to 10 digits, or words when the exact value is beyond the double range.
    private static string Approximately(Rational r) =>
        r.ToDoubleOrNull() is { } d ? d.ToString("G10", CultureInfo.InvariantCulture) : "beyond the double range";

    private static string Short(Rational r)
    {
        var text = r.ToString();
        return text.Length <= 60 ? text : "a fraction of " + text.Length + " characters";
    }

    /// <summary>The JSON of <c>basin</c>.</summary>
    private sealed record BasinDocument(double? BasinValue, Rational BasinValueExact, double? StartLoss, Rational[][] Minimiser, IReadOnlyList<BasinConstraint> ActiveConstraints, BasinEvidence Evidence);

    /// <summary>How the value was proved: "float64-face-exact-kkt" (the float64 active-set method's optimal face, its minimiser and KKT multipliers then computed and checked exactly) or "exact-active-set" (the exact method ran).</summary>
    private sealed record BasinEvidence(string Method, int FloatIterations, int ExactIterations, string Certificate);

    /// <summary>The JSON of a refusal.</summary>
    private sealed record RefusedDocument(string Reason);
}
