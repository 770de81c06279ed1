using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Tests.Backends;

/// <summary>One resolver turns a named backend into what runs: explicit names are honoured or refused, auto falls back and says so.</summary>
public sealed class BackendResolverTests
{
    private static readonly string[] Missing = ["/nonexistent/libopenblas.so.0"];

    private static BackendResolver WithoutOpenBlas(IGpuKernelSource? gpu = null) => new(gpu, Missing);

    private static bool OpenBlasLoads(out string reason) => EigenSolvers.TryCreateLapack(out _, out reason);

    [Test]
    public void Names_parse_to_the_four_backends_and_nothing_else()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Backend.All.Select(b => b.Name), Is.EqualTo(new[] { "auto", "managed", "lapack", "gpu" }));
            Assert.That(Backend.All.Select(b => Backend.Parse(b.Name)), Is.EqualTo(Backend.All));
            Assert.That(Backend.Parse("cuda"), Is.Null);
            Assert.That(Backend.Parse("Managed"), Is.Null, "names are case-sensitive, as the command line spells them");
            Assert.That(Backend.NameList, Is.EqualTo("auto, managed, lapack, gpu"));
        });
    }

    [Test]
    public void Managed_always_runs_with_nothing_to_say()
    {
        using var dense = WithoutOpenBlas().ForDenseSpectrum(new Backend.Managed());
        using var products = WithoutOpenBlas().ForProducts(new Backend.Managed());

        Assert.Multiple(() =>
        {
            Assert.That(dense.Ran, Is.EqualTo(new Backend.Managed()));
            Assert.That(dense.EigenSolver.Name, Is.EqualTo("managed"));
            Assert.That(dense.Notes, Is.Empty);
            Assert.That(products.Kernels, Is.SameAs(ManagedMatrixKernels.Default));
            Assert.That(products.Description, Is.EqualTo("managed"));
        });
    }

    [Test]
    public void Without_OpenBLAS_naming_lapack_is_an_error_that_says_how_to_install_it()
    {
        var dense = Assert.Throws<BackendUnavailableException>(() => WithoutOpenBlas().ForDenseSpectrum(new Backend.Lapack()));
        var products = Assert.Throws<BackendUnavailableException>(() => WithoutOpenBlas().ForProducts(new Backend.Lapack()));

        Assert.Multiple(() =>
        {
            Assert.That(dense!.Backend, Is.EqualTo("lapack"));
            Assert.That(dense.Message, Does.StartWith("backend 'lapack' is not available: ").And.Contain("apt-get install libopenblas0-pthread"));
            Assert.That(products!.Message, Does.StartWith("backend 'lapack' is not available: ").And.Contain("apt-get install libopenblas0-pthread"));
        });
    }

    [Test]
    public void Without_OpenBLAS_auto_falls_back_to_managed_and_says_why()
    {
        using var dense = WithoutOpenBlas().ForDenseSpectrum(new Backend.Auto());
        using var products = WithoutOpenBlas().ForProducts(new Backend.Auto());

        Assert.Multiple(() =>
        {
            Assert.That(dense.Ran, Is.EqualTo(new Backend.Managed()));
            Assert.That(dense.Notes, Has.Count.EqualTo(1));
            Assert.That(dense.Notes[0], Does.StartWith("auto fell back to the managed eigen-solver").And.Contain("libopenblas0-pthread"));
            Assert.That(products.Ran, Is.EqualTo(new Backend.Managed()));
            Assert.That(products.Notes[0], Does.StartWith("auto fell back to the managed matrix kernels").And.Contain("no GPU support in this program"));
        });
    }

    [Test]
    public void With_OpenBLAS_auto_chooses_lapack()
    {
        if (!OpenBlasLoads(out var reason))
        {
            Assert.Ignore(reason);
        }

        using var dense = new BackendResolver(gpu: null).ForDenseSpectrum(new Backend.Auto());
        using var products = new BackendResolver(gpu: null).ForProducts(new Backend.Auto());
        Assert.That(MatrixKernels.TryCreateOpenBlas(out var openBlas, out _), Is.True);
        bool narrow = MatrixKernels.NarrowerThanManaged(openBlas!);

        Assert.Multiple(() =>
        {
            Assert.That(dense.Ran, Is.EqualTo(new Backend.Lapack()));
            Assert.That(dense.EigenSolver.Name, Is.EqualTo("lapack"));
            Assert.That(dense.Notes, Is.Empty, "the dense default ran: nothing to say");
            Assert.That(dense.Kernels.Name, Is.EqualTo(narrow ? "managed" : "openblas"), "assembly on the faster kernels");
            Assert.That(products.Ran, Is.EqualTo(narrow ? new Backend.Managed() : new Backend.Lapack()));
            Assert.That(products.Notes[0], Does.StartWith(narrow ? "auto chose managed (SIMD GEMM" : "auto chose lapack (OpenBLAS dgemm)"));
        });
    }

    [TestCase("Haswell", true, true)]
    [TestCase("Zen", true, true)]
    [TestCase("SkylakeX", true, false)]
    [TestCase("cooperlake", true, false)]
    [TestCase("SapphireRapids", true, false)]
    [TestCase("Haswell", false, false)]
    [TestCase("", true, false)]
    public void OpenBlasIsNarrowerThanManagedOnlyWithoutItsWideKernelsWhereManagedIsWide(string core, bool managedWide, bool narrower) =>
        Assert.That(MatrixKernels.NarrowerThanManaged(core, managedWide), Is.EqualTo(narrower));

    [Test]
    public void Gpu_without_a_device_is_an_error_with_the_reason()
    {
        var source = new FakeGpu(new GpuOpening.Unavailable("no CUDA device here"));

        var dense = Assert.Throws<BackendUnavailableException>(() => WithoutOpenBlas(source).ForDenseSpectrum(new Backend.Gpu()));
        var products = Assert.Throws<BackendUnavailableException>(() => WithoutOpenBlas(source).ForProducts(new Backend.Gpu()));
        var none = Assert.Throws<BackendUnavailableException>(() => WithoutOpenBlas().ForProducts(new Backend.Gpu()));

        Assert.Multiple(() =>
        {
            Assert.That(dense!.Message, Does.StartWith("backend 'gpu' is not available: no CUDA device here"));
            Assert.That(products!.Message, Does.StartWith("backend 'gpu' is not available: no CUDA device here"));
            Assert.That(none!.Message, Does.Contain("no GPU support in this program"));
        });
    }

    [Test]
    public void A_gpu_runs_products_and_assembles_dense_Hessians_and_auto_prefers_it_for_products()
    {
        var device = new FakeKernels();
        var source = new FakeGpu(new GpuOpening.Opened(device, "test device"));

        using var products = WithoutOpenBlas(source).ForProducts(new Backend.Auto());
        using var dense = WithoutOpenBlas(source).ForDenseSpectrum(new Backend.Gpu());
        using var denseAuto = WithoutOpenBlas(source).ForDenseSpectrum(new Backend.Auto());

        Assert.Multiple(() =>
        {
            Assert.That(products.Ran, Is.EqualTo(new Backend.Gpu()));
            Assert.That(products.Kernels, Is.SameAs(device));
            Assert.That(products.Notes, Is.EqualTo(new[] { "auto chose gpu (test device)" }));
            Assert.That(dense.Kernels, Is.SameAs(device));
            Assert.That(dense.Description, Is.EqualTo("gpu (eigen-solver managed)"));
            Assert.That(dense.Notes, Is.Empty);
            Assert.That(denseAuto.Ran, Is.EqualTo(new Backend.Managed()), "a dense spectrum's auto is an eigen-solver choice: the GPU is used only when named");
        });
    }

    [Test]
    public void Disposing_the_resolved_backend_releases_the_device()
    {
        var device = new FakeKernels();
        var resolved = WithoutOpenBlas(new FakeGpu(new GpuOpening.Opened(device, "test device"))).ForProducts(new Backend.Gpu());

        resolved.Dispose();

        Assert.That(device.Disposed, Is.True);
    }

    private sealed class FakeGpu(GpuOpening opening) : IGpuKernelSource
    {
        public GpuOpening Open() => opening;
    }

    private sealed class FakeKernels : IMatrixKernels, IDisposable
    {
        public string Name => "fake";

        public bool Disposed { get; private set; }

        public void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
            ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) =>
            ManagedMatrixKernels.Default.Gemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        public void Dispose() => Disposed = true;
    }
}
