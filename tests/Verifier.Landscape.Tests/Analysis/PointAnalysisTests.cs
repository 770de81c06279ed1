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
}
