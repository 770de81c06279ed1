using Verifier.Numerics.Eigen;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Tests.Eigen;

/// <summary>Creating eigen-solvers, and what happens when the native one is missing.</summary>
public sealed class EigenSolversTests
{
    private static readonly string[] Missing = ["/nonexistent/libopenblas.so.0"];

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
