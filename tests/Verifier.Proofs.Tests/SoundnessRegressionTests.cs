using System.Text.Json;
using System.Text.RegularExpressions;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
using Verifier.Landscape.Theories;
using Verifier.Proofs.BaldiHornik1989;

namespace Verifier.Proofs.Tests;

/// <summary>
/// The soundness regression folder, <c>SoundnessRegressions/</c>: every false statement ever tried, one JSON file each
/// (format in tests/README.md), decided as <c>verifier check</c> decides it. A false statement is never verified, and
/// each gets exactly the verdict its file expects (refuted, inconclusive or hypotheses-not-met), with the reason's
/// words where the file gives them. Every file says in <c>why</c> why its statement is false; every claim of the
/// catalogue has at least one case, and the instances of the issues' history are kept.
/// </summary>
public partial class SoundnessRegressionTests
{
    /// <summary>The format word every case file starts with.</summary>
    public const string Format = "verifier-soundness-case/1";

    // Fewer cases than this means the folder was emptied or not found, not that the statements became true.
    private const int MinimumCases = 70;

    private static readonly string[] Keys = ["format", "note", "why", "claim", "expected", "reason", "origin", "radius", "instance", "instanceFile", "witness", "witnessFile"];

    private static readonly string[] FalseStatementVerdicts = ["refuted", "inconclusive", "hypotheses-not-met"];

    /// <summary>The folder of case files, found from the repository root.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "Verifier.Proofs.Tests", "SoundnessRegressions");

    private static IEnumerable<TestCaseData> CaseFiles() =>
        Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(Path.GetFileName(f)).SetName($"{{m}}({Path.GetFileNameWithoutExtension(f)})"));

    [TestCaseSource(nameof(CaseFiles))]
    public void TheFalseStatementGetsItsExpectedVerdictAndIsNeverVerified(string file)
    {
        var c = SoundnessCase.Load(Path.Combine(Folder, file));
        var problems = Problems(c, Decide(c));
        Assert.That(problems, Is.Empty, $"{c.Note} (false because {c.Why})");
    }

    /// <summary>The claim decided on the case's instance, as <c>verifier check</c> decides it.</summary>
    internal static Verdict Decide(SoundnessCase c) =>
        Catalogue.Find(c.ClaimId)!.Decide(new ClaimInput(c.Instance, StandardTheories.All, c.Witness, c.Radius));

    /// <summary>What is wrong with the verdict for the case: empty when it is the expected one, with the expected words.</summary>
    internal static List<string> Problems(SoundnessCase c, Verdict verdict)
    {
        var problems = new List<string>();
        if (verdict is Verdict.Verified)
        {
            problems.Add($"UNSOUND: a false statement was verified: {verdict.Reason}");
        }

        if (verdict.Word != c.Expected)
        {
            problems.Add($"expected {c.Expected}, got {verdict.Word}: {verdict.Reason}");
        }

        if (c.Reason is { } words && !verdict.Reason.Contains(words, StringComparison.Ordinal))
        {
            problems.Add($"the reason does not say '{words}': {verdict.Reason}");
        }

        return problems;
    }

    [Test]
    public void TheCheckFailsWhenATrueStatementIsVerifiedOrTheVerdictDiffers()
    {
        // The Baldi–Hornik global minimum I = {1} (X = I₂, Y = diag(2, 1), W₁ = (2, 0), W₂ = (1, 0)ᵀ) really is a local
        // minimum: filed as a false statement, the check must report it as unsound. Filed with another expected verdict
        // or reason, it must report the difference. This is what makes the folder's cases able to fail.
        const string Instance = "\"instance\": {\"format\": \"verifier-instance/1\", \"name\": \"bh-global\", \"network\": {\"layers\": [2, 1, 2], \"activation\": \"linear\", \"output\": \"linear\", \"bias\": false}, \"loss\": \"sse\", \"data\": {\"x\": [[1, 0], [0, 1]], \"y\": [[2, 0], [0, 1]]}, \"weights\": [{\"W\": [[2, 0]]}, {\"W\": [[1], [0]]}]}";
        var filedRefuted = SoundnessCase.Parse($"{{\"format\": \"{Format}\", \"note\": \"n\", \"why\": \"w\", \"claim\": \"local-min\", \"expected\": \"refuted\", {Instance}}}", "true.json");
        var verdict = Decide(filedRefuted);
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        Assert.That(Problems(filedRefuted, verdict), Has.Some.StartsWith("UNSOUND: "));

        Assert.That(Problems(filedRefuted with { Reason = "no such words" }, verdict), Has.Some.StartsWith("the reason does not say 'no such words'"));
        var notMet = new Verdict.HypothesesNotMet(["a hypothesis (detail)"]);
        Assert.That(Problems(filedRefuted with { Reason = null }, notMet), Is.EqualTo(new[] { $"expected refuted, got hypotheses-not-met: {notMet.Reason}" }));
        Assert.That(Problems(filedRefuted with { Expected = "hypotheses-not-met", Reason = "a hypothesis" }, notMet), Is.Empty);
    }

    [Test]
    public void TheFolderHoldsAtLeastThirtyWellFormedCasesWithKebabCaseNames()
    {
        var files = Directory.EnumerateFiles(Folder).Select(Path.GetFileName).ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(MinimumCases), Folder);
        Assert.That(files, Has.All.Matches(KebabJson()), "one kebab-case .json file per case, nothing else");
        var errors = new List<string>();
        foreach (var file in files)
        {
            try
            {
                SoundnessCase.Load(Path.Combine(Folder, file!));
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
            }
        }

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void EveryClaimOfTheCatalogueHasAFalseStatementInTheFolder()
    {
        // Every claim family `verifier claims` lists: the generic claims and each paper's (kawaguchi2016.*,
        // baldi-hornik1989.*, freeman-bruna2017.*, and any added later).
        var claims = AllCases().Select(c => c.ClaimId).ToHashSet();
        Assert.That(Catalogue.All.Select(c => c.Id).Where(id => !claims.Contains(id)), Is.Empty, "claims without a false statement in the folder");
    }

    [Test]
    public void EachBaldiHornikClaimHasACaseFailingEachOfItsHypothesesAndNamingIt()
    {
        // For both claims, every hypothesis is the one that fails (and is named in hypotheses-not-met) in some case.
        foreach (var entry in Catalogue.ForPaper(PaperKey.BaldiHornik1989))
        {
            var named = AllCases().Where(c => c.ClaimId == entry.Claim.Id).Select(Decide).OfType<Verdict.HypothesesNotMet>()
                .SelectMany(v => v.Failed).ToList();
            Assert.That(BaldiHornik.HypothesisNames.Where(h => !named.Any(f => f.StartsWith(h + " (", StringComparison.Ordinal))), Is.Empty, entry.Claim.Id);
        }
    }

    [TestCase("saturated-tanh-critical-point")]
    [TestCase("saturated-tanh-local-min")]
    [TestCase("saturated-tanh-strict-local-min")]
    [TestCase("saturated-tanh-saddle")]
    [TestCase("baldi-hornik-only-top-issue-instance")]
    [TestCase("baldi-hornik-critical-points-issue-instance")]
    public void TheIssuesInstancesStayInTheFolder(string name) =>
        Assert.That(File.Exists(Path.Combine(Folder, name + ".json")), Is.True, $"{name}.json was removed from {Folder}");

    private static IEnumerable<SoundnessCase> AllCases() => Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal).Select(SoundnessCase.Load);

    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"why\": \"w\", \"claim\": \"local-min\", \"expected\": \"verified\", \"instance\": {}}", "a false statement")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"why\": \"w\", \"claim\": \"no-such-claim\", \"expected\": \"refuted\", \"instance\": {}}", "unknown claim")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"note\": \"m\", \"why\": \"w\", \"claim\": \"local-min\", \"expected\": \"refuted\"}", "duplicate name 'note'")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"why\": \"w\", \"claim\": \"local-min\", \"expected\": \"refuted\", \"expect\": 1}", "unknown key 'expect'")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"\", \"why\": \"w\", \"claim\": \"local-min\", \"expected\": \"refuted\"}", "note")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"claim\": \"local-min\", \"expected\": \"refuted\"}", "\"why\" must be a string")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"why\": \"\", \"claim\": \"local-min\", \"expected\": \"refuted\"}", "why must be one non-empty line")]
    [TestCase("{\"format\": \"verifier-soundness-case/1\", \"note\": \"n\", \"why\": \"w\", \"claim\": \"local-min\", \"expected\": \"refuted\"}", "instance")]
    public void AMalformedCaseIsRefusedWithOneLineSayingWhat(string json, string what)
    {
        var e = Assert.Throws<FormatException>(() => SoundnessCase.Parse(json, "case.json"));
        Assert.That(e!.Message, Does.StartWith("case.json: ").And.Contain(what).And.Not.Contain("\n"));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\.json$")]
    private static partial Regex KebabJson();

    private static string RepositoryRoot()
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

    /// <summary>One case file: a false statement (a claim on an instance), why it is false, and the verdict it must get.</summary>
    internal sealed record SoundnessCase(string Note, string Why, string ClaimId, string Expected, string? Reason, Instance Instance, Instance? Witness, double? Radius)
    {
        public static SoundnessCase Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

        /// <summary>Parses a case strictly (duplicate or unknown keys, a verified expectation, an unknown claim are refused).</summary>
        /// <exception cref="FormatException">One line naming the file and what is wrong.</exception>
        public static SoundnessCase Parse(string json, string source)
        {
            try
            {
                using var doc = VerifierJson.ParseStrict(json);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Bad(source, "a case is a JSON object");
                }

                foreach (var property in root.EnumerateObject().Where(p => !Keys.Contains(p.Name)))
                {
                    throw Bad(source, $"unknown key '{property.Name}' (known: {string.Join(", ", Keys)})");
                }

                if (Text(root, "format", source) != Format)
                {
                    throw Bad(source, $"format must be \"{Format}\"");
                }

                var note = Text(root, "note", source);
                if (note.Length == 0 || note.Contains('\n'))
                {
                    throw Bad(source, "note must be one non-empty line saying what false statement this is");
                }

                var why = Text(root, "why", source);
                if (why.Length == 0 || why.Contains('\n'))
                {
                    throw Bad(source, "why must be one non-empty line saying why the statement is false");
                }

                var claimId = Text(root, "claim", source);
                var claim = Catalogue.Find(claimId) ?? throw Bad(source, $"unknown claim '{claimId}'");
                var expected = Text(root, "expected", source);
                if (!FalseStatementVerdicts.Contains(expected))
                {
                    throw Bad(source, $"expected must be one of {string.Join(", ", FalseStatementVerdicts)} (a false statement is never verified), not '{expected}'");
                }

                string? reason = root.TryGetProperty("reason", out var r) ? Text(root, "reason", source) : null;
                double? radius = root.TryGetProperty("radius", out var rho) ? rho.ValueKind == JsonValueKind.Number && rho.GetDouble() > 0 ? rho.GetDouble() : throw Bad(source, "radius must be a positive number") : null;
                var instance = ReadInstance(root, "instance", source) ?? throw Bad(source, "an instance (\"instance\" inline or \"instanceFile\") is required");
                if (claim.NeedsPoint && instance.Weights is null)
                {
                    throw Bad(source, $"the claim {claimId} speaks of a point: the instance needs weights");
                }

                return new SoundnessCase(note, why, claimId, expected, reason, instance, ReadInstance(root, "witness", source), radius);
            }
            catch (JsonException e)
            {
                throw Bad(source, e.Message);
            }
            catch (InstanceFormatException e)
            {
                throw Bad(source, e.Message);
            }
        }

        // "instance" inline, or "instanceFile" relative to the repository root; null when neither is there.
        private static Instance? ReadInstance(JsonElement root, string key, string source)
        {
            bool inline = root.TryGetProperty(key, out var element), file = root.TryGetProperty(key + "File", out var path);
            if (inline && file)
            {
                throw Bad(source, $"give \"{key}\" or \"{key}File\", not both");
            }

            return inline ? InstanceFile.Read(element, $"{source}: {key}")
                : file ? InstanceFile.Read(Path.Combine(RepositoryRoot(), Text(root, key + "File", source)))
                : null;
        }

        private static string Text(JsonElement root, string key, string source) =>
            root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad(source, $"\"{key}\" must be a string");

        private static FormatException Bad(string source, string what) => new($"{source}: {what.ReplaceLineEndings(" ")}");
    }
}
