using System.Diagnostics.CodeAnalysis;
using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Native;

/// <summary>Creates native <see cref="IMatrixKernels"/> backends; nothing is cached or switched globally.</summary>
public static class MatrixKernels
{
    // OpenBLAS's kernel families with 512-bit (AVX-512) GEMM kernels, as openblas_get_corename names them.
    private static readonly string[] WideCores = ["SkylakeX", "Cooperlake", "SapphireRapids"];

    /// <summary>
    /// The fastest kernels available: OpenBLAS's dgemm when it loads, unless it runs kernels narrower than the managed
    /// ones (see <see cref="NarrowerThanManaged(IMatrixKernels)"/>); otherwise the managed SIMD kernels.
    /// </summary>
    public static IMatrixKernels Fastest() => Fastest(OpenBlas.DefaultCandidates);

    /// <summary>As <see cref="Fastest()"/>, loading OpenBLAS from the given candidates.</summary>
    public static IMatrixKernels Fastest(IEnumerable<string> libraryCandidates) =>
        TryCreateOpenBlas(libraryCandidates, out var native, out _) && !NarrowerThanManaged(native)
            ? native
            : ManagedMatrixKernels.Default;

    /// <summary>
    /// Whether OpenBLAS's kernels are narrower than the managed ones: OpenBLAS runs a family without 512-bit GEMM kernels
    /// (e.g. Haswell's AVX2, chosen by <c>OPENBLAS_CORETYPE</c> or by its CPU detection) while the managed micro-kernel
    /// uses 512-bit vectors here. Measured on a 2-core AMD EPYC VM with <c>OPENBLAS_CORETYPE=Haswell</c>: a
    /// Hessian-vector product of a 128-256-256-10 MLP on 1024 samples took 11.9 ms with OpenBLAS and 7.2 ms managed,
    /// the batched Hessian at P = 3073 108 ms against 88 ms; with OpenBLAS's SkylakeX kernels the product took 8.8 ms.
    /// An unknown family (empty name) counts as not narrower.
    /// </summary>
    public static bool NarrowerThanManaged(IMatrixKernels openBlas)
    {
        ArgumentNullException.ThrowIfNull(openBlas);
        return openBlas is OpenBlasKernels native && NarrowerThanManaged(native.CoreName, ManagedMatrixKernels.Default.UsesVector512);
    }

    /// <summary>The rule of <see cref="NarrowerThanManaged(IMatrixKernels)"/> on its inputs: OpenBLAS's kernel family and whether the managed kernels use 512-bit vectors.</summary>
    public static bool NarrowerThanManaged(string openBlasCore, bool managedUsesVector512)
    {
        ArgumentNullException.ThrowIfNull(openBlasCore);
        return managedUsesVector512 && openBlasCore.Length > 0 && !WideCores.Contains(openBlasCore, StringComparer.OrdinalIgnoreCase);
    }

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
