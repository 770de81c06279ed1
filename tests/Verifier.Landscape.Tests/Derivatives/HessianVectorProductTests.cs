using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;
using Verifier.Generators;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// The batched R-operator Hessian-vector product held to the dense Hessian times v (every network kind, depth,
/// activation, bias and loss), to the per-sample R-operator of <see cref="NetworkCalculus{T, TOps}"/>, and its
/// loss and gradient to the reference ones.
/// </summary>
public class HessianVectorProductTests
{
    private static readonly IMatrixKernels Managed = new ManagedMatrixKernels();

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 300)]
    public bool EqualsTheDenseHessianTimesVOnEveryNetworkKind(NetworkCase c)
    {
        var theta = c.Instance.WeightsDouble();
        var h = BatchedHessian.Compute(c.Instance, theta, Managed);
        var v = Direction(theta.Length, seed: theta.Length);
        var expected = Multiply(h, v);
        var actual = new double[theta.Length];
        new HessianVectorProducts(c.Instance, theta, Managed).Apply(v, actual);
        return MaxDifference(actual, expected) <= HvpTolerance.VsDenseRelative * Scale(h, v);
    }

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 150)]
    public bool EqualsThePerSampleROperatorAndGivesTheSameLossAndGradient(NetworkCase c)
    {
        var theta = c.Instance.WeightsDouble();
        var reference = Float(c.Instance);
        var v = Direction(theta.Length, seed: 7);
        var expected = reference.HessianVectorProduct(theta, v);
        var (loss, gradient) = reference.LossAndGradient(theta);
        var hvp = new HessianVectorProducts(c.Instance, theta, Managed);
        var actual = new double[theta.Length];
        hvp.Apply(v, actual);
        double gScale = Math.Max(1, gradient.Select(Math.Abs).Max());
        double hScale = Math.Max(1, expected.Select(Math.Abs).Max());
        return MaxDifference(actual, expected) <= HvpTolerance.VsDenseRelative * hScale
            && Math.Abs(hvp.Loss - loss) <= HvpTolerance.VsDenseRelative * Math.Max(1, Math.Abs(loss))
            && MaxDifference([.. hvp.Gradient], gradient) <= HvpTolerance.VsDenseRelative * gScale;
    }

    [TestCase(Activation.Sigmoid, true, LossKind.Mse)]
    [TestCase(Activation.Tanh, false, LossKind.Sse)]
    [TestCase(Activation.Relu, true, LossKind.Sse)]
    [TestCase(Activation.Linear, true, LossKind.Mse)]
    public void AgreesWithTheDenseHessianOnWiderDeeperNetworksOnEveryKernel(Activation activation, bool bias, LossKind loss)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([7, 24, 19, 3], activation, Activation.Linear, bias), 150, loss, seed: 11);
        var theta = instance.WeightsDouble();
        var h = BatchedHessian.Compute(instance, theta, Managed);
        var kernels = new List<IMatrixKernels> { Managed };
        if (MatrixKernels.TryCreateOpenBlas(out var native, out _))
        {
            kernels.Add(native);
        }

        foreach (var k in kernels)
        {
            var op = new HessianVectorProducts(instance, theta, k);
            for (int seed = 1; seed <= 3; seed++)
            {
                var v = Direction(theta.Length, seed);
                var actual = new double[theta.Length];
                op.Apply(v, actual);
                Assert.That(MaxDifference(actual, Multiply(h, v)), Is.LessThanOrEqualTo(HvpTolerance.LargeRelative * Scale(h, v)), k.Name);
            }
        }
    }

    [Test]
    public void VectorsOfTheWrongLengthAreRejected()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Tanh), 4, LossKind.Mse, seed: 1);
        var op = new HessianVectorProducts(instance, instance.WeightsDouble(), Managed);

        Assert.That(() => op.Apply(new double[5], new double[13]), Throws.ArgumentException.With.Message.Contains("13 parameters"));
        Assert.That(() => new HessianVectorProducts(instance, new double[5], Managed), Throws.ArgumentException.With.Message.Contains("13 parameters"));
    }

    internal static double[] Direction(int length, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (2 * rng.NextDouble()) - 1)];
    }

    internal static double[] Multiply(double[,] h, double[] v)
    {
        var y = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < v.Length; j++)
            {
                s += h[i, j] * v[j];
            }

            y[i] = s;
        }

        return y;
    }

    // max(1, Σⱼ max_i |H[i,j]|·|vⱼ|): the size of the terms summed in one entry of H·v.
    private static double Scale(double[,] h, double[] v)
    {
        double s = 0;
        for (int j = 0; j < v.Length; j++)
        {
            double column = 0;
            for (int i = 0; i < v.Length; i++)
            {
                column = Math.Max(column, Math.Abs(h[i, j]));
            }

            s += column * Math.Abs(v[j]);
        }

        return Math.Max(1, s);
    }

    private static double MaxDifference(double[] a, double[] b) => a.Zip(b).Select(z => Math.Abs(z.First - z.Second)).DefaultIfEmpty(0).Max();
}

/// <summary>The tolerances of the Hessian-vector product tests, with why they have their size.</summary>
internal static class HvpTolerance
{
    /// <summary>
    /// H·v by the R-operator against the dense Hessian times v (or the per-sample R-operator), relative to the sum
    /// of the magnitudes of the terms of one entry: both evaluate the same exact quantity through a few hundred
    /// rounded operations at most (≤ 4 samples, widths ≤ 4), so they differ by ≲ 1e-14 of that sum; 1e-12 leaves a
    /// factor 100.
    /// </summary>
    public const double VsDenseRelative = 1e-12;

    /// <summary>
    /// The same on networks of widths up to 24 with 150 samples: every entry now sums N·(a few tens) terms, so
    /// the rounding grows to ~N·ε ≈ 3e-14 of the term magnitudes; 1e-11 leaves a factor of about 300.
    /// </summary>
    public const double LargeRelative = 1e-11;
}

/// <summary>Lanczos over the R-operator products against the dense Hessian's spectrum, on networks of every activation.</summary>
public class LanczosOnHessianTests
{
    [TestCase(Activation.Sigmoid, LossKind.Mse)]
    [TestCase(Activation.Tanh, LossKind.Sse)]
    [TestCase(Activation.Relu, LossKind.Mse)]
    public void TheExtremeEigenvaluesAreTheDenseOnesWithResidualsWithinTheTolerance(Activation activation, LossKind loss)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([5, 16, 12, 2], activation), 60, loss, seed: 8);
        var theta = instance.WeightsDouble();
        var kernels = new ManagedMatrixKernels();
        var dense = Verifier.Numerics.Eigen.EigenSolvers.Managed.Eigenvalues(BatchedHessian.Compute(instance, theta, kernels));
        var op = new HessianVectorProducts(instance, theta, kernels);
        var result = Verifier.Numerics.Krylov.Lanczos.Compute(op, new Verifier.Numerics.Krylov.LanczosOptions { Top = 3, Bottom = 3, Vectors = true });
        double scale = Math.Max(1, dense.Max(Math.Abs));
        double[] expected = [.. dense.Take(3), .. dense.Skip(dense.Length - 3)];

        Assert.That(result.Converged, Is.True);
        Assert.That(result.Eigenvalues, Is.EqualTo(expected).Within(LanczosOnHessianTolerance.Eigenvalue * scale));
        Assert.That(result.Residuals, Has.All.LessThanOrEqualTo(result.Tolerance * result.Scale));
        var hx = new double[theta.Length];
        for (int i = 0; i < 6; i++)
        {
            op.Apply(result.Eigenvectors![i], hx);
            double residual = Math.Sqrt(hx.Zip(result.Eigenvectors[i]).Sum(z => Math.Pow(z.First - (result.Eigenvalues[i] * z.Second), 2)));
            Assert.That(residual, Is.LessThanOrEqualTo(result.Tolerance * result.Scale), "H·x = λ·x, recomputed");
        }
    }
}

/// <summary>Tolerances of the Lanczos-on-Hessian tests.</summary>
internal static class LanczosOnHessianTolerance
{
    /// <summary>
    /// A Lanczos eigenvalue against the dense one, per unit of max(1, ‖H‖): the residual tolerance 1e-8·max(1, ‖H‖)
    /// bounds the distance to the nearest eigenvalue; the dense solver adds ~P·ε. (Ties and near-ties at the ends
    /// do not matter: the sorted values are compared.)
    /// </summary>
    public const double Eigenvalue = 1e-8;
}
