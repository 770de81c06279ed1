namespace Verifier.Cli.Tests.Commands;

/// <summary><c>plot</c> as a user runs it: each figure is a whole PNG of the promised size, and bad input is one line with exit 2.</summary>
public class PlotCommandTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes.Take(8), Is.EqualTo(PngSignature), path);

        // IHDR: width and height, big-endian, at bytes 16–23.
        int width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        int height = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        Assert.That((width, height), Is.EqualTo((900, 600)));
    }

    [Test]
    public void SpectrumIsAHistogramForSmallPAndAnSlqDensityForLargeP()
    {
        using var dir = new TempDir();
        var small = dir.File("small.png");
        var r = Cli.Run("plot", "spectrum", Repo.Example("xor-2-2-1-sigmoid.json"), "-o", small);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        Assert.That(r.Stdout, Does.Contain("histogram of all 9 eigenvalues"));
        AssertPng(small);

        var large = dir.File("large.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "10,410,1", "--activation", "sigmoid", "--samples", "64", "--seed", "2", "-o", large).ExitCode, Is.EqualTo(ExitCodes.Success));
        var big = dir.File("large.png");
        var s = Cli.Run("plot", "spectrum", large, "-o", big);
        Assert.That(s.ExitCode, Is.EqualTo(ExitCodes.Success), s.Stderr);
        Assert.That(s.Stdout, Does.Contain("SLQ density"));
        AssertPng(big);
    }

    [TestCase("random", false)]
    [TestCase("eigen", true)]
    public void SlicesAreDrawnIn1DAnd2D(string directions, bool twoD)
    {
        using var dir = new TempDir();
        var png = dir.File("slice.png");
        string[] args = ["plot", "slice", Repo.Example("xor-2-2-1-sigmoid.json"), "--directions", directions, "--points", "15", "-o", png];
        var r = Cli.Run(twoD ? [.. args, "--2d"] : args);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        AssertPng(png);
    }

    [Test]
    public void APathFromPathMonotoneIsDrawn()
    {
        using var dir = new TempDir();
        var random = dir.File("random.json");
        var target = dir.File("target.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "2,4,1", "--activation", "relu", "--samples", "6", "--bias", "false", "--seed", "3", "-o", random).ExitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(Cli.Run("optimize", random, "-o", target).ExitCode, Is.EqualTo(ExitCodes.Success));

        // The start: the target with its last layer times −4 (so the straight line's last layer passes through 0 in float64).
        var t = Landscape.Instances.InstanceFile.Read(target);
        var w = t.Weights!.ToArray();
        int last = t.Network.WeightOffset(t.Network.Depth);
        for (int k = last; k < w.Length; k++)
        {
            w[k] = Symbolic.Rational.FromDouble(-4 * w[k].ToDouble());
        }

        var start = dir.File("start.json");
        Landscape.Instances.InstanceFile.Write(t.WithWeights(w), start);
        var pathFile = dir.File("path.json");
        var m = Cli.Run("path", "monotone", start, "--to", target, "-o", pathFile);
        Assert.That(m.ExitCode, Is.EqualTo(ExitCodes.Success), m.Stdout + m.Stderr);
        var png = dir.File("path.png");
        var r = Cli.Run("plot", "path", pathFile, "-o", png);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.Stderr);
        AssertPng(png);
    }

    [Test]
    public void BadInputIsOneLineAndWritesNothing()
    {
        using var dir = new TempDir();
        var png = dir.File("x.png");
        var unknown = Cli.Run("plot", "slice", Repo.Example("xor-2-2-1-sigmoid.json"), "--directions", "diagonal", "-o", png);
        Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        var missing = Cli.Run("plot", "spectrum", dir.File("absent.json"), "-o", png);
        Assert.That(missing.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(missing.Stderr.Trim().Split('\n'), Has.Length.LessThanOrEqualTo(2));
        Assert.That(File.Exists(png), Is.False);
        var huge = Cli.Run("plot", "slice", Repo.Example("xor-2-2-1-sigmoid.json"), "--range", "1e300", "--2d", "-o", png);
        Assert.That(huge.ExitCode, Is.EqualTo(ExitCodes.BadInput), huge.Stderr);
        Assert.That(huge.Stderr, Does.Contain("overflows double precision"));
        Assert.That(File.Exists(png), Is.False);
    }
}
