using Verifier.Landscape.Analysis;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Krylov;
using static Verifier.Landscape.Tests.Services.ServiceInstances;

namespace Verifier.Landscape.Tests.Services;

/// <summary>The analysis, density and deep linear services: what <c>analyze</c>, <c>density</c> and <c>linear</c> compute.</summary>
public sealed class OtherServicesTests
{
    /// <summary>
    /// Each probe's quadrature weights are the squared first components of orthonormal Ritz vectors, so they sum to 1
    /// up to rounding (≈ 1e-15 per probe); 1e-12 leaves a wide margin.
    /// </summary>
    private const double WeightSumTolerance = 1e-12;

    [Test]
    public void Analysis_on_the_managed_backend_is_the_very_point_analysis()
    {
        var expected = PointAnalysis.Analyze(Xor, AnalysisOptions.Default);

        var report = AnalysisService.Analyze(new AnalysisRequest(Xor, new Backend.Managed()), Resources());

        Assert.Multiple(() =>
        {
            Assert.That(report.Analysis.Eigenvalues, Is.EqualTo(expected.Eigenvalues));
            Assert.That(report.Analysis.Loss, Is.EqualTo(expected.Loss));
            Assert.That(report.Analysis.Classification, Is.EqualTo(expected.Classification));
            Assert.That(report.Exact, Is.Null, "not asked for");
            Assert.That(report.Notes, Is.Empty);
        });
    }

    [Test]
    public void Exact_analysis_decides_a_linear_point_and_refuses_a_sigmoid_one()
    {
        var linear = AnalysisService.Analyze(new AnalysisRequest(KawaguchiOrigin, new Backend.Managed(), Exact: true), Resources());
        var e = Assert.Throws<UnsupportedInstanceException>(() => AnalysisService.Analyze(new AnalysisRequest(Xor, new Backend.Managed(), Exact: true), Resources()));

        Assert.Multiple(() =>
        {
            Assert.That(linear.Exact, Is.Not.Null);
            Assert.That(linear.Exact!.Loss.ToString(), Is.EqualTo("5/2"), "L(0) = ½‖Y‖² on Kawaguchi's example");
            Assert.That(e!.Message, Is.EqualTo("needs a linear or ReLU network (sigmoid values are not rational)"));
        });
    }

    [Test]
    public void Density_quadrature_weights_sum_to_one_per_probe()
    {
        var options = new SpectralDensityOptions { Probes = 3, Steps = 9, GridPoints = 50 };

        var report = DensityService.Compute(new DensityRequest(Xor, new Backend.Managed(), options), Resources());

        Assert.Multiple(() =>
        {
            Assert.That(report.ParameterCount, Is.EqualTo(9));
            Assert.That(report.Backend, Is.EqualTo("managed"));
            Assert.That(report.Density.Weights.Sum(), Is.EqualTo(3).Within(WeightSumTolerance));
            Assert.That(report.Density.Grid, Has.Count.EqualTo(50));
        });
    }

    [Test]
    public void Density_reports_each_product_against_the_most_the_run_takes()
    {
        var options = new SpectralDensityOptions { Probes = 3, Steps = 20, GridPoints = 50 };
        var heard = new List<(int Done, int Most)>();

        var report = DensityService.Compute(new DensityRequest(Xor, new Backend.Managed(), options, (done, most) => heard.Add((done, most))), Resources());

        Assert.Multiple(() =>
        {
            Assert.That(heard.Select(h => h.Done), Is.EqualTo(Enumerable.Range(1, report.Density.Products)), "once per product, counting up");
            Assert.That(heard.Select(h => h.Most).Distinct(), Is.EqualTo(new[] { 3 * 9 }), "probes × min(steps, P)");
            Assert.That(report.Density.Products, Is.LessThanOrEqualTo(3 * 9));
        });
    }

    [Test]
    public void Density_beyond_the_budget_is_refused_before_it_starts()
    {
        var options = new SpectralDensityOptions { Probes = 2, Steps = 5 };

        var e = Assert.Throws<MatrixFreeTooLargeException>(() => DensityService.Compute(new DensityRequest(Xor, new Backend.Managed(), options), Resources(availableBytes: 512)));

        Assert.That(e!.Message, Does.Contain("a Lanczos basis of 6 vectors of P = 9").And.EndWith("0.5 KiB is available"));
    }

    [Test]
    public void Linear_theory_enumerates_the_Baldi_Hornik_points_of_Kawaguchis_example()
    {
        var instance = KawaguchiOrigin;

        var report = LinearTheoryService.Analyze(instance);

        Assert.Multiple(() =>
        {
            Assert.That(report.Hypotheses, Has.All.Matches<Verifier.Landscape.DeepLinear.Hypothesis>(h => h.Holds));
            Assert.That(report.GlobalMinimum!.IsExact, Is.True);
            Assert.That(report.GlobalMinimum.Lower.ToString(), Is.EqualTo("1/2"));
            Assert.That(report.CriticalPoints, Has.Count.EqualTo(5));
            Assert.That(report.CriticalPoints!.Min(p => p.Point.Loss), Is.EqualTo(report.GlobalMinimum.Lower), "the best critical point attains the global minimum");
            Assert.That(report.CriticalPoints!.Select(p => LinearTheoryService.PointName(instance, p)),
                Is.EqualTo(new[] { "kawaguchi-2-1-2-origin-I0", "kawaguchi-2-1-2-origin-I1", "kawaguchi-2-1-2-origin-I2", "kawaguchi-2-1-2-origin-I1-c", "kawaguchi-2-1-2-origin-I2-c" }));
        });
    }

    [Test]
    public void Linear_theory_refuses_a_network_that_is_not_linear()
    {
        var e = Assert.Throws<UnsupportedInstanceException>(() => LinearTheoryService.Analyze(Xor));

        Assert.That(e!.Message, Does.StartWith("needs a linear network without biases"));
    }
}
