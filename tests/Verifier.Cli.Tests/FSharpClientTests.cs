namespace Verifier.Cli.Tests;

/// <summary>The F# client (examples/FSharpClient), compiled with the solution, and its script run by <c>dotnet fsi</c>.</summary>
[Category("Examples")]
public sealed class FSharpClientTests
{
    [Test]
    public void TheFSharpProgramDecidesAClaimAndRunsAProperty()
    {
        var dll = Path.Combine(Output(), "FSharpClient.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is built with the solution");
        var r = Processes.Run("dotnet", [dll], Repo.Root, TimeSpan.FromMinutes(3));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("saddle at Kawaguchi's origin: verified"));
        Assert.That(r.Stdout, Does.Contain("Ok, passed 12 tests"));
    }

    [Test]
    public void TheFSharpScriptRunsUnderFsi()
    {
        var script = Path.Combine(Repo.Root, "examples", "FSharpClient", "check.fsx");
        var r = Processes.Run("dotnet", ["fsi", "--quiet", "--exec", script], Repo.Root, TimeSpan.FromMinutes(3));
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stdout + r.Stderr);
        Assert.That(r.Stdout, Does.Contain("local-min: verified"));
        Assert.That(r.Stdout, Does.Contain("strict-local-min: refuted"));
    }

    // The F# client's output directory for the configuration these tests were built in.
    private static string Output()
    {
        var configuration = TestContext.CurrentContext.TestDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(Repo.Root, "examples", "FSharpClient", "bin", configuration, "net10.0");
    }
}
