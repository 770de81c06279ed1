using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Verifier.Proofs;

namespace Verifier.Cli.Tests;

/// <summary>
/// The code samples of README.md and docs/*.md cannot drift from the tool: every <c>./verifier</c> command in a
/// <c>sh</c> block parses (its verb and options exist, its values are accepted), the blocks marked
/// <c>&lt;!-- run --&gt;</c> run in process and exit as their comments say, every <c>csharp</c> block is a snippet of a
/// compiled example, every instance in a <c>json</c> block validates, and every paper has a guide naming its claims.
/// </summary>
public sealed partial class DocsTests
{
    /// <summary>The marker, on the line before a fence, of a block whose commands the tests run for real.</summary>
    public const string RunMarker = "<!-- run -->";

    /// <summary>The marker of a block the tests leave alone (for commands that need what a test cannot have).</summary>
    public const string SkipMarker = "<!-- no-check -->";

    /// <summary>A fenced block of a Markdown file: its language, its lines, and the marker comment before it.</summary>
    public sealed record DocBlock(string File, int Line, string Language, IReadOnlyList<string> Lines, string? Marker);

    /// <summary>One <c>./verifier</c> command of a <c>sh</c> block, split into arguments as a shell would.</summary>
    public sealed record DocCommand(string File, int Line, string Text, IReadOnlyList<string> Args, int ExpectedExit)
    {
        public override string ToString() => $"{File}:{Line}: {Text}";
    }

    /// <summary>README.md and the guides under docs/ (the generated API pages are not samples).</summary>
    public static IEnumerable<string> DocFiles() =>
        new[] { "README.md" }.Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "docs"), "*.md")
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    public static IEnumerable<TestCaseData> EveryCommand() =>
        DocFiles().SelectMany(Blocks).Where(b => b.Language == "sh" && b.Marker != SkipMarker).SelectMany(Commands)
            .Select(c => new TestCaseData(c).SetName($"Parses {c.File}:{c.Line} {Shorten(c.Text)}"));

    public static IEnumerable<TestCaseData> FilesWithRunBlocks() =>
        DocFiles().Where(f => Blocks(f).Any(b => b.Marker == RunMarker)).Select(f => new TestCaseData(f).SetName($"Runs the marked blocks of {f}"));

    public static IEnumerable<TestCaseData> EveryCSharpBlock() =>
        DocFiles().SelectMany(Blocks).Where(b => b.Language is "csharp" or "cs" or "fsharp")
            .Select(b => new TestCaseData(b).SetName($"Quotes a compiled example at {b.File}:{b.Line}"));

    [TestCaseSource(nameof(EveryCommand))]
    public void Every_command_in_the_docs_parses(DocCommand command)
    {
        var root = Program.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));

        var parse = root.Parse([.. command.Args], new ParserConfiguration { ResponseFileTokenReplacer = null });

        Assert.Multiple(() =>
        {
            Assert.That(parse.Errors.Select(e => e.Message), Is.Empty, command.ToString);
            Assert.That(parse.CommandResult.Command, Is.Not.SameAs(root), $"{command}: no verb");
            Assert.That(parse.CommandResult.Command.Action, Is.Not.Null, $"{command}: names a group of verbs, not a verb");
        });
    }

    [TestCaseSource(nameof(FilesWithRunBlocks))]
    public void The_marked_blocks_run_and_exit_as_their_comments_say(string file)
    {
        using var scratch = new TempDir();
        var commands = Blocks(file).Where(b => b.Marker == RunMarker).SelectMany(Commands).ToList();
        Assert.That(commands, Is.Not.Empty);

        foreach (var command in commands)
        {
            var result = Cli.Run([.. command.Args.Select(a => Localise(a, scratch.Path))]);

            Assert.That(result.ExitCode, Is.EqualTo(command.ExpectedExit), $"{command}\n{result}");
        }
    }

    [TestCaseSource(nameof(EveryCSharpBlock))]
    public void Every_csharp_block_is_a_snippet_of_a_compiled_example(DocBlock block)
    {
        var text = string.Join('\n', block.Lines);
        var key = SnippetKey().Match(text);
        Assert.That(key.Success, Is.True, $"{block.File}:{block.Line}: a code block must quote a compiled example between // [snippet:NAME] and // [/snippet:NAME]");

        var name = key.Groups[1].Value;
        var sources = Directory.EnumerateFiles(Path.Combine(Repo.Root, "examples"), "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".fs", StringComparison.Ordinal)) && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .Where(s => s.Contains($"// [snippet:{name}]", StringComparison.Ordinal))
            .ToList();

        Assert.That(sources, Has.Count.EqualTo(1), $"snippet {name} must be in exactly one example source");
        Assert.That(Snippet(text, name), Is.EqualTo(Snippet(sources[0], name)), $"{block.File}:{block.Line} quotes snippet {name} as it stands in the example");
    }

    [Test]
    public void Every_instance_in_a_json_block_validates()
    {
        using var scratch = new TempDir();
        var instances = DocFiles().SelectMany(Blocks)
            .Where(b => b.Language == "json" && b.Lines.Any(l => l.Contains("\"verifier-instance/1\"", StringComparison.Ordinal)))
            .ToList();
        Assert.That(instances, Is.Not.Empty);

        foreach (var block in instances)
        {
            var path = scratch.Write($"block-{block.Line}.json", string.Join('\n', block.Lines));
            var result = Cli.Run("validate", path);

            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), $"{block.File}:{block.Line}\n{result}");
        }
    }

    [Test]
    public void Every_paper_with_claims_has_a_guide_that_names_each_claim()
    {
        foreach (var paper in Catalogue.CoveredPapers)
        {
            var guide = Path.Combine(Repo.Root, "docs", paper.Word + ".md");
            Assert.That(File.Exists(guide), Is.True, $"docs/{paper.Word}.md");
            var text = File.ReadAllText(guide);

            Assert.That(Catalogue.ForPaper(paper).Select(e => e.Claim.Id), Has.All.Matches<string>(id => text.Contains($"`{id}`", StringComparison.Ordinal)), $"docs/{paper.Word}.md names every claim of the paper");
        }

        // The README's table of papers and the docs index count each paper's claims.
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var index = File.ReadAllText(Path.Combine(Repo.Root, "docs", "README.md"));
        foreach (var paper in Catalogue.CoveredPapers)
        {
            int count = Catalogue.ForPaper(paper).Count;
            Assert.That(readme, Does.Contain($"| `{paper.Word}` | {count} |"), $"README.md's table of papers: {paper.Word} has {count} claims");
            Assert.That(index, Does.Match($@"\[{Regex.Escape(paper.Word)}\.md\]\({Regex.Escape(paper.Word)}\.md\) \|[^|]*\| {count}\b"), $"docs/README.md: {paper.Word} has {count} claims");
        }
    }

    [Test]
    public void A_public_member_without_a_doc_comment_stays_a_build_error_in_every_library()
    {
        // The API reference (tools/api-reference.sh) is generated from the XML doc comments; the build, not a test,
        // keeps them complete: documentation files, warnings as errors, and CS1591 switched off for tests alone.
        var props = File.ReadAllText(Path.Combine(Repo.Root, "Directory.Build.props"));
        var libraries = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Append(Path.Combine(Repo.Root, "proofs", "Verifier.Proofs.csproj"))
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(props, Does.Contain("<GenerateDocumentationFile>true</GenerateDocumentationFile>"));
            Assert.That(props, Does.Contain("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>"));
            Assert.That(props.Split("CS1591").Length - 1, Is.EqualTo(1), "CS1591 is switched off once, in the test projects' group");
            Assert.That(props, Does.Match(@"EndsWith\('\.Tests'\)[^<]*>\s*(<!--[^>]*-->\s*)*<NoWarn>[^<]*CS1591"), "that group is the test projects'");
            Assert.That(libraries, Has.Count.GreaterThanOrEqualTo(7));
            Assert.That(libraries.Where(p => File.ReadAllText(p).Contains("1591", StringComparison.Ordinal)), Is.Empty, "no library switches CS1591 off");
            Assert.That(libraries.Where(p => File.ReadAllText(p).Contains("GenerateDocumentationFile", StringComparison.Ordinal)), Is.Empty, "no library switches its documentation file off");
        });
    }

    [Test]
    public void The_checker_is_not_vacuous()
    {
        var blocks = Blocks("sample.md", """
            <!-- run -->
            ```sh
            ./verifier check saddle x.json     # exit 1
            time ./verifier analyze \
              --format json x.json > /tmp/a.json 2>&1
            python3 tools/other.py
            ```
            """).ToList();
        var commands = blocks.SelectMany(Commands).ToList();
        var root = Program.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));

        Assert.Multiple(() =>
        {
            Assert.That(blocks.Single().Marker, Is.EqualTo(RunMarker));
            Assert.That(commands.Select(c => string.Join(' ', c.Args)), Is.EqualTo(new[] { "check saddle x.json", "analyze --format json x.json" }));
            Assert.That(commands.Select(c => c.ExpectedExit), Is.EqualTo(new[] { 1, 0 }));
            Assert.That(root.Parse(["analyze", "--frob", "x.json"]).Errors, Is.Not.Empty, "an unknown option");
            Assert.That(root.Parse(["analyse", "x.json"]).Errors, Is.Not.Empty, "an unknown verb");
            Assert.That(root.Parse(["generate", "mlp", "--layers", "2,1", "--samples", "zero", "-o", "x.json"]).Errors, Is.Not.Empty, "a value the option refuses");
        });
    }

    /// <summary>The fenced blocks of a repository file.</summary>
    private static IEnumerable<DocBlock> Blocks(string file) => Blocks(file, File.ReadAllText(Path.Combine(Repo.Root, file)));

    private static IEnumerable<DocBlock> Blocks(string file, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = lines[i][3..].Trim();
            int start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i]);
            }

            var before = lines.Take(start).LastOrDefault(l => l.Trim().Length > 0)?.Trim();
            yield return new DocBlock(file, start + 1, language, body, before is RunMarker or SkipMarker ? before : null);
        }
    }

    /// <summary>The <c>./verifier</c> commands of a shell block (continuation lines joined, a leading <c>time</c> dropped).</summary>
    private static IEnumerable<DocCommand> Commands(DocBlock block)
    {
        var logical = new StringBuilder();
        int first = 0;
        for (int k = 0; k < block.Lines.Count; k++)
        {
            var line = block.Lines[k];
            if (logical.Length == 0)
            {
                first = block.Line + 1 + k;
            }

            if (line.TrimEnd().EndsWith('\\'))
            {
                logical.Append(line.TrimEnd()[..^1]).Append(' ');
                continue;
            }

            logical.Append(line);
            var text = logical.ToString().Trim();
            logical.Clear();
            if (text.StartsWith("time ", StringComparison.Ordinal))
            {
                text = text["time ".Length..].TrimStart();
            }

            if (!text.StartsWith("./verifier ", StringComparison.Ordinal) && text != "./verifier")
            {
                continue;
            }

            var (words, comment) = ShellWords(text);
            var exit = ExitComment().Match(comment);
            yield return new DocCommand(block.File, first, text, words.Skip(1).ToList(), exit.Success ? int.Parse(exit.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : ExitCodes.Success);
        }
    }

    /// <summary>Splits a command line as a shell would (quotes, backslashes), up to a redirection, pipe or comment.</summary>
    private static (List<string> Words, string Comment) ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c is '\'' or '"')
            {
                int end = line.IndexOf(c, i + 1);
                Assert.That(end, Is.GreaterThan(i), $"unbalanced quote in: {line}");
                word.Append(line, i + 1, end - i - 1);
                inWord = true;
                i = end;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c == '#' && !inWord)
            {
                return (words, line[(i + 1)..]);
            }
            else if (c is '>' or '<' or '|' or ';' or '&')
            {
                // A redirection such as 2> belongs to the shell: drop its descriptor and everything after it.
                if (inWord && word.ToString().All(char.IsAsciiDigit))
                {
                    word.Clear();
                    inWord = false;
                }

                Flush();
                int hash = line.IndexOf(" #", i, StringComparison.Ordinal);
                return (words, hash < 0 ? "" : line[(hash + 2)..]);
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        Flush();
        return (words, "");

        void Flush()
        {
            if (inWord)
            {
                words.Add(word.ToString());
            }

            word.Clear();
            inWord = false;
        }
    }

    /// <summary>An argument as the test runs it: /tmp/ in the scratch directory, repository paths made absolute.</summary>
    private static string Localise(string arg, string scratch)
    {
        if (arg.StartsWith("/tmp/", StringComparison.Ordinal))
        {
            return Path.Combine(scratch, arg["/tmp/".Length..]);
        }

        if (!arg.StartsWith('-') && arg.Contains('/', StringComparison.Ordinal) && Path.Exists(Path.Combine(Repo.Root, arg)))
        {
            return Path.Combine(Repo.Root, arg);
        }

        return arg;
    }

    private static string Snippet(string text, string key)
    {
        var start = text.IndexOf($"// [snippet:{key}]", StringComparison.Ordinal);
        var end = text.IndexOf($"// [/snippet:{key}]", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), $"snippet {key} is not closed");
        return text[start..end].ReplaceLineEndings("\n").Trim();
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex(@"\bexit (\d+)\b")]
    private static partial Regex ExitComment();

    [GeneratedRegex(@"// \[snippet:([A-Za-z0-9-]+)\]")]
    private static partial Regex SnippetKey();
}
