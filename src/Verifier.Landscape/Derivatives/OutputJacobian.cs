using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// The Jacobian J (N × P) of a scalar-output network's outputs on the data with respect to the parameters, in float64,
/// and the residuals orthogonal to its columns: a residual r with Jᵀr = 0 makes θ a critical point of the squared loss
/// on targets y = f(x; θ) − r (the digest's recipe for building critical points, papers.md §8.3).
/// </summary>
public static class OutputJacobian
{
    /// <summary>The columns of J at θ: column k holds ∂f(x_α; θ)/∂θ_k over the samples α.</summary>
    /// <exception cref="ArgumentException">The network has more than one output.</exception>
    public static double[][] Columns(NetworkSpec network, IReadOnlyList<Rational> x, IReadOnlyList<double> theta)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(theta);
        if (network.OutputWidth != 1)
        {
            throw new ArgumentException("The output Jacobian is formed for scalar outputs only.", nameof(network));
        }

        int d = network.InputWidth, n = x.Count / d, p = network.ParameterCount;
        var outputs = Outputs(network, x, theta);
        var columns = new double[p][];
        for (int k = 0; k < p; k++)
        {
            columns[k] = new double[n];
        }

        for (int a = 0; a < n; a++)
        {
            // The gradient of ½(f − y)² at the target y = f(x_α) − 1 is ∇f(x_α).
            var one = new Instance("jacobian-row", network, LossKind.Sse, new Dataset(1, d, 1, [.. x.Skip(a * d).Take(d)], [Rational.FromDouble(outputs[a] - 1)]), null);
            var g = new NetworkCalculus<double, DoubleOps>(one).Gradient(theta);
            for (int k = 0; k < p; k++)
            {
                columns[k][a] = g[k];
            }
        }

        return columns;
    }

    /// <summary>The network's outputs f(x_α; θ) on the inputs.</summary>
    public static double[] Outputs(NetworkSpec network, IReadOnlyList<Rational> x, IReadOnlyList<double> theta)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Count / network.InputWidth;
        return new NetworkCalculus<double, DoubleOps>(new Instance("outputs", network, LossKind.Sse, new Dataset(n, network.InputWidth, network.OutputWidth, x, [.. Enumerable.Repeat(Rational.Zero, n * network.OutputWidth)]), null)).Outputs(theta);
    }

    /// <summary><paramref name="v"/> with the span of <paramref name="columns"/> projected out (modified Gram–Schmidt, twice for stability).</summary>
    public static double[] ProjectOut(IReadOnlyList<double[]> columns, IReadOnlyList<double> v)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(v);
        var basis = new List<double[]>();
        foreach (var column in columns)
        {
            var q = Orthogonalise(basis, column);
            double norm = Math.Sqrt(q.Sum(t => t * t));
            if (norm > 1e-12 * Math.Max(1, Math.Sqrt(column.Sum(t => t * t))))
            {
                basis.Add([.. q.Select(t => t / norm)]);
            }
        }

        return Orthogonalise(basis, v);
    }

    private static double[] Orthogonalise(List<double[]> basis, IReadOnlyList<double> v)
    {
        var q = v.ToArray();
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var b in basis)
            {
                double dot = 0;
                for (int a = 0; a < q.Length; a++)
                {
                    dot += q[a] * b[a];
                }

                for (int a = 0; a < q.Length; a++)
                {
                    q[a] -= dot * b[a];
                }
            }
        }

        return q;
    }
}
