using System.CommandLine;
using System.Globalization;
using System.Text;
using Verifier.Cli.Output;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier linear FILE [--write DIR] [--format text|json]</c>: the deep linear theory of an instance, exactly:
/// Kawaguchi's hypotheses, Σ's eigenvalues, the global minimum value, and every Baldi–Hornik critical point with its
/// exact classification; <c>--write</c> saves each point as an instance file for <c>verifier check</c>.
/// </summary>
internal static class LinearCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "An instance of a linear network without biases (weights are not needed)." };
        file.Validators.Add(OptionParsers.NotAnOption);
        var write = new Option<string?>("--write") { Description = "Write every enumerated critical point as an instance file into this directory.", HelpName = "DIR" };
        var format = new Option<string>("--format")
        {
            Description = $"Output format: {OptionParsers.FormatList}. With json, stdout holds exactly one JSON document.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
            CustomParser = OptionParsers.Format,
        };
        var command = new Command("linear", "Deep linear networks exactly: hypotheses, Σ's spectrum, the global minimum value and every Baldi–Hornik critical point, classified.")
        {
            file, write, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(file)!, parse.GetValue(write), OptionParsers.ParseFormat(parse.GetValue(format)) ?? OutputFormat.Text));
        return command;
    }

    internal static int Run(CliContext context, string path, string? writeDir, OutputFormat format)
    {
        var instance = InstanceFile.Read(path);
        var problem = DeepLinearProblem.TryCreate(instance)
            ?? throw CliException.BadInput($"{path}: network: 'linear' needs a linear network without biases (this one is {instance.Network})");
        var hypotheses = DeepLinearTheory.KawaguchiHypotheses(problem);
        var value = DeepLinearTheory.GlobalMinimum(problem);
        var points = CriticalPointCatalogue.Enumerate(instance);
        var files = new List<string?>();
        if (writeDir is not null && points is not null)
        {
            try
            {
                Directory.CreateDirectory(writeDir);
                string stem = string.IsNullOrEmpty(instance.Name) ? "point" : instance.Name;
                for (int i = 0; i < points.Count; i++)
                {
                    var p = points[i];
                    string name = $"{stem}-I{(p.Point.Subset.Length == 0 ? "0" : string.Join("-", p.Point.Subset))}{(p.Label.Contains(", C", StringComparison.Ordinal) ? "-c" : "")}";
                    string target = Path.Combine(writeDir, name + ".json");
                    InstanceFile.Write(CriticalPointCatalogue.AsInstance(instance, p, name), target);
                    files.Add(target);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.BadInput($"{writeDir}: cannot write the point files ({e.Message})");
            }
        }

        context.Stdout.Write(format == OutputFormat.Json ? Json(instance, problem, hypotheses, value, points, files) : Text(instance, problem, hypotheses, value, points, files));
        return ExitCodes.Success;
    }

    private static string Text(Instance instance, DeepLinearProblem problem, IReadOnlyList<Hypothesis> hypotheses, GlobalMinimumValue? value, IReadOnlyList<ClassifiedCriticalPoint>? points, List<string?> files)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"instance    {instance.Name}: {instance.Network}, loss {Landscape.Networks.Names.Of(instance.Loss)}, {instance.Data.Count} samples\n");
        sb.Append("hypotheses  (Kawaguchi 2016, Theorem 2.3)\n");
        foreach (var h in hypotheses)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {(h.Holds ? "holds" : "FAILS")}  {h.Name}: {h.Detail}\n");
        }

        sb.Append("eigenvalues of Σ  ").Append(string.Join(", ", problem.Spectrum.Select(RootText))).Append('\n');

        sb.Append(CultureInfo.InvariantCulture, $"global minimum value  {value}{(problem.InputsFullRank ? "" : " (XXᵀ is singular: W* and Σ use its pseudo-inverse)")} (rank bound r = {value!.Rank})\n");
        if (points is null)
        {
            sb.Append("critical points  not enumerated: Σ has irrational eigenvalues, so its eigenvectors are not rational\n");
            return sb.ToString();
        }

        sb.Append(CultureInfo.InvariantCulture, $"critical points  {points.Count} (Baldi–Hornik subsets I of Σ's eigenvectors, largest eigenvalue first)\n");
        int width = points.Max(p => p.Label.Length);
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var inertia = p.Inertia is { } n ? $"Hessian −{n.Negative} 0×{n.Zero} +{n.Positive}" : "";
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Label.PadRight(width)}  loss {p.Point.Loss,-10}  gradient {(p.GradientIsZero ? "0" : "≠0")}  {inertia,-18}  {p.Classification}");
            sb.Append(i < files.Count && files[i] is { } f ? $"  -> {f}\n" : "\n");
        }

        return sb.ToString();
    }

    private static string RootText(Numerics.Exact.RealRoot r) =>
        (r.IsExact ? r.Value.ToString() : string.Create(CultureInfo.InvariantCulture, $"≈{r.Approximation:G17}")) + (r.Multiplicity > 1 ? $" (×{r.Multiplicity})" : "");

    private static string Json(Instance instance, DeepLinearProblem problem, IReadOnlyList<Hypothesis> hypotheses, GlobalMinimumValue? value, IReadOnlyList<ClassifiedCriticalPoint>? points, List<string?> files)
    {
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("instance", instance.Name);
            w.WriteStartArray("hypotheses");
            foreach (var h in hypotheses)
            {
                w.WriteStartObject();
                w.WriteString("name", h.Name);
                w.WriteBoolean("holds", h.Holds);
                w.WriteString("detail", h.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("eigenvalues");
            foreach (var r in problem.Spectrum)
            {
                w.WriteStartObject();
                w.WriteBoolean("exact", r.IsExact);
                w.WriteString("lower", r.Lower.ToString());
                w.WriteString("upper", r.Upper.ToString());
                w.WriteNumber("approximation", r.Approximation);
                w.WriteNumber("multiplicity", r.Multiplicity);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (value is null)
            {
                w.WriteNull("globalMinimumValue");
            }
            else
            {
                w.WriteStartObject("globalMinimumValue");
                w.WriteBoolean("exact", value.IsExact);
                w.WriteString("lower", value.Lower.ToString());
                w.WriteString("upper", value.Upper.ToString());
                w.WriteNumber("rank", value.Rank);
                w.WriteEndObject();
            }

            if (points is null)
            {
                w.WriteNull("criticalPoints");
            }
            else
            {
                w.WriteStartArray("criticalPoints");
                for (int i = 0; i < points.Count; i++)
                {
                    var p = points[i];
                    w.WriteStartObject();
                    w.WriteString("label", p.Label);
                    w.WriteStartArray("subset");
                    foreach (var s in p.Point.Subset)
                    {
                        w.WriteNumberValue(s);
                    }

                    w.WriteEndArray();
                    w.WriteString("loss", p.Point.Loss.ToString());
                    w.WriteBoolean("gradientIsZero", p.GradientIsZero);
                    if (p.Inertia is { } n)
                    {
                        w.WriteStartObject("inertia");
                        w.WriteNumber("negative", n.Negative);
                        w.WriteNumber("zero", n.Zero);
                        w.WriteNumber("positive", n.Positive);
                        w.WriteEndObject();
                    }

                    w.WriteString("classification", p.Classification);
                    w.WriteString("reason", p.Reason);
                    if (i < files.Count && files[i] is { } f)
                    {
                        w.WriteString("file", f);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        });
    }
}
