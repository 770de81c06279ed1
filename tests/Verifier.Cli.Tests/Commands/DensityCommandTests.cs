using Verifier.Cli.Commands;
namespace Verifier.Cli.Tests.Commands;

public sealed class DensityCommandTests
{
    private static string Xor => Repo.Example("xor-2-2-1-sigmoid.json");

    [Test]
    public void Json_has_a_normalised_density_and_each_probes_weights_sum_to_one()
    {
        var result = Cli.Run("density", Xor, "--probes", "3", "--steps", "9", "--grid", "300", "--backend", "managed", "--format", "json");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        using var doc = result.Json();
        var root = doc.RootElement;
        var grid = root.GetProperty("grid").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var density = root.GetProperty("density").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var weights = root.GetProperty("weights").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double integral = 0;
        for (int g = 1; g < grid.Length; g++)
        {
            integral += 0.5 * (density[g] + density[g - 1]) * (grid[g] - grid[g - 1]);
        }

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("probes").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("seed").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("backend").GetString(), Is.EqualTo("managed"));
            Assert.That(grid, Has.Length.EqualTo(300).And.Ordered.Ascending);

            // Weights: squared first components of orthonormal Ritz vectors, so they sum to 3 over 3 probes (rounding
            // ~1e-15). Integral: trapezoid over 300 points of a density normalised to 1, less tails beyond 3σ (≤ 0.3%).
            Assert.That(weights.Sum(), Is.EqualTo(3).Within(1e-12));
            Assert.That(integral, Is.EqualTo(1).Within(5e-3));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public void A_negative_sigma_is_bad_input()
    {
        var result = Cli.Run("density", Xor, "--sigma", "-1");

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
        Assert.That(result.Stderr, Does.Contain("--sigma"));
    }

    [Test]
    public void A_run_beyond_the_memory_budget_is_refused_with_what_it_needs_before_it_starts()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var request = new DensityArguments(Xor, new Verifier.Numerics.Backends.Backend.Managed(), new Verifier.Numerics.Krylov.SpectralDensityOptions { Probes = 2, Steps = 5 }, OutputFormat.Json);

        var e = Assert.Throws<CliException>(() => DensityCommand.Run(new CliContext(stdout, stderr), request, availableBytes: 512));

        Assert.That(e!.ExitCode, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(e.Message, Does.Contain("density needs about").And.Contain("a Lanczos basis of 6 vectors of P = 9").And.Contain("0.5 KiB is available"));
        Assert.That(stdout.ToString(), Is.Empty);
    }
}
