using System.Diagnostics.CodeAnalysis;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Eigen;

/// <summary>
/// Creates eigen-solver backends and resolves a backend name as the command line gives it
/// (auto, managed, lapack, gpu). Nothing is cached or switched globally: each caller passes the solver it got on.
/// </summary>
public static class EigenSolvers
{
    /// <summary>The fastest backend that is available, falling back to the managed one.</summary>
    public const string AutoName = "auto";

    /// <summary>The name of the GPU backend, recognised but not part of this build.</summary>
    public const string GpuName = "gpu";

    /// <summary>Every backend name <see cref="Resolve(string, out string)"/> accepts, in the order help texts list them.</summary>
    public static IReadOnlyList<string> BackendNames { get; } = [AutoName, ManagedEigenSolver.BackendName, LapackEigenSolver.BackendName, GpuName];

    /// <summary>The managed backend (stateless, so one instance serves everyone).</summary>
    public static ISymmetricEigenSolver Managed { get; } = new ManagedEigenSolver();

    /// <summary>Whether <paramref name="name"/> is one of <see cref="BackendNames"/>.</summary>
    public static bool IsBackendName(string? name) => name is not null && BackendNames.Contains(name, StringComparer.Ordinal);

    /// <summary>The native LAPACK backend from OpenBLAS, if the library loads; otherwise the reason it does not.</summary>
    /// <param name="solver">The backend, or null.</param>
    /// <param name="reason">Why it is unavailable, with the command that installs it (empty on success).</param>
    public static bool TryCreateLapack([NotNullWhen(true)] out ISymmetricEigenSolver? solver, out string reason) =>
        TryCreateLapack(LapackDriver.Auto, OpenBlas.DefaultCandidates, out solver, out reason);

    /// <summary>The native LAPACK backend with a chosen driver, loading OpenBLAS from the given candidates.</summary>
    /// <param name="driver">The LAPACK driver to call.</param>
    /// <param name="libraryCandidates">Sonames or paths tried in order (<see cref="OpenBlas.DefaultCandidates"/> by default).</param>
    /// <param name="solver">The backend, or null.</param>
    /// <param name="reason">Why it is unavailable, with the command that installs it (empty on success).</param>
    public static bool TryCreateLapack(LapackDriver driver, IEnumerable<string> libraryCandidates,
        [NotNullWhen(true)] out ISymmetricEigenSolver? solver, out string reason)
    {
        ArgumentNullException.ThrowIfNull(libraryCandidates);
        if (OpenBlasLibrary.TryLoad(libraryCandidates, out var library, out reason))
        {
            solver = new LapackEigenSolver(library!, driver);
            return true;
        }

        solver = null;
        return false;
    }

    /// <summary>
    /// The backend for a name: <c>managed</c>; <c>lapack</c> (an error when OpenBLAS is missing); <c>auto</c>
    /// (lapack when OpenBLAS loads, otherwise managed); <c>gpu</c> (an error: not in this build).
    /// </summary>
    /// <param name="backend">A name from <see cref="BackendNames"/>.</param>
    /// <param name="note">Which backend runs and why, in one line (for auto, also whether it fell back).</param>
    /// <exception cref="BackendUnavailableException">The backend was named explicitly and cannot run here.</exception>
    /// <exception cref="ArgumentException">The name is not a backend.</exception>
    public static ISymmetricEigenSolver Resolve(string backend, out string note) =>
        Resolve(backend, OpenBlas.DefaultCandidates, out note);

    /// <summary><see cref="Resolve(string, out string)"/>, loading OpenBLAS from the given candidates.</summary>
    /// <param name="backend">A name from <see cref="BackendNames"/>.</param>
    /// <param name="libraryCandidates">Sonames or paths for OpenBLAS, tried in order.</param>
    /// <param name="note">Which backend runs and why, in one line.</param>
    public static ISymmetricEigenSolver Resolve(string backend, IEnumerable<string> libraryCandidates, out string note)
    {
        ArgumentNullException.ThrowIfNull(backend);
        switch (backend)
        {
            case ManagedEigenSolver.BackendName:
                note = "managed: MathNet.Numerics' symmetric eigen-solver";
                return Managed;
            case LapackEigenSolver.BackendName:
            {
                if (!TryCreateLapack(LapackDriver.Auto, libraryCandidates, out var lapack, out var reason))
                {
                    throw new BackendUnavailableException(LapackEigenSolver.BackendName, $"backend 'lapack' is not available: {reason}");
                }

                note = $"lapack: {((LapackEigenSolver)lapack).LibraryDescription}";
                return lapack;
            }

            case AutoName:
            {
                if (TryCreateLapack(LapackDriver.Auto, libraryCandidates, out var lapack, out var reason))
                {
                    note = $"auto chose lapack: {((LapackEigenSolver)lapack).LibraryDescription}";
                    return lapack;
                }

                note = $"auto fell back to the managed eigen-solver: {reason}";
                return Managed;
            }

            case GpuName:
                throw new BackendUnavailableException(GpuName, "backend 'gpu' is not available in this build (the GPU path comes in a later release); use auto, lapack or managed");
            default:
                throw new ArgumentException($"Unknown eigen backend '{backend}' (expected one of {string.Join(", ", BackendNames)}).", nameof(backend));
        }
    }
}

/// <summary>A backend named explicitly cannot run on this machine; the message says how to make it available.</summary>
public sealed class BackendUnavailableException : Exception
{
    /// <summary>Creates the exception for a backend, with a message that says why it is unavailable and how to install it.</summary>
    /// <param name="backend">The backend's name.</param>
    /// <param name="message">The whole message, naming the backend.</param>
    public BackendUnavailableException(string backend, string message)
        : base(message)
    {
        Backend = backend;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public BackendUnavailableException()
        : this("unknown", "an eigen backend is not available")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public BackendUnavailableException(string message)
        : base(message)
    {
        Backend = "unknown";
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BackendUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Backend = "unknown";
    }

    /// <summary>The backend that was asked for.</summary>
    public string Backend { get; } = "unknown";
}
