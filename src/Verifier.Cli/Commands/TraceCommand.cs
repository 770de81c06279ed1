using System.CommandLine;
using System.Globalization;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Serialization;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Native;

namespace Verifier.Cli.Commands;

/// <summary><c>verifier trace FILE [--probes M] [--seed S] [--format text|json]</c>: Hutchinson's estimate of the Hessian's trace from Hessian-vector products.</summary>
internal static class TraceCommand
{
    public static Command Create(CliContext context)
    {
        var file = CommonOptions.File("The instance file with the point.");
        var probes = new Option<int>("--probes") { Description = "Rademacher probe vectors M (the standard error falls like 1/√M).", HelpName = "M", DefaultValueFactory = _ => 100, CustomParser = OptionParsers.PositiveInt };
        var seed = CommonOptions.Seed("Seed of the probe vectors.", 1);
        var format = CommonOptions.Format();
        return CommonOptions.Verb(
            "trace",
            "Estimates the trace of the Hessian at the point by Hutchinson's estimator over Hessian-vector products, with its standard error.",
            parse => Run(context, parse.GetValue(file)!, parse.GetValue(probes), parse.GetValue(seed), parse.GetValue(format)),
            file, probes, seed, format);
    }

    private static int Run(CliContext context, string path, int probes, int seed, OutputFormat format)
    {
        var instance = CommonOptions.ReadPoint(path, "the trace is the Hessian's at the point");
        IMatrixKernels kernels = MatrixKernels.TryCreateOpenBlas(out var native, out _) ? native : ManagedMatrixKernels.Default;
        var hvp = new HessianVectorProducts(instance, instance.WeightsDouble(), kernels);
        var estimate = HutchinsonTrace.Estimate(new DelegateOperator(instance.Network.ParameterCount, hvp.Apply), probes, seed);
        CommonOptions.Write(context, "trace", format,
            () => VerifierJson.Serialize(estimate),
            () => string.Create(CultureInfo.InvariantCulture,
                $"trace           {estimate.Trace:R}\nstandard error  {estimate.StandardError:R}\nprobes          {estimate.Probes} (Rademacher, seed {estimate.Seed})\nproducts        {estimate.Products}\n"));
        return ExitCodes.Success;
    }
}
