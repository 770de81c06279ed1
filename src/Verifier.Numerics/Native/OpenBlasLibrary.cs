using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Verifier.Numerics.Native;

/// <summary>
/// A loaded OpenBLAS library and the entry points the native backends call, as unmanaged function pointers.
/// Immutable once loaded; safe to share between threads (OpenBLAS's own routines are thread-safe).
/// </summary>
/// <remarks>
/// Fortran calling convention as gfortran compiles it: every argument by reference, and one hidden length
/// argument (<c>size_t</c>) per character argument, appended after all the others. The library is never
/// unloaded: the handle lives as long as the process, so a function pointer can never dangle.
/// </remarks>
internal sealed unsafe class OpenBlasLibrary
{
    private static readonly string[] RequiredExports = ["dsyevd_", "dsyevr_", "dgemm_"];

    private OpenBlasLibrary(string path, IntPtr handle)
    {
        Path = path;
        Dsyevd = (delegate* unmanaged[Cdecl]<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)
            NativeLibrary.GetExport(handle, "dsyevd_");
        Dsyevr = (delegate* unmanaged[Cdecl]<byte*, byte*, byte*, int*, double*, int*, double*, double*, int*, int*, double*, int*, double*, double*, int*, int*, double*, int*, int*, int*, int*, nuint, nuint, nuint, void>)
            NativeLibrary.GetExport(handle, "dsyevr_");
        Dgemm = (delegate* unmanaged[Cdecl]<byte*, byte*, int*, int*, int*, double*, double*, int*, double*, int*, double*, double*, int*, nuint, nuint, void>)
            NativeLibrary.GetExport(handle, "dgemm_");
        if (NativeLibrary.TryGetExport(handle, "dsytrf_", out var dsytrf))
        {
            Dsytrf = (delegate* unmanaged[Cdecl]<byte*, int*, double*, int*, int*, double*, int*, int*, nuint, void>)dsytrf;
        }

        if (NativeLibrary.TryGetExport(handle, "openblas_get_num_threads", out var threads))
        {
            Threads = ((delegate* unmanaged[Cdecl]<int>)threads)();
        }

        if (NativeLibrary.TryGetExport(handle, "openblas_get_corename", out var corename))
        {
            CoreName = Marshal.PtrToStringAnsi(((delegate* unmanaged[Cdecl]<IntPtr>)corename)()) ?? "";
        }

        if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out var config))
        {
            Config = Marshal.PtrToStringAnsi(((delegate* unmanaged[Cdecl]<IntPtr>)config)()) ?? "";
        }
    }

    /// <summary>The name or path the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>OpenBLAS's worker thread count (all cores unless OPENBLAS_NUM_THREADS says otherwise); 0 if unknown.</summary>
    public int Threads { get; }

    /// <summary>The kernel family OpenBLAS runs, e.g. "Haswell" or "SkylakeX" (OPENBLAS_CORETYPE's or its own choice), or empty when unknown.</summary>
    public string CoreName { get; } = "";

    /// <summary>OpenBLAS's build description (version, target core), or empty.</summary>
    public string Config { get; } = "";

    /// <summary>dsyevd(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, len(jobz), len(uplo)).</summary>
    public delegate* unmanaged[Cdecl]<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> Dsyevd { get; }

    /// <summary>
    /// dsyevr(jobz, range, uplo, n, a, lda, vl, vu, il, iu, abstol, m, w, z, ldz, isuppz, work, lwork, iwork,
    /// liwork, info, len(jobz), len(range), len(uplo)).
    /// </summary>
    public delegate* unmanaged[Cdecl]<byte*, byte*, byte*, int*, double*, int*, double*, double*, int*, int*, double*, int*, double*, double*, int*, int*, double*, int*, int*, int*, int*, nuint, nuint, nuint, void> Dsyevr { get; }

    /// <summary>dgemm(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, len(transa), len(transb)), column-major.</summary>
    public delegate* unmanaged[Cdecl]<byte*, byte*, int*, int*, int*, double*, double*, int*, double*, int*, double*, double*, int*, nuint, nuint, void> Dgemm { get; }

    /// <summary>
    /// dsytrf(uplo, n, a, lda, ipiv, work, lwork, info, len(uplo)): the Bunch–Kaufman factorization A = L·D·Lᵀ; null
    /// when the library does not export it (it is optional: only the inertia backend needs it).
    /// </summary>
    public delegate* unmanaged[Cdecl]<byte*, int*, double*, int*, int*, double*, int*, int*, nuint, void> Dsytrf { get; }

    /// <summary>A one-line description for notes, e.g. "OpenBLAS 0.3.21 … (/usr/lib/…/libopenblas.so.0, 16 threads)".</summary>
    public string Description
    {
        get
        {
            var threads = Threads > 0 ? $", {Threads} threads" : "";
            var config = Config.Length > 0 ? Config.Trim() + " " : "";
            return $"{config}({Path}{threads})";
        }
    }

    /// <summary>Loads the first candidate that exists and exports every entry point needed.</summary>
    /// <param name="candidates">Sonames or absolute paths, tried in order.</param>
    /// <param name="library">The loaded library, or null.</param>
    /// <param name="reason">Why nothing could be loaded (empty on success).</param>
    public static bool TryLoad(IEnumerable<string> candidates, out OpenBlasLibrary? library, out string reason)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        PreferCoreType();
        var problems = new List<string>();
        foreach (var candidate in candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out var handle))
            {
                continue;
            }

            // A library without the LAPACK routines (e.g. a BLAS-only build) is no use; the handle stays
            // loaded, which is harmless (loading is reference-counted and the process owns it).
            var missing = RequiredExports.Where(name => !NativeLibrary.TryGetExport(handle, name, out _)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{candidate} lacks {string.Join(", ", missing)}");
                continue;
            }

            library = new OpenBlasLibrary(candidate, handle);
            reason = "";
            return true;
        }

        library = null;
        reason = problems.Count > 0
            ? $"OpenBLAS was found but is unusable ({string.Join("; ", problems)}); install it with '{OpenBlas.InstallHint}'"
            : $"OpenBLAS ({OpenBlas.SoName}) was not found; install it with '{OpenBlas.InstallHint}'";
        return false;
    }

    /// <summary>
    /// Names OpenBLAS's kernel family for this CPU in <c>OPENBLAS_CORETYPE</c>, unless the variable is already
    /// set, before the library is first loaded (it reads the variable once, when it loads).
    /// </summary>
    /// <remarks>
    /// OpenBLAS picks its kernels from the CPU's model number, which virtual machines often mask; it then
    /// falls back to its generic SSE3 kernels ("Prescott"), 3 to 10 times slower on dense eigenproblems. The
    /// instruction sets the runtime detects are reliable, so they decide: SkylakeX kernels with AVX-512
    /// (F, BW, DQ, VL), Haswell kernels with AVX2 and FMA; otherwise OpenBLAS's own choice stands. These are
    /// the families OpenBLAS itself would pick on such CPUs when it recognises them.
    /// </remarks>
    private static void PreferCoreType()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }

        ReadOnlySpan<byte> core = Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported
            ? "SkylakeX\0"u8
            : Avx2.IsSupported && Fma.IsSupported ? "Haswell\0"u8 : default;
        if (core.IsEmpty || !NativeLibrary.TryLoad("libc.so.6", out var libc) || !NativeLibrary.TryGetExport(libc, "setenv", out var setenv))
        {
            return;
        }

        fixed (byte* name = "OPENBLAS_CORETYPE\0"u8)
        fixed (byte* value = core)
        {
            // overwrite = 0: a value the user set is kept.
            _ = ((delegate* unmanaged[Cdecl]<byte*, byte*, int, int>)setenv)(name, value, 0);
        }
    }
}
