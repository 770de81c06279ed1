using System.Diagnostics.CodeAnalysis;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Eigen;

/// <summary>
/// Creates symmetric eigen-solvers: the managed one, and LAPACK's from OpenBLAS when it loads. Choosing one for a
/// named backend is <see cref="Backends.BackendResolver"/>'s. Nothing is cached or switched globally: each caller
/// passes the solver it got on.
/// </summary>
public static class EigenSolvers
{
    /// <summary>The managed backend (stateless, so one instance serves everyone).</summary>
    public static ISymmetricEigenSolver Managed { get; } = new ManagedEigenSolver();

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
