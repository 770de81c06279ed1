namespace Verifier.Landscape.Optimization;

/// <summary>What <see cref="Optimizer"/> reached.</summary>
/// <param name="Theta">The final point (float64).</param>
/// <param name="Loss">L(θ) at the final point.</param>
/// <param name="GradientNorm">‖∇L(θ)‖₂ at the final point.</param>
/// <param name="Iterations">Iterations in all phases (each line search or trust-region trial step counts once).</param>
/// <param name="Method">The method that ran.</param>
/// <param name="StopReason">Why it stopped.</param>
/// <param name="StopDetail">The stop reason in a sentence (e.g. which test stalled).</param>
/// <param name="GradientTolerance">The gradient tolerance at the final point.</param>
/// <param name="GradientToleranceRule">How <paramref name="GradientTolerance"/> was derived.</param>
/// <param name="HessianNormEstimate">The estimate of ‖∇²L‖₂ at the final point that entered the tolerance.</param>
/// <param name="LbfgsIterations">Iterations of the L-BFGS phase.</param>
/// <param name="NewtonIterations">Iterations of the Newton or trust-region phase.</param>
/// <param name="Evaluations">Loss-and-gradient evaluations.</param>
/// <param name="HessianEvaluations">Dense Hessians formed.</param>
/// <param name="InitialLoss">L at the start point.</param>
/// <param name="InitialGradientNorm">‖∇L‖₂ at the start point.</param>
/// <param name="Seed">The seed of the random start point, or null when the instance's own weights were the start.</param>
/// <param name="Notes">Remarks a user should see (e.g. Newton polishing skipped because P is too large).</param>
/// <param name="Trace">Every iteration, in order.</param>
/// <param name="Seconds">Wall-clock time.</param>
public sealed record OptimizationResult(
    double[] Theta,
    double Loss,
    double GradientNorm,
    int Iterations,
    OptimizationMethod Method,
    StopReason StopReason,
    string StopDetail,
    double GradientTolerance,
    string GradientToleranceRule,
    double HessianNormEstimate,
    int LbfgsIterations,
    int NewtonIterations,
    int Evaluations,
    int HessianEvaluations,
    double InitialLoss,
    double InitialGradientNorm,
    int? Seed,
    IReadOnlyList<string> Notes,
    IReadOnlyList<OptimizationProgress> Trace,
    double Seconds)
{
    /// <summary>Whether the gradient reached its tolerance.</summary>
    public bool Converged => StopReason == StopReason.Converged;
}
