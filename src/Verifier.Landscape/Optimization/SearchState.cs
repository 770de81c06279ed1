namespace Verifier.Landscape.Optimization;

/// <summary>How a phase of an optimiser ended.</summary>
internal enum PhaseEnd
{
    Converged,
    HandOver,
    Stalled,
    MaxIterations,
}

/// <summary>
/// The current point of a run with its loss and gradient, the iteration counters, the trace, and the
/// convergence and stall tests shared by every phase.
/// </summary>
internal sealed class SearchState
{
    /// <summary>
    /// Loss differences below this many ε·|L| are rounding noise: the loss of a network is a sum of N·n_L
    /// rounded squares, each evaluated through a few layers, so its float64 value is within tens of ε·|L|
    /// of the exact one.
    /// </summary>
    public const double LossNoiseFactor = 64;

    /// <summary>A step counts as progress when the gradient norm falls below this fraction of its best so far.</summary>
    public const double GradientProgressFactor = 0.9;

    /// <summary>
    /// A trust-region Newton step also counts as progress when the loss falls below its best so far by more
    /// than this relative amount (far above its rounding level, 64·ε). Newton steps near a critical point cut
    /// the gradient at once; smaller decreases without a falling gradient are what a run looks like on a slope
    /// that levels off towards infinity, where no critical point is near. (L-BFGS, whose gradient falls
    /// unevenly on ill-conditioned problems, counts any decrease above the rounding level.)
    /// </summary>
    public const double RelativeLossProgress = 1e-8;

    private readonly List<OptimizationProgress> _trace = [];
    private double[]? _hessianNormAt;
    private double _bestLoss;
    private double _bestGradientNorm;

    public SearchState(Objective objective, OptimizationOptions options, double[] theta)
    {
        Objective = objective;
        Options = options;
        var (loss, gradient) = objective.Evaluate(theta);
        double gradientNorm = Vectors.Norm(gradient);
        if (!double.IsFinite(loss) || !double.IsFinite(gradientNorm))
        {
            throw new ArithmeticException(
                $"The loss or gradient at the start point is not finite in double precision (loss {loss}, gradient norm {gradientNorm}).");
        }

        Theta = theta;
        Loss = loss;
        Gradient = gradient;
        GradientNorm = gradientNorm;
        InitialLoss = loss;
        InitialGradientNorm = gradientNorm;
        HessianNorm = objective.HessianNormEstimate(theta);
        _hessianNormAt = theta;
        ResetStall();
    }

    public Objective Objective { get; }

    public OptimizationOptions Options { get; }

    public int ParameterCount => Objective.ParameterCount;

    public double[] Theta { get; private set; }

    public double Loss { get; private set; }

    public double[] Gradient { get; private set; }

    public double GradientNorm { get; private set; }

    public double InitialLoss { get; }

    public double InitialGradientNorm { get; }

    /// <summary>The latest estimate of ‖∇²L‖₂ (at <see cref="Theta"/> when fresh).</summary>
    public double HessianNorm { get; private set; }

    public int Iterations { get; private set; }

    public int LbfgsIterations { get; private set; }

    public int NewtonIterations { get; private set; }

    public int StallCount { get; private set; }

    public IReadOnlyList<OptimizationProgress> Trace => _trace;

    public bool AtMaxIterations => Iterations >= Options.MaxIterations;

    public bool IsStalled => StallCount >= Options.StallIterations;

    /// <summary>The rounding level of the current loss.</summary>
    public double LossNoise => LossNoiseOf(Loss);

    public double ThetaNorm => Vectors.Norm(Theta);

    /// <summary>The gradient tolerance at the current point with the latest curvature estimate.</summary>
    public double Tolerance => Options.GradientTolerance(Loss, ParameterCount, ThetaNorm, HessianNorm);

    public static double LossNoiseOf(double loss) => LossNoiseFactor * OptimizationOptions.MachineEpsilon * Math.Abs(loss);

    /// <summary>
    /// The end of a phase before its next iteration, tested in this order: the gradient at its tolerance, the
    /// phase's <paramref name="handOver"/> test, the iteration limit, a stall of <paramref name="steps"/> (the
    /// phase's steps as a report names them); null when the phase goes on.
    /// </summary>
    public (PhaseEnd End, string Detail)? EndBeforeIteration(string steps, Func<SearchState, bool>? handOver = null)
    {
        if (IsConverged())
        {
            return (PhaseEnd.Converged, "the gradient norm reached its tolerance");
        }

        if (handOver is not null && handOver(this))
        {
            return (PhaseEnd.HandOver, "");
        }

        if (AtMaxIterations)
        {
            return (PhaseEnd.MaxIterations, $"the iteration limit {Options.MaxIterations} was reached");
        }

        if (IsStalled)
        {
            return (PhaseEnd.Stalled, $"{steps} made no progress in {Options.StallIterations} iterations");
        }

        return null;
    }

    /// <summary>
    /// Whether the gradient is at its tolerance. A stale curvature estimate is refreshed at the current
    /// point before the answer is yes, so that the tolerance that stops a run is the one reported.
    /// </summary>
    public bool IsConverged()
    {
        if (!(GradientNorm <= Tolerance))
        {
            return false;
        }

        RefreshHessianNorm();
        return GradientNorm <= Tolerance;
    }

    /// <summary>Re-estimates ‖H‖₂ at the current point by Hessian-vector products, unless the estimate is already from here.</summary>
    public void RefreshHessianNorm()
    {
        if (!ReferenceEquals(_hessianNormAt, Theta))
        {
            HessianNorm = Objective.HessianNormEstimate(Theta);
            _hessianNormAt = Theta;
        }
    }

    /// <summary>Records ‖H‖₂ estimated from the dense Hessian at the current point.</summary>
    public void SetHessianNorm(double estimate)
    {
        HessianNorm = estimate;
        _hessianNormAt = Theta;
    }

    /// <summary>Moves to a new point.</summary>
    public void MoveTo(double[] theta, double loss, double[] gradient, double gradientNorm)
    {
        Theta = theta;
        Loss = loss;
        Gradient = gradient;
        GradientNorm = gradientNorm;
    }

    /// <summary>Counts one iteration, records it, updates the stall counter and reports progress.</summary>
    /// <param name="phase">"lbfgs", "trust-region" or "newton".</param>
    /// <param name="stepNorm">The length of the step taken (0 for none).</param>
    /// <param name="lossProgress">
    /// A loss below its best by more than this counts as progress: the loss's rounding level for L-BFGS,
    /// <see cref="RelativeLossProgress"/>·|L| for trust-region Newton, +∞ for Newton (which may climb).
    /// </param>
    public void EndIteration(string phase, double stepNorm, double lossProgress)
    {
        Iterations++;
        if (phase == Lbfgs.Phase)
        {
            LbfgsIterations++;
        }
        else
        {
            NewtonIterations++;
        }

        bool progress = GradientNorm < GradientProgressFactor * _bestGradientNorm || Loss < _bestLoss - lossProgress;
        if (progress)
        {
            StallCount = 0;
        }
        else
        {
            StallCount++;
        }

        _bestGradientNorm = Math.Min(_bestGradientNorm, GradientNorm);
        _bestLoss = Math.Min(_bestLoss, Loss);
        var record = new OptimizationProgress(Iterations, phase, Loss, GradientNorm, stepNorm);
        _trace.Add(record);
        Options.Progress?.Invoke(record);
    }

    /// <summary>Starts the stall count afresh (at the start of a phase).</summary>
    public void ResetStall()
    {
        StallCount = 0;
        _bestLoss = Loss;
        _bestGradientNorm = GradientNorm;
    }
}
