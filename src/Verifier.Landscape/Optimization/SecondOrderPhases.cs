namespace Verifier.Landscape.Optimization;

/// <summary>The phases that use the dense Hessian: trust-region Newton (descent) and damped Newton (any critical point).</summary>
internal static class SecondOrderPhases
{
    /// <summary>The trust-region phase's name in reports.</summary>
    public const string TrustRegionPhase = "trust-region";

    /// <summary>The Newton phase's name in reports.</summary>
    public const string NewtonPhase = "newton";

    /// <summary>A trust-region step is accepted when the actual decrease is at least this fraction of the predicted one.</summary>
    public const double AcceptRatio = 1e-4;

    /// <summary>The Newton phase accepts a damped step α·s when ‖∇L‖ falls to (1 − this·α)·‖∇L‖ or below.</summary>
    public const double GradientDecreaseFactor = 1e-4;

    /// <summary>
    /// The initial trust radius as a fraction of max(1, ‖θ‖): a tenth of the point's scale, the customary start (Nocedal
    /// and Wright use a fraction of the expected step); the radius adapts within a few iterations either way.
    /// </summary>
    public const double InitialRadiusFraction = 0.1;

    /// <summary>
    /// The largest trust radius as a multiple of max(1, ‖θ‖): large enough never to bind a Newton step of a
    /// well-posed model (1e10 times the point's scale), finite so that a model with a near-zero curvature cannot
    /// propose a step that overflows.
    /// </summary>
    public const double MaxRadiusFactor = 1e10;

    /// <summary>Below this ratio of actual to predicted decrease the model is poor and the radius shrinks (Nocedal and Wright, algorithm 4.1).</summary>
    public const double PoorModelRatio = 0.25;

    /// <summary>A poor step shrinks the radius to this fraction of the step's length (the textbook quarter).</summary>
    public const double ShrinkFactor = 0.25;

    /// <summary>Above this ratio the model is good and, if the step reached the boundary, the radius may grow (the textbook three quarters).</summary>
    public const double GoodModelRatio = 0.75;

    /// <summary>
    /// A step counts as reaching the trust boundary when its length is at least this fraction of the radius: the
    /// subproblem solver lands on the boundary to 1e-10 relative, and an interior Newton step that happens to be
    /// within 1 % of the radius is as good a sign that the radius binds (the customary test of Nocedal and Wright).
    /// </summary>
    public const double BoundaryFraction = 0.99;

    /// <summary>A good boundary step doubles the radius (the textbook growth factor).</summary>
    public const double GrowFactor = 2;

    /// <summary>Each retry of a Newton step halves its length.</summary>
    public const double HalvingFactor = 0.5;

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
        double radius = InitialRadiusFraction * Math.Max(1.0, state.ThetaNorm);
        double maxRadius = MaxRadiusFactor * Math.Max(1.0, state.ThetaNorm);
        HessianModel? model = null;
        while (true)
        {
            if (state.EndBeforeIteration("trust-region steps") is { } end)
            {
                return end;
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
            if (!finite || (ratio < PoorModelRatio && !(accept && atRoundingLevel)))
            {
                radius = ShrinkFactor * stepNorm;
            }
            else if (ratio > GoodModelRatio && stepNorm >= BoundaryFraction * radius)
            {
                radius = Math.Min(GrowFactor * radius, maxRadius);
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
            if (state.EndBeforeIteration("Newton steps") is { } end)
            {
                return end;
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
            for (int k = 0; k <= MaxHalvings; k++, alpha *= HalvingFactor)
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
