using System.Text.Json;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;

namespace Verifier.Cli.Tests.Commands;

public sealed class OptimizeCommandTests
{
    /// <summary>Distance of the optimised regression weights from (2, 1): a well-conditioned problem solved to rounding.</summary>
    private const double PointError = 1e-12;

    // f(x) = w·x + b on y = 2x + 1, starting at (0, 0).
    private const string Regression = """
        {
          "format": "verifier-instance/1",
          "name": "regression",
          "network": { "layers": [1, 1], "activation": "linear" },
          "data": { "x": [[0], [1], [2]], "y": [[1], [3], [5]] },
          "weights": [ { "W": [[0]], "b": [0] } ]
        }
        """;

    // The same without a point: optimize draws one from --seed.
    private const string RegressionWithoutWeights = """
        {
          "network": { "layers": [2, 3, 1], "activation": "tanh" },
          "data": { "x": [[0, 1], [1, 0], [2, 1], [-1, 2]], "y": [[1], [3], [5], [0]] }
        }
        """;

    [Test]
    public void Writes_a_loadable_instance_at_the_critical_point_and_exits_0()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", Regression);
        var output = dir.File("out.json");

        var result = Cli.Run("optimize", input, "-o", output);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        var original = InstanceFile.Read(input);
        var optimised = InstanceFile.Read(output);
        var theta = optimised.WeightsDouble();
        var analysis = Cli.Run("analyze", "--format", "json", output);
        Assert.Multiple(() =>
        {
            Assert.That(optimised.Network, Is.EqualTo(original.Network));
            Assert.That(optimised.Loss, Is.EqualTo(original.Loss));
            Assert.That(optimised.Data.XExact, Is.EqualTo(original.Data.XExact));
            Assert.That(optimised.Data.YExact, Is.EqualTo(original.Data.YExact));
            Assert.That(theta[0], Is.EqualTo(2.0).Within(PointError));
            Assert.That(theta[1], Is.EqualTo(1.0).Within(PointError));
            Assert.That(result.Stdout, Does.Contain("stop reason    converged"));
            Assert.That(result.Stderr, Does.Contain("start: the weights of " + input).And.Contain("wrote " + output));
            Assert.That(analysis.ExitCode, Is.EqualTo(ExitCodes.Success), analysis.ToString);
            Assert.That(analysis.Json().RootElement.GetProperty("classification").GetString(), Is.EqualTo("strict-local-min"));
        });
    }

    [TestCase("trust-region")]
    [TestCase("lbfgs")]
    [TestCase("newton")]
    public void Json_format_prints_one_document_with_the_contract_fields(string method)
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", Regression);
        var output = dir.File("out.json");

        var result = Cli.Run("optimize", input, "-o", output, "--method", method, "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("loss").GetDouble(), Is.LessThan(1e-20));
            Assert.That(root.GetProperty("gradientNorm").GetDouble(), Is.LessThanOrEqualTo(root.GetProperty("tolerances").GetProperty("gradient").GetDouble()));
            Assert.That(root.GetProperty("iterations").GetInt32(), Is.GreaterThan(0));
            Assert.That(root.GetProperty("method").GetString(), Is.EqualTo(method));
            Assert.That(root.GetProperty("stopReason").GetString(), Is.EqualTo("converged"));
            Assert.That(root.GetProperty("seed").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("output").GetString(), Is.EqualTo(output));
            Assert.That(root.GetProperty("converged").GetBoolean(), Is.True);
        });
    }

    [Test]
    public void Without_weights_the_start_comes_from_the_seed_and_the_same_seed_gives_the_same_file()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", RegressionWithoutWeights);
        var a = dir.File("a.json");
        var b = dir.File("b.json");

        var first = Cli.Run("optimize", input, "-o", a, "--seed", "7", "--format", "json");
        var second = Cli.Run("optimize", input, "-o", b, "--seed", "7", "--format", "json");

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.AnyOf(ExitCodes.Success, ExitCodes.Inconclusive), first.ToString);
            Assert.That(second.ExitCode, Is.EqualTo(first.ExitCode), second.ToString);
            Assert.That(first.Stderr, Does.Contain("seed 7"));
            Assert.That(first.Json().RootElement.GetProperty("seed").GetInt32(), Is.EqualTo(7));
            Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)));
        });
    }

    [Test]
    public void Without_weights_and_without_a_seed_the_seed_used_is_printed()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", RegressionWithoutWeights);
        var output = dir.File("out.json");

        var result = Cli.Run("optimize", input, "-o", output, "--format", "json");

        Assert.That(result.ExitCode, Is.AnyOf(ExitCodes.Success, ExitCodes.Inconclusive), result.ToString);
        int seed = result.Json().RootElement.GetProperty("seed").GetInt32();
        Assert.That(result.Stderr, Does.Contain($"seed {seed}"));
    }

    [Test]
    public void A_run_stopped_by_the_iteration_limit_writes_its_last_point_and_exits_3()
    {
        using var dir = new TempDir();
        var input = dir.File("g.json");
        var output = dir.File("out.json");
        Assert.That(Cli.Run("generate", "mlp", "--layers", "2,3,1", "--activation", "sigmoid", "--samples", "8", "--seed", "4", "-o", input).ExitCode, Is.Zero);

        var result = Cli.Run("optimize", input, "-o", output, "--max-iterations", "2", "--format", "json");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), result.ToString);
            Assert.That(result.Json().RootElement.GetProperty("stopReason").GetString(), Is.EqualTo("max-iterations"));
            Assert.That(result.Stderr, Does.Contain("inconclusive"));
            Assert.That(InstanceFile.Read(output).Weights, Has.Count.EqualTo(13));
        });
    }

    [Test]
    public void A_generated_sigmoid_instance_is_optimised_to_a_critical_point()
    {
        using var dir = new TempDir();
        var input = dir.File("g.json");
        var output = dir.File("opt.json");
        Cli.Run("generate", "mlp", "--layers", "2,3,1", "--activation", "sigmoid", "--samples", "8", "--seed", "4", "-o", input);

        var result = Cli.Run("optimize", input, "-o", output);
        var analysis = Cli.Run("analyze", "--format", "json", output);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
            Assert.That(analysis.ExitCode, Is.EqualTo(ExitCodes.Success), analysis.ToString);
            Assert.That(
                analysis.Json().RootElement.GetProperty("classification").GetString(),
                Is.AnyOf("strict-local-min", "degenerate", "strict-saddle"));
        });
    }

    [TestCase("missing.json", new string[0], "missing.json", TestName = "A missing input file")]
    [TestCase("in.json", new[] { "--method", "gradient-descent" }, "unknown method 'gradient-descent'", TestName = "An unknown method")]
    [TestCase("in.json", new[] { "--max-iterations", "0" }, "--max-iterations: must be at least 1", TestName = "A zero iteration limit")]
    [TestCase("in.json", new[] { "--seed", "x" }, "--seed: 'x' is not an integer", TestName = "A seed that is not an integer")]
    [TestCase("in.json", new[] { "--format", "xml" }, "unknown format 'xml'", TestName = "An unknown format")]
    [TestCase("bad.json", new string[0], "malformed JSON", TestName = "Malformed JSON")]
    [TestCase("huge.json", new string[0], "not finite", TestName = "A start point where the loss overflows")]
    public void Bad_input_exits_2_with_one_line_and_writes_nothing(string file, string[] extra, string expected)
    {
        using var dir = new TempDir();
        dir.Write("in.json", Regression);
        dir.Write("bad.json", """{"network": {"layers": [1, 1], "activation": """);
        dir.Write("huge.json", Regression.Replace("\"W\": [[0]]", "\"W\": [[1e300]]", StringComparison.Ordinal));
        var output = dir.File("out.json");

        string[] format = extra.Contains("--format") ? [] : ["--format", "json"];
        var result = Cli.Run(["optimize", dir.File(file), "-o", output, .. format, .. extra]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.ToString);
            Assert.That(result.Stderr, Does.StartWith("error: ").And.Contain(expected));
            Assert.That(File.Exists(output), Is.False);
        });
    }

    [Test]
    public void Output_into_a_missing_directory_exits_2_before_any_work()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", Regression);
        var output = Path.Combine(dir.Path, "no-such-dir", "out.json");

        var result = Cli.Run("optimize", input, "-o", output);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("does not exist"));
            Assert.That(File.Exists(output), Is.False);
        });
    }

    [Test]
    public void Help_lists_the_methods_and_options()
    {
        var result = Cli.Run("optimize", "--help");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success));
            Assert.That(result.Stdout, Does.Contain("--method").And.Contain("--seed").And.Contain("--max-iterations").And.Contain("newton"));
        });
    }

    [Test]
    public void The_optimised_network_keeps_its_architecture()
    {
        using var dir = new TempDir();
        var input = dir.Write("in.json", RegressionWithoutWeights);
        var output = dir.File("out.json");

        Cli.Run("optimize", input, "-o", output, "--seed", "3");

        Assert.That(InstanceFile.Read(output).Network, Is.EqualTo(new NetworkSpec([2, 3, 1], Activation.Tanh)));
    }
}
