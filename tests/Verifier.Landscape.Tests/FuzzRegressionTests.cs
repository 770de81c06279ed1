using Verifier.Landscape.Certificates;
using Verifier.Landscape.Instances;

namespace Verifier.Landscape.Tests;

/// <summary>
/// Every input the fuzzing campaigns ever found (<c>fuzz/crashes/TARGET/</c>) and every seed of their corpus
/// (<c>fuzz/corpus/TARGET/</c>) replayed against the contract of its target: the instance reader returns an instance
/// or throws <see cref="InstanceFormatException"/> (exit 2), and an instance it returns is written and read back to the
/// same text; the certificate kernel returns valid or rejected with a reason (exit 0 or 1) and never throws. Each
/// input has a minute: a hang is a finding too.
/// </summary>
public class FuzzRegressionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    public static IEnumerable<TestCaseData> InstanceInputs() => Inputs("instance");

    public static IEnumerable<TestCaseData> CertificateInputs() => Inputs("certificate");

    [TestCaseSource(nameof(InstanceInputs))]
    public void TheInstanceReaderReadsOrRejectsWithAFormatError(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, file));
        WithinLimit(() =>
        {
            Instance instance;
            try
            {
                instance = InstanceFile.ParseFile(bytes, file);
            }
            catch (InstanceFormatException e)
            {
                return e.Message.StartsWith(file + ": ", StringComparison.Ordinal) ? null : $"the message does not name the file: {e.Message}";
            }

            var text = InstanceFile.Format(instance);
            var again = InstanceFile.Format(InstanceFile.Parse(text, file));
            return again == text ? null : $"written, read back and written again, the text changed:\n{text}\n{again}";
        });
    }

    [TestCaseSource(nameof(CertificateInputs))]
    public void TheCertificateKernelAcceptsOrRejectsWithAReason(string file)
    {
        // Decoded as verify-certificate reads a file (UTF-8, or what a byte-order mark says).
        var text = File.ReadAllText(Path.Combine(Root, file));
        WithinLimit(() => CertificateChecker.Check(text).Reason.Length > 0 ? null : "a check without a reason");
    }

    [Test]
    public void EachTargetHasASeedCorpus()
    {
        Assert.That(Inputs("instance").Count(f => ((string)f.Arguments[0]!).Contains("corpus", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(10));
        Assert.That(Inputs("certificate").Count(f => ((string)f.Arguments[0]!).Contains("corpus", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(5));
    }

    // Runs a replay that returns what is wrong (null: nothing); an exception escaping it is undocumented.
    private static void WithinLimit(Func<string?> replay)
    {
        var run = Task.Run(replay);
        bool done;
        try
        {
            done = run.Wait(Limit);
        }
        catch (AggregateException e)
        {
            Assert.Fail($"an undocumented exception: {e.InnerException}");
            return;
        }

        Assert.That(done, Is.True, $"still running after {Limit.TotalSeconds} s: a hang");
        Assert.That(run.Result, Is.Null);
    }

    private static IEnumerable<TestCaseData> Inputs(string target) =>
        new[] { "crashes", "corpus" }
            .Select(kind => Path.Combine(Root, "fuzz", kind, target))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Root, f))
            .Select(f => new TestCaseData(f).SetArgDisplayNames(f));

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
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
