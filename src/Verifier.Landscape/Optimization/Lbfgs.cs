namespace Verifier.Landscape.Optimization;

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.4: the two-loop recursion with the scaling
/// γ = sᵀy / yᵀy of the latest pair) with the strong-Wolfe <see cref="LineSearch"/>.
/// </summary>
/// <remarks>
/// A direction that is not a descent direction, or a failed line search, clears the memory and retries
/// along −∇L; a failure along −∇L ends the phase as stalled. Pairs with sᵀy ≤ ε·‖s‖·‖y‖ are skipped, so the
/// inverse-Hessian approximation stays positive definite.
/// </remarks>
internal static class Lbfgs
{
    public const string Phase = "lbfgs";

    /// <summary>Runs L-BFGS on the state until convergence, <paramref name="handOver"/>, a stall or the iteration limit.</summary>
    public static (PhaseEnd End, string Detail) Run(SearchState state, Func<SearchState, bool>? handOver)
    {
        var memory = new Memory(state.Options.LbfgsMemory);
        state.ResetStall();
        double lastGamma = double.NaN;
        while (true)
        {
            if (state.EndBeforeIteration("L-BFGS", handOver) is { } end)
            {
                return end;
            }

            var g = state.Gradient;
            double[] d;
            double alpha0;
            if (memory.Count > 0)
            {
                d = memory.Direction(g);
                alpha0 = 1;
            }
            else
            {
                d = [.. g.Select(x => -x)];
                alpha0 = double.IsFinite(lastGamma) && lastGamma > 0 ? lastGamma : Math.Min(1.0, 1.0 / state.GradientNorm);
            }

            double slope = Vectors.Dot(g, d);
            if (!(slope < 0) || !Vectors.AllFinite(d))
            {
                memory.Clear();
                d = [.. g.Select(x => -x)];
                slope = -Vectors.Dot(g, g);
                alpha0 = Math.Min(1.0, 1.0 / state.GradientNorm);
            }

            if (!(slope < 0))
            {
                // The gradient is exactly zero: nothing to descend along.
                return (PhaseEnd.Stalled, "the gradient is exactly zero");
            }

            var point = LineSearch.Search(state, d, slope, alpha0);
            if (point?.Theta is null || point.Gradient is null)
            {
                bool wasQuasiNewton = memory.Count > 0;
                if (memory.Count > 0)
                {
                    lastGamma = memory.Gamma;
                }

                memory.Clear();
                state.EndIteration(Phase, 0, state.LossNoise);
                if (!wasQuasiNewton)
                {
                    return (PhaseEnd.Stalled, "the line search found no acceptable point along the steepest-descent direction");
                }

                continue;
            }

            var s = Vectors.Subtract(point.Theta, state.Theta);
            var y = Vectors.Subtract(point.Gradient, g);
            memory.Push(s, y);
            state.MoveTo(point.Theta, point.Loss, point.Gradient, Vectors.Norm(point.Gradient));
            state.EndIteration(Phase, Vectors.Norm(s), state.LossNoise);
        }
    }

    /// <summary>The correction pairs (s, y) of the last iterations.</summary>
    private sealed class Memory(int capacity)
    {
        private readonly List<(double[] S, double[] Y, double Rho)> _pairs = [];

        public int Count => _pairs.Count;

        /// <summary>The scaling sᵀy / yᵀy of the latest pair (the initial inverse Hessian is γ·I).</summary>
        public double Gamma
        {
            get
            {
                var (s, y, _) = _pairs[^1];
                return Vectors.Dot(s, y) / Vectors.Dot(y, y);
            }
        }

        public void Clear() => _pairs.Clear();

        public void Push(double[] s, double[] y)
        {
            double sy = Vectors.Dot(s, y);
            if (!(sy > OptimizationOptions.MachineEpsilon * Vectors.Norm(s) * Vectors.Norm(y)) || !double.IsFinite(sy))
            {
                return;
            }

            if (_pairs.Count == Math.Max(1, capacity))
            {
                _pairs.RemoveAt(0);
            }

            _pairs.Add((s, y, 1.0 / sy));
        }

        /// <summary>−H_k·g by the two-loop recursion.</summary>
        public double[] Direction(double[] g)
        {
            var q = (double[])g.Clone();
            var alpha = new double[_pairs.Count];
            for (int i = _pairs.Count - 1; i >= 0; i--)
            {
                var (s, y, rho) = _pairs[i];
                alpha[i] = rho * Vectors.Dot(s, q);
                for (int k = 0; k < q.Length; k++)
                {
                    q[k] -= alpha[i] * y[k];
                }
            }

            Vectors.Scale(q, Gamma);
            for (int i = 0; i < _pairs.Count; i++)
            {
                var (s, y, rho) = _pairs[i];
                double beta = rho * Vectors.Dot(y, q);
                for (int k = 0; k < q.Length; k++)
                {
                    q[k] += (alpha[i] - beta) * s[k];
                }
            }

            Vectors.Scale(q, -1);
            return q;
        }
    }
}
