using Verifier.Numerics.Kernels;

namespace Verifier.Numerics.Krylov;

/// <summary>What <see cref="Lanczos.Compute"/> looks for, and how hard it tries.</summary>
public sealed record LanczosOptions
{
    /// <summary>The default residual tolerance: every residual below 1e-8·max(1, ‖A‖).</summary>
    public const double DefaultTolerance = 1e-8;

    /// <summary>The default seed of the start vector.</summary>
    public const int DefaultSeed = 1;

    /// <summary>How many of the largest eigenvalues are wanted (0 for none).</summary>
    public int Top { get; init; }

    /// <summary>How many of the smallest eigenvalues are wanted (0 for none).</summary>
    public int Bottom { get; init; }

    /// <summary>
    /// The relative residual tolerance T: every returned pair (λ, x), ‖x‖₂ = 1, has ‖Ax − λx‖₂ ≤ T·max(1, s),
    /// where s is the largest |Ritz value| seen (a lower bound on ‖A‖₂, usually equal to it to many digits).
    /// Each eigenvalue is then within that residual of a true eigenvalue (for symmetric A).
    /// </summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    /// <summary>
    /// The largest basis m kept between restarts (0: max(2·(Top + Bottom) + 20, 80), at most the dimension; see
    /// <see cref="Lanczos.MinBasisSize"/>).
    /// Memory is about 3·m·n doubles.
    /// </summary>
    public int BasisSize { get; init; }

    /// <summary>
    /// The most operator products, the multiplicity check included, before giving up: the result then says it did not
    /// converge (also when the budget left no room for the multiplicity check).
    /// </summary>
    public int MaxProducts { get; init; } = 10_000;

    /// <summary>The seed of the start vector (and of any fresh vector drawn later); the same seed gives the same run.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Whether to return the eigenvectors.</summary>
    public bool Vectors { get; init; }

    /// <summary>
    /// Whether to look for missed copies of repeated eigenvalues: after convergence, a fresh run from a new
    /// random vector on the operator restricted to the orthogonal complement of the found eigenvectors must
    /// find nothing beyond them (a single-vector Krylov space holds only one direction of each eigenspace).
    /// Costs roughly one more run for the extreme eigenvalue of the complement.
    /// </summary>
    public bool CheckMultiplicity { get; init; } = true;

    /// <summary>The kernels for the basis updates at restarts (row-major products of the basis).</summary>
    public IMatrixKernels Kernels { get; init; } = ManagedMatrixKernels.Default;
}

/// <summary>The result of <see cref="Lanczos.Compute"/>.</summary>
/// <param name="Eigenvalues">The eigenvalues found (the smallest ones, then the largest), ascending.</param>
/// <param name="Residuals">‖Ax − λx‖₂ of each returned unit vector, computed with an explicit product.</param>
/// <param name="Eigenvectors">The unit eigenvectors, one per eigenvalue, or null when not asked for.</param>
/// <param name="Products">Operator products used, those for the explicit residuals included.</param>
/// <param name="Restarts">Thick restarts performed.</param>
/// <param name="BasisSize">The basis size m.</param>
/// <param name="Seed">The seed of the start vector.</param>
/// <param name="Tolerance">The relative tolerance T.</param>
/// <param name="Scale">max(1, largest |Ritz value| seen): residuals are at most T times this when converged.</param>
/// <param name="Converged">Whether every residual met the tolerance within the product budget.</param>
/// <param name="MultiplicityProducts">Products spent by the multiplicity check (0 when it was off).</param>
/// <param name="MultiplicityReplacements">Found pairs the check replaced by missed copies further out, or null when it was off.</param>
public sealed record LanczosResult(
    IReadOnlyList<double> Eigenvalues,
    IReadOnlyList<double> Residuals,
    IReadOnlyList<double[]>? Eigenvectors,
    int Products,
    int Restarts,
    int BasisSize,
    int Seed,
    double Tolerance,
    double Scale,
    bool Converged,
    int MultiplicityProducts = 0,
    int? MultiplicityReplacements = null);
