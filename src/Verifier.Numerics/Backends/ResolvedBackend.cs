using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Backends;

/// <summary>
/// A <see cref="Backend"/> resolved on this machine: the matrix kernels and eigen-solver that run, the backend that
/// ran and why. It owns the kernels (a GPU's device buffers): dispose it when the work is done.
/// </summary>
public sealed class ResolvedBackend : IDisposable
{
    internal ResolvedBackend(Backend requested, Backend ran, string description, IReadOnlyList<string> notes, IMatrixKernels kernels, ISymmetricEigenSolver eigenSolver)
    {
        Requested = requested;
        Ran = ran;
        Description = description;
        Notes = notes;
        Kernels = kernels;
        EigenSolver = eigenSolver;
    }

    /// <summary>The backend that was asked for.</summary>
    public Backend Requested { get; }

    /// <summary>The backend that runs: never <see cref="Backend.Auto"/>.</summary>
    public Backend Ran { get; }

    /// <summary>What ran, as reports name it: "lapack", "managed", "gpu", or "gpu (eigen-solver lapack)" for a dense spectrum on a GPU.</summary>
    public string Description { get; }

    /// <summary>What the choice has to say, one line each (for auto: which backend ran and why); empty when nothing needs saying.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The matrix kernels that Hessian assembly or Hessian-vector products run on.</summary>
    public IMatrixKernels Kernels { get; }

    /// <summary>The symmetric eigen-solver of a dense spectrum (for products: the managed one, which the Krylov methods use for their small matrices).</summary>
    public ISymmetricEigenSolver EigenSolver { get; }

    /// <summary>Releases the kernels when they hold resources (a GPU's context and buffers).</summary>
    public void Dispose() => (Kernels as IDisposable)?.Dispose();
}
