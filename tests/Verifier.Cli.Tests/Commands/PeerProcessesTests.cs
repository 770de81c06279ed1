using Verifier.Cli.Commands;

namespace Verifier.Cli.Tests.Commands;

/// <summary>How <c>verifier bench</c> finds and runs the processes it compares with.</summary>
public sealed class PeerProcessesTests
{
    [Test]
    public void A_process_that_fails_is_an_error_that_quotes_its_last_stderr_line()
    {
        Assume.That(File.Exists("/bin/sh"), Is.True, "a POSIX shell");
        var e = Assert.Throws<InvalidOperationException>(() => PeerProcesses.Run("/bin/sh", ["-c", "echo first >&2; echo last words >&2; exit 3"], TimeSpan.FromMinutes(1)));
        Assert.That(e!.Message, Does.Contain("exited with 3: last words"));
    }

    [Test]
    public void A_process_that_succeeds_gives_its_stdout()
    {
        Assume.That(File.Exists("/bin/sh"), Is.True, "a POSIX shell");
        var (seconds, stdout) = PeerProcesses.Run("/bin/sh", ["-c", "echo one line"], TimeSpan.FromMinutes(1));
        Assert.Multiple(() =>
        {
            Assert.That(stdout, Is.EqualTo("one line\n"));
            Assert.That(seconds, Is.GreaterThan(0));
        });
    }

    [Test]
    public void A_command_that_cannot_start_is_an_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PeerProcesses.Run("/nonexistent/program", [], TimeSpan.FromMinutes(1)));
        Assert.That(e!.Message, Does.StartWith("cannot start /nonexistent/program"));
    }

    [Test]
    public void A_peer_whose_package_is_missing_is_unavailable_with_the_package_to_install()
    {
        bool found = PeerProcesses.TryLocatePython(BenchSuite.EigvalshFloorScript, ["no_such_module_for_verifier"], out _, out _, out var reason);
        Assert.Multiple(() =>
        {
            Assert.That(found, Is.False);
            Assert.That(reason, Does.Contain("python3-no_such_module_for_verifier").Or.Contain("was not found"));
        });
    }

    [Test]
    public void Our_own_command_is_the_dotnet_host_and_the_cli_assembly()
    {
        var (file, prefix) = PeerProcesses.OwnCommand();
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileNameWithoutExtension(file), Is.EqualTo("dotnet"));
            Assert.That(prefix, Has.Length.EqualTo(1));
            Assert.That(File.Exists(prefix[0]), Is.True, prefix[0]);
            Assert.That(Path.GetFileName(prefix[0]), Is.EqualTo("verifier.dll"));
        });
    }
}
