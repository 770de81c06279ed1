using System.Text.Json;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;

namespace Verifier.Cli.Tests.Commands;

public sealed class AnalyzeCommandTests
{
    /// <summary>
    /// Eigenvalues of these small exact instances are integers; the float64 Hessian and the symmetric
    /// eigen-solver stay within a few ulps of them (observed error about 4e-16), so 1e-12 leaves a wide
    /// margin while still telling 1 from 1 ± anything meaningful.
    /// </summary>
    private const double EigenvalueTolerance = 1e-12;

    private static readonly string[] ContractFields =
    [
        "instance", "network", "parameterCount", "loss", "gradientNorm", "eigenvalues", "classification",
        "inertia", "tolerances", "kinks", "backend", "seconds",
    ];

    [Test]
    public void Json_format_writes_exactly_one_document_with_the_contract_fields()
    {
        var result = Cli.Run("analyze", "--format", "json", "--backend", "managed", Repo.Example("xor-2-2-1-sigmoid.json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json(); // JsonDocument.Parse rejects anything after the one document
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            foreach (var field in ContractFields)
            {
                Assert.That(root.TryGetProperty(field, out _), Is.True, $"field {field}");
            }

            Assert.That(root.GetProperty("instance").GetString(), Is.EqualTo("xor-2-2-1-sigmoid"));
            Assert.That(root.GetProperty("network").GetString(), Does.StartWith("2-2-1 sigmoid"));
            Assert.That(root.GetProperty("parameterCount").GetInt32(), Is.EqualTo(9));
            Assert.That(root.GetProperty("loss").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(root.GetProperty("loss").GetDouble(), Is.EqualTo(0.125)); // σ(t) + σ(−t) = 1, so every output is ½, every error ±½: L = (1/8)·4·¼
            Assert.That(root.GetProperty("gradientNorm").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(root.GetProperty("eigenvalues").GetArrayLength(), Is.EqualTo(9));
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("not-critical"));
            var inertia = root.GetProperty("inertia");
            Assert.That(
                inertia.GetProperty("negative").GetInt32() + inertia.GetProperty("zero").GetInt32() + inertia.GetProperty("positive").GetInt32(),
                Is.EqualTo(9));
            var tolerances = root.GetProperty("tolerances");
            Assert.That(tolerances.GetProperty("gradient").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(tolerances.GetProperty("eigenvalue").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(tolerances.GetProperty("gradientRule").GetString(), Is.Not.Empty);
            Assert.That(tolerances.GetProperty("eigenvalueRule").GetString(), Is.Not.Empty);
            var kinks = root.GetProperty("kinks");
            Assert.That(kinks.GetProperty("check").GetString(), Is.EqualTo("none"));
            Assert.That(kinks.GetProperty("count").GetInt32(), Is.Zero);
            Assert.That(kinks.GetProperty("first").GetArrayLength(), Is.Zero);
            Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("managed"));
            Assert.That(root.GetProperty("seconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public void Json_numbers_round_trip_to_the_very_doubles_the_analysis_computed()
    {
        var path = Repo.Example("xor-2-2-1-sigmoid.json");
        var report = PointAnalysis.Analyze(InstanceFile.Read(path), AnalysisOptions.Default);

        var result = Cli.Run("analyze", "--format", "json", "--backend", "managed", path);

        using var doc = result.Json();
        var root = doc.RootElement;
        var eigenvalues = root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("loss").GetDouble(), Is.EqualTo(report.Loss));
            Assert.That(root.GetProperty("gradientNorm").GetDouble(), Is.EqualTo(report.GradientNorm));
            Assert.That(eigenvalues, Is.EqualTo(report.Eigenvalues));
            Assert.That(root.GetProperty("tolerances").GetProperty("eigenvalue").GetDouble(), Is.EqualTo(report.Tolerances.Eigenvalue));
        });
    }

    [TestCase(0.1)]
    [TestCase(1.0 / 3.0)]
    [TestCase(5e-324)]
    [TestCase(double.MaxValue)]
    [TestCase(-2.2250738585072014e-308)]
    [TestCase(123456789.123456789)]
    public void Text_numbers_round_trip(double x)
    {
        Assert.That(double.Parse(Output.AnalysisOutput.R(x), System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(x));
    }

    [Test]
    public void Origin_of_the_depth_3_linear_example_is_degenerate()
    {
        // Kawaguchi's H = 2 example: every second derivative of a product of three zero matrices vanishes.
        var root = AnalyzeJson("kawaguchi-depth3-origin.json");

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("degenerate"));
            Assert.That(root.GetProperty("parameterCount").GetInt32(), Is.EqualTo(12));
            Assert.That(root.GetProperty("loss").GetDouble(), Is.EqualTo(2.5)); // ½‖Y‖² = ½(4 + 1)
            Assert.That(root.GetProperty("gradientNorm").GetDouble(), Is.Zero);
            Assert.That(root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()), Is.All.EqualTo(0.0));
            Assert.That(root.GetProperty("inertia").GetProperty("zero").GetInt32(), Is.EqualTo(12));
        });
    }

    [Test]
    public void Origin_of_the_2_1_2_linear_example_is_a_strict_saddle_with_eigenvalues_minus_2_minus_1_1_2()
    {
        // L = ½‖W2·W1 − D‖² with D = diag(2, 1): at 0 the Hessian pairs (W1[0,0], W2[0,0]) into
        // [[0, −2], [−2, 0]] and (W1[0,1], W2[1,0]) into [[0, −1], [−1, 0]], so its eigenvalues are ±2 and ±1.
        var root = AnalyzeJson("kawaguchi-2-1-2-origin.json");

        var eigenvalues = root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("strict-saddle"));
            Assert.That(eigenvalues, Is.EqualTo(new[] { -2.0, -1.0, 1.0, 2.0 }).Within(EigenvalueTolerance));
            Assert.That(root.GetProperty("inertia").GetProperty("negative").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("inertia").GetProperty("positive").GetInt32(), Is.EqualTo(2));
        });
    }

    [Test]
    public void Baldi_Hornik_global_minimum_has_loss_one_half_and_a_rescaling_zero_eigenvalue()
    {
        // W2·W1 = diag(2, 0) leaves only the second target coordinate unexplained: L = ½·1².
        var root = AnalyzeJson("baldi-hornik-global-min.json");

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("loss").GetDouble(), Is.EqualTo(0.5));
            Assert.That(root.GetProperty("gradientNorm").GetDouble(), Is.Zero);
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("degenerate"));
            Assert.That(root.GetProperty("inertia").GetProperty("negative").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public void Baldi_Hornik_saddle_has_loss_two_and_a_descent_direction()
    {
        // W2·W1 = diag(0, 1) explains the smaller target direction: L = ½·2², and turning towards e1 descends.
        var root = AnalyzeJson("baldi-hornik-saddle.json");

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("loss").GetDouble(), Is.EqualTo(2.0));
            Assert.That(root.GetProperty("gradientNorm").GetDouble(), Is.Zero);
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("strict-saddle"));
        });
    }

    [Test]
    public void Relu_example_at_a_kink_is_non_differentiable_and_names_the_kink()
    {
        var root = AnalyzeJson("relu-kink.json");

        var kinks = root.GetProperty("kinks");
        var first = kinks.GetProperty("first")[0];
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("non-differentiable"));
            Assert.That(kinks.GetProperty("check").GetString(), Is.EqualTo("exact"));
            Assert.That(kinks.GetProperty("count").GetInt32(), Is.EqualTo(1));
            Assert.That(first.GetProperty("sample").GetInt32(), Is.Zero);
            Assert.That(first.GetProperty("layer").GetInt32(), Is.EqualTo(1));
            Assert.That(first.GetProperty("unit").GetInt32(), Is.Zero);
        });
    }

    [TestCaseSource(typeof(Repo), nameof(Repo.ExampleNames))]
    public void Every_example_instance_loads_and_analyzes(string fileName)
    {
        var text = Cli.Run("analyze", Repo.Example(fileName));
        var json = Cli.Run("analyze", "--format", "json", Repo.Example(fileName));

        Assert.Multiple(() =>
        {
            Assert.That(text.ExitCode, Is.EqualTo(ExitCodes.Success), text.ToString);
            Assert.That(json.ExitCode, Is.EqualTo(ExitCodes.Success), json.ToString);
            Assert.That(() => json.Json().Dispose(), Throws.Nothing);
        });
    }

    [Test]
    public void Text_format_summarises_loss_gradient_classification_spectrum_inertia_tolerances_and_kinks()
    {
        var result = Cli.Run("analyze", "--backend", "managed", Repo.Example("kawaguchi-2-1-2-origin.json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        Assert.That(result.Stdout, Does.Contain("loss").And.Contain("2.5")
            .And.Contain("gradient norm")
            .And.Contain("classification  strict-saddle")
            .And.Contain("min -1.9999999999999996, max 2")
            .And.Contain("[-1.9999999999999996, -1, 0.9999999999999998, 2]")
            .And.Contain("2 negative, 0 zero, 2 positive")
            .And.Contain("tolerances")
            .And.Contain("kinks"));
    }

    [Test]
    public void Above_the_dense_limit_eigenvalues_are_null_with_a_note_on_stderr()
    {
        using var dir = new TempDir();
        var path = dir.File("wide.json");
        // 1 → 2001 → 1 without biases has P = 4002 > 4000 parameters.
        Assert.That(Cli.Run("generate", "mlp", "--layers", "1,2001,1", "--activation", "tanh", "--samples", "3", "--bias", "false", "-o", path).ExitCode, Is.Zero);

        var result = Cli.Run("analyze", "--format", "json", path);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("parameterCount").GetInt32(), Is.EqualTo(4002));
            Assert.That(doc.RootElement.GetProperty("eigenvalues").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("note:").And.Contain("4002"));
        });
    }

    // --inertia-only against the eigenvalue path on every example (the critical ones among them: a strict saddle with
    // 2×2 pivots, a strict minimum, degenerate points whose zero eigenvalues are exact zeros of the Hessian), on both
    // backends: the same classification and the same inertia counts, no eigenvalues, and where the inertia came from.
    [TestCaseSource(nameof(ExamplesOnBothBackends))]
    public void Inertia_only_classifies_every_example_as_the_eigenvalues_do(string fileName, string backend)
    {
        if (backend == "lapack")
        {
            Assume.That(EigenSolvers.TryCreateLapack(out _, out var reason), Is.True, reason);
        }

        var eigen = Cli.Run("analyze", "--format", "json", "--backend", backend, Repo.Example(fileName));
        var pivots = Cli.Run("analyze", "--format", "json", "--backend", backend, "--inertia-only", Repo.Example(fileName));
        Assert.That(eigen.ExitCode, Is.EqualTo(ExitCodes.Success), eigen.ToString);
        Assert.That(pivots.ExitCode, Is.EqualTo(ExitCodes.Success), pivots.ToString);
        using var e = eigen.Json();
        using var p = pivots.Json();
        var method = p.RootElement.GetProperty("inertiaMethod");
        Assert.Multiple(() =>
        {
            Assert.That(p.RootElement.GetProperty("classification").GetString(), Is.EqualTo(e.RootElement.GetProperty("classification").GetString()));
            Assert.That(p.RootElement.GetProperty("inertia").ToString(), Is.EqualTo(e.RootElement.GetProperty("inertia").ToString()));
            Assert.That(p.RootElement.GetProperty("eigenvalues").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(method.GetProperty("factorization").GetString(), Is.EqualTo("Bunch-Kaufman LDL^T"));
            Assert.That(method.GetProperty("nearZeroPivots").GetInt32(), Is.EqualTo(p.RootElement.GetProperty("inertia").GetProperty("zero").GetInt32()));
            Assert.That(p.RootElement.GetProperty("tolerances").GetProperty("eigenvalueRule").GetString(), Does.Contain("pivots"));
        });
    }

    // A point with a near-zero pivot is never called a strict minimum: the Baldi-Hornik global minimum has a rescaling
    // direction (a zero eigenvalue), which the factorization meets as a pivot within the tolerance.
    [Test]
    public void Inertia_only_calls_a_point_with_a_near_zero_pivot_degenerate()
    {
        var result = Cli.Run("analyze", "--format", "json", "--inertia-only", Repo.Example("baldi-hornik-global-min.json"));
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("classification").GetString(), Is.EqualTo("degenerate"));
            Assert.That(root.GetProperty("inertiaMethod").GetProperty("smallestPivot").GetDouble(),
                Is.LessThanOrEqualTo(root.GetProperty("tolerances").GetProperty("eigenvalue").GetDouble()));
        });
    }

    private static IEnumerable<TestCaseData> ExamplesOnBothBackends() =>
        Repo.ExampleNames().SelectMany(name => new[] { "managed", "lapack" }.Select(b => new TestCaseData(name, b)));

    private static JsonElement AnalyzeJson(string example)
    {
        var result = Cli.Run("analyze", "--format", "json", Repo.Example(example));
        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        return doc.RootElement.Clone();
    }
}
