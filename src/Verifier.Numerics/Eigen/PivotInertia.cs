using System.Diagnostics.CodeAnalysis;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Eigen;

/// <summary>
/// The inertia of a symmetric matrix A read from the block-diagonal D of its Bunch–Kaufman factorization
/// P·A·Pᵀ = L·D·Lᵀ (Sylvester's law of inertia: A and D have as many negative, zero and positive eigenvalues), with
/// each pivot whose magnitude is within a tolerance counted as near zero.
/// </summary>
/// <remarks>
/// The counts are exact for the matrix the floating-point factorization factored, A + E with ‖E‖ of order n·ε·‖A‖ times
/// the factorization's element growth (bounded for Bunch–Kaufman's pivoting, small in practice), not for A: an eigenvalue
/// of A within ‖E‖ of 0 may carry either sign. A pivot is not an eigenvalue: a near-zero pivot says that the counts
/// cannot be trusted (A is near a singular matrix), but an eigenvalue near 0 need not show as a pivot near 0 (the
/// smallest pivot magnitude can exceed the smallest eigenvalue magnitude by a factor up to about n). For the spectrum
/// itself, and how near 0 its nearest eigenvalue lies, use the eigenvalues.
/// </remarks>
/// <param name="Negative">Pivots (eigenvalues of D's blocks) below −<paramref name="Tolerance"/>.</param>
/// <param name="NearZero">Pivots within [−<paramref name="Tolerance"/>, <paramref name="Tolerance"/>].</param>
/// <param name="Positive">Pivots above <paramref name="Tolerance"/>.</param>
/// <param name="SmallestPivot">The least magnitude of a pivot (of an eigenvalue of a 2×2 block).</param>
/// <param name="Tolerance">The tolerance the pivots were compared with.</param>
/// <param name="TwoByTwoBlocks">The 2×2 blocks of D (each has one negative and one positive eigenvalue unless near singular).</param>
/// <param name="Backend">The factorization that ran: "lapack" (dsytrf) or "managed".</param>
public sealed record PivotInertia(int Negative, int NearZero, int Positive, double SmallestPivot, double Tolerance, int TwoByTwoBlocks, string Backend)
{
    /// <summary>The counts from D's pivots: each 1×1 block's value and both eigenvalues of each 2×2 block.</summary>
    /// <param name="pivots">The eigenvalues of D's blocks.</param>
    /// <param name="twoByTwo">How many of D's blocks are 2×2.</param>
    /// <param name="tolerance">Pivots with magnitude at most this count as near zero (≥ 0).</param>
    /// <param name="backend">The factorization that produced them.</param>
    public static PivotInertia FromPivots(IReadOnlyList<double> pivots, int twoByTwo, double tolerance, string backend)
    {
        ArgumentNullException.ThrowIfNull(pivots);
        if (!(tolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a number at least 0.");
        }

        int negative = pivots.Count(d => d < -tolerance);
        int positive = pivots.Count(d => d > tolerance);
        double smallest = pivots.Count == 0 ? double.PositiveInfinity : pivots.Min(Math.Abs);
        return new PivotInertia(negative, pivots.Count - negative - positive, positive, smallest, tolerance, twoByTwo, backend);
    }

    /// <summary>The two eigenvalues of the symmetric 2×2 block [[a, b], [b, c]], smaller first (without overflow for finite entries of moderate size).</summary>
    public static (double Smaller, double Larger) BlockEigenvalues(double a, double b, double c)
    {
        double mean = (a + c) / 2, radius = double.Hypot((a - c) / 2, b);
        return (mean - radius, mean + radius);
    }

    /// <summary>
    /// ‖A‖∞, the largest absolute row sum: an upper bound on the spectral norm ‖A‖₂ of a symmetric A (at most √n times
    /// it), for a tolerance that scales with ‖A‖ when no eigenvalue is computed.
    /// </summary>
    public static double InfinityNorm(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        double best = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            double sum = 0;
            for (int j = 0; j < a.GetLength(1); j++)
            {
                sum += Math.Abs(a[i, j]);
            }

            best = Math.Max(best, sum);
        }

        return best;
    }
}

/// <summary>The inertia of a symmetric matrix by an LDLᵀ factorization, without its eigenvalues (a backend: managed or LAPACK).</summary>
public interface ISymmetricInertiaSolver
{
    /// <summary>The backend's name, e.g. "lapack" or "managed".</summary>
    string Name { get; }

    /// <summary>The inertia of <paramref name="a"/> from its Bunch–Kaufman pivots; <paramref name="a"/> is overwritten by the factors.</summary>
    /// <param name="a">A symmetric matrix of finite numbers (only one triangle is read).</param>
    /// <param name="tolerance">Pivots with magnitude at most this count as near zero.</param>
    /// <exception cref="ArithmeticException">A non-finite entry, or the factorization failed.</exception>
    PivotInertia InertiaOverwriting(double[,] a, double tolerance);
}

/// <summary>
/// Creates the inertia backends: the managed Bunch–Kaufman factorization, and LAPACK's <c>dsytrf</c> from OpenBLAS
/// when it loads and exports it. Nothing is cached or switched globally.
/// </summary>
public static class InertiaSolvers
{
    /// <summary>The managed backend (stateless).</summary>
    public static ISymmetricInertiaSolver Managed { get; } = new ManagedInertiaSolver();

    /// <summary>LAPACK's <c>dsytrf</c> from OpenBLAS, if the library loads and exports it; otherwise the reason it does not.</summary>
    public static bool TryCreateLapack([NotNullWhen(true)] out ISymmetricInertiaSolver? solver, out string reason) =>
        TryCreateLapack(OpenBlas.DefaultCandidates, out solver, out reason);

    /// <summary>LAPACK's <c>dsytrf</c>, loading OpenBLAS from the given candidates.</summary>
    public static bool TryCreateLapack(IEnumerable<string> libraryCandidates, [NotNullWhen(true)] out ISymmetricInertiaSolver? solver, out string reason)
    {
        ArgumentNullException.ThrowIfNull(libraryCandidates);
        solver = null;
        if (!OpenBlasLibrary.TryLoad(libraryCandidates, out var library, out reason))
        {
            return false;
        }

        if (!LapackInertiaSolver.Supports(library!))
        {
            reason = $"{library!.Path} does not export dsytrf_";
            return false;
        }

        solver = new LapackInertiaSolver(library!);
        return true;
    }
}
