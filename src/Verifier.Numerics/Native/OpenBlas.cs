using System.Runtime.InteropServices;

namespace Verifier.Numerics.Native;

/// <summary>
/// Where the native OpenBLAS library is looked for, and how to install it. OpenBLAS provides both the BLAS
/// (<c>dgemm_</c>) and the LAPACK (<c>dsyevd_</c>, <c>dsyevr_</c>) entry points the native backends call.
/// </summary>
/// <remarks>
/// The library is loaded at run time, never linked: without it every native backend reports itself
/// unavailable and the managed backends run instead. OpenBLAS starts one worker thread per core by default
/// (its own <c>OPENBLAS_NUM_THREADS</c> environment variable limits that); the backends leave this as it is.
/// Before the first load, <c>OPENBLAS_CORETYPE</c> is set from the instruction sets the runtime detects,
/// unless it is set already: virtual machines often hide the CPU model OpenBLAS looks for, and it would then
/// fall back to its slow generic kernels.
/// </remarks>
public static class OpenBlas
{
    // Declared before DefaultCandidates, whose initialiser reads it.
    private static readonly string[] Variants = ["openblas-pthread", "openblas-openmp", "openblas-serial"];

    /// <summary>The Debian package that provides the library, with its threaded (pthread) build.</summary>
    public const string DebianPackage = "libopenblas0-pthread";

    /// <summary>The command that installs the library on Debian and Ubuntu (as root).</summary>
    public const string InstallHint = "apt-get install " + DebianPackage;

    /// <summary>The library's soname.</summary>
    public const string SoName = "libopenblas.so.0";

    /// <summary>
    /// The names and paths tried in order: the soname through the dynamic loader's search path, then the
    /// places Debian installs it (the alternatives link in the multiarch directory and the per-variant
    /// directories of the pthread, OpenMP and serial builds).
    /// </summary>
    public static IReadOnlyList<string> DefaultCandidates { get; } = BuildCandidates();

    private static string[] BuildCandidates()
    {
        var list = new List<string> { SoName };
        if (OperatingSystem.IsLinux())
        {
            var triplet = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x86_64-linux-gnu",
                Architecture.Arm64 => "aarch64-linux-gnu",
                Architecture.Ppc64le => "powerpc64le-linux-gnu",
                Architecture.S390x => "s390x-linux-gnu",
                Architecture.RiscV64 => "riscv64-linux-gnu",
                Architecture.LoongArch64 => "loongarch64-linux-gnu",
                _ => null,
            };
            string[] directories = triplet is null ? ["/usr/lib", "/usr/lib64"] : [$"/usr/lib/{triplet}", "/usr/lib", "/usr/lib64"];
            foreach (var lib in directories)
            {
                list.Add($"{lib}/{SoName}");
                foreach (var variant in Variants)
                {
                    list.Add($"{lib}/{variant}/{SoName}");
                }
            }

            list.Add("libopenblas.so");
        }

        return [.. list];
    }
}
