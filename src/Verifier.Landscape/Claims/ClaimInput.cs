using Verifier.Landscape.Instances;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Eigen;

namespace Verifier.Landscape.Claims;

/// <summary>What a claim is decided on: the instance (with its point), an optional witness, the radius and the backends.</summary>
/// <param name="Instance">The instance; its weights are the point the claim speaks of.</param>
/// <param name="Theories">The theory-specific helpers (global-minimum proofs, descent directions, witness search) the decision may use.</param>
/// <param name="Witness">A second point of the same network and data (for bad-local-min), or null.</param>
/// <param name="Radius">The radius ρ of the box around the point, or null for the default 1e-8·max(1, ‖θ‖).</param>
/// <param name="EigenSolver">The float eigen-solver used only to find candidate directions (never as proof).</param>
/// <param name="Progress">Where long decisions report progress, one line at a time (e.g. standard error), or null.</param>
/// <param name="Limits">The limits of the decision's work budget, or null for <see cref="WorkLimits.Default"/> (60 s).</param>
/// <param name="Work">
/// The budget being spent: set by <see cref="Claim.Decide"/> for the decision, and passed on to the claims a decision
/// asks in turn so that they spend the same budget; null before the decision starts (nothing is then charged by code
/// that is called outside a decision).
/// </param>
public sealed record ClaimInput(Instance Instance, ClaimTheories Theories, Instance? Witness = null, double? Radius = null, ISymmetricEigenSolver? EigenSolver = null, Action<string>? Progress = null, WorkLimits? Limits = null, WorkBudget? Work = null)
{
    /// <summary>The default relative radius: ρ = 1e-8·max(1, ‖θ‖₂) (design contract).</summary>
    public const double DefaultRelativeRadius = 1e-8;

    /// <summary>The radius in force for a point θ.</summary>
    public double RadiusFor(IReadOnlyList<double> theta) => Radius ?? RelativeRadius(DefaultRelativeRadius, theta);

    /// <summary>
    /// <paramref name="relative"/>·max(1, ‖θ‖₂) without overflow: ‖θ‖₂ is scaled by the largest |θₖ| first and the
    /// factors are multiplied smallest first, so that weights near the double range do not overflow (finite for every
    /// finite θ and relative ≤ 1).
    /// </summary>
    public static double RelativeRadius(double relative, IReadOnlyList<double> theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        double largest = theta.Count == 0 ? 0 : theta.Max(Math.Abs);
        if (largest <= 1.0)
        {
            return relative * Math.Max(1.0, Math.Sqrt(theta.Sum(t => t * t)));
        }

        double scaledSquares = theta.Sum(t => (t / largest) * (t / largest));
        return relative * largest * Math.Sqrt(scaledSquares);
    }
}
