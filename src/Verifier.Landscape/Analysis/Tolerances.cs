namespace Verifier.Landscape.Analysis;

/// <summary>The zero tolerances used to classify a point, with the rule that produced each.</summary>
/// <param name="Gradient">A gradient with Euclidean norm at most this counts as zero.</param>
/// <param name="Eigenvalue">An eigenvalue with magnitude at most this counts as zero.</param>
/// <param name="GradientRule">How <paramref name="Gradient"/> was derived.</param>
/// <param name="EigenvalueRule">How <paramref name="Eigenvalue"/> was derived.</param>
public sealed record Tolerances(double Gradient, double Eigenvalue, string GradientRule, string EigenvalueRule)
{
    /// <summary>
    /// Relative gradient tolerance 1e-9·max(1, |L|): an analytic float64 gradient at a critical point is
    /// at the rounding level (~1e-15 relative), so 1e-9 leaves six orders of margin while a point
    /// visibly off a critical point (gradients ≳ 1e-6) is never called critical.
    /// </summary>
    public const double GradientRelative = 1e-9;

    /// <summary>
    /// Factor c in the eigenvalue tolerance c·P·ε·max(1, ‖H‖₂): a backward-stable symmetric eigen-solver
    /// perturbs eigenvalues by O(P·ε·‖H‖₂), and assembling H adds a few rounding errors per entry. The floor 1
    /// keeps a Hessian that is zero up to rounding from being called definite; it errs towards "degenerate",
    /// the answer that claims nothing.
    /// </summary>
    public const double EigenvalueFactor = 16;

    /// <summary>The float64 machine epsilon 2⁻⁵² (the spacing of doubles at 1; not <see cref="double.Epsilon"/>).</summary>
    public const double MachineEpsilon = Verifier.Numerics.FloatingPoint.MachineEpsilon;

    /// <summary>
    /// The tolerances of <c>analyze --inertia-only</c>: the same gradient rule, and the eigenvalue rule's size applied to
    /// the pivots of the Hessian's Bunch–Kaufman LDLᵀ factorization, with ‖H‖∞ (the largest absolute row sum, an upper
    /// bound on ‖H‖₂, at most √P times it) in place of the spectral norm that only the eigenvalues would give. The
    /// pivots' signs are those of a matrix H + E with ‖E‖ of order P·ε·‖H‖ times the factorization's growth; a pivot
    /// within this tolerance may carry either sign, and the counts then do not decide the point.
    /// </summary>
    public static Tolerances ForPivots(double loss, int parameterCount, double hessianInfinityNorm) => new(
        GradientRelative * Math.Max(1.0, Math.Abs(loss)),
        EigenvalueFactor * parameterCount * MachineEpsilon * Math.Max(1.0, hessianInfinityNorm),
        "1e-9*max(1,|loss|)",
        "16*P*eps*max(1,||H||_inf) on the pivots of the Bunch-Kaufman LDL^T (eps = 2^-52); pivots are not eigenvalues");

    /// <summary>The tolerances for a point with loss <paramref name="loss"/>, P parameters and Hessian spectral norm <paramref name="hessianNorm"/>.</summary>
    public static Tolerances For(double loss, int parameterCount, double hessianNorm) => new(
        GradientRelative * Math.Max(1.0, Math.Abs(loss)),
        EigenvalueFactor * parameterCount * MachineEpsilon * Math.Max(1.0, hessianNorm),
        "1e-9*max(1,|loss|)",
        "16*P*eps*max(1,max|eigenvalue|) (eps = 2^-52)");
}
