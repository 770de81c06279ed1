namespace Verifier.Numerics.Tests;

/// <summary>
/// Every floating tolerance of this suite, with why it has its size. ε = 2⁻⁵² is the unit roundoff of
/// float64 (twice the rounding error bound u), n the matrix order, ‖A‖ the Frobenius norm (≥ the 2-norm).
/// </summary>
internal static class Tolerance
{
    /// <summary>The machine epsilon of double, 2⁻⁵².</summary>
    public const double Epsilon = FloatingPoint.MachineEpsilon;

    /// <summary>
    /// Backward error factor of a symmetric eigen-solver: the computed pairs are exact for A + E with
    /// ‖E‖ ≤ p(n)·ε·‖A‖, p(n) a modest polynomial (Householder tridiagonalisation, then implicit QL, divide
    /// and conquer or MRRR on the tridiagonal matrix). Over random matrices of orders 2 to 200 the residuals
    /// ‖Av − λv‖ stayed below 3.7·n·ε·‖A‖ (dsyevr; 2.2 managed, 1.1 dsyevd) and eigenvalue errors against
    /// known spectra below 2.1·n·ε·‖A‖; 16 keeps a margin of 4 and still fails for any error one would
    /// care about (at n = 200 and ‖A‖ = 200 it is 1.4e-10).
    /// </summary>
    public const double BackwardErrorFactor = 16;

    /// <summary>
    /// Loss of orthogonality of computed eigenvectors, max |VᵀV − I|, for the solvers that orthogonalise
    /// explicitly (MathNet's QL and dsyevd's divide and conquer): each inner product of two computed unit
    /// vectors carries n roundings. Measured ≤ 2·n·ε; 8·n·ε is 3.6e-13 at n = 200.
    /// </summary>
    public const double OrthogonalityFactor = 8;

    /// <summary>
    /// Loss of orthogonality for MRRR (dsyevr), which computes each eigenvector independently and guarantees
    /// orthogonality only to O(n·ε) with a larger constant that grows as eigenvalues cluster. Measured up to
    /// 80·n·ε on random matrices of order 40; 512·n·ε is 2.3e-11 at n = 200.
    /// </summary>
    public const double MrrrOrthogonalityFactor = 512;

    /// <summary>
    /// Two backends each within the backward error of the same matrix differ by at most the sum of their errors.
    /// </summary>
    public const double AgreementFactor = 2 * BackwardErrorFactor;

    /// <summary>‖Av − λv‖₂ allowed for a unit eigenvector of an n×n matrix of norm ‖A‖.</summary>
    public static double Residual(int n, double norm) => BackwardErrorFactor * Math.Max(n, 1) * Epsilon * norm;

    /// <summary>|λ − λ*| allowed against a known spectrum (Weyl: eigenvalues move by at most ‖E‖₂).</summary>
    public static double Eigenvalue(int n, double norm) => BackwardErrorFactor * Math.Max(n, 1) * Epsilon * norm;

    /// <summary>
    /// |tr A − Σλ| allowed: the sum of n eigenvalue errors, each within <see cref="Eigenvalue"/>; the trace is
    /// itself a sum of n rounded terms (n·ε·Σ|aᵢᵢ| ≤ n·ε·√n·‖A‖, covered by the same bound).
    /// </summary>
    public static double Trace(int n, double norm) => Math.Max(n, 1) * Eigenvalue(n, norm);

    /// <summary>max |VᵀV − I| allowed for a backend (see <see cref="MrrrOrthogonalityFactor"/>).</summary>
    public static double Orthogonality(int n, string backend) =>
        (backend == TestBackends.LapackSyevr ? MrrrOrthogonalityFactor : OrthogonalityFactor) * Math.Max(n, 1) * Epsilon;

    /// <summary>
    /// GEMM against a naive triple loop, relative to Σₗ |α·aᵢₗ·bₗⱼ| + |β·cᵢⱼ| per entry: both are sums of
    /// k + 1 products, each rounded in a different order (blocked and vectorised with FMA against left to
    /// right), so they differ by at most about 2·(k + 2)·ε times that sum; 4·(k + 2)·ε leaves a factor of 2
    /// over the worst case (typical differences are far smaller).
    /// </summary>
    public static double Gemm(int k, double magnitude) => 4 * (k + 2) * Epsilon * magnitude;
}
