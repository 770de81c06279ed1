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
        Assert.That(output.ToString(), Does.Contain("degenerate").And.Contain("exact"));
    }
}
