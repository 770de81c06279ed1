using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier generate linear --layers 3,2,3 [--kind K] [--loss sse|mse] [--point origin|global-min|none] --seed S -o FILE</c>:
/// a rational deep linear instance whose whole chain stays exact (X invertible, Y = Q·D·R with Cayley-orthogonal Q
/// and R, so Σ has rational eigenvalues and eigenvectors), meeting Kawaguchi's hypotheses or failing one of them.
/// </summary>
internal static class GenerateLinearCommand
{
    private static readonly Dictionary<string, LinearDataKind> Kinds = new()
    {
        ["meets-hypotheses"] = LinearDataKind.MeetsHypotheses,
        ["rank-deficient-inputs"] = LinearDataKind.RankDeficientInputs,
        ["rank-deficient-correlation"] = LinearDataKind.RankDeficientCorrelation,
        ["repeated-eigenvalues"] = LinearDataKind.RepeatedEigenvalues,
        ["wide-output"] = LinearDataKind.WideOutput,
    };

    public static Command Create(CliContext context)
    {
        var layers = CommonOptions.Layers("Widths d_x, hidden…, d_y, comma-separated (samples: d_x).");
        var kind = new Option<string>("--kind")
        {
            Description = $"Which data: {string.Join(", ", Kinds.Keys)}.",
            HelpName = "K",
            DefaultValueFactory = _ => "meets-hypotheses",
        };
        var loss = CommonOptions.Loss($"Loss: {Names.LossList}.", "sse");
        var point = new Option<string>("--point")
        {
            Description = "The weights to write: origin, global-min (the exact minimiser, when Σ's top eigenvalues are rational) or none.",
            HelpName = "origin|global-min|none",
            DefaultValueFactory = _ => "origin",
        };
        var seed = CommonOptions.Seed(CommonOptions.FileSeedDescription, 1);
        var file = CommonOptions.Out("The instance file to write (written atomically: the complete file or none).");
        return CommonOptions.Verb(
            "linear",
            "A rational linear network without biases whose Σ has rational eigenvalues and eigenvectors (Cayley-orthogonal data), meeting or failing Kawaguchi's hypotheses.",
            parse => Run(
                context,
                parse.GetValue(layers)!,
                parse.GetValue(kind)!,
                Names.ParseLoss(parse.GetValue(loss)) ?? throw new InvalidOperationException("--loss was not validated"),
                parse.GetValue(point)!,
                parse.GetValue(seed),
                parse.GetValue(file)!),
            layers, kind, loss, point, seed, file);
    }

    internal static int Run(CliContext context, int[] layers, string kindName, LossKind loss, string point, int seed, string path)
    {
        if (!Kinds.TryGetValue(kindName, out var kind))
        {
            throw CliException.Usage($"--kind: unknown kind '{kindName}' (expected one of {string.Join(", ", Kinds.Keys)})", "generate linear");
        }

        if (layers.Length < 2 || layers.Sum() > 64)
        {
            throw CliException.Usage("--layers: give at least two widths, 64 units in all at most (exact arithmetic)", "generate linear");
        }

        bool wide = layers[^1] > layers[0];
        if (wide != (kind == LinearDataKind.WideOutput))
        {
            throw CliException.Usage(wide ? "--layers: d_y > d_x needs --kind wide-output" : "--kind wide-output needs d_y > d_x", "generate linear");
        }

        OutputPaths.CheckTarget(path);
        var instance = RationalLinearInstances.Generate(layers, kind, new Random(seed), loss, $"linear-{string.Join('-', layers)}-{kindName}-seed{seed}");
        var net = instance.Network;
        instance = point switch
        {
            "none" => instance,
            "origin" => instance.WithWeights([.. Enumerable.Repeat(Rational.Zero, net.ParameterCount)]),
            "global-min" => instance.WithWeights(
                (DeepLinearProblem.TryCreate(instance) is { } p ? DeepLinearTheory.GlobalMinimiser(p) : null)
                ?? throw CliException.Usage("--point global-min: this data has no exact minimiser (XXᵀ singular)", "generate linear")),
            _ => throw CliException.Usage($"--point: expected origin, global-min or none, not '{point}'", "generate linear"),
        };

        try
        {
            InstanceFile.Write(instance, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: cannot write the file ({e.Message})");
        }

        context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path}: {net}, loss {Names.Of(loss)}, {instance.Data.Count} samples, {kindName}, point {point}, seed {seed}"));
        return ExitCodes.Success;
    }
}
