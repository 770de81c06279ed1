using System.Diagnostics.CodeAnalysis;
using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Native;

/// <summary>Creates native <see cref="IMatrixKernels"/> backends; nothing is cached or switched globally.</summary>
public static class MatrixKernels
{
    /// <summary>The fastest kernels available: OpenBLAS's dgemm when it loads, otherwise the managed SIMD kernels.</summary>
    public static IMatrixKernels Fastest() =>
        TryCreateOpenBlas(out var native, out _) ? native : ManagedMatrixKernels.Default;

    /// <summary>GEMM from OpenBLAS, if the library loads; otherwise the reason it does not (with the install command).</summary>
    /// <param name="kernels">The backend, or null.</param>
    /// <param name="reason">Why it is unavailable (empty on success).</param>
    public static bool TryCreateOpenBlas([NotNullWhen(true)] out IMatrixKernels? kernels, out string reason) =>
        TryCreateOpenBlas(OpenBlas.DefaultCandidates, out kernels, out reason);

    /// <summary>GEMM from OpenBLAS loaded from the given candidates (sonames or paths, tried in order).</summary>
    /// <param name="libraryCandidates">Where to look for the library.</param>
    /// <param name="kernels">The backend, or null.</param>
    /// <param name="reason">Why it is unavailable (empty on success).</param>
    public static bool TryCreateOpenBlas(IEnumerable<string> libraryCandidates, [NotNullWhen(true)] out IMatrixKernels? kernels, out string reason)
    {
        ArgumentNullException.ThrowIfNull(libraryCandidates);
        if (OpenBlasLibrary.TryLoad(libraryCandidates, out var library, out reason))
        {
            kernels = new OpenBlasKernels(library!);
            return true;
        }

        kernels = null;
        return false;
    }
}
