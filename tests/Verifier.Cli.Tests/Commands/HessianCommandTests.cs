using System.Text.Json;
using Verifier.Cli.Commands;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;

namespace Verifier.Cli.Tests.Commands;

public sealed class HessianCommandTests
{
    /// <summary>
    /// The 9×9 XOR Hessian has entries of order 1 and ‖H‖ ≲ 1: two backward-stable eigen-solvers agree, and
    /// A·v = λ·v holds, to a few ulps times n (observed ≲ 1e-16); 1e-12 leaves a wide margin.
    /// </summary>
    private const double SmallHessianTolerance = 1e-12;

    private static readonly string[] Fields =
        ["instance", "network", "parameterCount", "method", "backend", "selection", "eigenvalues", "hessianSeconds", "eigenSeconds", "seconds"];

    private static string Xor => Repo.Example("xor-2-2-1-sigmoid.json");

    private static bool LapackAvailable(out string reason) => EigenSolvers.TryCreateLapack(out _, out reason);

    [Test]
    public void Json_format_writes_exactly_one_document_with_the_contract_fields()
    {
        var result = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json(); // JsonDocument.Parse rejects anything after the one document
        var root = doc.RootElement;
        Assert.Multiple(() =>
        {
            foreach (var field in Fields)
            {
                Assert.That(root.TryGetProperty(field, out _), Is.True, $"field {field}");
            }

            Assert.That(root.GetProperty("parameterCount").GetInt32(), Is.EqualTo(9));
            Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("dense"));
            Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("managed"));
            Assert.That(root.GetProperty("selection").GetString(), Is.EqualTo("all"));
            Assert.That(Values(root), Has.Length.EqualTo(9).And.Ordered.Ascending);
            Assert.That(root.TryGetProperty("residuals", out _), Is.False, "residuals belong to lanczos");
            Assert.That(root.TryGetProperty("eigenvectors", out _), Is.False, "eigenvectors only with --vectors");
            Assert.That(root.GetProperty("seconds").GetDouble(), Is.GreaterThanOrEqualTo(root.GetProperty("eigenSeconds").GetDouble()));
            Assert.That(root.GetProperty("hessianSeconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public void Managed_eigenvalues_are_the_very_doubles_analyze_reports()
    {
        using var hessian = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor).Json();
        using var analyze = Cli.Run("analyze", "--format", "json", "--backend", "managed", Xor).Json();

        Assert.That(Values(hessian.RootElement), Is.EqualTo(Values(analyze.RootElement)));
    }

    [Test]
    public void Vectors_are_unit_eigenvectors_of_the_Hessian_one_per_eigenvalue()
    {
        var result = Cli.Run("hessian", "--format", "json", "--backend", "managed", "--vectors", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        var values = Values(doc.RootElement);
        var vectors = doc.RootElement.GetProperty("eigenvectors").EnumerateArray().Select(v => v.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var instance = InstanceFile.Read(Xor);
        var h = new NetworkCalculus<double, DoubleOps>(instance).Hessian(instance.WeightsDouble());
        Assert.That(vectors, Has.Length.EqualTo(9));
        for (int j = 0; j < vectors.Length; j++)
        {
            var v = vectors[j];
            Assert.That(v, Has.Length.EqualTo(9));
            Assert.That(Math.Sqrt(v.Sum(x => x * x)), Is.EqualTo(1).Within(SmallHessianTolerance), $"‖v{j}‖");
            for (int i = 0; i < 9; i++)
            {
                double hv = Enumerable.Range(0, 9).Sum(k => h[i, k] * v[k]);
                Assert.That(hv, Is.EqualTo(values[j] * v[i]).Within(SmallHessianTolerance), $"(H·v{j})[{i}]");
            }
        }
    }

    [Test]
    public void Lapack_runs_when_installed_and_agrees_with_managed_otherwise_it_says_how_to_install_it()
    {
        var result = Cli.Run("hessian", "--format", "json", "--backend", "lapack", Xor);

        if (!LapackAvailable(out _))
        {
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
                Assert.That(result.Stdout, Is.Empty);
                Assert.That(result.StderrLines, Has.Length.EqualTo(1));
                Assert.That(result.Stderr, Does.StartWith("error: backend 'lapack' is not available").And.Contain("apt-get install libopenblas0-pthread"));
            });
            return;
        }

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var lapack = result.Json();
        using var managed = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor).Json();
        Assert.Multiple(() =>
        {
            Assert.That(lapack.RootElement.GetProperty("backend").GetString(), Is.EqualTo("lapack"));
            Assert.That(Values(lapack.RootElement), Is.EqualTo(Values(managed.RootElement)).Within(SmallHessianTolerance));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public void Auto_is_the_default_and_reports_the_backend_that_ran_saying_so_when_it_falls_back()
    {
        var result = Cli.Run("hessian", "--format", "json", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        if (LapackAvailable(out _))
        {
            Assert.That(doc.RootElement.GetProperty("backend").GetString(), Is.EqualTo("lapack"));
            Assert.That(result.Stderr, Is.Empty);
        }
        else
        {
            Assert.That(doc.RootElement.GetProperty("backend").GetString(), Is.EqualTo("managed"));
            Assert.That(result.Stderr, Does.StartWith("note: auto fell back to the managed eigen-solver"));
        }
    }

    [Test]
    public void Gpu_without_a_cuda_device_is_bad_input_that_says_why()
    {
        if (Verifier.Gpu.GpuMatrixKernels.TryCreateCuda(out var cuda, out _))
        {
            cuda.Dispose();
            Assert.Ignore("a CUDA device is present here");
        }

        CliResult[] results =
        [
            Cli.Run("hessian", "--backend", "gpu", Xor),
            Cli.Run("hessian", "--method", "lanczos", "--backend", "gpu", Xor),
            Cli.Run("analyze", "--backend", "gpu", Xor),
            Cli.Run("density", "--backend", "gpu", Xor),
        ];
        foreach (var result in results)
        {
            AssertOneErrorLine(result, "backend 'gpu' is not available: no CUDA device");
        }

        Assert.That(results.Select(r => r.Stderr).Distinct().ToList(), Has.Count.EqualTo(1), "every verb explains the same situation in the same words");
    }

    [Test]
    public void Lanczos_json_has_the_contract_fields_and_agrees_with_the_dense_spectrum()
    {
        using var dense = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor).Json();
        var all = Values(dense.RootElement);
        var result = Cli.Run("hessian", "--method", "lanczos", "--top", "3", "--format", "json", "--backend", "managed", "--vectors", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        var root = doc.RootElement;
        var values = Values(root);
        var residuals = root.GetProperty("residuals").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double scale = Math.Max(1, all.Max(Math.Abs));
        Assert.Multiple(() =>
        {
            foreach (var field in new[] { "eigenvalues", "residuals", "backend", "seconds", "products", "seed", "tolerance", "converged", "eigenvectors" })
            {
                Assert.That(root.TryGetProperty(field, out _), Is.True, $"field {field}");
            }

            Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("lanczos"));
            Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("managed"));
            Assert.That(root.GetProperty("selection").GetString(), Is.EqualTo("top 3"));
            Assert.That(root.GetProperty("converged").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(1));
            Assert.That(values, Is.Ordered.Ascending);
            Assert.That(values, Is.EqualTo(all.Skip(all.Length - 3)).Within(1e-8 * scale), "the three largest of the dense spectrum");
            Assert.That(residuals, Has.Length.EqualTo(3).And.All.LessThanOrEqualTo(1e-8 * scale), "the contract: below 1e-8·max(1, max|λ|)");
            Assert.That(root.GetProperty("eigenvectors").GetArrayLength(), Is.EqualTo(3));
            Assert.That(result.Stderr, Is.Empty, "managed named explicitly: no note");
        });
    }

    [Test]
    public void Lanczos_by_default_finds_both_ends_and_auto_says_which_backend_ran()
    {
        using var dense = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor).Json();
        var all = Values(dense.RootElement);
        var result = Cli.Run("hessian", "--method", "lanczos", "--format", "json", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        var values = Values(doc.RootElement);
        Assert.Multiple(() =>
        {
            Assert.That(values, Is.EqualTo(new[] { all[0], all[^1] }).Within(1e-8 * Math.Max(1, all.Max(Math.Abs))));
            Assert.That(doc.RootElement.GetProperty("selection").GetString(), Is.EqualTo("top 1, bottom 1"));
            Assert.That(result.Stderr, Does.StartWith("note: auto "));
        });
    }

    [Test]
    public void Lanczos_takes_top_and_bottom_together()
    {
        using var dense = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor).Json();
        var all = Values(dense.RootElement);
        var result = Cli.Run("hessian", "--method", "lanczos", "--top", "2", "--bottom", "1", "--format", "json", "--backend", "managed", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        Assert.That(Values(doc.RootElement), Is.EqualTo(new[] { all[0], all[^2], all[^1] }).Within(1e-8 * Math.Max(1, all.Max(Math.Abs))));
        Assert.That(doc.RootElement.GetProperty("selection").GetString(), Is.EqualTo("top 2, bottom 1"));
    }

    [Test]
    public void Lanczos_text_output_reports_residuals_products_and_the_seed()
    {
        var result = Cli.Run("hessian", "--method", "lanczos", "--bottom", "2", "--seed", "5", "--backend", "managed", Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        Assert.That(result.Stdout, Does.Contain("method          lanczos, backend managed").And.Contain("residuals").And.Contain("seed 5").And.Contain("products"));
    }

    [TestCase("--seed", "3", "--seed applies to --method lanczos only", TestName = "Seed with dense")]
    public void Lanczos_only_options_are_refused_with_dense(string option, string value, string expected)
    {
        AssertOneErrorLine(Cli.Run("hessian", option, value, Xor), expected);
    }

    [TestCase("--top", "3", 6, TestName = "Top 3 are the three largest")]
    [TestCase("--bottom", "2", 0, TestName = "Bottom 2 are the two smallest")]
    [TestCase("--top", "100", 0, TestName = "Top K beyond P is all of them")]
    public void Top_and_bottom_select_from_the_ascending_spectrum(string option, string k, int first)
    {
        using var all = Cli.Run("hessian", "--format", "json", "--backend", "managed", Xor).Json();
        var result = Cli.Run("hessian", "--format", "json", "--backend", "managed", "--vectors", option, k, Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        var expected = Values(all.RootElement).Skip(first).Take(int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Values(doc.RootElement), Is.EqualTo(expected));
            Assert.That(doc.RootElement.GetProperty("eigenvectors").GetArrayLength(), Is.EqualTo(expected.Length));
            Assert.That(doc.RootElement.GetProperty("selection").GetString(), Does.StartWith(option[2..]));
        });
    }

    [TestCase(new[] { "--top", "2", "--bottom", "2" }, "exclude each other", TestName = "Top and bottom together")]
    [TestCase(new[] { "--tolerance", "1e-9" }, "--tolerance applies to --method lanczos only", TestName = "Tolerance with dense")]
    [TestCase(new[] { "--backend", "cuda" }, "unknown backend 'cuda' (expected one of auto, managed, lapack, gpu)", TestName = "Unknown backend")]
    [TestCase(new[] { "--method", "power" }, "unknown method 'power'", TestName = "Unknown method")]
    [TestCase(new[] { "--top", "0" }, "must be at least 1", TestName = "Top zero")]
    [TestCase(new[] { "--tolerance", "-1" }, "not a finite number above 0", TestName = "Negative tolerance")]
    public void Bad_usage_exits_2_with_one_error_line(string[] options, string expected)
    {
        var result = Cli.Run(["hessian", .. options, Xor]);

        AssertOneErrorLine(result, expected);
    }

    [Test]
    public void An_instance_without_weights_is_bad_input()
    {
        using var dir = new TempDir();
        var path = dir.Write("no-weights.json", """{"network": {"layers": [1,1], "activation": "linear"}, "data": {"x": [[1]], "y": [[1]]}}""");

        AssertOneErrorLine(Cli.Run("hessian", path), "weights: missing");
    }

    [Test]
    public void A_Hessian_beyond_the_memory_budget_is_refused_with_what_it_needs_before_it_is_formed()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var e = Assert.Throws<CliException>(() => HessianCommand.Run(
            new CliContext(stdout, stderr), new HessianArguments(Xor, new Backend.Managed(), Vectors: true, Format: OutputFormat.Json), availableBytes: 1 << 20));

        Assert.Multiple(() =>
        {
            Assert.That(e!.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(e.Message, Does.Contain("9×9 Hessian with eigenvectors needs about").And.Contain("1 MiB is available").And.Contain("--method lanczos"));
            Assert.That(stdout.ToString(), Is.Empty);
        });
    }

    [Test]
    public void A_Lanczos_run_beyond_the_memory_budget_is_refused_with_what_it_needs_before_it_starts()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var e = Assert.Throws<CliException>(() => HessianCommand.Run(
            new CliContext(stdout, stderr), new HessianArguments(Xor, new Backend.Managed(), Method: HessianCommand.Lanczos, Top: 2), availableBytes: 1024));

        Assert.Multiple(() =>
        {
            Assert.That(e!.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(e.Message, Does.Contain("--method lanczos needs about").And.Contain("a basis of 9 vectors of P = 9").And.Contain("1 KiB is available"));
            Assert.That(stdout.ToString(), Is.Empty);
        });
    }

    [Test]
    public void Analyze_checks_the_same_memory_budget()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var e = Assert.Throws<CliException>(() => AnalyzeCommand.Run(new CliContext(stdout, stderr), Xor, OutputFormat.Json, new Backend.Managed(), availableBytes: 1 << 20));

        Assert.That(e!.Message, Does.Contain("needs about").And.Contain("lanczos"));
    }

    [Test]
    public void A_network_far_too_large_for_a_dense_Hessian_is_refused_through_the_command_line()
    {
        // 1-440-440-1 with biases: P = 195 361, a dense Hessian of 305 GB (plus workspace).
        var network = new NetworkSpec([1, 440, 440, 1], Activation.Tanh);
        var needed = DenseHessianBudget.RequiredBytes(network.ParameterCount, vectors: false, EigenSolvers.Managed);
        if (needed <= DenseHessianBudget.AvailableBytes)
        {
            Assert.Ignore($"this machine has {DenseHessianBudget.Format(DenseHessianBudget.AvailableBytes)}: a P = {network.ParameterCount} Hessian would fit");
        }

        using var dir = new TempDir();
        var path = dir.File("large.json");
        InstanceFile.Write(RandomInstance.Mlp(network, 1, LossKind.Mse, seed: 1), path);

        var result = Cli.Run("hessian", "--backend", "managed", "--format", "json", path);

        AssertOneErrorLine(result, $"a dense {network.ParameterCount}×{network.ParameterCount} Hessian needs about");
    }

    [Test]
    public void Text_format_summarises_backend_spectrum_and_times()
    {
        var result = Cli.Run("hessian", "--backend", "managed", "--vectors", Repo.Example("kawaguchi-2-1-2-origin.json"));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        Assert.That(result.Stdout, Does.Contain("method          dense, backend managed")
            .And.Contain("min -1.9999999999999996, max 2, 4 in all")
            .And.Contain("eigenvectors    λ = -1.9999999999999996: [")
            .And.Contain("time"));
    }

    [Test]
    public void Help_describes_the_verb()
    {
        var result = Cli.Run("hessian", "--help");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
            Assert.That(result.Stdout, Does.Contain("--backend").And.Contain("--vectors").And.Contain("--method"));
        });
    }

    [TestCase("managed")]
    [TestCase("lapack")]
    public void Analyze_takes_a_backend_and_reports_it(string backend)
    {
        if (backend == "lapack" && !LapackAvailable(out var reason))
        {
            Assert.Ignore(reason);
        }

        var result = Cli.Run("analyze", "--format", "json", "--backend", backend, Xor);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        Assert.That(doc.RootElement.GetProperty("backend").GetString(), Is.EqualTo(backend));
    }

    private static double[] Values(JsonElement root) => [.. root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble())];

    private static void AssertOneErrorLine(CliResult result, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.Stdout, Is.Empty, result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.ToString);
            Assert.That(result.Stderr, Does.StartWith("error: ").And.Contain(expected));
        });
    }
}
