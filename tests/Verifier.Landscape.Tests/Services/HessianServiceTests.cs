using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;
using static Verifier.Landscape.Tests.Services.ServiceInstances;

namespace Verifier.Landscape.Tests.Services;

/// <summary>The Hessian service: what <c>verifier hessian</c> computes, checked against the spectrum's defining identities.</summary>
public sealed class HessianServiceTests
{
    /// <summary>
    /// The 9×9 XOR Hessian has entries of order 1 and ‖H‖ ≲ 1: A·v = λ·v holds for a backward-stable solver to a few
    /// ulps times n (observed ≲ 1e-16); 1e-12 leaves a wide margin.
    /// </summary>
    private const double SmallHessianTolerance = 1e-12;

    /// <summary>The Lanczos contract: residuals below 1e-8·max(1, ‖H‖), so Ritz values agree with the dense ones to that much.</summary>
    private const double LanczosRelative = 1e-8;

    private static HessianReport Dense(Instance instance, DenseSelection selection, bool vectors = false) =>
        HessianService.Compute(new HessianRequest(instance, new HessianMethod.Dense(selection), new Backend.Managed(), vectors), Resources());

    [Test]
    public void Dense_vectors_are_unit_eigenvectors_of_the_Hessian()
    {
        var instance = Xor;
        var report = Dense(instance, new DenseSelection.All(), vectors: true);
        var h = new NetworkCalculus<double, DoubleOps>(instance).Hessian(instance.WeightsDouble());

        Assert.Multiple(() =>
        {
            Assert.That(report.Run, Is.EqualTo(new HessianRun.Dense()));
            Assert.That(report.Backend, Is.EqualTo("managed"));
            Assert.That(report.Selection, Is.EqualTo("all"));
            Assert.That(report.Eigenvalues, Has.Count.EqualTo(9).And.Ordered.Ascending);
            Assert.That(report.Eigenvectors, Has.Count.EqualTo(9));
        });
        for (int j = 0; j < 9; j++)
        {
            var v = report.Eigenvectors![j];
            Assert.That(Math.Sqrt(v.Sum(x => x * x)), Is.EqualTo(1).Within(SmallHessianTolerance), $"‖v{j}‖");
            for (int i = 0; i < 9; i++)
            {
                double hv = Enumerable.Range(0, 9).Sum(k => h[i, k] * v[k]);
                Assert.That(hv, Is.EqualTo(report.Eigenvalues[j] * v[i]).Within(SmallHessianTolerance), $"(H·v{j})[{i}]");
            }
        }
    }

    [TestCase(3)]
    [TestCase(9)]
    [TestCase(100)]
    public void Top_and_bottom_are_the_ends_of_the_whole_spectrum(int k)
    {
        var all = Dense(Xor, new DenseSelection.All()).Eigenvalues;
        var top = Dense(Xor, new DenseSelection.Top(k));
        var bottom = Dense(Xor, new DenseSelection.Bottom(k));
        int n = Math.Min(k, all.Count);

        Assert.Multiple(() =>
        {
            Assert.That(top.Eigenvalues, Is.EqualTo(all.Skip(all.Count - n)));
            Assert.That(bottom.Eigenvalues, Is.EqualTo(all.Take(n)));
            Assert.That(top.Selection, Is.EqualTo($"top {n}"));
            Assert.That(bottom.Selection, Is.EqualTo($"bottom {n}"));
        });
    }

    [Test]
    public void Lanczos_finds_both_ends_of_the_dense_spectrum_within_its_residuals()
    {
        var all = Dense(Xor, new DenseSelection.All()).Eigenvalues;
        double scale = Math.Max(1, all.Max(Math.Abs));

        var report = HessianService.Compute(new HessianRequest(Xor, new HessianMethod.Lanczos(Top: 2, Bottom: 1), new Backend.Managed(), Vectors: true), Resources());

        var run = (HessianRun.Lanczos)report.Run;
        Assert.Multiple(() =>
        {
            Assert.That(report.Selection, Is.EqualTo("top 2, bottom 1"));
            Assert.That(report.Eigenvalues, Is.EqualTo(new[] { all[0], all[^2], all[^1] }).Within(LanczosRelative * scale));
            Assert.That(run.Converged, Is.True);
            Assert.That(run.Result.Residuals, Has.All.LessThanOrEqualTo(LanczosRelative * scale));
            Assert.That(report.Eigenvectors, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void A_gpu_device_runs_the_products_and_is_reported()
    {
        var gpu = new ProcessorGpu();
        var host = HessianService.Compute(new HessianRequest(Xor, new HessianMethod.Lanczos(), new Backend.Managed()), Resources());

        var device = HessianService.Compute(new HessianRequest(Xor, new HessianMethod.Lanczos(), new Backend.Gpu()), Resources(gpu));
        var auto = HessianService.Compute(new HessianRequest(Xor, new HessianMethod.Lanczos(), new Backend.Auto()), Resources(gpu));

        Assert.Multiple(() =>
        {
            Assert.That(gpu.ProductsCreated, Is.EqualTo(2));
            Assert.That(device.Backend, Is.EqualTo("gpu"));
            Assert.That(device.Notes, Is.Empty, "named explicitly: nothing to say");
            Assert.That(auto.Notes, Is.EqualTo(new[] { "auto chose gpu (processor stand-in)" }));
            Assert.That(device.Eigenvalues, Is.EqualTo(host.Eigenvalues), "the same kernels, the same seed: the same run");
        });
    }

    [Test]
    public void A_dense_Hessian_beyond_the_budget_is_refused_with_what_it_needs_before_it_is_formed()
    {
        var e = Assert.Throws<DenseHessianTooLargeException>(() => HessianService.Compute(
            new HessianRequest(Xor, new HessianMethod.Dense(new DenseSelection.All()), new Backend.Managed(), Vectors: true), Resources(availableBytes: 1 << 20)));

        Assert.Multiple(() =>
        {
            Assert.That(e!.RequiredBytes, Is.EqualTo(DenseHessianBudget.RequiredBytes(9, vectors: true, EigenSolvers.Managed)));
            Assert.That(e.AvailableBytes, Is.EqualTo(1 << 20));
        });
    }

    [Test]
    public void A_Lanczos_run_beyond_the_budget_is_refused_with_what_it_needs_before_it_starts()
    {
        var e = Assert.Throws<MatrixFreeTooLargeException>(() => HessianService.Compute(
            new HessianRequest(Xor, new HessianMethod.Lanczos(Top: 2, Bottom: 0), new Backend.Managed()), Resources(availableBytes: 1024)));

        Assert.Multiple(() =>
        {
            Assert.That(e!.RequiredBytes, Is.GreaterThan(1024));
            Assert.That(e.Message, Does.StartWith("needs about").And.Contain("a basis of 9 vectors of P = 9").And.EndWith("1 KiB is available"));
        });
    }

    [Test]
    public void A_Lanczos_run_that_fits_only_with_the_compact_basis_takes_it_instead_of_being_refused()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([4, 30, 2], Activation.Sigmoid), 16, LossKind.Mse, 5);
        int p = instance.Network.ParameterCount; // 212: room for a basis of 80
        var sizing = new LanczosOptions { Top = 2 };
        long passes = HessianVectorProducts.WorkspaceBytes(instance.Network, instance.Data.Count);
        long automatic = Lanczos.WorkspaceBytes(p, sizing) + passes;
        long compact = Lanczos.WorkspaceBytes(p, sizing with { BasisSize = Lanczos.CompactBasisSize(2) }) + passes;
        LanczosResult Run(long available) => ((HessianRun.Lanczos)HessianService.Compute(
            new HessianRequest(instance, new HessianMethod.Lanczos(Top: 2, Bottom: 0), new Backend.Managed()), Resources(availableBytes: available)).Run).Result;

        var roomy = Run(automatic);
        var tight = Run(automatic - 1);
        Assert.Multiple(() =>
        {
            Assert.That(compact, Is.LessThan(automatic));
            Assert.That(roomy.BasisSize, Is.EqualTo(Lanczos.MinBasisSize));
            Assert.That(tight.BasisSize, Is.EqualTo(Lanczos.CompactBasisSize(2)));
            Assert.That(tight.Converged, Is.True);
            Assert.That(tight.Eigenvalues, Is.EqualTo(roomy.Eigenvalues).Within(LanczosRelative * roomy.Scale));
            Assert.Throws<MatrixFreeTooLargeException>(() => Run(compact - 1));
        });
    }

    [Test]
    public void An_instance_without_weights_or_an_empty_selection_is_an_argument_error()
    {
        var xor = Xor;
        var noPoint = new Instance(xor.Name, xor.Network, xor.Loss, xor.Data, weights: null);

        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => Dense(noPoint, new DenseSelection.All()));
            Assert.Throws<ArgumentOutOfRangeException>(() => Dense(Xor, new DenseSelection.Top(0)));
            Assert.Throws<ArgumentException>(() => HessianService.Compute(
                new HessianRequest(Xor, new HessianMethod.Lanczos(Top: 0, Bottom: 0), new Backend.Managed()), Resources()));
        });
    }
}
