using Verifier.Cli.Output;

namespace Verifier.Cli.Tests;

public sealed class ProgressLineTests
{
    [Test]
    public void Plain_lines_are_whole_lines_at_most_one_per_interval_and_never_rewritten()
    {
        using var stderr = new StringWriter { NewLine = "\n" };
        var progress = new ProgressLine(stderr, terminal: false);

        progress.Show("case 1/3");
        progress.Show("case 2/3");
        progress.Clear();
        progress.Show("case 3/3");
        progress.Done();

        Assert.Multiple(() =>
        {
            Assert.That(stderr.ToString(), Is.EqualTo("progress: case 1/3\n"), "the second and third come within the interval; Clear does not reset it");
            Assert.That(progress.IsLive, Is.False);
        });
    }

    [Test]
    public void Plain_lines_wait_for_the_quiet_start_so_that_quick_work_logs_nothing()
    {
        using var stderr = new StringWriter { NewLine = "\n" };
        var progress = new ProgressLine(stderr, terminal: false, firstLogAfter: TimeSpan.FromHours(1));

        progress.Show("case 1/3");
        progress.Clear();

        Assert.That(stderr.ToString(), Is.Empty);
    }

    [Test]
    public void A_live_line_is_rewritten_in_place_and_cleared_before_other_output()
    {
        using var stderr = new StringWriter { NewLine = "\n" };
        var progress = new ProgressLine(stderr, terminal: true, firstLogAfter: TimeSpan.FromHours(1));

        progress.Show("case 10/12");
        progress.Clear();
        progress.Show("case 11/12", force: false);

        Assert.Multiple(() =>
        {
            Assert.That(progress.IsLive, Is.True);
            Assert.That(stderr.ToString(), Is.EqualTo("\rcase 10/12" + "\r          \r" + "\rcase 11/12"), "shown at once despite the quiet start; after Clear the next line draws at once");
        });
    }

    [Test]
    public void Suite_in_json_keeps_stdout_one_document_and_writes_plain_rows_to_stderr()
    {
        var result = Cli.Run("suite", "--paper", "baldi-hornik1989", "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var json = result.Json();
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("format").GetString(), Is.EqualTo("verifier-suite-report/1"));
            Assert.That(result.Stderr, Does.Not.Contain("\r"), "no live line when stderr is not a terminal");
            Assert.That(result.StderrLines.Where(l => !l.StartsWith("progress: ", StringComparison.Ordinal)).Count(), Is.EqualTo(json.RootElement.GetProperty("cases").GetInt32()), "one row per case");
        });
    }

    [Test]
    public void Experiment_off_a_terminal_writes_plain_lines_only()
    {
        using var dir = new TempDir();

        var result = Cli.Run("experiment", "basin-quality", "--widths", "2,3", "--runs", "2", "--samples", "2", "-o", dir.Path);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        Assert.Multiple(() =>
        {
            Assert.That(result.Stderr, Does.Not.Contain("\r"));
            Assert.That(result.StderrLines, Has.Some.StartsWith("experiment: width 2 done"));
            Assert.That(result.Stdout, Does.Contain("|"), "the Markdown table on stdout");
        });
    }
}
