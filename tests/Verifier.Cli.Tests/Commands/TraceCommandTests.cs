using System.Text.Json;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Kernels;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>trace</c> as a user runs it: the contract's fields, agreement with the exact trace of the dense Hessian, and bad input.</summary>
public class TraceCommandTests
{
    [Test]
    public void TheEstimateCarriesItsFieldsAndLiesWithinFourStandardErrorsOfTheDenseTrace()
    {
        var path = Repo.Example("xor-2-2-1-sigmoid.json");
        var r = Cli.Run("trace", path, "--probes", "2000", "--seed", "4", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("probes").GetInt32(), Is.EqualTo(2000));
        Assert.That(root.GetProperty("products").GetInt32(), Is.EqualTo(2000));
        Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(4));
        var instance = InstanceFile.Read(path);
        var h = BatchedHessian.Compute(instance, instance.WeightsDouble(), ManagedMatrixKernels.Default);
        double trace = Enumerable.Range(0, h.GetLength(0)).Sum(i => h[i, i]);
        Assert.That(Math.Abs(root.GetProperty("trace").GetDouble() - trace), Is.LessThanOrEqualTo(4 * root.GetProperty("standardError").GetDouble()));
    }

    [TestCase("0")]
    [TestCase("-3")]
    public void ANonPositiveProbeCountIsExitTwo(string probes)
    {
        var r = Cli.Run("trace", Repo.Example("xor-2-2-1-sigmoid.json"), "--probes", probes);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain("--probes"));
    }
}
