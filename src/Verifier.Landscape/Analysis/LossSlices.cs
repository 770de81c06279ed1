using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;

namespace Verifier.Landscape.Analysis;

/// <summary>A 1-D slice: the loss at θ + t·d for each t.</summary>
/// <param name="Label">What the direction is, e.g. "filter-normalised random direction 1" or "eigenvector of λ = −0.31".</param>
/// <param name="T">The offsets t.</param>
/// <param name="Loss">L(θ + t·d).</param>
public sealed record LossSlice(string Label, double[] T, double[] Loss);

/// <summary>A 2-D slice: the loss at θ + a·d₁ + b·d₂ on a square grid.</summary>
/// <param name="Labels">The two directions.</param>
/// <param name="Offsets">The offsets a (and b), ascending.</param>
/// <param name="Loss">Loss[i, j] = L(θ + Offsets[j]·d₁ + Offsets[i]·d₂) (rows follow d₂).</param>
public sealed record LossSurface((string First, string Second) Labels, double[] Offsets, double[,] Loss);

/// <summary>
/// Loss slices around a point along two directions: filter-normalised Gaussian directions (Li, Xu, Taylor, Studer and
/// Goldstein 2018: each unit's incoming weights in the direction are rescaled to the norm of that unit's incoming
/// weights at θ, and bias entries are set to 0), or the Hessian's eigenvectors of the smallest and the largest
/// eigenvalue (dense for P ≤ <see cref="DenseLimit"/>).
/// </summary>
public static class LossSlices
{
    /// <summary>The largest P for which eigenvector directions use the dense Hessian.</summary>
    public const int DenseLimit = 4000;

    /// <summary>Two seeded filter-normalised random directions.</summary>
    public static (double[] Direction, string Label)[] FilterNormalised(Instance instance, int seed)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var net = instance.Network;
        var theta = instance.WeightsDouble();
        var rng = new Random(seed);
        var result = new (double[], string)[2];
        for (int k = 0; k < 2; k++)
        {
            var d = new double[net.ParameterCount];
            for (int l = 1; l <= net.Depth; l++)
            {
                int rows = net.Layers[l], cols = net.Layers[l - 1], offset = net.WeightOffset(l);
                for (int i = 0; i < rows; i++)
                {
                    double dn = 0, tn = 0;
                    for (int j = 0; j < cols; j++)
                    {
                        double u = 1.0 - rng.NextDouble();
                        double g = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
                        d[offset + (i * cols) + j] = g;
                        dn += g * g;
                        tn += theta[offset + (i * cols) + j] * theta[offset + (i * cols) + j];
                    }

                    double scale = dn > 0 ? Math.Sqrt(tn / dn) : 0;
                    for (int j = 0; j < cols; j++)
                    {
                        d[offset + (i * cols) + j] *= scale;
                    }
                }
            }

            result[k] = (d, $"filter-normalised random direction {k + 1} (seed {seed})");
        }

        return result;
    }

    /// <summary>The unit eigenvectors of the Hessian's smallest and largest eigenvalues at the point.</summary>
    /// <exception cref="ArgumentException">P exceeds <see cref="DenseLimit"/>.</exception>
    public static (double[] Direction, string Label)[] Eigen(Instance instance, ISymmetricEigenSolver solver)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(solver);
        int p = instance.Network.ParameterCount;
        if (p > DenseLimit)
        {
            throw new ArgumentException($"eigenvector directions need the dense Hessian, and P = {p} exceeds {DenseLimit}; use random directions");
        }

        var h = new NetworkCalculus<double, DoubleOps>(instance).Hessian(instance.WeightsDouble());
        var eig = solver.Decompose(h, vectors: true);
        return
        [
            (eig.Vector(0), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"eigenvector of the smallest eigenvalue {eig.Values[0]:G4}")),
            (eig.Vector(p - 1), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"eigenvector of the largest eigenvalue {eig.Values[p - 1]:G4}")),
        ];
    }

    /// <summary>The 1-D slices along each direction at <paramref name="points"/> offsets in [−range, range].</summary>
    public static LossSlice[] Slices(Instance instance, IReadOnlyList<(double[] Direction, string Label)> directions, double range, int points)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(directions);
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var theta = instance.WeightsDouble();
        var t = Offsets(range, points);
        return [.. directions.Select(d => new LossSlice(d.Label, t, [.. t.Select(s => calculus.Loss(Move(theta, d.Direction, s)))]))];
    }

    /// <summary>The 2-D surface over the first two directions on a <paramref name="points"/> × <paramref name="points"/> grid.</summary>
    public static LossSurface Surface(Instance instance, IReadOnlyList<(double[] Direction, string Label)> directions, double range, int points)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(directions);
        var theta = instance.WeightsDouble();
        var t = Offsets(range, points);
        var loss = new double[points, points];
        Parallel.For(0, points, i =>
        {
            var c = new NetworkCalculus<double, DoubleOps>(instance);
            for (int j = 0; j < points; j++)
            {
                var p = Move(theta, directions[0].Direction, t[j]);
                loss[i, j] = c.Loss(Move(p, directions[1].Direction, t[i]));
            }
        });
        return new LossSurface((directions[0].Label, directions[1].Label), t, loss);
    }

    private static double[] Offsets(double range, int points) =>
        [.. Enumerable.Range(0, points).Select(k => -range + (2 * range * k / (points - 1)))];

    private static double[] Move(double[] theta, double[] d, double t)
    {
        var p = new double[theta.Length];
        for (int k = 0; k < p.Length; k++)
        {
            p[k] = theta[k] + (t * d[k]);
        }

        return p;
    }
}
