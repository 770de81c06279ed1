namespace Verifier.Cli.Tests;

/// <summary>The real <c>./verifier</c> launcher as a process; the first run builds the CLI in Release (~20 s).</summary>
[Category("Launcher")]
public sealed class LauncherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static string Launcher => Path.Combine(Repo.Root, "verifier");

    [Test]
    public void Launcher_analyzes_the_xor_example_with_a_path_relative_to_the_callers_directory()
    {
        var result = Processes.Run(
            "bash",
            [Launcher, "analyze", "--format", "json", "xor-2-2-1-sigmoid.json"],
            Path.Combine(Repo.Root, "examples", "instances"),
            Timeout);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json(); // build output, if any, went to stderr
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("instance").GetString(), Is.EqualTo("xor-2-2-1-sigmoid"));
            Assert.That(doc.RootElement.GetProperty("classification").GetString(), Is.EqualTo("not-critical"));
            Assert.That(doc.RootElement.GetProperty("loss").GetDouble(), Is.EqualTo(0.125));
        });
    }

    [Test]
    public void Launcher_passes_exit_codes_and_stderr_through_from_any_directory()
    {
        using var dir = new TempDir();

        var result = Processes.Run("bash", [Launcher, "analyze", "absent.json"], dir.Path, Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.StderrLines[^1], Is.EqualTo("error: absent.json: file not found"));
        });
    }
}
