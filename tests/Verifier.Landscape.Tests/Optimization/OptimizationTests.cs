using FsCheck;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Optimization;

/// <summary>The optimisers of <see cref="Optimizer"/>: convergence to full precision, monotone descent, Newton's pull to saddles.</summary>
public sealed class OptimizationTests
{
    /// <summary>
    /// A converged run's gradient norm is at most this·max(1, L): the optimiser's own ceiling
    /// (<see cref="OptimizationOptions.GradientCeiling"/>), a tenth of analyze's criticality tolerance. On these
    /// networks Newton polishing ends between 1e-17 and 1e-12, so a run that stopped anywhere above this
    /// level has not reached the rounding level.
    /// </summary>
    private const double RoundingLevel = 1e-10;

    /// <summary>
    /// Distance of a converged point from the exact critical point of a well-conditioned problem (the
    /// regression's Hessian has eigenvalues ≈ 0.2 and 2.5, so ‖θ − θ*‖ ≤ ‖g‖/0.2 plus the rounding of θ*).
    /// </summary>
    private const double PointError = 1e-12;

    private static readonly NetworkSpec Regression = new([1, 1], Activation.Linear);

    private static Instance RegressionInstance(IReadOnlyList<Rational>? weights) =>
        new("regression", Regression, LossKind.Mse, new Dataset(3, 1, 1, [0, 1, 2], [1, 3, 5]), weights);

    // Kawaguchi's 2-1-2 deep linear network: X = I₂, Y = diag(2, 1), sse, no bias. L(0) = 5/2; the origin is a
    // strict saddle (Hessian eigenvalues ±1, ±2); the global minimum value is 1/2 (the best rank-one fit of Y).
    private static Instance Kawaguchi212() => new(
        "kawaguchi-2-1-2",
        new NetworkSpec([2, 1, 2], Activation.Linear, Activation.Linear, bias: false),
        LossKind.Sse,
        new Dataset(2, 2, 2, [1, 0, 0, 1], [2, 0, 0, 1]),
        null);

    private static readonly double[] NearTheOrigin = [1e-3, -2e-3, 1.5e-3, 5e-4];

    [TestCase(OptimizationMethod.TrustRegion)]
    [TestCase(OptimizationMethod.Lbfgs)]
    [TestCase(OptimizationMethod.Newton)]
    public void Linear_regression_reaches_slope_2_and_intercept_1_with_a_vanishing_gradient(OptimizationMethod method)
    {
        var result = Optimizer.Optimize(RegressionInstance([0, 0]), new OptimizationOptions { Method = method });

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.Converged), result.StopDetail);
            Assert.That(result.Theta[0], Is.EqualTo(2.0).Within(PointError));
            Assert.That(result.Theta[1], Is.EqualTo(1.0).Within(PointError));
            Assert.That(result.GradientNorm, Is.LessThanOrEqualTo(result.GradientTolerance));
            Assert.That(result.Loss, Is.LessThanOrEqualTo(PointError));
            Assert.That(result.Method, Is.EqualTo(method));
            Assert.That(result.Seed, Is.Null);
        });
    }

    [Property(MaxTest = 20)]
    public void Descent_methods_never_raise_the_loss_and_converged_runs_end_at_the_rounding_level(int seed, bool tanh, bool lbfgs)
    {
        var network = new NetworkSpec([2, 3, 1], tanh ? Activation.Tanh : Activation.Sigmoid);
        var instance = RandomInstance.Mlp(network, 8, LossKind.Mse, seed);
        var method = lbfgs ? OptimizationMethod.Lbfgs : OptimizationMethod.TrustRegion;

        var result = Optimizer.Optimize(instance, new OptimizationOptions { Method = method });

        double previous = result.InitialLoss;
        foreach (var step in result.Trace)
        {
            Assert.That(step.Loss, Is.LessThanOrEqualTo(previous), $"iteration {step.Iteration} ({step.Phase}) raised the loss");
            previous = step.Loss;
        }

        Assert.That(result.Loss, Is.LessThanOrEqualTo(result.InitialLoss));
        if (result.Converged)
        {
            Assert.That(result.GradientNorm, Is.LessThanOrEqualTo(RoundingLevel * Math.Max(1, result.Loss)));
        }
        else
        {
            // A run that stops short says so: its gradient is above the tolerance it reports.
            Assert.That(result.GradientNorm, Is.GreaterThan(result.GradientTolerance));
        }
    }

    [TestCase(Activation.Sigmoid)]
    [TestCase(Activation.Tanh)]
    public void Trust_region_converges_to_the_rounding_level_on_most_small_networks(Activation activation)
    {
        // Some random instances only have minima at infinity (the loss keeps falling as weights grow); on
        // seeds 0..19 of these generators 19 or 20 runs converge. Each converged point is critical for analyze.
        int converged = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], activation), 8, LossKind.Mse, seed);
            var result = Optimizer.Optimize(instance, OptimizationOptions.Default);
            if (!result.Converged)
            {
                continue;
            }

            converged++;
            Assert.That(result.GradientNorm, Is.LessThanOrEqualTo(RoundingLevel * Math.Max(1, result.Loss)), $"seed {seed}");
            var analysis = PointAnalysis.Analyze(Optimizer.ResultInstance(instance, result), AnalysisOptions.Default);
            Assert.That(analysis.Classification, Is.Not.EqualTo(Classification.NotCritical), $"seed {seed}");
        }

        Assert.That(converged, Is.GreaterThanOrEqualTo(18));
    }

    [Test]
    public void Newton_from_near_the_origin_of_kawaguchis_2_1_2_network_converges_to_the_strict_saddle()
    {
        var instance = Kawaguchi212();
        var result = Optimizer.Optimize(instance, NearTheOrigin, null, new OptimizationOptions { Method = OptimizationMethod.Newton });

        var analysis = PointAnalysis.Analyze(Optimizer.ResultInstance(instance, result), AnalysisOptions.Default);
        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.Converged), result.StopDetail);
            Assert.That(result.Theta.Max(Math.Abs), Is.LessThanOrEqualTo(PointError));
            Assert.That(result.Loss, Is.EqualTo(2.5).Within(PointError));
            Assert.That(analysis.Classification, Is.EqualTo(Classification.StrictSaddle));
        });
    }

    [TestCase(OptimizationMethod.TrustRegion)]
    [TestCase(OptimizationMethod.Lbfgs)]
    public void Descent_methods_from_near_the_same_saddle_leave_it_for_the_global_minimum(OptimizationMethod method)
    {
        var instance = Kawaguchi212();
        var result = Optimizer.Optimize(instance, NearTheOrigin, null, new OptimizationOptions { Method = method });

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.Converged), result.StopDetail);
            Assert.That(result.InitialLoss, Is.GreaterThan(2.49));
            Assert.That(result.Loss, Is.EqualTo(0.5).Within(PointError));
            Assert.That(result.Theta.Max(Math.Abs), Is.GreaterThan(0.5));
            Assert.That(result.Trace.Select(t => t.Loss), Is.Ordered.Descending);
        });
    }

    [Test]
    public void The_exact_trust_region_steps_and_steihaugs_cg_reach_the_same_precision()
    {
        // MaxEigenParameters = 0 sends every boundary step through Steihaug's truncated CG.
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Tanh), 8, LossKind.Mse, 3);
        var exact = Optimizer.Optimize(instance, OptimizationOptions.Default);
        var steihaug = Optimizer.Optimize(instance, new OptimizationOptions { MaxEigenParameters = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(exact.Converged, Is.True, exact.StopDetail);
            Assert.That(steihaug.Converged, Is.True, steihaug.StopDetail);
            Assert.That(steihaug.GradientNorm, Is.LessThanOrEqualTo(RoundingLevel * Math.Max(1, steihaug.Loss)));
        });
    }

    [Test]
    public void Without_weights_the_start_is_drawn_from_the_seed_and_the_run_is_reproducible()
    {
        var instance = RegressionInstance(null);
        var options = new OptimizationOptions { Seed = 7 };

        var first = Optimizer.Optimize(instance, options);
        var second = Optimizer.Optimize(instance, options);
        var (start, seed) = Optimizer.StartPoint(instance, options);

        Assert.Multiple(() =>
        {
            Assert.That(first.Seed, Is.EqualTo(7));
            Assert.That(seed, Is.EqualTo(7));
            Assert.That(second.Theta, Is.EqualTo(first.Theta));
            Assert.That(first.Trace, Has.Count.EqualTo(second.Trace.Count));
            Assert.That(start, Is.EqualTo(RandomInstance.RandomWeights(Regression, new Random(7)).Select(w => w.ToDouble())));
            Assert.That(() => Optimizer.Optimize(instance, OptimizationOptions.Default), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void The_result_instance_keeps_network_data_and_loss_and_reads_back_as_the_same_doubles()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Sigmoid), 8, LossKind.Mse, 1);
        var result = Optimizer.Optimize(instance, OptimizationOptions.Default);

        var written = InstanceFile.Parse(InstanceFile.Format(Optimizer.ResultInstance(instance, result)));

        Assert.Multiple(() =>
        {
            Assert.That(written.Network, Is.EqualTo(instance.Network));
            Assert.That(written.Loss, Is.EqualTo(instance.Loss));
            Assert.That(written.Data.XExact, Is.EqualTo(instance.Data.XExact));
            Assert.That(written.Data.YExact, Is.EqualTo(instance.Data.YExact));
            Assert.That(written.WeightsDouble(), Is.EqualTo(result.Theta));
        });
    }

    [Property(MaxTest = 200)]
    public bool Shortest_decimals_read_back_as_the_same_double(NormalFloat x)
    {
        double value = x.Get;
        var r = Optimizer.ShortestDecimals([value])[0];
        return r.ToDouble() == value && r.ToExactDecimalString() is { } text && text.Length <= 400;
    }

    [Test]
    public void Shortest_decimals_are_short()
    {
        var r = Optimizer.ShortestDecimals([0.1, -2.5e-7, 1.0 / 3.0]);
        Assert.Multiple(() =>
        {
            Assert.That(r[0], Is.EqualTo(new Rational(1, 10)));
            Assert.That(r[1], Is.EqualTo(Rational.Parse("-2.5e-7")));
            Assert.That(r[2], Is.EqualTo(Rational.Parse("0.3333333333333333")));
            Assert.That(() => Optimizer.ShortestDecimals([double.NaN]), Throws.ArgumentException);
        });
    }

    [Test]
    public void Above_the_dense_limit_trust_region_runs_lbfgs_alone_and_says_so_and_newton_is_refused()
    {
        var instance = RegressionInstance([0, 0]);
        var small = new OptimizationOptions { MaxDenseParameters = 1 };

        var result = Optimizer.Optimize(instance, small);

        Assert.Multiple(() =>
        {
            Assert.That(result.HessianEvaluations, Is.Zero);
            Assert.That(result.NewtonIterations, Is.Zero);
            Assert.That(result.Notes, Has.Some.Contains("Newton polishing skipped"));
            Assert.That(result.Converged, Is.True, result.StopDetail);
            Assert.That(
                () => Optimizer.Optimize(instance, small with { Method = OptimizationMethod.Newton }),
                Throws.ArgumentException.With.Message.Contains("dense"));
        });
    }

    [Test]
    public void The_iteration_limit_stops_the_run_and_progress_is_reported_once_per_iteration()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Sigmoid), 8, LossKind.Mse, 2);
        var reports = new List<OptimizationProgress>();

        var result = Optimizer.Optimize(instance, new OptimizationOptions { MaxIterations = 3, Progress = reports.Add });

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(StopReason.MaxIterations));
            Assert.That(result.Iterations, Is.EqualTo(3));
            Assert.That(reports.Select(r => r.Iteration), Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(result.Trace, Is.EqualTo(reports));
            Assert.That(result.GradientNorm, Is.GreaterThan(result.GradientTolerance));
        });
    }

    [Test]
    public void A_start_point_where_the_loss_overflows_is_refused()
    {
        var instance = new Instance("huge", Regression, LossKind.Mse, new Dataset(1, 1, 1, [Rational.Parse("1e200")], [0]), [Rational.Parse("1e200"), 0]);
        Assert.That(() => Optimizer.Optimize(instance, OptimizationOptions.Default), Throws.InstanceOf<ArithmeticException>());
    }

    [Test]
    public void The_tolerance_is_the_rounding_level_capped_by_the_ceiling()
    {
        var options = OptimizationOptions.Default;
        const double eps = OptimizationOptions.MachineEpsilon;

        Assert.Multiple(() =>
        {
            Assert.That(options.GradientTolerance(0.5, 4, 1, 1), Is.EqualTo(16 * eps * (2 + 1)).Within(1e-30));
            Assert.That(options.GradientTolerance(3, 100, 0, 0), Is.EqualTo(16 * eps * 10 * 3).Within(1e-28));
            Assert.That(options.GradientTolerance(0, 1, 1e20, 1e20), Is.EqualTo(OptimizationOptions.GradientCeiling));
            Assert.That(options.GradientToleranceRule, Does.Contain("16*eps"));
        });
    }
}
