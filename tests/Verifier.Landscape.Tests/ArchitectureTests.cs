using System.Text.RegularExpressions;

namespace Verifier.Landscape.Tests;

/// <summary>
/// The layering the README's "Architecture" section promises, held by reading the sources: which of Landscape's
/// namespaces each folder may use, and that no project needs another's internals. A new folder must be given its rule
/// here; a new edge must be argued for here.
/// </summary>
public partial class ArchitectureTests
{
    // Folder of src/Verifier.Landscape → the sibling namespaces it may name. The layers run from the JSON layer and the
    // data (Serialization, Networks, Instances) through the mathematics (Derivatives, Analysis, Claims) to the theories that plug into the claims
    // (DeepLinear, Optimization), and last the assemblies of all of them (Theories, Services). Instances ↔ Derivatives
    // is the one cycle: RandomInstance computes a random teacher's outputs with the calculus.
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Serialization"] = [],
        ["Networks"] = [],
        ["Instances"] = ["Networks", "Derivatives", "Serialization"],
        ["Derivatives"] = ["Networks", "Instances"],
        ["Analysis"] = ["Networks", "Instances", "Derivatives"],
        ["Claims"] = ["Networks", "Instances", "Derivatives"],
        ["Certificates"] = ["Networks", "Instances", "Derivatives", "Serialization", "Claims"],
        ["DeepLinear"] = ["Networks", "Instances", "Derivatives", "Claims"],
        ["Optimization"] = ["Networks", "Instances", "Derivatives", "Analysis", "Claims"],
        ["Theories"] = ["Networks", "Instances", "Claims", "DeepLinear", "Optimization"],
        ["Paths"] = ["Networks", "Instances", "Derivatives", "Serialization", "Optimization"],
        ["Experiments"] = ["Instances", "Serialization"],
        ["Splitting"] = ["Networks", "Instances", "Derivatives", "Claims"],
        ["Search"] = ["Networks", "Instances", "Derivatives", "Claims", "Optimization", "Splitting"],
        ["Services"] = ["Networks", "Instances", "Derivatives", "Serialization", "Analysis", "Claims", "Certificates", "DeepLinear", "Optimization", "Theories"],
    };

    private static string Landscape => Path.Combine(Repository.Root, "src", "Verifier.Landscape");

    [Test]
    public void EveryFolderOfLandscapeHasALayeringRule()
    {
        var folders = Folders().ToList();
        Assert.That(folders, Is.Not.Empty);
        Assert.That(folders.Where(f => !MayUse.ContainsKey(f)), Is.Empty, "give each new folder its rule in ArchitectureTests.MayUse");
    }

    [TestCaseSource(nameof(Folders))]
    public void AFolderNamesOnlyTheNamespacesItsLayerMayUse(string folder)
    {
        var others = MayUse.Keys.Where(k => k != folder && !MayUse[folder].Contains(k)).ToList();
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Landscape, folder), "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                var code = CodeOf(lines[i]);
                foreach (var other in others)
                {
                    // "using Verifier.Landscape.X", "Verifier.Landscape.X.Type" and the relative "X.Type" from a sibling.
                    if (Regex.IsMatch(code, $@"(\bVerifier\.Landscape\.{other}\b)|((?<![\w.]){other}\.[A-Z])"))
                    {
                        offences.Add($"{Path.GetFileName(file)}:{i + 1} names {other}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.That(offences, Is.Empty, $"{folder} may use only: {string.Join(", ", MayUse[folder])}");
    }

    [Test]
    public void TheRigorousCoreKnowsNothingOfNetworks()
    {
        var rigorous = Path.Combine(Repository.Root, "src", "Verifier.Numerics", "Rigorous");
        var files = Directory.EnumerateFiles(rigorous, "*.cs").ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            var code = string.Join('\n', File.ReadAllLines(file).Select(CodeOf));
            Assert.That(code, Does.Not.Match(@"\b(Landscape|Network|Instance|Activation)\b"), Path.GetFileName(file));
        }
    }

    [Test]
    public void NoShippedProjectOpensItsInternalsToAnotherShippedProject()
    {
        foreach (var project in Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.csproj", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "AssemblyInfo.cs", SearchOption.AllDirectories)))
        {
            foreach (Match m in InternalsVisibleTo().Matches(File.ReadAllText(project)))
            {
                string friend = m.Groups[1].Value;
                Assert.That(friend.EndsWith(".Tests", StringComparison.Ordinal) || friend == "ILGPURuntime", Is.True,
                    $"{Path.GetFileName(project)} opens its internals to {friend}: share a public type instead");
            }
        }
    }

    [Test]
    public void ATestFileNamedAfterASourceFileSitsInTheFolderThatMirrorsIt()
    {
        var misplaced = new List<string>();
        int mirrored = 0;
        foreach (var testProject in Directory.EnumerateDirectories(Path.Combine(Repository.Root, "tests"), "Verifier.*.Tests"))
        {
            var name = Path.GetFileName(testProject)!;
            var source = Path.Combine(Repository.Root, "src", name[..^".Tests".Length]);
            if (!Directory.Exists(source))
            {
                continue;
            }

            foreach (var test in SourceFiles(testProject).Where(f => f.EndsWith("Tests.cs", StringComparison.Ordinal)))
            {
                var subject = Path.GetFileName(test)[..^"Tests.cs".Length] + ".cs";
                var matches = SourceFiles(source).Where(f => Path.GetFileName(f) == subject).ToList();
                if (matches.Count != 1)
                {
                    continue;
                }

                mirrored++;
                var want = Path.GetDirectoryName(Path.GetRelativePath(source, matches[0]));
                var have = Path.GetDirectoryName(Path.GetRelativePath(testProject, test));
                if (want != have)
                {
                    misplaced.Add($"{name}/{Path.GetRelativePath(testProject, test)} tests {Path.GetRelativePath(source, matches[0])}: move it to {name}/{want}/");
                }
            }
        }

        Assert.That(mirrored, Is.GreaterThan(10), "the rule found the test files it speaks of");
        Assert.That(misplaced, Is.Empty);
    }

    private static IEnumerable<string> SourceFiles(string project) =>
        Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<string> Folders() =>
        Directory.EnumerateDirectories(Landscape)
            .Select(Path.GetFileName)
            .Where(name => name is not null and not "bin" and not "obj")
            .Select(name => name!)
            .Order(StringComparer.Ordinal);

    // The line without its comment and string literals (a rule speaks of code, not of prose).
    private static string CodeOf(string line)
    {
        var withoutStrings = Regex.Replace(line, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        int comment = withoutStrings.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? withoutStrings : withoutStrings[..comment];
    }

    [GeneratedRegex("InternalsVisibleTo(?: Include=|\\()\"([^\"]+)\"")]
    private static partial Regex InternalsVisibleTo();

    private static class Repository
    {
        public static string Root { get; } = Find();

        private static string Find()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Verifier.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Verifier.sln not found above the test directory.");
        }
    }
}
