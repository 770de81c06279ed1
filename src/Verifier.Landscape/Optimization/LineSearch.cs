namespace Verifier.Landscape.Optimization;

/// <summary>
/// A line search for the strong Wolfe conditions (Nocedal and Wright, Numerical Optimization, algorithms
/// 3.5 and 3.6: bracketing, then zoom with safeguarded cubic interpolation), made usable down to the
/// rounding level of the loss.
/// </summary>
/// <remarks>
/// <para>
/// Along a descent direction d from θ, with φ(α) = L(θ + α·d), a step α is accepted when it satisfies
/// sufficient decrease, φ(α) ≤ φ(0) + c₁·α·φ′(0), and the strong curvature condition |φ′(α)| ≤ c₂·|φ′(0)|.
/// </para>
/// <para>
/// Near a minimiser the decrease c₁·α·|φ′(0)| falls below the rounding noise of the loss, and the
/// sufficient-decrease test becomes a coin toss. There the search uses the approximate Wolfe condition of
/// Hager and Zhang (SIAM J. Optim. 16, 2005) in place of sufficient decrease: φ′(α) ≤ (2δ − 1)·φ′(0) with
/// |φ(α) − φ(0)| at the rounding level, which follows from sufficient decrease for a quadratic and relies
/// only on the (accurate) directional derivatives. Either way an accepted step never has a higher float64
/// loss than the start: the optimisers built on it are monotone.
/// </para>
/// </remarks>
internal static class LineSearch
{
    /// <summary>The sufficient-decrease constant c₁.</summary>
    public const double C1 = 1e-4;

    /// <summary>The curvature constant c₂ (0.9, the usual choice for quasi-Newton directions).</summary>
    public const double C2 = 0.9;

    /// <summary>The δ of the approximate Wolfe condition.</summary>
    public const double ApproximateDelta = 0.1;

    /// <summary>The most loss-and-gradient evaluations one search may spend.</summary>
    public const int MaxEvaluations = 40;

    /// <summary>The factor by which the bracketing phase extends the step.</summary>
    public const double Extension = 4;

    /// <summary>A trial point: step, loss, gradient, directional derivative.</summary>
    public sealed record Point(double Alpha, double Loss, double[]? Gradient, double Slope, double[]? Theta)
    {
        public bool IsFinite => double.IsFinite(Loss) && double.IsFinite(Slope);
    }

    /// <summary>
    /// Searches along <paramref name="d"/> from the state's point; returns an accepted point (strong Wolfe,
    /// or at least a loss no higher than at α = 0 with sufficient or approximate decrease), or null when
    /// none was found.
    /// </summary>
    public static Point? Search(SearchState state, double[] d, double slope0, double alpha0)
    {
        var search = new Searcher(state, d, slope0);
        return search.Run(alpha0);
    }

    private sealed class Searcher(SearchState state, double[] d, double slope0)
    {
        private readonly double _f0 = state.Loss;
        private readonly double _noise = state.LossNoise;
        private readonly double _dNorm = Vectors.Norm(d);
        private int _evaluations;

        public Point? Run(double alpha0)
        {
            var previous = new Point(0, _f0, state.Gradient, slope0, state.Theta);
            double alpha = alpha0;
            while (_evaluations < MaxEvaluations)
            {
                var current = Evaluate(alpha);
                if (!Sufficient(current) || (previous.Alpha > 0 && Worse(current, previous)))
                {
                    return Zoom(previous, current);
                }

                if (Math.Abs(current.Slope) <= C2 * Math.Abs(slope0))
                {
                    return current;
                }

                if (current.Slope >= 0)
                {
                    return Zoom(current, previous);
                }

                previous = current;
                alpha *= Extension;
            }

            return previous.Alpha > 0 ? previous : null;
        }

        // lo satisfies the decrease test and has the lowest loss so far; the minimiser lies between lo and hi.
        private Point? Zoom(Point lo, Point hi)
        {
            while (_evaluations < MaxEvaluations)
            {
                double width = Math.Abs(hi.Alpha - lo.Alpha);
                if (width * _dNorm <= OptimizationOptions.MachineEpsilon * Math.Max(1.0, Vectors.Norm(state.Theta)))
                {
                    break; // the bracket is below the spacing of doubles around θ
                }

                double alpha = Interpolate(lo, hi);
                var current = Evaluate(alpha);
                if (!Sufficient(current) || Worse(current, lo))
                {
                    hi = current;
                    continue;
                }

                if (Math.Abs(current.Slope) <= C2 * Math.Abs(slope0))
                {
                    return current;
                }

                if (current.Slope * (hi.Alpha - lo.Alpha) >= 0)
                {
                    hi = lo;
                }

                lo = current;
            }

            return lo.Alpha > 0 ? lo : null;
        }

        private Point Evaluate(double alpha)
        {
            _evaluations++;
            var theta = Vectors.AddScaled(state.Theta, alpha, d);
            var (loss, gradient) = state.Objective.Evaluate(theta);
            double slope = Vectors.Dot(gradient, d);
            if (!double.IsFinite(loss) || !double.IsFinite(slope))
            {
                return new Point(alpha, double.PositiveInfinity, null, double.NaN, null);
            }

            return new Point(alpha, loss, gradient, slope, theta);
        }

        private bool Sufficient(Point p)
        {
            if (!p.IsFinite || p.Loss > _f0)
            {
                return false;
            }

            if (p.Loss <= _f0 + (C1 * p.Alpha * slope0))
            {
                return true;
            }

            // Approximate Wolfe: the loss difference is rounding noise, so let the slopes decide.
            return _f0 - p.Loss <= _noise && p.Slope <= ((2 * ApproximateDelta) - 1) * slope0;
        }

        // Whether p is worse than q: a higher loss, unless the difference is noise and p still descends.
        private bool Worse(Point p, Point q) =>
            p.Loss > q.Loss && !(p.Loss - q.Loss <= _noise && p.Slope < 0);

        private double Interpolate(Point lo, Point hi)
        {
            double a = lo.Alpha, b = hi.Alpha;
            double left = Math.Min(a, b), right = Math.Max(a, b), w = right - left;
            double candidate = double.NaN;
            if (hi.IsFinite)
            {
                if (Math.Abs(hi.Loss - lo.Loss) <= _noise)
                {
                    // Loss values are noise: the secant step on the slopes.
                    if (lo.Slope != hi.Slope)
                    {
                        candidate = a - (lo.Slope * (b - a) / (hi.Slope - lo.Slope));
                    }
                }
                else
                {
                    // The minimiser of the cubic through both points' values and slopes.
                    double d1 = lo.Slope + hi.Slope - (3 * (lo.Loss - hi.Loss) / (a - b));
                    double disc = (d1 * d1) - (lo.Slope * hi.Slope);
                    if (disc >= 0)
                    {
                        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
                        candidate = b - ((b - a) * (hi.Slope + d2 - d1) / (hi.Slope - lo.Slope + (2 * d2)));
                    }
                }
            }

            // Safeguard: stay in the middle 80 % of the bracket; bisect when there is no usable model.
            if (!double.IsFinite(candidate) || candidate < left + (0.1 * w) || candidate > right - (0.1 * w))
            {
                candidate = double.IsFinite(candidate)
                    ? Math.Clamp(candidate, left + (0.1 * w), right - (0.1 * w))
                    : left + (0.5 * w);
            }

            return candidate;
        }
    }
}
