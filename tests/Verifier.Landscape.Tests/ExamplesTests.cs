using System.Reflection;

namespace Verifier.Landscape.Tests;

/// <summary>Every example program runs to success (examples are tests; the README quotes them).</summary>
[NonParallelizable]
public class ExamplesTests
{
    private static readonly string[] ExampleAssemblies = ["AnalyzeKawaguchiSaddle"];

    [TestCaseSource(nameof(ExampleAssemblies))]
    public void ExampleRunsAndSucceeds(string name)
    {
        var entry = Assembly.Load(name).EntryPoint ?? throw new InvalidOperationException($"{name} has no entry point.");
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        object? result;
        try
        {
            result = entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(previous);
        }

        Assert.That(result, Is.EqualTo(0), output.ToString());
        Assert.That(output.ToString(), Does.Contain("degenerate").And.Contain("exact").And.Contain("saddle: verified"));
    }

    [TestCase("kawaguchi-origin")]
    [TestCase("library-calls")]
    public void ReadmeQuotesTheExampleSnippetVerbatim(string key)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var example = File.ReadAllText(Path.Combine(root, "examples", "AnalyzeKawaguchiSaddle", "Program.cs"));
        Assert.That(Snippet(readme, key), Is.EqualTo(Snippet(example, key)));
    }

    private static string Snippet(string text, string key)
    {
        var start = text.IndexOf($"// [snippet:{key}]", StringComparison.Ordinal);
        var end = text.IndexOf($"// [/snippet:{key}]", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0).And.LessThan(end), $"snippet {key} not found");
        return text[start..end].ReplaceLineEndings("\n").Trim();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Verifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Verifier.sln not found above the test directory.");
    }
}
