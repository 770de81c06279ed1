using MathNet.Numerics.LinearAlgebra;
using Verifier.Numerics.Eigen;

namespace Verifier.Landscape.Optimization;

/// <summary>
/// The quadratic model m(s) = L + gᵀs + ½·sᵀHs at one point, with the dense Hessian H and its
/// factorisations (formed lazily, at most once each): the Newton step and the trust-region step.
/// </summary>
/// <remarks>
/// <para>
/// An eigenvalue counts as zero when |λ| ≤ 16·P·ε·max(1, ‖H‖₂), analyze's eigenvalue tolerance: the
/// directions of such eigenvalues are the flat directions of degenerate critical points (rescaling and
/// GL orbits) and the noise directions of a rounded Hessian. Newton steps leave them out (the minimum-norm
/// step −H⁺g); trust-region steps leave out those along which the gradient, too, is rounding noise.
/// </para>
/// <para>
/// Symmetric positive (or negative) definite Hessians are factorised by Cholesky (P³/3 flops); only
/// indefinite or singular ones, and trust-region steps that must lie on the boundary, need the
/// eigen-decomposition (up to <see cref="OptimizationOptions.MaxEigenParameters"/>; beyond it trust-region
/// steps come from Steihaug's truncated conjugate gradients).
/// </para>
/// </remarks>
internal sealed class HessianModel
{
    private readonly double[,] _h;
    private readonly double[] _g;
    private readonly OptimizationOptions _options;
    private readonly int _p;
    private bool _choleskyTried;
    private double[]? _choleskyStep;
    private SymmetricEigenDecomposition? _eigen;

    public HessianModel(double[,] h, double[] g, OptimizationOptions options)
    {
        _h = h;
        _g = g;
        _options = options;
        _p = g.Length;
        NormEstimate = Objective.HessianNormEstimate(h);
        ZeroTolerance = Analysis.Tolerances.EigenvalueFactor * _p * OptimizationOptions.MachineEpsilon * Math.Max(1.0, NormEstimate);
    }

    /// <summary>The power-iteration estimate of ‖H‖₂.</summary>
    public double NormEstimate { get; }

    /// <summary>Eigenvalues (and Cholesky pivots) at most this in magnitude count as zero.</summary>
    public double ZeroTolerance { get; }

    /// <summary>Whether every entry of H is finite.</summary>
    public bool IsFinite
    {
        get
        {
            foreach (var x in _h)
            {
                if (!double.IsFinite(x))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The decrease the model predicts for step s, evaluated with the dense H: −(gᵀs + ½·sᵀHs).</summary>
    public double PredictedReduction(double[] s)
    {
        var hs = Vectors.Multiply(_h, s);
        return -(Vectors.Dot(_g, s) + (0.5 * Vectors.Dot(s, hs)));
    }

    /// <summary>
    /// The Newton step −H⁻¹g for any Hessian: by Cholesky of H or of −H when either is definite, otherwise
    /// from the eigen-decomposition with zero eigenvalues left out (−H⁺g, the minimum-norm Newton step).
    /// </summary>
    public double[] NewtonStep()
    {
        if (CholeskyStep() is { } step)
        {
            return step;
        }

        var negated = new double[_p, _p];
        for (int i = 0; i < _p; i++)
        {
            for (int j = 0; j < _p; j++)
            {
                negated[i, j] = -_h[i, j];
            }
        }

        // (−H)·s = g  ⇔  H·s = −g.
        if (Cholesky(negated, _g) is { } negativeStep)
        {
            return negativeStep;
        }

        var (values, gHat, q) = Eigen();
        var sHat = new double[_p];
        for (int i = 0; i < _p; i++)
        {
            sHat[i] = Math.Abs(values[i]) > ZeroTolerance ? -gHat[i] / values[i] : 0;
        }

        return FromEigenBasis(q, sHat);
    }

    /// <summary>
    /// A step for the trust-region subproblem min m(s) subject to ‖s‖ ≤ Δ: the Cholesky Newton step when H is
    /// positive definite and the step fits, otherwise the exact minimiser from the eigen-decomposition (the
    /// secular equation of Moré and Sorensen, with the hard case), or Steihaug's CG above the eigen limit.
    /// </summary>
    /// <param name="radius">Δ.</param>
    /// <param name="gradientNoise">Gradient components along flat directions up to this size are treated as rounding noise.</param>
    /// <returns>
    /// The step and the decrease the model predicts for it, evaluated in the factorisation that produced the
    /// step (½·gᵀH⁻¹g for the Cholesky step, the eigenbasis sum for the exact step): that value is positive by
    /// construction, whereas −(gᵀs + ½·sᵀHs) formed with the dense H carries rounding errors of order
    /// ε·‖H‖·‖s‖², which swamp the decrease along nearly flat directions.
    /// </returns>
    public (double[] Step, double Predicted) TrustRegionStep(double radius, double gradientNoise)
    {
        if (CholeskyStep() is { } newton && Vectors.Norm(newton) <= radius)
        {
            return (newton, -0.5 * Vectors.Dot(_g, newton));
        }

        if (_p <= _options.MaxEigenParameters)
        {
            return ExactTrustRegionStep(radius, gradientNoise);
        }

        var steihaug = SteihaugStep(radius);
        return (steihaug, PredictedReduction(steihaug));
    }

    private double[]? CholeskyStep()
    {
        if (!_choleskyTried)
        {
            _choleskyTried = true;
            _choleskyStep = Cholesky(_h, Negate(_g));
        }

        return _choleskyStep;
    }

    // Solves A·x = b by Cholesky when A is positive definite with every squared pivot above the zero tolerance; null otherwise.
    private double[]? Cholesky(double[,] a, double[] b)
    {
        if (_p == 0)
        {
            return [];
        }

        try
        {
            var matrix = Matrix<double>.Build.DenseOfArray(a);
            var factor = matrix.Cholesky();
            var l = factor.Factor;
            for (int j = 0; j < _p; j++)
            {
                double pivot = l[j, j] * l[j, j];
                if (!(pivot > ZeroTolerance))
                {
                    return null;
                }
            }

            var x = factor.Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
            return Vectors.AllFinite(x) ? x : null;
        }
        catch (ArgumentException)
        {
            return null; // not positive definite
        }
    }

    private (double[] Values, double[] GHat, double[,] Q) Eigen()
    {
        _eigen ??= _options.EigenSolver.Decompose(_h, vectors: true);
        var q = _eigen.Vectors ?? throw new InvalidOperationException($"The eigen-solver '{_options.EigenSolver.Name}' returned no eigenvectors.");
        var gHat = new double[_p];
        for (int j = 0; j < _p; j++)
        {
            double sum = 0;
            for (int i = 0; i < _p; i++)
            {
                sum += q[i, j] * _g[i];
            }

            gHat[j] = sum;
        }

        return (_eigen.Values, gHat, q);
    }

    private double[] FromEigenBasis(double[,] q, double[] sHat)
    {
        var s = new double[_p];
        for (int i = 0; i < _p; i++)
        {
            double sum = 0;
            for (int j = 0; j < _p; j++)
            {
                sum += q[i, j] * sHat[j];
            }

            s[i] = sum;
        }

        return s;
    }

    // The exact trust-region step in the eigenbasis. Directions whose curvature is zero (|λ| ≤ the zero tolerance)
    // and whose slope is rounding noise (|ĝ| ≤ gradientNoise) are left out of the model: at a degenerate critical
    // point they are the flat directions of the critical set, along which the model can resolve nothing.
    private (double[] Step, double Predicted) ExactTrustRegionStep(double radius, double gradientNoise)
    {
        var (values, gFull, q) = Eigen();
        var kept = new List<int>(_p);
        for (int i = 0; i < _p; i++)
        {
            if (!(Math.Abs(values[i]) <= ZeroTolerance && Math.Abs(gFull[i]) <= gradientNoise))
            {
                kept.Add(i);
            }
        }

        int m = kept.Count;
        var lambda = new double[m];
        var gHat = new double[m];
        for (int k = 0; k < m; k++)
        {
            lambda[k] = values[kept[k]];
            gHat[k] = gFull[kept[k]];
        }

        var sHat = TrustRegionInEigenbasis(lambda, gHat, radius);
        var full = new double[_p];
        double predicted = 0;
        for (int k = 0; k < m; k++)
        {
            full[kept[k]] = sHat[k];
            predicted -= (gHat[k] * sHat[k]) + (0.5 * lambda[k] * sHat[k] * sHat[k]);
        }

        return (FromEigenBasis(q, full), predicted);
    }

    /// <summary>
    /// The minimiser of ĝᵀs + ½·Σ λᵢsᵢ² subject to ‖s‖ ≤ Δ for a diagonal model (Moré and Sorensen): the
    /// interior Newton step when Λ is positive definite and the step fits, otherwise s(μ) = −(Λ + μI)⁻¹ĝ on the
    /// boundary with μ ≥ max(0, −λmin) from the secular equation, or the hard case.
    /// </summary>
    internal static double[] TrustRegionInEigenbasis(double[] lambda, double[] gHat, double radius)
    {
        int m = lambda.Length;
        var s = new double[m];
        if (m == 0)
        {
            return s;
        }

        double lambdaMin = lambda.Min();
        if (lambdaMin > 0)
        {
            for (int i = 0; i < m; i++)
            {
                s[i] = -gHat[i] / lambda[i];
            }

            if (Vectors.Norm(s) <= radius)
            {
                return s;
            }
        }

        double lower = Math.Max(0, -lambdaMin);
        double StepNorm(double mu)
        {
            var v = new double[m];
            for (int i = 0; i < m; i++)
            {
                if (gHat[i] != 0)
                {
                    v[i] = gHat[i] / (lambda[i] + mu);
                }
            }

            return Vectors.Norm(v);
        }

        // The hard case: ĝ has no component along the lowest eigenvector(s) and (Λ − λmin·I)⁺ĝ falls short of the
        // boundary; the step adds a multiple of the lowest eigenvector (its sign does not change the model).
        bool hardCase = lambdaMin <= 0;
        for (int i = 0; i < m && hardCase; i++)
        {
            hardCase = !(lambda[i] == lambdaMin && gHat[i] != 0);
        }

        if (hardCase && StepNorm(lower) <= radius)
        {
            int lowest = -1;
            for (int i = 0; i < m; i++)
            {
                if (lambda[i] == lambdaMin)
                {
                    lowest = lowest < 0 ? i : lowest;
                }
                else if (gHat[i] != 0)
                {
                    s[i] = -gHat[i] / (lambda[i] + lower);
                }
            }

            double rest = Vectors.Norm(s);
            s[lowest] = Math.Sqrt(Math.Max(0, (radius * radius) - (rest * rest)));
            return s;
        }

        // ‖s(μ)‖ decreases from ‖s(lower)‖ (possibly infinite) to 0 on (lower, ∞). Invariant: ‖s(hi)‖ ≤ Δ, which
        // holds at the start because λᵢ + hi ≥ hi − lower ≥ ‖ĝ‖/Δ for every i.
        double gNorm = Vectors.Norm(gHat);
        double lo = lower;
        double hi = lower + Math.Max(gNorm / radius, 4 * OptimizationOptions.MachineEpsilon * Math.Max(Math.Abs(lower), double.Epsilon));
        double mu = hi;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double norm = StepNorm(mu);
            if (Math.Abs(norm - radius) <= 1e-10 * radius)
            {
                break;
            }

            if (norm > radius)
            {
                lo = mu;
            }
            else
            {
                hi = mu;
            }

            if (hi - lo <= 4 * OptimizationOptions.MachineEpsilon * hi)
            {
                mu = hi;
                break;
            }

            // Newton's method on ψ(μ) = 1/‖s(μ)‖ − 1/Δ, nearly linear in μ, with ψ′(μ) = Σ ĝᵢ²/(λᵢ+μ)³ / ‖s‖³;
            // bisection whenever the Newton iterate leaves the bracket.
            double derivative = 0;
            for (int i = 0; i < m; i++)
            {
                if (gHat[i] != 0)
                {
                    double t = lambda[i] + mu;
                    derivative += gHat[i] * gHat[i] / (t * t * t);
                }
            }

            double next = mu - (((1 / norm) - (1 / radius)) * norm * norm * norm / derivative);
            mu = double.IsFinite(next) && next > lo && next < hi ? next : 0.5 * (lo + hi);
        }

        if (!double.IsFinite(StepNorm(mu)))
        {
            mu = hi;
        }

        for (int i = 0; i < m; i++)
        {
            s[i] = gHat[i] != 0 ? -gHat[i] / (lambda[i] + mu) : 0;
        }

        return s;
    }

    // Steihaug–Toint truncated CG on the dense model: stops at negative curvature or the boundary, or when the
    // residual is small enough for superlinear convergence (‖r‖ ≤ min(0.5, √‖g‖)·‖g‖).
    private double[] SteihaugStep(double radius)
    {
        var z = new double[_p];
        var r = (double[])_g.Clone();
        var d = Negate(r);
        double rr = Vectors.Dot(r, r);
        double gNorm = Math.Sqrt(rr);
        double target = Math.Min(0.5, Math.Sqrt(gNorm)) * gNorm;
        if (gNorm == 0)
        {
            return z;
        }

        for (int iteration = 0; iteration < 2 * _p; iteration++)
        {
            var hd = Vectors.Multiply(_h, d);
            double curvature = Vectors.Dot(d, hd);
            if (!(curvature > 0))
            {
                return ToBoundary(z, d, radius);
            }

            double alpha = rr / curvature;
            var next = Vectors.AddScaled(z, alpha, d);
            if (Vectors.Norm(next) >= radius)
            {
                return ToBoundary(z, d, radius);
            }

            for (int i = 0; i < _p; i++)
            {
                r[i] += alpha * hd[i];
            }

            z = next;
            double rrNext = Vectors.Dot(r, r);
            if (Math.Sqrt(rrNext) <= target)
            {
                return z;
            }

            double beta = rrNext / rr;
            rr = rrNext;
            for (int i = 0; i < _p; i++)
            {
                d[i] = -r[i] + (beta * d[i]);
            }
        }

        return z;
    }

    // z + τ·d with τ ≥ 0 and ‖z + τ·d‖ = Δ.
    private static double[] ToBoundary(double[] z, double[] d, double radius)
    {
        double dd = Vectors.Dot(d, d), zd = Vectors.Dot(z, d), zz = Vectors.Dot(z, z);
        double tau = (-zd + Math.Sqrt(Math.Max(0, (zd * zd) + (dd * ((radius * radius) - zz))))) / dd;
        return Vectors.AddScaled(z, tau, d);
    }

    private static double[] Negate(double[] v) => [.. v.Select(x => -x)];
}
