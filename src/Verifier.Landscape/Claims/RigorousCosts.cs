using Verifier.Numerics.Budgets;

namespace Verifier.Landscape.Claims;

/// <summary>The work-unit estimates charged before the interval enclosures, which do not charge as they go.</summary>
internal static class RigorousCosts
{
    /// <summary>Charges the interval gradient and Hessian over a box: about P² products per sample and layer.</summary>
    public static void ChargeBoxEnclosures(WorkBudget? budget, int parameters, int samples, int depth) =>
        budget?.Charge((long)parameters * parameters * samples * Math.Max(1, depth) * 8);
}
