using Verifier.Numerics.Eigen;

namespace Verifier.Numerics.Krylov;

/// <summary>The settings of <see cref="SpectralDensity.Compute"/>, each an error control.</summary>
public sealed record SpectralDensityOptions
{
    /// <summary>
    /// Random probe vectors (Rademacher): the density is an average over probes, whose statistical error falls like
    /// 1/√probes (each probe's quadrature is an unbiased estimate of the density's moments).
    /// </summary>
    public int Probes { get; init; } = 10;

    /// <summary>
    /// Lanczos steps per probe: the Gauss quadrature of each probe is exact for polynomials of degree up to
    /// 2·steps − 1, so more steps resolve finer features of the spectrum (and its extreme eigenvalues).
    /// </summary>
    public int Steps { get; init; } = 80;

    /// <summary>
    /// The standard deviation σ of the Gaussian that broadens each quadrature node; 0 chooses 1% of the spread of
    /// the nodes. Features narrower than σ are smoothed out; σ too small shows the nodes rather than the density.
    /// </summary>
    public double Sigma { get; init; }

    /// <summary>Points of the grid on which the density is tabulated (from the lowest node − 3σ to the highest + 3σ).</summary>
    public int GridPoints { get; init; } = 200;

    /// <summary>The seed of the probe vectors.</summary>
    public int Seed { get; init; } = LanczosOptions.DefaultSeed;
}

/// <summary>
/// A spectral density: the eigenvalue distribution of the operator, broadened by Gaussians and normalised to
/// integrate to 1, tabulated on a grid; with the quadrature it came from.
/// </summary>
/// <param name="Grid">The points t at which the density is given, ascending.</param>
/// <param name="Density">φ(t) = (1/probes)·Σ_probes Σⱼ τⱼ·g_σ(t − θⱼ) at each grid point.</param>
/// <param name="Nodes">Quadrature nodes θⱼ (Ritz values) of every probe, probe after probe.</param>
/// <param name="Weights">Their weights τⱼ (the first components of the Ritz vectors, squared); each probe's weights sum to 1.</param>
/// <param name="Sigma">The broadening σ used.</param>
/// <param name="Probes">The number of probe vectors.</param>
/// <param name="Steps">Lanczos steps per probe (fewer when the Krylov space became invariant sooner).</param>
/// <param name="Products">Operator products used.</param>
/// <param name="Seed">The seed of the probes.</param>
public sealed record SpectralDensityResult(
    IReadOnlyList<double> Grid,
    IReadOnlyList<double> Density,
    IReadOnlyList<double> Nodes,
    IReadOnlyList<double> Weights,
    double Sigma,
    int Probes,
    int Steps,
    int Products,
    int Seed);

/// <summary>
/// The spectral density of a symmetric operator by stochastic Lanczos quadrature (Lin, Saad and Yang; Ghorbani,
/// Krishnan and Xiao for Hessians): for each random probe z, m Lanczos steps from z/‖z‖ give T_m = YΘYᵀ and
/// the Gauss quadrature zᵀf(A)z/‖z‖² ≈ Σⱼ Y[0,j]²·f(θⱼ); averaging over probes with f a Gaussian of width σ gives
/// the broadened density.
/// </summary>
/// <remarks>
/// Error controls: the number of probes (statistical error ∝ 1/√probes), the number of steps (quadrature exact
/// to degree 2m − 1; the extreme nodes converge to the extreme eigenvalues first) and σ (resolution). Each probe's
/// Lanczos basis is fully reorthogonalised, so no spurious copies of nodes appear. Memory: m + 1 vectors of the
/// operator's dimension.
/// </remarks>
public static class SpectralDensity
{
    /// <summary>The bytes a run on dimension n needs besides the operator's own: the basis of min(S, n) + 1 vectors and a work vector.</summary>
    public static long WorkspaceBytes(int dimension, SpectralDensityOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dimension);
        ArgumentNullException.ThrowIfNull(options);
        return sizeof(double) * (long)dimension * (Math.Min(Math.Max(options.Steps, 1), Math.Max(dimension, 1)) + 2);
    }

    /// <summary>The broadened spectral density of <paramref name="op"/>.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="ArithmeticException">A product is not finite.</exception>
    public static SpectralDensityResult Compute(ILinearOperator op, SpectralDensityOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Probes < 1 || options.Steps < 1 || options.GridPoints < 2 || !(options.Sigma >= 0) || !double.IsFinite(options.Sigma))
        {
            throw new ArgumentException("Probes and steps must be at least 1, the grid at least 2 points, and σ a finite number ≥ 0.", nameof(options));
        }

        int n = op.Dimension;
        int steps = Math.Min(options.Steps, n);
        var random = new Random(options.Seed);
        var nodes = new List<double>();
        var weights = new List<double>();
        int products = 0, stepsTaken = 0;
        var basis = new double[(long)(steps + 1) * n];
        var w = new double[n];
        for (int probe = 0; probe < options.Probes; probe++)
        {
            var v0 = basis.AsSpan(0, n);
            double scale = 1.0 / Math.Sqrt(n);
            for (int k = 0; k < n; k++)
            {
                v0[k] = random.Next(2) == 0 ? -scale : scale;
            }

            var alpha = new List<double>();
            var beta = new List<double>();
            for (int j = 0; j < steps; j++)
            {
                cancellation.ThrowIfCancellationRequested();
                op.Apply(basis.AsSpan(j * n, n), w);
                products++;
                if (!double.IsFinite(Lanczos.Dot(w, w)))
                {
                    throw new ArithmeticException("The operator returned a product that is not finite (or whose norm overflows).");
                }

                var h = new double[j + 1];
                var h2 = new double[j + 1];
                Lanczos.ProjectOut(basis, j + 1, w, 0, n, h);
                Lanczos.ProjectOut(basis, j + 1, w, 0, n, h2);
                alpha.Add(h[j] + h2[j]);
                double b = Math.Sqrt(Lanczos.Dot(w, w));
                if (j == steps - 1 || b <= 1e-12 * Math.Max(1.0, alpha.Max(Math.Abs)))
                {
                    break;
                }

                beta.Add(b);
                var next = basis.AsSpan((j + 1) * n, n);
                for (int k = 0; k < n; k++)
                {
                    next[k] = w[k] / b;
                }
            }

            int m = alpha.Count;
            stepsTaken = Math.Max(stepsTaken, m);
            var t = new double[m, m];
            for (int i = 0; i < m; i++)
            {
                t[i, i] = alpha[i];
                if (i + 1 < m)
                {
                    t[i, i + 1] = t[i + 1, i] = beta[i];
                }
            }

            var d = EigenSolvers.Managed.Decompose(t, vectors: true);
            for (int j = 0; j < m; j++)
            {
                nodes.Add(d.Values[j]);
                weights.Add(d.Vectors![0, j] * d.Vectors[0, j]);
            }
        }

        double lo = nodes.Min(), hi = nodes.Max();
        double sigma = options.Sigma > 0 ? options.Sigma : Math.Max(0.01 * (hi - lo), 1e-12 * Math.Max(1.0, Math.Max(Math.Abs(lo), Math.Abs(hi))));
        double start = lo - (3 * sigma), end = hi + (3 * sigma);
        var grid = new double[options.GridPoints];
        var density = new double[options.GridPoints];
        double norm = 1.0 / (options.Probes * sigma * Math.Sqrt(2 * Math.PI));
        for (int g = 0; g < grid.Length; g++)
        {
            double x = start + ((end - start) * g / (grid.Length - 1));
            double sum = 0.0;
            for (int j = 0; j < nodes.Count; j++)
            {
                double u = (x - nodes[j]) / sigma;
                sum += weights[j] * Math.Exp(-0.5 * u * u);
            }

            grid[g] = x;
            density[g] = sum * norm;
        }

        return new SpectralDensityResult(grid, density, nodes, weights, sigma, options.Probes, stepsTaken, products, options.Seed);
    }
}
