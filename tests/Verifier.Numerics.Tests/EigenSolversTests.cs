using Verifier.Numerics.Eigen;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Tests;

/// <summary>Choosing a backend by name, and what happens when the native one is missing.</summary>
public sealed class EigenSolversTests
{
    private static readonly string[] Missing = ["/nonexistent/libopenblas.so.0"];

    [Test]
    public void Managed_is_always_available()
    {
        var solver = EigenSolvers.Resolve("managed", out var note);

        Assert.Multiple(() =>
        {
            Assert.That(solver.Name, Is.EqualTo("managed"));
            Assert.That(note, Does.StartWith("managed"));
        });
    }

    [Test]
    public void Without_OpenBLAS_lapack_is_unavailable_and_the_reason_says_how_to_install_it()
    {
        bool created = EigenSolvers.TryCreateLapack(LapackDriver.Auto, Missing, out var solver, out var reason);

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.False);
            Assert.That(solver, Is.Null);
            Assert.That(reason, Does.Contain("apt-get install libopenblas0-pthread"));
        });
    }

    [Test]
    public void Without_OpenBLAS_naming_lapack_is_an_error_that_says_how_to_install_it()
    {
        var e = Assert.Throws<BackendUnavailableException>(() => EigenSolvers.Resolve("lapack", Missing, out _));

        Assert.Multiple(() =>
        {
            Assert.That(e!.Backend, Is.EqualTo("lapack"));
            Assert.That(e.Message, Does.Contain("lapack").And.Contain("apt-get install libopenblas0-pthread"));
        });
    }

    [Test]
    public void Without_OpenBLAS_auto_falls_back_to_managed_and_says_why()
    {
        var solver = EigenSolvers.Resolve("auto", Missing, out var note);

        Assert.Multiple(() =>
        {
            Assert.That(solver.Name, Is.EqualTo("managed"));
            Assert.That(note, Does.Contain("fell back").And.Contain("managed").And.Contain("libopenblas0-pthread"));
        });
    }

    [Test]
    public void With_OpenBLAS_auto_chooses_lapack_and_names_the_library()
    {
        if (!EigenSolvers.TryCreateLapack(out _, out var reason))
        {
            Assert.Ignore(reason);
        }

        var solver = EigenSolvers.Resolve("auto", out var note);

        Assert.Multiple(() =>
        {
            Assert.That(solver.Name, Is.EqualTo("lapack"));
            Assert.That(note, Does.StartWith("auto chose lapack").And.Contain("libopenblas"));
        });
    }

    [Test]
    public void Gpu_is_recognised_but_not_available_in_this_build()
    {
        Assert.That(EigenSolvers.IsBackendName("gpu"), Is.True);
        var e = Assert.Throws<BackendUnavailableException>(() => EigenSolvers.Resolve("gpu", out _));
        Assert.That(e!.Message, Does.Contain("not available in this build"));
    }

    [Test]
    public void An_unknown_name_is_an_argument_error_listing_the_names()
    {
        Assert.That(EigenSolvers.IsBackendName("cuda"), Is.False);
        var e = Assert.Throws<ArgumentException>(() => EigenSolvers.Resolve("cuda", out _));
        Assert.That(e!.Message, Does.Contain("auto, managed, lapack, gpu"));
    }

    [Test]
    public void The_lapack_driver_is_dsyevd_unless_another_is_forced()
    {
        if (!EigenSolvers.TryCreateLapack(LapackDriver.Syevr, OpenBlas.DefaultCandidates, out var forced, out var reason)
            || !EigenSolvers.TryCreateLapack(out var auto, out reason))
        {
            Assert.Ignore(reason);
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(((LapackEigenSolver)auto).DriverFor(vectors: false), Is.EqualTo(LapackDriver.Syevd));
            Assert.That(((LapackEigenSolver)auto).DriverFor(vectors: true), Is.EqualTo(LapackDriver.Syevd));
            Assert.That(((LapackEigenSolver)forced).DriverFor(vectors: true), Is.EqualTo(LapackDriver.Syevr));
        });
    }

    [Test]
    public void Debian_locations_are_among_the_library_candidates()
    {
        Assert.That(OpenBlas.DefaultCandidates, Does.Contain("libopenblas.so.0"));
        if (OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.That(OpenBlas.DefaultCandidates, Does.Contain("/usr/lib/x86_64-linux-gnu/libopenblas.so.0")
                .And.Contain("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"));
        }
    }
}
