using Verifier.Landscape.Analysis;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Analysis;

/// <summary>The second-order classification of <see cref="PointAnalysis"/>.</summary>
public class PointAnalysisTests
{
    [Test]
    public void LeastSquaresSolutionOfLinearRegressionIsAStrictLocalMin()
    {
        // f(x) = w·x + b on y = 2x + 1: θ = (2, 1) is the unique minimiser and the Hessian is positive definite.
        var net = new NetworkSpec([1, 1], Activation.Linear);
        var instance = new Instance("regression", net, LossKind.Mse, new Dataset(3, 1, 1, [0, 1, 2], [1, 3, 5]), [2, 1]);
        var report = PointAnalysis.Analyze(instance, AnalysisOptions.Default);
        Assert.That(report.GradientNorm, Is.Zero);
        Assert.That(report.Classification, Is.EqualTo(Classification.StrictLocalMin));
    }

    [Test]
    public void NegatedLossShapeIsAStrictLocalMaxWhenTheHessianIsNegativeDefinite()
    {
        var inertia = new Inertia(3, 0, 0);
        var tol = Tolerances.For(1, 3, 1);
        Assert.That(PointAnalysis.Classify(0, false, inertia, tol), Is.EqualTo(Classification.StrictLocalMax));
        Assert.That(PointAnalysis.Classify(0, false, new Inertia(2, 1, 0), tol), Is.EqualTo(Classification.Degenerate));
        Assert.That(PointAnalysis.Classify(1, false, inertia, tol), Is.EqualTo(Classification.NotCritical));
        Assert.That(PointAnalysis.Classify(0, true, inertia, tol), Is.EqualTo(Classification.NonDifferentiable));
        Assert.That(PointAnalysis.Classify(0, false, null, tol), Is.EqualTo(Classification.Unclassified));
    }

    [Test]
    public void PointOffACriticalPointIsNotCritical()
    {
        // The regression minimiser moved by 1e-3 has gradient of order 1e-3, far above 1e-9.
        var net = new NetworkSpec([1, 1], Activation.Linear);
        var instance = new Instance("regression", net, LossKind.Mse, new Dataset(3, 1, 1, [0, 1, 2], [1, 3, 5]), [Rational.Parse("2.001"), 1]);
        Assert.That(PointAnalysis.Analyze(instance, AnalysisOptions.Default).Classification, Is.EqualTo(Classification.NotCritical));
    }

    [Test]
    public void ReluPointWithAZeroPreActivationIsNonDifferentiable()
    {
        var net = new NetworkSpec([1, 1, 1], Activation.Relu);
        var instance = new Instance("kink", net, LossKind.Mse, new Dataset(2, 1, 1, [1, 2], [0, 1]), [1, -1, 1, 0]);
        var report = PointAnalysis.Analyze(instance, AnalysisOptions.Default);
        Assert.That(report.Classification, Is.EqualTo(Classification.NonDifferentiable));
        Assert.That(report.KinkCheck, Is.EqualTo("exact"));
        Assert.That(report.Kinks, Has.Count.EqualTo(1));
    }

    [Test]
    public void AnalysingAnInstanceWithoutWeightsIsRefused()
    {
        var net = new NetworkSpec([1, 1], Activation.Linear);
        var instance = new Instance("no point", net, LossKind.Mse, new Dataset(1, 1, 1, [0], [1]), null);
        Assert.That(() => PointAnalysis.Analyze(instance, AnalysisOptions.Default), Throws.InvalidOperationException);
    }

    [TestCase(-2.0, 1e-6, 5.0, 1e-6, "strict-saddle")]
    [TestCase(0.5, 1e-6, 5.0, 1e-6, "no-negative-curvature-found")]
    [TestCase(1e-12, 1e-8, 5.0, 1e-6, "no-negative-curvature-found")]
    [TestCase(-1e-12, 1e-8, 5.0, 1e-6, "no-negative-curvature-found")]
    [TestCase(-5.0, 1e-6, -1e-12, 1e-8, "no-positive-curvature-found")]
    [TestCase(-5.0, 1e-6, -0.5, 1e-6, "no-positive-curvature-found")]
    [TestCase(-1e-12, 1e-8, 1e-12, 1e-8, "unclassified")]
    [TestCase(-2.0, 3.0, 5.0, 6.0, "unclassified")]
    public void LanczosBoundsClassifyOnlyFromProvedSigns(double smallest, double smallResidual, double largest, double largeResidual, string expected)
    {
        // A sign counts when the Ritz value's interval θ ± (residual + allowance) excludes 0; a positive eigenvalue proved
        // with none proved negative is "no negative curvature found" (at a singular PSD Hessian too), never a minimum.
        var bounds = new LanczosBounds(smallest, smallResidual, largest, largeResidual, Allowance: 1e-10, Products: 40, Seed: 1, Converged: true, Finding: "");
        Assert.That(ClassificationNames.Of(bounds.Classify()), Is.EqualTo(expected));
    }
}
