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

    /// <summary>
    /// A float64 gradient entry above this is an exactly nonzero gradient entry, for the small certificate instances of
    /// the mutation tests (≤ 12 samples, P ≤ 4, entries ≤ 5 after an edit): each entry is a sum of a few dozen terms of
    /// size ≲ 100, so its rounding error is ≲ 1e-12; 1e-6 leaves a factor of a million.
    /// </summary>
    public const double NonzeroFloatGradient = 1e-6;

    /// <summary>
    /// How much the gradient may drift over a certificate's box (radius r ≤ 1e-7, P parameters), as a multiple of
    /// max|H(θ)|·r·P, the first-order drift with the Hessian at the centre: the Hessian changes over so small a box by
    /// far less than a factor 10 (its derivatives are of the size of its entries on these instances).
    /// </summary>
    public const double GradientDriftOverBoxFactor = 10;

    /// <summary>
    /// How far a known other critical point given in float64 may lie from the true one: Newton-polished to a gradient
    /// of ~1e-16 with a Hessian whose smallest eigenvalue is ≳ 1e-2, so within ~1e-14; a box must contain it by this
    /// margin (1e-6) to count as holding a second critical point.
    /// </summary>
    public const double OtherCriticalPointMargin = 1e-6;
}
