using System.Text.Json;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>analyze</c> above the dense limit: critical points classified from Lanczos residual bounds, never as strict minima.</summary>
public class AnalyzeBeyondDenseLimitTests
{
    private static Rational[] Grid(Random rng, int count) => [.. Enumerable.Range(0, count).Select(_ => new Rational(rng.Next(-8, 9), 8))];

    private static JsonElement Analyze(TempDir dir, Instance instance)
    {
        var path = dir.File(instance.Name + ".json");
        InstanceFile.Write(instance, path);
        var r = Cli.Run("analyze", path, "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.Clone();
    }

    // The origin of a 50-50-50 linear network without biases: critical (every gradient term is a product of zero
    // weights), and its Hessian is ±the singular values of the cross-covariance: a strict saddle.
    [Test]
    public void TheOriginOfAWideLinearNetworkIsAProvedStrictSaddle()
    {
        using var dir = new TempDir();
        var rng = new Random(5);
        var net = new NetworkSpec([50, 50, 50], Activation.Linear, Activation.Linear, bias: false);
        var instance = new Instance("origin-5000", net, LossKind.Mse, new Dataset(60, 50, 50, Grid(rng, 3000), Grid(rng, 3000)), Enumerable.Repeat(Rational.Zero, net.ParameterCount).ToArray());
        var root = Analyze(dir, instance);
        Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("strict-saddle"));
        var l = root.GetProperty("lanczos");
        Assert.That(l.GetProperty("smallest").GetDouble() + l.GetProperty("smallestResidual").GetDouble() + l.GetProperty("roundingAllowance").GetDouble(), Is.LessThan(0));
        Assert.That(l.GetProperty("largest").GetDouble() - l.GetProperty("largestResidual").GetDouble() - l.GetProperty("roundingAllowance").GetDouble(), Is.GreaterThan(0));
    }

    // A one-layer linear network at a zero-loss point: the loss is a strictly convex quadratic (150 samples in 100
    // dimensions), so every eigenvalue is positive; Lanczos proves the smallest Ritz value positive, and the word
    // says only that no negative eigenvalue was found.
    [Test]
    public void AConvexPointIsNeverCalledAStrictMinimumBeyondTheDenseLimit()
    {
        using var dir = new TempDir();
        var rng = new Random(6);
        var net = new NetworkSpec([100, 50], Activation.Linear);
        var x = Grid(rng, 15000);
        var theta = Grid(rng, net.ParameterCount);
        var outputs = new NetworkCalculus<Rational, RationalOps>(new Instance("zero", net, LossKind.Mse, new Dataset(150, 100, 50, x, new Rational[7500]), theta)).Outputs(theta);
        var instance = new Instance("convex-5050", net, LossKind.Mse, new Dataset(150, 100, 50, x, outputs), theta);
        var root = Analyze(dir, instance);
        Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("no-negative-curvature-found"));
        Assert.That(root.GetProperty("lanczos").GetProperty("finding").GetString(), Does.Contain("does not prove"));
    }

    // The same origin has each extreme eigenvalue twice (±σ of the cross-covariance, one copy per output-input pairing):
    // with the multiplicity check Lanczos lists both copies; without it, one copy and the next eigenvalue in.
    [Test]
    public void TheMultiplicityCheckFindsTheRepeatedEigenvalueAndTurningItOffMissesIt()
    {
        using var dir = new TempDir();
        var rng = new Random(5);
        var net = new NetworkSpec([50, 50, 50], Activation.Linear, Activation.Linear, bias: false);
        var instance = new Instance("origin-5000", net, LossKind.Mse, new Dataset(60, 50, 50, Grid(rng, 3000), Grid(rng, 3000)), Enumerable.Repeat(Rational.Zero, net.ParameterCount).ToArray());
        var path = dir.File("origin.json");
        InstanceFile.Write(instance, path);
        double[] Values(params string[] extra)
        {
            var r = Cli.Run(["hessian", path, "--method", "lanczos", "--bottom", "2", "--format", "json", .. extra]);
            Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            return [.. doc.RootElement.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble())];
        }

        var on = Values();
        var off = Values("--multiplicity-check", "off");
        Assert.That(on[1], Is.EqualTo(on[0]).Within(1e-7), "both copies of the smallest eigenvalue");
        Assert.That(off[1] - off[0], Is.GreaterThan(1e-3), "one copy, then the next eigenvalue");
        Assert.That(Cli.Run("hessian", path, "--multiplicity-check", "off").ExitCode, Is.EqualTo(ExitCodes.BadInput));
    }
}
