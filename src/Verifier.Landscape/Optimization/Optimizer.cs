using System.Diagnostics;
using System.Globalization;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Landscape.Optimization;

/// <summary>
/// Converges to a critical point of an instance's loss to full double precision: L-BFGS with a strong-Wolfe
/// line search, then Newton polishing with the dense Hessian, until the gradient norm is at its rounding
/// level (<see cref="OptimizationOptions.GradientTolerance"/>).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OptimizationMethod.TrustRegion"/> (the default) runs L-BFGS until ‖∇L‖ ≤
/// <see cref="OptimizationOptions.PolishThreshold"/>·max(1, |L|), until L-BFGS stalls, or until it has used
/// 90 % of the iterations, then trust-region Newton steps. Both phases are descent methods: the float64 loss
/// never rises, so the run does not settle on a saddle on purpose (it can still stop near one from which no
/// descent is visible in float64).
/// <see cref="OptimizationMethod.Lbfgs"/> runs L-BFGS alone. <see cref="OptimizationMethod.Newton"/> runs
/// damped Newton steps from the start point and converges to the nearby critical point whatever its type.
/// </para>
/// <para>
/// A run stops when the gradient reaches its tolerance (<see cref="StopReason.Converged"/>), when steps stop
/// reducing the gradient or the loss for <see cref="OptimizationOptions.StallIterations"/> iterations or a
/// phase can take no step (<see cref="StopReason.Stalled"/>), or at the iteration limit. Above
/// <see cref="OptimizationOptions.MaxDenseParameters"/> parameters no Hessian is formed: trust-region runs
/// L-BFGS alone and says so in <see cref="OptimizationResult.Notes"/>, and Newton is refused.
/// </para>
/// <para>
/// On ReLU networks the float path takes ReLU′(0) = 0; a run may end at a kink, which analyze reports as
/// non-differentiable.
/// </para>
/// </remarks>
public static class Optimizer
{
    /// <summary>Optimises from the instance's weights, or from a random point drawn with <see cref="OptimizationOptions.Seed"/> when it has none.</summary>
    /// <exception cref="ArgumentException">The options are out of range, or Newton is asked for above the dense limit.</exception>
    /// <exception cref="InvalidOperationException">The instance has no weights and the options no seed.</exception>
    /// <exception cref="ArithmeticException">The loss or gradient at the start point is not finite in float64.</exception>
    public static OptimizationResult Optimize(Instance instance, OptimizationOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        var (theta, seed) = StartPoint(instance, options);
        return Optimize(instance, theta, seed, options, cancellation);
    }

    /// <summary>Optimises from a given float64 point.</summary>
    /// <param name="instance">The network, data and loss (its weights are ignored).</param>
    /// <param name="start">The start point θ₀.</param>
    /// <param name="seed">The seed that drew <paramref name="start"/>, reported in the result (null if none).</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellation">Cancels between evaluations.</param>
    public static OptimizationResult Optimize(Instance instance, IReadOnlyList<double> start, int? seed, OptimizationOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        int p = instance.Network.ParameterCount;
        if (start.Count != p)
        {
            throw new ArgumentException($"The start point has {start.Count} entries; the network has {p} parameters.", nameof(start));
        }

        bool dense = p <= options.MaxDenseParameters;
        if (options.Method == OptimizationMethod.Newton && !dense)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"Newton's method needs the dense Hessian, and P = {p} parameters exceeds the dense limit {options.MaxDenseParameters}; use trust-region or lbfgs."));
        }

        var clock = Stopwatch.StartNew();
        var objective = new Objective(
            new NetworkCalculus<double, DoubleOps>(instance), new BatchedHessian(instance, options.MatrixKernels), cancellation);
        var state = new SearchState(objective, options, [.. start]);
        var notes = new List<string>();
        (PhaseEnd End, string Detail) outcome;
        switch (options.Method)
        {
            case OptimizationMethod.Lbfgs:
                outcome = Lbfgs.Run(state, handOver: null);
                break;
            case OptimizationMethod.Newton:
                outcome = SecondOrderPhases.Newton(state);
                break;
            default:
                if (!dense)
                {
                    notes.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"Newton polishing skipped: P = {p} parameters exceeds the dense-Hessian limit {options.MaxDenseParameters}; L-BFGS alone"));
                    outcome = Lbfgs.Run(state, handOver: null);
                    break;
                }

                int polishReserve = Math.Max(1, options.MaxIterations / 10);
                outcome = Lbfgs.Run(
                    state,
                    s => s.GradientNorm <= options.PolishThreshold * Math.Max(1.0, Math.Abs(s.Loss))
                        || s.Iterations >= options.MaxIterations - polishReserve);
                if (outcome.End is PhaseEnd.HandOver or PhaseEnd.Stalled)
                {
                    outcome = SecondOrderPhases.TrustRegion(state);
                }

                break;
        }

        // The verdict is taken at the final point with a fresh curvature estimate, whatever ended the run.
        state.RefreshHessianNorm();
        double tolerance = state.Tolerance;
        StopReason reason;
        string detail = outcome.Detail;
        if (state.GradientNorm <= tolerance)
        {
            reason = StopReason.Converged;
            if (outcome.End != PhaseEnd.Converged)
            {
                detail = "the gradient norm reached its tolerance (" + outcome.Detail + ")";
            }
        }
        else
        {
            reason = outcome.End == PhaseEnd.MaxIterations ? StopReason.MaxIterations : StopReason.Stalled;
        }

        return new OptimizationResult(
            state.Theta,
            state.Loss,
            state.GradientNorm,
            state.Iterations,
            options.Method,
            reason,
            detail,
            tolerance,
            options.GradientToleranceRule,
            state.HessianNorm,
            state.LbfgsIterations,
            state.NewtonIterations,
            objective.Evaluations,
            objective.HessianEvaluations,
            state.InitialLoss,
            state.InitialGradientNorm,
            seed,
            notes,
            state.Trace,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>The start point: the instance's weights as nearest doubles, or a random point from the options' seed.</summary>
    /// <exception cref="InvalidOperationException">The instance has no weights and the options no seed.</exception>
    public static (double[] Theta, int? Seed) StartPoint(Instance instance, OptimizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(options);
        if (instance.Weights is not null)
        {
            return (instance.WeightsDouble(), null);
        }

        if (options.Seed is not { } seed)
        {
            throw new InvalidOperationException("The instance has no weights and no seed was given to draw a start point.");
        }

        var weights = RandomInstance.RandomWeights(instance.Network, new Random(seed));
        return ([.. weights.Select(w => w.ToDouble())], seed);
    }

    /// <summary>
    /// The instance at the optimised point, each weight the shortest decimal that reads back as the same
    /// double (so the file is short and its nearest doubles are exactly the optimiser's point).
    /// </summary>
    public static Instance ResultInstance(Instance instance, OptimizationResult result)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(result);
        return instance.WithWeights(ShortestDecimals(result.Theta));
    }

    /// <summary>Each double as the exact value of its shortest round-trip decimal (e.g. 0.1 for the double nearest 0.1).</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite.</exception>
    public static Rational[] ShortestDecimals(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new Rational[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            double x = values[i];
            if (!double.IsFinite(x))
            {
                throw new ArgumentException($"Entry {i} is {x}; only finite numbers can be written.", nameof(values));
            }

            result[i] = Rational.Parse(x.ToString("R", CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static void Validate(OptimizationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxIterations, nameof(options.MaxIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LbfgsMemory, 1, nameof(options.LbfgsMemory));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.StallIterations, 1, nameof(options.StallIterations));
        if (!(options.GradientToleranceFactor > 0) || !(options.PolishThreshold > 0))
        {
            throw new ArgumentException("The gradient tolerance factor and the polish threshold must be positive.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.EigenSolver, nameof(options.EigenSolver));
        ArgumentNullException.ThrowIfNull(options.MatrixKernels, nameof(options.MatrixKernels));
        if (!Enum.IsDefined(options.Method))
        {
            throw new ArgumentException($"Unknown method {options.Method}.", nameof(options));
        }
    }
}
