namespace Verifier.Symbolic.Tests;

/// <summary>Every numerical tolerance of the symbolic tests, in one place, each with the reason for its size.</summary>
internal static class Tolerances
{
    /// <summary>
    /// Step h of the five-point central difference f′(x) ≈ (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h.
    /// Its truncation error is h⁴·f⁽⁵⁾/30 ≈ 3·10⁻¹⁴·|f⁽⁵⁾| and its rounding error about 1.5·ε·|f|/h ≈ 3·10⁻¹³·|f|
    /// (ε = 2.2·10⁻¹⁶); h ≈ ε^(1/5) balances the two.
    /// </summary>
    public const double FiniteDifferenceStep = 1e-3;

    /// <summary>
    /// Allowed |symbolic − five-point difference| / max(1, |symbolic|). The test functions have values and fifth
    /// derivatives of order 1–100 on the sampled boxes, so the error budget above is ≲ 10⁻¹¹; 10⁻⁸ leaves three
    /// orders of margin while still catching any wrong rule (which is off by O(1)).
    /// </summary>
    public const double FiniteDifferenceRelative = 1e-8;

    /// <summary>
    /// Allowed |double evaluation − exact value| / (1 + |exact value|) for the small random polynomials: a few dozen
    /// roundings of terms of size ≲ 10³ give ≲ 10⁻¹¹ absolute error; 10⁻⁹ is a comfortable margin.
    /// </summary>
    public const double DoubleVersusExact = 1e-9;

    /// <summary>
    /// Allowed relative gap between a Hessian entry and the central difference of the symbolic gradient
    /// (step <see cref="HessianDifferenceStep"/>): truncation h²·|∂³L|/6 ≈ 10⁻¹¹ and rounding ε·|∇L|/h ≈ 10⁻¹¹
    /// for the small network loss, so 10⁻⁷ is loose but still far below the O(1) error of a wrong entry.
    /// </summary>
    public const double HessianVersusDifference = 1e-7;

    /// <summary>Step for differencing the gradient; ≈ ε^(1/3), the optimum for a second-order central difference.</summary>
    public const double HessianDifferenceStep = 1e-5;

    /// <summary>
    /// Allowed relative gap between two algebraically equal expressions of different shape evaluated in double
    /// (e.g. a Hessian entry and the textbook formula): a few dozen roundings of O(1) quantities give ≲ 10⁻¹⁴.
    /// </summary>
    public const double EquivalentFormsRelative = 1e-12;

    /// <summary>
    /// Wall-clock budget for the symbolic Hessian of the 2-3-1 sigmoid network loss on 4 points (13 variables).
    /// The brief asks for "well under a second"; it takes about 30 ms once the code is jitted (about 60 ms cold),
    /// so a one-second budget still catches an asymptotic regression while tolerating a loaded CI machine.
    /// </summary>
    public static readonly TimeSpan NetworkHessianBudget = TimeSpan.FromSeconds(1);
}
