using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Tests;

/// <summary>
/// The eigen backends every suite runs against, by name. A native backend that is not installed makes the
/// cases that need it ignored, with the reason (the managed backend always runs).
/// </summary>
internal static class TestBackends
{
    /// <summary>The managed backend.</summary>
    public const string Managed = "managed";

    /// <summary>LAPACK dsyevd (eigenvalues: root-free QR; eigenvectors: divide and conquer).</summary>
    public const string LapackSyevd = "lapack-dsyevd";

    /// <summary>LAPACK dsyevr (MRRR).</summary>
    public const string LapackSyevr = "lapack-dsyevr";

    /// <summary>Every eigen backend, for <c>[TestFixtureSource]</c>.</summary>
    public static readonly string[] EigenNames = [Managed, LapackSyevd, LapackSyevr];

    /// <summary>The solver for a name, or <c>Assert.Ignore</c> with the reason when it is not installed here.</summary>
    public static ISymmetricEigenSolver Eigen(string name)
    {
        if (name == Managed)
        {
            return EigenSolvers.Managed;
        }

        var driver = name switch
        {
            LapackSyevd => LapackDriver.Syevd,
            LapackSyevr => LapackDriver.Syevr,
            _ => throw new ArgumentException($"unknown backend {name}", nameof(name)),
        };
        if (!EigenSolvers.TryCreateLapack(driver, OpenBlas.DefaultCandidates, out var solver, out var reason))
        {
            Assert.Ignore($"{name} is not installed here: {reason}");
        }

        return solver!;
    }

    /// <summary>OpenBLAS GEMM, or <c>Assert.Ignore</c> with the reason.</summary>
    public static IMatrixKernels OpenBlasKernels()
    {
        if (!MatrixKernels.TryCreateOpenBlas(out var kernels, out var reason))
        {
            Assert.Ignore($"OpenBLAS GEMM is not installed here: {reason}");
        }

        return kernels!;
    }
}
