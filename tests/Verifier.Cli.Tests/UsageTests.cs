namespace Verifier.Cli.Tests;

public sealed class UsageTests
{
    [TestCase(new string[0], "verifier --help", TestName = "No verb at all")]
    [TestCase(new[] { "frobnicate" }, "'frobnicate'", TestName = "Unknown verb")]
    [TestCase(new[] { "analyze" }, "Required argument missing", TestName = "Missing argument")]
    [TestCase(new[] { "analyze", "--frob", "x.json" }, "unknown option '--frob'", TestName = "Unknown option before the argument")]
    [TestCase(new[] { "analyze", "x.json", "--frob" }, "'--frob'", TestName = "Unknown option after the argument")]
    [TestCase(new[] { "analyze", "x.json", "y.json" }, "'y.json'", TestName = "Extra argument")]
    [TestCase(new[] { "analyze", "--format", "xml", "x.json" }, "unknown format 'xml' (expected one of text, json)", TestName = "Unknown format")]
    [TestCase(new[] { "generate" }, "verifier generate --help", TestName = "Generate without a kind")]
    [TestCase(new[] { "generate", "mlp", "--layers", "2,1" }, "is required", TestName = "Generate without required options")]
    public void Usage_error_exits_2_with_one_error_line_and_a_help_hint(string[] args, string expected)
    {
        var result = Cli.Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.Stdout, Is.Empty, result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.ToString);
            Assert.That(result.Stderr, Does.StartWith("error: ").And.Contain(expected).And.Match("see 'verifier( [a-z]+)* --help'"));
        });
    }

    [Test]
    public void Usage_hint_names_the_verb()
    {
        Assert.That(Cli.Run("analyze").Stderr, Does.EndWith("; see 'verifier analyze --help'\n"));
    }

    [TestCase("")]
    [TestCase("analyze")]
    [TestCase("generate")]
    [TestCase("generate mlp")]
    public void Help_is_available_on_every_verb(string verb)
    {
        var result = Cli.Run([.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
            Assert.That(result.Stdout, Does.Contain("Usage:"));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    /// <summary>Every runnable verb of the command tree, as its words ("generate mlp", "plot slice").</summary>
    public static IEnumerable<string> EveryVerb()
    {
        static IEnumerable<string> Walk(System.CommandLine.Command command, string prefix)
        {
            foreach (var sub in command.Subcommands)
            {
                var words = (prefix + " " + sub.Name).Trim();
                if (sub.Action is not null)
                {
                    yield return words;
                }

                foreach (var deeper in Walk(sub, words))
                {
                    yield return deeper;
                }
            }
        }

        return Walk(Program.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null)), "");
    }

    [TestCaseSource(nameof(EveryVerb))]
    public void Help_states_each_default_once_as_the_command_line_spells_it(string verb)
    {
        var result = Cli.Run([.. verb.Split(' '), "--help"]);
        var defaults = result.Stdout.Split('\n').Select(line => System.Text.RegularExpressions.Regex.Matches(line, @"\[default: ([^\]]*)\]")).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
            Assert.That(defaults.Select(m => m.Count), Has.All.LessThanOrEqualTo(1), result.Stdout);
            Assert.That(defaults.SelectMany(m => m).Select(m => m.Groups[1].Value), Has.None.Match("^[A-Z]"), "defaults are values a user types, not enum names");
            Assert.That(result.Stdout, Does.Contain("--format <text|json>").Or.Not.Contain("--format"));
        });
    }

    [Test]
    public void Version_prints_the_version()
    {
        var result = Cli.Run("--version");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(result.Stdout.Trim(), Is.EqualTo("0.1.0"));
        });
    }

    [Test]
    public void An_argument_starting_with_at_is_a_file_name_not_a_response_file()
    {
        var result = Cli.Run("analyze", "@absent.json");

        Assert.That(result.Stderr, Is.EqualTo("error: @absent.json: file not found\n"));
    }

    [Test]
    public void Multi_line_messages_are_collapsed_onto_one_line()
    {
        Assert.That(Program.OneLine("  first\n\tsecond  third\r\n"), Is.EqualTo("first second third"));
    }
}
