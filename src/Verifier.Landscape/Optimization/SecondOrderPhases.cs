namespace Verifier.Landscape.Optimization;

/// <summary>The phases that use the dense Hessian: trust-region Newton (descent) and damped Newton (any critical point).</summary>
internal static class SecondOrderPhases
{
    public const string TrustRegionPhase = "trust-region";
    public const string NewtonPhase = "newton";

    /// <summary>A trust-region step is accepted when the actual decrease is at least this fraction of the predicted one.</summary>
    public const double AcceptRatio = 1e-4;

    /// <summary>The Newton phase accepts a damped step α·s when ‖∇L‖ falls to (1 − this·α)·‖∇L‖ or below.</summary>
    public const double GradientDecreaseFactor = 1e-4;

    /// <summary>The most halvings of a Newton step.</summary>
    public const int MaxHalvings = 40;

    /// <summary>
    /// Trust-region Newton (Nocedal and Wright, algorithm 4.1) with the exact or Cholesky subproblem steps of
    /// <see cref="HessianModel"/>. A step is accepted when the loss falls by at least 10⁻⁴ of the predicted
    /// decrease; once the predicted decrease is below the loss's rounding level, a step is accepted when the
    /// float64 loss does not rise and the gradient norm falls. The loss is therefore never higher than
    /// before, and steps that would climb towards a saddle are rejected.
    /// </summary>
    public static (PhaseEnd End, string Detail) TrustRegion(SearchState state)
    {
        state.ResetStall();
        double radius = 0.1 * Math.Max(1.0, state.ThetaNorm);
        double maxRadius = 1e10 * Math.Max(1.0, state.ThetaNorm);
        HessianModel? model = null;
        while (true)
        {
            if (state.IsConverged())
            {
                return (PhaseEnd.Converged, "the gradient norm reached its tolerance");
            }

            if (state.AtMaxIterations)
            {
                return (PhaseEnd.MaxIterations, $"the iteration limit {state.Options.MaxIterations} was reached");
            }

            if (state.IsStalled)
            {
                return (PhaseEnd.Stalled, $"trust-region steps made no progress in {state.Options.StallIterations} iterations");
            }

            if (model is null)
            {
                model = new HessianModel(state.Objective.Hessian(state.Theta), state.Gradient, state.Options);
                if (!model.IsFinite)
                {
                    return (PhaseEnd.Stalled, "the Hessian is not finite in double precision");
                }

                state.SetHessianNorm(model.NormEstimate);
                if (state.IsConverged())
                {
                    continue;
                }
            }

            var (step, predicted) = model.TrustRegionStep(radius, state.Tolerance);
            double stepNorm = Vectors.Norm(step);
            if (!(stepNorm > 0) || !(predicted > 0))
            {
                return (PhaseEnd.Stalled, "the quadratic model predicts no decrease anywhere in the trust region");
            }

            var trial = Vectors.AddScaled(state.Theta, 1, step);
            var (loss, gradient) = state.Objective.Evaluate(trial);
            double gradientNorm = Vectors.Norm(gradient);
            bool finite = double.IsFinite(loss) && double.IsFinite(gradientNorm);
            double ratio = (state.Loss - loss) / predicted;
            bool atRoundingLevel = predicted <= state.LossNoise;
            bool accept = finite
                && ((ratio >= AcceptRatio && loss < state.Loss)
                    || (atRoundingLevel && loss <= state.Loss && gradientNorm < state.GradientNorm));
            if (!finite || (ratio < 0.25 && !(accept && atRoundingLevel)))
            {
                radius = 0.25 * stepNorm;
            }
            else if (ratio > 0.75 && stepNorm >= 0.99 * radius)
            {
                radius = Math.Min(2 * radius, maxRadius);
            }

            if (accept)
            {
                state.MoveTo(trial, loss, gradient, gradientNorm);
                model = null;
            }

            state.EndIteration(TrustRegionPhase, accept ? stepNorm : 0, SearchState.RelativeLossProgress * Math.Abs(state.Loss));
            if (!accept && radius <= OptimizationOptions.MachineEpsilon * state.ThetaNorm)
            {
                return (PhaseEnd.Stalled, "the trust region shrank to the rounding level of the point");
            }
        }
    }

    /// <summary>
    /// Damped Newton: the step solves H·s = −∇L (minimum-norm when H is singular) and is halved until the
    /// gradient norm falls. There is no descent requirement: from near a saddle or a maximum it converges
    /// to that saddle or maximum.
    /// </summary>
    public static (PhaseEnd End, string Detail) Newton(SearchState state)
    {
        state.ResetStall();
        while (true)
        {
            if (state.IsConverged())
            {
                return (PhaseEnd.Converged, "the gradient norm reached its tolerance");
            }

            if (state.AtMaxIterations)
            {
                return (PhaseEnd.MaxIterations, $"the iteration limit {state.Options.MaxIterations} was reached");
            }

            if (state.IsStalled)
            {
                return (PhaseEnd.Stalled, $"Newton steps made no progress in {state.Options.StallIterations} iterations");
            }

            var model = new HessianModel(state.Objective.Hessian(state.Theta), state.Gradient, state.Options);
            if (!model.IsFinite)
            {
                return (PhaseEnd.Stalled, "the Hessian is not finite in double precision");
            }

            state.SetHessianNorm(model.NormEstimate);
            if (state.IsConverged())
            {
                continue;
            }

            var step = model.NewtonStep();
            double stepNorm = Vectors.Norm(step);
            if (!(stepNorm > 0) || !double.IsFinite(stepNorm))
            {
                return (PhaseEnd.Stalled, "the Newton step is zero: the gradient lies in the Hessian's null space");
            }

            double alpha = 1;
            bool accepted = false;
            for (int k = 0; k <= MaxHalvings; k++, alpha *= 0.5)
            {
                var trial = Vectors.AddScaled(state.Theta, alpha, step);
                var (loss, gradient) = state.Objective.Evaluate(trial);
                double gradientNorm = Vectors.Norm(gradient);
                if (double.IsFinite(loss) && gradientNorm <= (1 - (GradientDecreaseFactor * alpha)) * state.GradientNorm)
                {
                    state.MoveTo(trial, loss, gradient, gradientNorm);
                    accepted = true;
                    break;
                }
            }

            state.EndIteration(NewtonPhase, accepted ? alpha * stepNorm : 0, double.PositiveInfinity);
            if (!accepted)
            {
                return (PhaseEnd.Stalled, "no damped Newton step reduces the gradient norm");
            }
        }
    }
}
