namespace Verifier.Landscape.Tests;

/// <summary>Every floating tolerance of this suite, with why it has its size.</summary>
internal static class Tolerance
{
    /// <summary>
    /// Float64 Hessian (R-operator) against the symbolic Hessian evaluated in float64, relative to
    /// max(1, max|H|). Both evaluate the same exact quantity by different orders of operations on networks
    /// with ≤ 3 samples, widths ≤ 3 and weights ≤ 1.5: each entry is a sum of at most a few hundred
    /// terms of size ≲ |H|, so the two roundings differ by ≲ 1e-14·|H|; 1e-12 leaves a factor 100.
    /// </summary>
    public const double SymbolicVsFloatRelative = 1e-12;

    /// <summary>
    /// Float64 loss, gradient and Hessian against the exact Rational values rounded once, relative to
    /// max(1, the largest exact magnitude): same reasoning as <see cref="SymbolicVsFloatRelative"/>.
    /// </summary>
    public const double FloatVsExactRelative = 1e-12;

    /// <summary>
    /// Eigenvalues of small (P ≤ 8) Hessians with exact integer or quadratic-irrational spectra, computed
    /// by the float64 managed eigen-solver: backward error ~ P·ε·‖H‖ ≈ 1e-14 for ‖H‖ ≤ 5.
    /// </summary>
    public const double SmallSpectrumAbsolute = 1e-12;
}
