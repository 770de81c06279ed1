using MathNet.Numerics.LinearAlgebra;
using Verifier.Landscape.Claims;

namespace Verifier.Landscape.DeepLinear;

/// <summary>
/// Kawaguchi's hypotheses in float64, for data too large for exact elimination. Ranks count singular values above
/// τ = 64·n·ε·σ_max; distinctness asks every gap between neighbouring eigenvalues of Σ to exceed τ_Σ = 64·d_y·ε·
/// ‖Σ‖₂·cond(XXᵀ) (the perturbation the solve with XXᵀ can cause). Each result names its tolerance, and a value
/// within a factor 100 of its threshold is marked not clear: claims then answer inconclusive rather than guess.
/// </summary>
internal static class FloatHypotheses
{
    private const double Safety = 64;
    private const double ClearFactor = 100;

    public static IReadOnlyList<Hypothesis> Check(Instances.Instance instance)
    {
        var net = instance.Network;
        var data = instance.Data;
        int m = data.Count, dx = data.InputWidth, dy = data.OutputWidth;
        bool setting = DeepLinearProblem.IsDeepLinear(net) && Networks.LossKinds.IsSquared(instance.Loss);
        var list = new List<Hypothesis>
        {
            Hypothesis.Decided("the network is linear without biases (squared loss)", setting,
                setting ? $"linear, {net.Depth} weight matrices, no biases" : $"activation {net.Activation.ToString().ToLowerInvariant()}, bias {(net.Bias ? "true" : "false")}, loss {Networks.Names.Of(instance.Loss)}"),
        };
        // X and Y are scaled by powers of two that bring their largest entries into [1, 2): exact in binary floating
        // point, and no hypothesis changes (ranks of XXᵀ and XYᵀ, and the distinctness of Σ's eigenvalues, are
        // invariant under X → aX, Y → bY with a, b > 0), while entries near 1e±300 no longer overflow or underflow
        // in XXᵀ and the decompositions.
        int ex = ScaleExponent(data.XDouble), ey = ScaleExponent(data.YDouble);
        var x = Matrix<double>.Build.Dense(dx, m, (i, t) => Math.ScaleB(data.XDouble[t * dx + i], -ex));
        var y = Matrix<double>.Build.Dense(dy, m, (i, t) => Math.ScaleB(data.YDouble[t * dy + i], -ey));
        try
        {
            return Decide([.. list], x, y, dx, dy);
        }
        catch (Exception e) when (e is MathNet.Numerics.NonConvergenceException or ArithmeticException or IndexOutOfRangeException)
        {
            // A decomposition failed: the float path cannot decide the rank and distinctness hypotheses, and says so
            // (near-tolerance, so the claims answer inconclusive with this detail rather than guess).
            string detail = $"undecided: the float64 decomposition did not converge ({e.GetType().Name})";
            list.Add(Hypothesis.Decided("XXᵀ has full rank", false, detail, HypothesisMargin.NearTolerance));
            list.Add(Hypothesis.Decided("XYᵀ has full rank", false, detail, HypothesisMargin.NearTolerance));
            list.Add(Hypothesis.Decided("d_y ≤ d_x", dy <= dx, $"d_y = {dy}, d_x = {dx}"));
            list.Add(Hypothesis.Decided("Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues", false, detail, HypothesisMargin.NearTolerance));
            return list;
        }
    }

    private static int ScaleExponent(IReadOnlyList<double> values)
    {
        double largest = 0;
        foreach (var v in values)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        return largest == 0 || !double.IsFinite(largest) ? 0 : Math.ILogB(largest);
    }

    private static List<Hypothesis> Decide(List<Hypothesis> list, Matrix<double> x, Matrix<double> y, int dx, int dy)
    {
        var xxt = x * x.Transpose();
        var xyt = x * y.Transpose();
        var (rankXX, clearXX, tolXX) = Rank(xxt);
        list.Add(Hypothesis.Decided("XXᵀ has full rank", rankXX == dx, $"rank {rankXX} of {dx} (float64, tolerance {tolXX:G3})", Margin(clearXX)));
        var (rankXY, clearXY, tolXY) = Rank(xyt);
        list.Add(Hypothesis.Decided("XYᵀ has full rank", rankXY == Math.Min(dx, dy), $"rank {rankXY} of {Math.Min(dx, dy)} (float64, tolerance {tolXY:G3})", Margin(clearXY)));
        list.Add(Hypothesis.Decided("d_y ≤ d_x", dy <= dx, $"d_y = {dy}, d_x = {dx}"));
        if (rankXX < dx)
        {
            list.Add(Hypothesis.Decided("Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues", false, "Σ is undefined: XXᵀ is singular", Margin(clearXX)));
            return list;
        }

        var sigma = xyt.Transpose() * xxt.Solve(xyt);
        sigma = (sigma + sigma.Transpose()) / 2;
        var values = sigma.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).OrderBy(v => v).ToArray();
        var xxValues = xxt.Evd(Symmetricity.Symmetric).EigenValues.Select(c => c.Real).ToArray();
        double cond = xxValues.Max() / xxValues.Min();
        double norm = values.Select(Math.Abs).DefaultIfEmpty(0).Max();
        double tol = Safety * dy * Eps * Math.Max(norm, double.Epsilon) * cond;
        double gap = values.Zip(values.Skip(1), (a, b) => b - a).DefaultIfEmpty(double.PositiveInfinity).Min();
        bool distinct = gap > tol;
        bool clear = gap > ClearFactor * tol || gap < tol / ClearFactor;
        list.Add(Hypothesis.Decided("Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues", distinct,
            $"smallest gap between eigenvalues {gap:G3} (float64, tolerance {tol:G3})", Margin(clear)));
        return list;
    }

    private static HypothesisMargin Margin(bool clear) => clear ? HypothesisMargin.Clear : HypothesisMargin.NearTolerance;

    private const double Eps = Verifier.Numerics.FloatingPoint.MachineEpsilon;

    private static (int Rank, bool Clear, double Tolerance) Rank(Matrix<double> a)
    {
        var s = a.Svd(computeVectors: false).S.ToArray();
        double max = s.Length == 0 ? 0 : s.Max();
        double tol = Safety * Math.Max(a.RowCount, a.ColumnCount) * Eps * Math.Max(max, double.Epsilon);
        int rank = s.Count(v => v > tol);
        bool clear = s.All(v => v > ClearFactor * tol || v < tol / ClearFactor);
        return (rank, clear, tol);
    }
}
