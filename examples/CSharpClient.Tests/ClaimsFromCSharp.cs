// Verifier from C# under NUnit, as a user's own test project would use it: decide a claim on an instance file, then
// state a property over Verifier's seeded deep linear instances and let FsCheck draw them. The F# client
// (examples/FSharpClient) does the same.
using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Theories;
using Verifier.Proofs;

namespace Verifier.Examples.CSharpClient;

public class ClaimsFromCSharp
{
    [Test]
    public void KawaguchisOriginIsASaddle()
    {
        var origin = InstanceFile.Read(Path.Combine(RepositoryRoot(), "examples", "instances", "kawaguchi-depth3-origin.json"));
        var verdict = GenericClaims.Saddle.Decide(new ClaimInput(origin, StandardTheories.All));
        TestContext.Out.WriteLine($"saddle: {verdict.Word}: {verdict.Reason}");
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
    }

    // Every local minimum is global on seeded deep linear instances meeting Kawaguchi's hypotheses (widths 3-2-3 or
    // 3-2-2-3); FsCheck draws the seeds, replayably.
    [FsCheck.NUnit.Property(MaxTest = 12, Replay = "(7,11)")]
    public Property EveryLocalMinimumIsGlobalOnRandomLinearInstances() =>
        Prop.ForAll(Gen.Choose(1, 10_000).ToArbitrary(), Gen.Elements(false, true).ToArbitrary(), (seed, deep) =>
        {
            int[] layers = deep ? [3, 2, 2, 3] : [3, 2, 3];
            var instance = RationalLinearInstances.Generate(layers, LinearDataKind.MeetsHypotheses, new Random(seed), LossKind.Sse, $"csharp-seed{seed}");
            var verdict = Catalogue.Get("kawaguchi2016.every-local-min-is-global").Decide(new ClaimInput(instance, StandardTheories.All));
            return (verdict is Verdict.Verified).Label($"seed {seed}: {verdict.Word}: {verdict.Reason}");
        });

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
