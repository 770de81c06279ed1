namespace Verifier.Cli.Tests;

/// <summary>
/// The packaged tool, as a user installs it: <c>dotnet pack</c> of the CLI, then <c>dotnet tool install</c> from that
/// local folder, then the installed <c>verifier</c> runs a suite. About a minute on two cores.
/// </summary>
[Category("Packaging")]
public sealed class PackagingTests
{
    [Test]
    public void TheToolInstallsFromThePackedPackageAndRunsASuite()
    {
        using var dir = new TempDir();
        var packages = Path.Combine(dir.Path, "packages");
        var tools = Path.Combine(dir.Path, "tools");
        var pack = Processes.Run("dotnet", ["pack", Path.Combine(Repo.Root, "src", "Verifier.Cli", "Verifier.Cli.csproj"), "-c", "Release", "-o", packages, "--nologo"], Repo.Root, TimeSpan.FromMinutes(5));
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.Stdout + pack.Stderr);
        Assert.That(File.Exists(Path.Combine(packages, "verifier.0.1.0.nupkg")), Is.True, "PackageId verifier, a stable version");

        var install = Processes.Run("dotnet", ["tool", "install", "verifier", "--tool-path", tools, "--add-source", packages, "--version", "0.1.0", "--ignore-failed-sources"], dir.Path, TimeSpan.FromMinutes(3));
        Assert.That(install.ExitCode, Is.EqualTo(0), install.Stdout + install.Stderr);

        var version = Processes.Run(Path.Combine(tools, "verifier"), ["--version"], dir.Path, TimeSpan.FromMinutes(1));
        Assert.That(version.Stdout.Trim(), Is.EqualTo("0.1.0"));
        var suite = Processes.Run(Path.Combine(tools, "verifier"), ["suite", "--paper", "baldi-hornik1989"], dir.Path, TimeSpan.FromMinutes(3));
        Assert.That(suite.ExitCode, Is.EqualTo(0), suite.Stdout + suite.Stderr);
        Assert.That(suite.Stdout, Does.Contain("as expected, 0 not"));
    }
}
