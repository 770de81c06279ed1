using Verifier.Landscape.Analysis;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests;

/// <summary>Kawaguchi's instance (papers.md §4.4) and the Baldi–Hornik points (§6), decided exactly.</summary>
public class PaperInstanceTests
{
    [Test]
    public void DepthThreeOriginHasZeroGradientAndExactlyZeroHessian()
    {
        var origin = Origin(2, 2, 2, 2);
        var exact = Exact(origin);
        var (loss, gradient) = exact.LossAndGradient(origin.Weights!);
        Assert.That(loss, Is.EqualTo(new Rational(5, 2)));
        Assert.That(gradient, Is.All.EqualTo(Rational.Zero));
        var h = exact.Hessian(origin.Weights!);
        Assert.That(h.Cast<Rational>(), Is.All.EqualTo(Rational.Zero));
    }

    [Test]
    public void DepthThreeOriginIsClassifiedDegenerate()
    {
        var report = PointAnalysis.Analyze(Origin(2, 2, 2, 2), AnalysisOptions.Default);
        Assert.That(report.Classification, Is.EqualTo(Classification.Degenerate));
        Assert.That(report.Eigenvalues, Is.All.EqualTo(0.0));
    }

    [TestCase(new[] { 2, 1, 2 }, new[] { -2, -1, 1, 2 })]
    [TestCase(new[] { 2, 2, 2 }, new[] { -2, -2, -1, -1, 1, 1, 2, 2 })]
    public void DepthTwoOriginHasExactlyTheSpectrumPlusMinusSingularValuesOfYXt(int[] layers, int[] spectrum)
    {
        var origin = Origin(layers);
        var exact = Exact(origin);
        Assert.That(exact.Gradient(origin.Weights!), Is.All.EqualTo(Rational.Zero));
        var h = exact.Hessian(origin.Weights!);

        // det(tI − H) equals Π(t − λ) exactly, so the spectrum is exactly the expected multiset.
        var expected = PolynomialWithRoots([.. spectrum.Select(s => (Rational)s)]);
        Assert.That(ExactLinearAlgebra.CharacteristicPolynomial(h), Is.EqualTo(expected));
    }

    [Test]
    public void DepthTwoOriginWithCorrelatedDataIsClassifiedStrictSaddle()
    {
        var report = PointAnalysis.Analyze(Origin(2, 1, 2), AnalysisOptions.Default);
        Assert.That(report.Classification, Is.EqualTo(Classification.StrictSaddle));
        Assert.That(report.Eigenvalues, Is.EqualTo(new[] { -2.0, -1.0, 1.0, 2.0 }).Within(Tolerance.SmallSpectrumAbsolute));
    }

    [TestCase("1/10")]
    [TestCase("1/5")]
    [TestCase("3/10")]
    [TestCase("-1/2")]
    public void LossAlongKawaguchisDescentCurveIsExactlyFiveHalvesTimesOneMinusTCubedSquared(string tText)
    {
        // Depth 3 (H = 2): W₁ = W₂ = tI, W₃ = tY gives L(tA) = 2.5·(1 − t³)² (papers.md §4.4).
        var t = Rational.Parse(tText);
        Rational[] theta = [t, 0, 0, t, t, 0, 0, t, 2 * t, 0, 0, t];
        var loss = Exact(Linear([2, 2, 2, 2], theta)).Loss(theta);
        var expected = new Rational(5, 2) * (1 - t.Pow(3)).Pow(2);
        Assert.That(loss, Is.EqualTo(expected));
    }

    [TestCase(1, 0, "1/2", new[] { "0", "5" }, true)]
    [TestCase(0, 1, "2", new[] { "-1", "0", "2", "3" }, false)]
    public void BaldiHornikPointsAreCriticalWithTheirExactSpectra(int u0, int u1, string lossText, string[] rationalRoots, bool hasQuadraticFactor)
    {
        // Index set I = {i}: A = u_i (2×1), B = u_iᵀ Σ_YX Σ_XX⁻¹ = u_iᵀ diag(2, 1) (1×2); parameters W₁ = B, then W₂ = A.
        var scale = u0 == 1 ? 2 : 1;
        Rational[] theta = [u0 * scale, u1 * scale, u0, u1];
        var instance = Linear([2, 1, 2], theta);
        var exact = Exact(instance);
        var (loss, gradient) = exact.LossAndGradient(theta);
        Assert.That(loss, Is.EqualTo(Rational.Parse(lossText)));
        Assert.That(gradient, Is.All.EqualTo(Rational.Zero));

        var expected = PolynomialWithRoots([.. rationalRoots.Select(Rational.Parse)]);
        if (hasQuadraticFactor)
        {
            // The global minimum's remaining eigenvalues (5 ± √13)/2 ≈ 0.6972, 4.3028 are the roots of t² − 5t + 3.
            expected = Times(expected, [3, -5, 1]);
        }

        Assert.That(ExactLinearAlgebra.CharacteristicPolynomial(exact.Hessian(theta)), Is.EqualTo(expected));
    }

    [Test]
    public void BaldiHornikPointsStayCriticalUnderAChangeOfBasisC()
    {
        // A = u₁·C, B = C⁻¹·u₁ᵀ·diag(2, 1) with C = 3: the same product, so again critical with loss 1/2.
        Rational c = 3;
        Rational[] theta = [2 / c, 0, c, 0];
        var exact = Exact(Linear([2, 1, 2], theta));
        var (loss, gradient) = exact.LossAndGradient(theta);
        Assert.That(loss, Is.EqualTo(new Rational(1, 2)));
        Assert.That(gradient, Is.All.EqualTo(Rational.Zero));
    }

    [Test]
    public void BaldiHornikGlobalMinimumIsDegenerateAndSaddleIsStrict()
    {
        var min = PointAnalysis.Analyze(Linear([2, 1, 2], [2, 0, 1, 0]), AnalysisOptions.Default);
        var saddle = PointAnalysis.Analyze(Linear([2, 1, 2], [0, 1, 0, 1]), AnalysisOptions.Default);
        Assert.Multiple(() =>
        {
            // The zero eigenvalue is the C-rescaling orbit: semidefinite and singular.
            Assert.That(min.Classification, Is.EqualTo(Classification.Degenerate));
            Assert.That(min.Eigenvalues, Is.EqualTo(new[] { 0.0, (5 - Math.Sqrt(13)) / 2, (5 + Math.Sqrt(13)) / 2, 5.0 }).Within(Tolerance.SmallSpectrumAbsolute));
            Assert.That(saddle.Classification, Is.EqualTo(Classification.StrictSaddle));
            Assert.That(saddle.Eigenvalues, Is.EqualTo(new[] { -1.0, 0.0, 2.0, 3.0 }).Within(Tolerance.SmallSpectrumAbsolute));
        });
    }
}
