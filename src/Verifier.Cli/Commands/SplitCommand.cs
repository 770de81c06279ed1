using System.CommandLine;
using System.Globalization;
using System.Text;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier split FILE --layer l --unit r --lambda λ -o OUT</c> writes γ_λ, the point with unit r of hidden layer l
/// duplicated (outgoing shares λ and 1 − λ). <c>verifier split FILE --layer l --unit r --analyze [--lambda λ,…]
/// [--format json]</c> analyses the split at the file's (critical) point: B, M, their proved signs, the predicted type of
/// γ_λ on each λ range and the float Hessian checks at the listed λ. Exit 5 when the point is not a (proved) critical
/// point, 2 on bad input.
/// </summary>
internal static class SplitCommand
{
    /// <summary>The λ checked by --analyze when none is given (the §8.3 grid).</summary>
    public const string DefaultLambdas = "-1/2,1/4,1/2,3/4,3/2";

    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance file with the point θ* of the smaller network.");
        var layer = new Option<int>("--layer") { Description = "The hidden layer of the unit, numbered from 1 for the first hidden layer.", HelpName = "l", Required = true, CustomParser = OptionParsers.AnyInt };
        var unit = new Option<int>("--unit") { Description = "The unit, numbered from 0.", HelpName = "r", Required = true, CustomParser = OptionParsers.AnyInt };
        var lambda = new Option<string?>("--lambda") { Description = $"λ, an exact rational such as -1/2 or 0.25 (with -o, one value); with --analyze a comma-separated list (default {DefaultLambdas}).", HelpName = "λ" };
        var analyze = new Option<bool>("--analyze") { Description = "Analyse the split at the point instead of writing γ_λ." };
        var output = new Option<string?>("-o", "--out") { Description = "The file to write γ_λ to (written atomically).", HelpName = "OUT" };
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "split",
            "Splits a hidden unit into two copies (Petzka & Sminchisescu's construction): writes γ_λ, or analyses the split's curvature (B, M, the type of γ_λ on each λ range).",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(layer), parse.GetValue(unit), parse.GetValue(lambda), parse.GetValue(analyze), parse.GetValue(output), parse.GetValue(format)),
            file, layer, unit, lambda, analyze, output, format);
    }

    private static int Run(CliContext context, string path, int layer, int unit, string? lambdaText, bool analyze, string? output, OutputFormat format)
    {
        if (analyze == (output is not null))
        {
            throw CliException.Usage(analyze ? "--analyze writes no file: drop -o" : "give -o OUT to write γ_λ, or --analyze to analyse the split", "split");
        }

        var instance = CommonOptions.ReadPoint(path, "the split is made at the point");
        try
        {
            NeuronSplit.CheckUnit(instance.Network, layer, unit);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw CliException.BadInput($"{path}: --layer {layer} --unit {unit}: {FirstLine(e.Message)}");
        }

        var lambdas = ParseLambdas(lambdaText ?? (analyze ? DefaultLambdas : throw CliException.Usage("--lambda is required with -o (e.g. --lambda 1/2)", "split")));
        if (!analyze)
        {
            if (lambdas.Length != 1)
            {
                throw CliException.Usage($"--lambda: -o writes one γ_λ, and '{lambdaText}' gives {lambdas.Length} values", "split");
            }

            OutputPaths.CheckTarget(output!, path);
            var split = NeuronSplit.Split(instance, layer, unit, lambdas[0]);
            InstanceFile.Write(split, output!);
            context.Stdout.Write($"wrote {output}: {split.Network}, unit {unit} of hidden layer {layer} split with λ = {lambdas[0]} (outgoing shares λ and 1 − λ)\n");
            return ExitCodes.Success;
        }

        var result = SplitAnalysis.Analyze(instance, layer, unit, lambdas);
        if (result is SplitAnalysisResult.NotCritical nc)
        {
            CommonOptions.Write(context, "split-analysis", format,
                () => VerifierJson.Serialize(new { critical = false, gradientNorm = nc.GradientNorm, reason = nc.Reason }),
                () => string.Create(CultureInfo.InvariantCulture, $"critical       no (gradient norm {nc.GradientNorm:G3})\nreason         {nc.Reason}\nthe split is not classified: its analysis needs a critical point θ*\n"));
            return ExitCodes.HypothesesNotMet;
        }

        var a = (SplitAnalysisResult.Analysed)result;
        CommonOptions.Write(context, "split-analysis", format, () => VerifierJson.Serialize(Document(a)), () => Text(a));
        return ExitCodes.Success;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Split(" (Parameter")[0];

    /// <summary>Parses a comma-separated list of exact rationals (bad input: exit 2, naming the value).</summary>
    public static Rational[] ParseLambdas(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new Rational[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!Rational.TryParse(parts[i].Replace('−', '-'), out result[i]))
            {
                throw CliException.Usage($"--lambda: '{parts[i]}' is not a number (an exact rational such as -1/2, 3/4 or 0.25)", "split");
            }
        }

        return result;
    }

    private static string Text(SplitAnalysisResult.Analysed a)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"split          unit {a.Unit} of hidden layer {a.Layer}\n");
        sb.Append(CultureInfo.InvariantCulture, $"critical       {a.Critical}\n");
        sb.Append(CultureInfo.InvariantCulture, $"θ*             {a.SmallType}, Hessian inertia {a.SmallInertia}\n");
        sb.Append(CultureInfo.InvariantCulture, $"B              {Matrix(a.B)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"eig(B)         {string.Join(", ", a.BEigenvalues.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))} (float, at θ*)\n");
        sb.Append(CultureInfo.InvariantCulture, $"B sign         {Word(a.BSign)} (proved over the enclosure)\n");
        sb.Append(CultureInfo.InvariantCulture, $"M              {a.MStatus}: {a.MWhy}\n");
        sb.Append("predicted type of γ_λ (κ(λ) = λ(1−λ)/((1−λ)²+λ²)):\n");
        foreach (var p in a.Predictions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Range,-11} {p.Type,-24} {p.Why}\n");
        }

        sb.Append("checks against the float Hessian at γ_λ (observation, not proof):\n");
        foreach (var c in a.Checks)
        {
            string agree = c.Predicted is null && !c.PredictedSaddle ? "no prediction" : c.Agrees ? "agrees" : "DISAGREES";
            sb.Append(CultureInfo.InvariantCulture, $"  λ = {c.Lambda,-6} κ = {c.Kappa:G4}  inertia {c.Observed} predicted {(c.Predicted?.ToString() ?? (c.PredictedSaddle ? "a saddle (a negative eigenvalue)" : "-"))}: {agree}\n");
            sb.Append(CultureInfo.InvariantCulture, $"    lowest eigenvalues {string.Join(", ", c.Lowest.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}\n");
            sb.Append(CultureInfo.InvariantCulture, $"    |SᵀHS − κB| ≤ {c.SubspaceError:G3}, |sᵀHt| ≤ {c.CrossTerm:G3}, line ℓᵀHℓ = {c.LineCurvature.Curvature:G3}, |sᵀHℓ| ≤ {c.LineCurvature.Coupling:G3}\n");
            if (c.HalfEigenvalueError is { } half)
            {
                sb.Append(CultureInfo.InvariantCulture, $"    λ = ½: ½·eig(B) = {string.Join(", ", a.BEigenvalues.Select(v => (0.5 * v).ToString("G6", CultureInfo.InvariantCulture)))} are Hessian eigenvalues within {half:G3}\n");
            }
        }

        return sb.ToString();
    }

    private static string Word(SplitSign s) => s switch
    {
        SplitSign.PositiveDefinite => "positive definite",
        SplitSign.NegativeDefinite => "negative definite",
        SplitSign.Indefinite => "indefinite",
        SplitSign.Zero => "zero",
        _ => "undecided",
    };

    private static string Matrix(Interval[,] m) =>
        "[" + string.Join("; ", Enumerable.Range(0, m.GetLength(0)).Select(i =>
            string.Join(", ", Enumerable.Range(0, m.GetLength(1)).Select(j => m[i, j].Midpoint.ToString("G4", CultureInfo.InvariantCulture) + "±" + m[i, j].Radius.ToString("G1", CultureInfo.InvariantCulture))))) + "]";

    private static double[][] Jagged(Interval[,] m, bool lo) =>
        [.. Enumerable.Range(0, m.GetLength(0)).Select(i => Enumerable.Range(0, m.GetLength(1)).Select(j => lo ? m[i, j].Lo : m[i, j].Hi).ToArray())];

    private static object Document(SplitAnalysisResult.Analysed a) => new
    {
        critical = true,
        layer = a.Layer,
        unit = a.Unit,
        criticalProof = a.Critical,
        radius = a.Radius,
        smallType = a.SmallType,
        smallInertia = a.SmallInertia,
        b = new { lo = Jagged(a.B, true), hi = Jagged(a.B, false), eigenvalues = a.BEigenvalues, sign = Word(a.BSign) },
        m = new { lo = Jagged(a.M, true), hi = Jagged(a.M, false), status = a.MStatus, why = a.MWhy },
        predictions = a.Predictions.Select(p => new { range = p.Range, type = p.Type, why = p.Why }),
        checks = a.Checks.Select(c => new
        {
            lambda = c.Lambda.ToString(),
            kappa = c.Kappa,
            predicted = c.Predicted,
            predictedSaddle = c.PredictedSaddle,
            observed = c.Observed,
            agrees = c.Agrees,
            tolerance = c.Tolerance,
            lowest = c.Lowest,
            subspaceError = c.SubspaceError,
            crossTerm = c.CrossTerm,
            lineCurvature = c.LineCurvature.Curvature,
            lineCoupling = c.LineCurvature.Coupling,
            halfEigenvalueError = c.HalfEigenvalueError,
        }),
    };
}
