using System.Text.Json;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Proofs.Petzka2018;

namespace Verifier.Cli.Tests.Commands;

/// <summary><c>split</c> and <c>search bad-local-min</c> as a user runs them: outputs, the contract's exit codes, bad input in one line.</summary>
public class SplitAndSearchCommandTests
{
    [Test]
    public void SplitWritesTheLargerNetworkWithTheSameLoss()
    {
        using var dir = new TempDir();
        var small = dir.File("pd.json");
        InstanceFile.Write(PetzkaInstances.Positive, small);
        var out1 = dir.File("split.json");
        var r = Cli.Run("split", small, "--layer", "1", "--unit", "0", "--lambda", "-1/2", "-o", out1);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        var big = InstanceFile.Read(out1);
        Assert.That(big.Network.Layers, Is.EqualTo(new[] { 1, 2, 1 }));
        double before = new NetworkCalculus<double, DoubleOps>(PetzkaInstances.Positive).Loss(PetzkaInstances.Positive.WeightsDouble());
        double after = new NetworkCalculus<double, DoubleOps>(big).Loss(big.WeightsDouble());
        Assert.That(after, Is.EqualTo(before).Within(1e-15));
    }

    [Test]
    public void SplitAnalyzeReproducesTheDigestsClassification()
    {
        using var dir = new TempDir();
        var small = dir.File("pd.json");
        InstanceFile.Write(PetzkaInstances.Positive, small);
        var r = Cli.Run("split", small, "--layer", "1", "--unit", "0", "--analyze", "--format", "json");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.That(root.GetProperty("b").GetProperty("sign").GetString(), Is.EqualTo("positive definite"));
        Assert.That(root.GetProperty("smallType").GetString(), Is.EqualTo("strict-local-min"));
        foreach (var check in root.GetProperty("checks").EnumerateArray())
        {
            Assert.That(check.GetProperty("agrees").GetBoolean(), Is.True, check.GetProperty("lambda").GetString());
        }

        var inside = root.GetProperty("predictions").EnumerateArray().Single(p => p.GetProperty("range").GetString() == "0 < λ < 1");
        Assert.That(inside.GetProperty("type").GetString(), Is.EqualTo("local-min (non-strict)"));
    }

    [Test]
    public void SplitAnalyzeAtANonCriticalPointIsExitFiveWithTheGradientNorm()
    {
        using var dir = new TempDir();
        var moved = dir.File("moved.json");
        InstanceFile.Write(PetzkaInstances.Moved(PetzkaInstances.Positive, new(1, 100)), moved);
        var r = Cli.Run("split", moved, "--layer", "1", "--unit", "0", "--analyze");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.HypothesesNotMet), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("gradient norm"));
    }

    [TestCase("--layer", "2", "--unit", "0", "--lambda", "1/2", "not a hidden layer")]
    [TestCase("--layer", "0", "--unit", "0", "--lambda", "1/2", "not a hidden layer")]
    [TestCase("--layer", "1", "--unit", "3", "--lambda", "1/2", "out of range")]
    [TestCase("--layer", "1", "--unit", "0", "--lambda", "half", "not a number")]
    public void BadSplitArgumentsAreOneLineAndExitTwo(string a, string b, string c, string d, string e, string f, string expected)
    {
        using var dir = new TempDir();
        var small = dir.File("pd.json");
        InstanceFile.Write(PetzkaInstances.Positive, small);
        var r = Cli.Run("split", small, a, b, c, d, e, f, "-o", dir.File("out.json"));
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(r.Stderr, Does.Contain(expected));
        Assert.That(r.Stderr.Trim().Split('\n'), Has.Length.LessThanOrEqualTo(2));
        Assert.That(File.Exists(dir.File("out.json")), Is.False);
    }

    [Test]
    public void SearchBadLocalMinNeedsItsArchitectureAndTheOtherKindsRefuseIt()
    {
        using var dir = new TempDir();
        var missing = Cli.Run("search", "bad-local-min", "--activation", "sigmoid", "-o", dir.File("m.json"));
        Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(missing.Stderr, Does.Contain("--layers"));
        var linear = Cli.Run("search", "bad-local-min", "--layers", "2,2,1", "--activation", "linear", "-o", dir.File("m.json"));
        Assert.That(linear.ExitCode, Is.EqualTo(ExitCodes.BadInput));
    }

    [Test]
    [Category("Slow")]
    public void SearchFindsACounterexampleWhoseCertificateVerifies()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.json");
        var r = Cli.Run("search", "bad-local-min", "--layers", "2,2,1", "--activation", "sigmoid", "--seed", "1", "--budget", "200", "-o", path);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Refuted), r.Stdout + r.Stderr);
        Assert.That(r.Stderr, Does.Contain("seed 1"));
        Assert.That(File.Exists(dir.File("bad.witness.json")), Is.True);
        var v = Cli.Run("verify-certificate", dir.File("bad.cert.json"));
        Assert.That(v.ExitCode, Is.EqualTo(ExitCodes.Success), v.Stdout + v.Stderr);
        var check = Cli.Run("check", "bad-local-min", path, "--witness", dir.File("bad.witness.json"));
        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stdout);
    }

    [Test]
    public void TheSplitRouteProvesANonStrictBadMinimumOfTheWiderNetwork()
    {
        using var dir = new TempDir();
        var path = dir.File("split.json");
        var r = Cli.Run("search", "bad-local-min", "--layers", "1,2,1", "--activation", "sigmoid", "--route", "split", "--seed", "1", "--budget", "120", "-o", path);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Refuted), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("local-min, not strict"));
        var minimum = InstanceFile.Read(path);
        var witness = InstanceFile.Read(dir.File("split.witness.json"));
        Assert.That(minimum.Network.Layers, Is.EqualTo(new[] { 1, 2, 1 }));

        // The split point's loss is the smaller network's, and the witness is lower (float oracles).
        double at = new NetworkCalculus<double, DoubleOps>(minimum).Loss(minimum.WeightsDouble());
        double below = new NetworkCalculus<double, DoubleOps>(witness).Loss(witness.WeightsDouble());
        Assert.That(below, Is.LessThan(at));
        double gradient = Math.Sqrt(new NetworkCalculus<double, DoubleOps>(minimum).Gradient(minimum.WeightsDouble()).Sum(g => g * g));
        Assert.That(gradient, Is.LessThan(1e-10));
    }

    [Test]
    public void TheSplitRouteRefusesReluAndAnUnknownRoute()
    {
        using var dir = new TempDir();
        var relu = Cli.Run("search", "bad-local-min", "--layers", "1,2,1", "--activation", "relu", "--route", "split", "-o", dir.File("a.json"));
        Assert.That(relu.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        var unknown = Cli.Run("search", "bad-local-min", "--layers", "1,2,1", "--activation", "sigmoid", "--route", "sideways", "-o", dir.File("a.json"));
        Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(unknown.Stderr, Does.Contain("--route"));
    }

    // ReLU networks have no strict minima (rescaling orbits): the search certifies local-min exactly, at the refit point.
    [Test]
    public void AReluSearchCertifiesAnExactNonStrictBadMinimum()
    {
        using var dir = new TempDir();
        var path = dir.File("relu.json");
        var r = Cli.Run("search", "bad-local-min", "--layers", "1,2,1", "--activation", "relu", "--seed", "1", "--budget", "60", "-o", path);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Refuted), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("local-min (exact"));
        Assert.That(Cli.Run("verify-certificate", dir.File("relu.cert.json")).ExitCode, Is.EqualTo(ExitCodes.Success));

        // Exact oracles: the loss at the minimum is above the witness's, both as exact rationals.
        var minimum = InstanceFile.Read(path);
        var witness = InstanceFile.Read(dir.File("relu.witness.json"));
        var above = new NetworkCalculus<Symbolic.Rational, RationalOps>(minimum).Loss(minimum.Weights!);
        var below = new NetworkCalculus<Symbolic.Rational, RationalOps>(witness).Loss(witness.Weights!);
        Assert.That(below < above, Is.True, $"{below} < {above}");
        var check = Cli.Run("check", "local-min", path);
        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Success), check.Stdout);
    }

    // Weights near 1e300: the retried radii stay finite, and the point is reported, not crashed on.
    [Test]
    public void SplitAnalyzeAtHugeWeightsIsExitFiveNotAnInternalError()
    {
        using var dir = new TempDir();
        var theta = PetzkaInstances.Positive.Weights!.ToArray();
        theta[0] = Symbolic.Rational.Parse("1e300");
        var path = dir.File("huge.json");
        InstanceFile.Write(PetzkaInstances.Positive.WithWeights(theta), path);
        var r = Cli.Run("split", path, "--layer", "1", "--unit", "0", "--analyze");
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.HypothesesNotMet), r.Stdout + r.Stderr);
    }

    // --budget bounds the whole search, also when one optimisation run of a wide network outlasts it (the runs watch
    // the deadline). The bound asserted is generous: it guards against an unbounded run, not for speed.
    [Test]
    [Category("Slow")]
    public void TheBudgetBoundsASearchOnAWideNetwork()
    {
        using var dir = new TempDir();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = Cli.Run("search", "bad-local-min", "--layers", "2,200,1", "--activation", "sigmoid", "--budget", "3", "-o", dir.File("wide.json"));
        Assert.That(r.ExitCode, Is.AnyOf(ExitCodes.Inconclusive, ExitCodes.Refuted), r.Stdout + r.Stderr);
        Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(60));
    }
}
