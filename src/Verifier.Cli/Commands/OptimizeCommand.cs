using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Verifier.Cli.Output;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier optimize FILE -o OUT [--method newton|lbfgs|trust-region] [--seed S] [--max-iterations N] [--format text|json]</c>:
/// converges to a critical point to full double precision and writes it as an instance.
/// </summary>
/// <remarks>
/// The start point is the file's weights, or a random point drawn from <c>--seed</c> (a fresh seed when none
/// is given) when the file has none; the start is always named on stderr. The result is written atomically
/// (the whole file or none) with each weight the shortest decimal that reads back as the optimiser's double.
/// Exit 0 when the gradient reached its tolerance, 3 (inconclusive) when the run stopped short of it (OUT is
/// still written, and stderr says so), 2 for bad input (nothing written).
/// </remarks>
internal static class OptimizeCommand
{
    /// <summary>The verb.</summary>
    public const string Verb = "optimize";

    /// <summary>Progress lines on stderr come at most this often.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance file (verifier-instance/1 JSON): network, data, loss and, optionally, the start point.");
        var output = CommonOptions.Out("The instance file to write with the optimised point (written atomically: the complete file or none).", "OUT");
        var method = new Option<string>("--method")
        {
            Description = "trust-region (default: L-BFGS, then trust-region Newton polishing; descends, so it avoids saddles), "
                + "lbfgs (L-BFGS alone), newton (Newton steps from the start point: converges to the nearby critical point of any type, saddles included).",
            HelpName = "newton|lbfgs|trust-region",
            DefaultValueFactory = _ => OptimizationNames.Of(OptimizationMethod.TrustRegion),
            CustomParser = MethodName,
        };
        var seed = CommonOptions.OptionalSeed("Seed of the random start point when the file has no weights (default: a fresh seed, printed on stderr).");
        var maxIterations = new Option<int>("--max-iterations")
        {
            Description = "Iteration limit over all phases (each line search or trust-region trial step is one iteration).",
            HelpName = "N",
            DefaultValueFactory = _ => OptimizationOptions.DefaultMaxIterations,
            CustomParser = OptionParsers.PositiveInt,
        };
        var format = CommonOptions.Format("Summary");
        return CommonOptions.Verb(
            Verb,
            "Converges to a critical point of the loss to full double precision and writes it as an instance file.",
            parse => Run(
                context,
                parse.GetValue(file)!,
                parse.GetValue(output)!,
                OptimizationNames.ParseMethod(parse.GetValue(method)) ?? throw new InvalidOperationException("--method was not validated"),
                parse.GetValue(seed),
                parse.GetValue(maxIterations),
                parse.GetValue(format)),
            file,
            output,
            method,
            seed,
            maxIterations,
            format);
    }

    internal static int Run(
        CliContext context, string path, string outPath, OptimizationMethod method, int? seed, int maxIterations, OutputFormat format)
    {
        OutputPaths.CheckTarget(outPath, path);
        var instance = InstanceFile.Read(path);
        int? usedSeed = instance.Weights is null ? seed ?? Random.Shared.Next() : null;
        var progress = new ProgressPrinter(context.Stderr);
        var options = new OptimizationOptions
        {
            Method = method,
            MaxIterations = maxIterations,
            Seed = usedSeed,
            Progress = progress.Report,
        };
        if (method == OptimizationMethod.Newton && instance.Network.ParameterCount > options.MaxDenseParameters)
        {
            throw CliException.Usage(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"--method newton needs the dense Hessian, and {path} has P = {instance.Network.ParameterCount} parameters, above the dense limit {options.MaxDenseParameters}; use --method trust-region or lbfgs"),
                Verb);
        }

        // The start is checked before anything is printed, so that bad input still ends with one line.
        var (start, _) = Optimizer.StartPoint(instance, options);
        var (loss, gradient) = new NetworkCalculus<double, DoubleOps>(instance).LossAndGradient(start);
        if (!double.IsFinite(loss) || !gradient.All(double.IsFinite))
        {
            throw CliException.BadInput(
                $"{path}: cannot optimise in double precision: the loss or gradient at the start point is not finite (loss {loss.ToString(CultureInfo.InvariantCulture)})");
        }

        if (usedSeed is { } drawn)
        {
            context.Stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"start: a random point drawn with seed {drawn} ({path} has no weights; --seed {drawn} repeats it)"));
        }
        else
        {
            context.Stderr.WriteLine(seed is null
                ? $"start: the weights of {path}"
                : string.Create(CultureInfo.InvariantCulture, $"start: the weights of {path} (--seed {seed} is not used: the file has weights)"));
        }

        OptimizationResult result;
        try
        {
            result = Optimizer.Optimize(instance, start, usedSeed, options);
        }
        catch (ArithmeticException e)
        {
            throw CliException.BadInput($"{path}: cannot optimise in double precision: {e.Message}");
        }

        foreach (var note in result.Notes)
        {
            context.Stderr.WriteLine("note: " + note);
        }

        try
        {
            InstanceFile.Write(Optimizer.ResultInstance(instance, result), outPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{outPath}: cannot write the file ({e.Message})");
        }

        context.Stderr.WriteLine(result.Converged
            ? $"wrote {outPath}: converged ({result.StopDetail})"
            : $"wrote {outPath}: the last point; the run stopped without reaching the gradient tolerance ({OptimizationNames.Of(result.StopReason)}: {result.StopDetail}), so the result is inconclusive (exit {ExitCodes.Inconclusive})");
        context.Stdout.Write(format == OutputFormat.Json ? CommonOptions.Tagged("optimization", Json(instance, result, outPath)) : Text(instance, result, outPath));
        return result.Converged ? ExitCodes.Success : ExitCodes.Inconclusive;
    }

    /// <summary>The JSON document: the contract's fields first, then the details.</summary>
    internal static string Json(Instance instance, OptimizationResult result, string outPath)
    {
        return VerifierJson.Write(w =>
        {
            void Number(string name, double value)
            {
                if (double.IsFinite(value))
                {
                    w.WriteNumber(name, value);
                }
                else
                {
                    w.WriteNull(name);
                }
            }

            w.WriteStartObject();
            Number("loss", result.Loss);
            Number("gradientNorm", result.GradientNorm);
            w.WriteNumber("iterations", result.Iterations);
            w.WriteString("method", OptimizationNames.Of(result.Method));
            w.WriteString("stopReason", OptimizationNames.Of(result.StopReason));
            if (result.Seed is { } s)
            {
                w.WriteNumber("seed", s);
            }
            else
            {
                w.WriteNull("seed");
            }

            w.WriteString("output", outPath);
            w.WriteBoolean("converged", result.Converged);
            w.WriteString("stopDetail", result.StopDetail);
            ReportFields.WriteInstance(w, instance);
            Number("initialLoss", result.InitialLoss);
            Number("initialGradientNorm", result.InitialGradientNorm);
            w.WriteStartObject("tolerances");
            Number("gradient", result.GradientTolerance);
            w.WriteString("gradientRule", result.GradientToleranceRule);
            Number("hessianNormEstimate", result.HessianNormEstimate);
            w.WriteEndObject();
            w.WriteNumber("lbfgsIterations", result.LbfgsIterations);
            w.WriteNumber("newtonIterations", result.NewtonIterations);
            w.WriteNumber("evaluations", result.Evaluations);
            w.WriteNumber("hessianEvaluations", result.HessianEvaluations);
            w.WriteStartArray("notes");
            foreach (var note in result.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            Number("seconds", result.Seconds);
            w.WriteEndObject();
        });
    }

    /// <summary>The readable summary.</summary>
    internal static string Text(Instance instance, OptimizationResult result, string outPath)
    {
        static string G(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"instance       {(instance.Name.Length == 0 ? "(unnamed)" : instance.Name)}: {instance.Network}, loss {Names.Of(instance.Loss)}, P = {instance.Network.ParameterCount}\n");
        sb.Append(inv, $"method         {OptimizationNames.Of(result.Method)} ({result.LbfgsIterations} L-BFGS + {result.NewtonIterations} {(result.Method == OptimizationMethod.Newton ? "Newton" : "trust-region")} iterations)\n");
        sb.Append(inv, $"start          {(result.Seed is { } s ? $"random point, seed {s}" : "the file's weights")}: loss {G(result.InitialLoss)}, gradient norm {G(result.InitialGradientNorm)}\n");
        sb.Append(inv, $"stop reason    {OptimizationNames.Of(result.StopReason)}: {result.StopDetail}\n");
        sb.Append(inv, $"loss           {result.Loss.ToString("R", inv)}\n");
        sb.Append(inv, $"gradient norm  {result.GradientNorm.ToString("R", inv)} (tolerance {G(result.GradientTolerance)})\n");
        sb.Append(inv, $"iterations     {result.Iterations} ({result.Evaluations} loss-and-gradient evaluations, {result.HessianEvaluations} Hessians)\n");
        sb.Append(inv, $"output         {outPath}\n");
        sb.Append(inv, $"seconds        {result.Seconds:F2}\n");
        sb.Append(inv, $"tolerance rule {result.GradientToleranceRule}\n");
        return sb.ToString();
    }

    private static string MethodName(ArgumentResult result) =>
        OptionParsers.KnownName(result, "method", text => OptimizationNames.ParseMethod(text) is not null, OptimizationNames.MethodList);

    /// <summary>Writes one progress line to stderr at most every <see cref="ProgressInterval"/>.</summary>
    private sealed class ProgressPrinter(TextWriter stderr)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _next = ProgressInterval;

        public void Report(OptimizationProgress p)
        {
            if (_clock.Elapsed < _next)
            {
                return;
            }

            _next = _clock.Elapsed + ProgressInterval;
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"optimize: iteration {p.Iteration} ({p.Phase}): loss {p.Loss:G10}, gradient norm {p.GradientNorm:G3}, {_clock.Elapsed.TotalSeconds:F0} s"));
        }
    }
}
