namespace Verifier.Cli.Tests;

/// <summary>The summary arithmetic of <c>./run-tests</c>, fed saved <c>dotnet test</c> logs.</summary>
[Category("Scripts")]
public sealed class RunTestsScriptTests
{
    private const string PassedA = "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 241 ms - A.Tests.dll (net10.0)";
    private const string PassedB = "Passed!  - Failed:     0, Passed:    70, Skipped:     0, Total:    70, Duration: 1 s - B.Tests.dll (net10.0)";
    private const string FailedC = "Failed!  - Failed:     2, Passed:     5, Skipped:     1, Total:     8, Duration: 3 s - C.Tests.dll (net10.0)";

    [TestCase(PassedA + "\n" + PassedB + "\n", "73 passed, 0 failed", 0, TestName = "Passing assemblies are summed")]
    [TestCase(PassedA + "\n" + FailedC + "\n", "8 passed, 2 failed, 1 skipped", 1, TestName = "A failing assembly fails the run and skipped tests are shown")]
    [TestCase("Passed! - Failed: 0, Passed: 4, Skipped: 2, Total: 6 - D.dll\n", "4 passed, 0 failed, 2 skipped", 0, TestName = "Spacing does not matter")]
    [TestCase("\u001b[32mPassed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 675 ms\u001b[39;49m - A.dll (net10.0)\r\n", "3 passed, 0 failed", 0, TestName = "Colour codes and carriage returns are ignored")]
    [TestCase("Test summary: total: 9, failed: 1, succeeded: 8, skipped: 0, duration: 2.1s\n", "8 passed, 1 failed", 1, TestName = "The newer runner summary is understood")]
    [TestCase("x.cs(1,2): error CS0103: The name 'y' does not exist [x.csproj]\n" + PassedA + "\n", "3 passed, 0 failed", 1, TestName = "A build error fails the run even when the other assemblies pass")]
    [TestCase("Build FAILED.\n", "0 passed, 0 failed", 1, TestName = "No test ran fails the run")]
    [TestCase(PassedA + "\nrun-tests: fuzz instance: passed (afl-fuzz, seed 1)\nrun-tests: fuzz certificate: passed (afl-fuzz, seed 1)\n", "5 passed, 0 failed", 0, TestName = "Each fuzzing campaign that finds nothing is a passed test")]
    [TestCase(PassedA + "\nrun-tests: fuzz instance: passed (afl-fuzz)\nrun-tests: fuzz certificate: failed: findings kept in fuzz/crashes/certificate/ (1 findings)\n", "4 passed, 1 failed", 1, TestName = "A fuzzing campaign with findings is a failed test and fails the run")]
    [TestCase(PassedA + "\nfuzz: instance: afl-fuzz (coverage-guided), seed 1: 0 crashes; 0 findings, 0 new in fuzz/crashes/instance\n", "3 passed, 0 failed", 0, TestName = "The campaign's own log lines are not counted")]
    public void Summary_is_the_last_line_and_the_exit_status_follows_it(string log, string expectedLastLine, int expectedExit)
    {
        using var dir = new TempDir();
        var path = dir.Write("test.log", log);

        var result = Processes.Run("bash", [Path.Combine(Repo.Root, "run-tests"), "--summarize", path], dir.Path, TimeSpan.FromMinutes(1));

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Is.Not.Empty, result.ToString);
            Assert.That(lines[^1], Is.EqualTo(expectedLastLine), result.ToString);
            Assert.That(result.ExitCode, Is.EqualTo(expectedExit), result.ToString);
        });
    }
}
