using System.Globalization;

namespace Verifier.Numerics.Eigen;

/// <summary>
/// Whether a dense P×P Hessian and its eigen-decomposition fit in memory, checked before anything is
/// allocated, so that a too large request ends with a clear message instead of an out-of-memory crash
/// half-way through.
/// </summary>
/// <remarks>
/// The need is the matrix itself (8·P² bytes) plus what the eigen backend allocates
/// (<see cref="ISymmetricEigenSolver.WorkspaceBytes"/>: about one more matrix for eigenvalues only, two to
/// four more with eigenvectors, depending on the backend), plus a fixed allowance for the runtime and the
/// native library's buffers. It is compared with the memory the process may use
/// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>, which honours container limits).
/// </remarks>
public static class DenseHessianBudget
{
    /// <summary>Memory allowed for everything but the matrices: the runtime, the rest of the program and OpenBLAS's per-thread buffers.</summary>
    public const long FixedAllowanceBytes = 128L << 20;

    /// <summary>The memory the process may use, as the garbage collector sees it.</summary>
    public static long AvailableBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The bytes a dense P×P Hessian and its decomposition by <paramref name="solver"/> need at their peak.</summary>
    /// <param name="parameterCount">P.</param>
    /// <param name="vectors">Whether eigenvectors are computed.</param>
    /// <param name="solver">The eigen backend that will run.</param>
    public static long RequiredBytes(int parameterCount, bool vectors, ISymmetricEigenSolver solver)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ArgumentNullException.ThrowIfNull(solver);
        return SymmetricInput.MatrixBytes(parameterCount) + solver.WorkspaceBytes(parameterCount, vectors) + FixedAllowanceBytes;
    }

    /// <summary>Throws when the Hessian and its decomposition would not fit in the memory available to this process.</summary>
    /// <exception cref="DenseHessianTooLargeException">They would not fit.</exception>
    public static void Check(int parameterCount, bool vectors, ISymmetricEigenSolver solver) =>
        Check(parameterCount, vectors, solver, AvailableBytes);

    /// <summary>Throws when the Hessian and its decomposition would need more than <paramref name="availableBytes"/>.</summary>
    /// <param name="parameterCount">P.</param>
    /// <param name="vectors">Whether eigenvectors are computed.</param>
    /// <param name="solver">The eigen backend that will run.</param>
    /// <param name="availableBytes">The memory available (a test passes its own).</param>
    /// <exception cref="DenseHessianTooLargeException">They would not fit.</exception>
    public static void Check(int parameterCount, bool vectors, ISymmetricEigenSolver solver, long availableBytes)
    {
        long required = RequiredBytes(parameterCount, vectors, solver);
        if (required > availableBytes)
        {
            throw new DenseHessianTooLargeException(parameterCount, vectors, required, availableBytes);
        }
    }

    /// <summary>A byte count for people: "1.5 GiB", "640 MiB".</summary>
    public static string Format(long bytes)
    {
        const double KiB = 1024.0, MiB = KiB * 1024, GiB = MiB * 1024, TiB = GiB * 1024;
        return bytes switch
        {
            >= (long)TiB => string.Create(CultureInfo.InvariantCulture, $"{bytes / TiB:0.#} TiB"),
            >= (long)GiB => string.Create(CultureInfo.InvariantCulture, $"{bytes / GiB:0.#} GiB"),
            >= (long)MiB => string.Create(CultureInfo.InvariantCulture, $"{bytes / MiB:0.#} MiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / KiB:0.#} KiB"),
        };
    }
}

/// <summary>A dense Hessian and its eigen-decomposition would need more memory than is available.</summary>
public sealed class DenseHessianTooLargeException : Exception
{
    /// <summary>Creates the exception with the numbers behind it; the message says how much is needed and how much is available.</summary>
    /// <param name="parameterCount">P.</param>
    /// <param name="vectors">Whether eigenvectors were asked for.</param>
    /// <param name="requiredBytes">The bytes needed.</param>
    /// <param name="availableBytes">The bytes available.</param>
    public DenseHessianTooLargeException(int parameterCount, bool vectors, long requiredBytes, long availableBytes)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"a dense {parameterCount}×{parameterCount} Hessian {(vectors ? "with eigenvectors " : "")}needs about {DenseHessianBudget.Format(requiredBytes)} of memory but only {DenseHessianBudget.Format(availableBytes)} is available"))
    {
        ParameterCount = parameterCount;
        RequiredBytes = requiredBytes;
        AvailableBytes = availableBytes;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public DenseHessianTooLargeException()
        : base("A dense Hessian would not fit in memory.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public DenseHessianTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DenseHessianTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>P, the Hessian's order.</summary>
    public int ParameterCount { get; }

    /// <summary>The bytes needed.</summary>
    public long RequiredBytes { get; }

    /// <summary>The bytes available.</summary>
    public long AvailableBytes { get; }
}
