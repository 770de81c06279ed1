using Verifier.Landscape.Claims;
using Verifier.Landscape.Theories;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>The default radius ρ = 1e-8·max(1, ‖θ‖₂), finite for every finite θ.</summary>
public class ClaimInputTests
{
    private static ClaimInput Input() => new(SmoothPoints.FukumizuStrictMinimum(), StandardTheories.All);

    [Test]
    public void TheDefaultRadiusIsTheContractsFormula()
    {
        double[] theta = [3, 4];
        Assert.That(Input().RadiusFor(theta), Is.EqualTo(5e-8).Within(1e-22));
        Assert.That(Input().RadiusFor([0.1, 0.2]), Is.EqualTo(1e-8));
    }

    [TestCase(1e300)]
    [TestCase(1.7e308)]
    public void WeightsNearTheDoubleRangeGiveAFiniteRadius(double w)
    {
        // ‖(w, w, w)‖₂ = √3·w overflows when squared; the scaled formula does not.
        double rho = Input().RadiusFor([w, -w, w]);
        Assert.That(double.IsFinite(rho), Is.True, $"ρ = {rho}");
        Assert.That(rho, Is.EqualTo(1e-8 * Math.Sqrt(3) * w).Within(1e-12).Percent);
    }
}
