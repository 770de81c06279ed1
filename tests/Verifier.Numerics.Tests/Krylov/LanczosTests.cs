using Verifier.Numerics.Krylov;

namespace Verifier.Numerics.Tests.Krylov;

/// <summary>
/// Lanczos held to operators whose spectra are known exactly: diagonal matrices with tight clusters and repeated
/// eigenvalues, dense matrices Q·diag(λ)·Qᵀ, long runs (hundreds of steps, with and without restarts), both ends.
/// Every returned pair must satisfy A·x = λ·x to the reported residual, the residuals must meet the tolerance,
/// and the eigenvalues must be the true ones, in order, with their multiplicities.
/// </summary>
public class LanczosTests
{
    [Test]
    public void FindsTheTopOfATightClusterInOrderAndToTheTolerance()
    {
        // 10, 10 − 1e-6, 10 − 2e-6 (a cluster 1e-7 of the norm wide), then 9.5, 9.4, and a bulk in [−1, 1].
        var spectrum = new List<double> { 10, 10 - 1e-6, 10 - 2e-6, 9.5, 9.4 };
        spectrum.AddRange(Enumerable.Range(0, 1995).Select(i => -1 + (2.0 * i / 1994)));
        var result = Lanczos.Compute(DelegateOperator.FromDiagonal(Shuffle(spectrum, 1)), new LanczosOptions { Top = 5, Vectors = true });

        AssertEigenpairs(DelegateOperator.FromDiagonal(Shuffle(spectrum, 1)), result);
        Assert.That(result.Eigenvalues, Is.EqualTo(new[] { 9.4, 9.5, 10 - 2e-6, 10 - 1e-6, 10 }).Within(LanczosTolerance.Eigenvalue * 10));
    }

    [Test]
    public void FindsEveryCopyOfRepeatedEigenvalues()
    {
        // 10 three times and 9 twice at the top; −2 twice at the bottom; a bulk in [0, 5].
        var spectrum = new List<double> { 10, 10, 10, 9, 9, -2, -2 };
        spectrum.AddRange(Enumerable.Range(0, 993).Select(i => 5.0 * i / 992));
        var op = DelegateOperator.FromDiagonal(Shuffle(spectrum, 2));
        var result = Lanczos.Compute(op, new LanczosOptions { Top = 5, Bottom = 3, Vectors = true });

        AssertEigenpairs(op, result);
        Assert.That(result.Eigenvalues, Is.EqualTo(new[] { -2, -2, 0, 9, 9, 10, 10, 10 }).Within(LanczosTolerance.Eigenvalue * 10));
    }

    [TestCase(0, TestName = "RunsHundredsOfStepsWithoutGhostCopies(one basis, no restart)")]
    [TestCase(20, TestName = "RunsHundredsOfStepsWithoutGhostCopies(basis of 20, many restarts)")]
    public void RunsHundredsOfStepsWithoutGhostCopies(int basisSize)
    {
        // Equally spaced 1 … 600: relative gaps at the top are 1/600, so convergence takes far more than 50 steps;
        // a Lanczos that loses orthogonality returns copies of 600 here.
        var spectrum = Enumerable.Range(1, 600).Select(i => (double)i).ToList();
        var op = DelegateOperator.FromDiagonal(Shuffle(spectrum, 3));
        var options = new LanczosOptions { Top = 8, Vectors = true, BasisSize = basisSize == 0 ? 600 : basisSize };
        var result = Lanczos.Compute(op, options);

        Assert.That(result.Products, Is.GreaterThan(50));
        AssertEigenpairs(op, result);
        Assert.That(result.Eigenvalues, Is.EqualTo(Enumerable.Range(593, 8).Select(i => (double)i)).Within(LanczosTolerance.Eigenvalue * 600));
        if (basisSize > 0)
        {
            Assert.That(result.Restarts, Is.GreaterThan(0));
        }
    }

    [Test]
    public void FindsBothEndsOfADenseMatrixWithAKnownSpectrum()
    {
        // A = Q·diag(λ)·Qᵀ with Q a product of two Householder reflections, λ in [−3, 7] with a pair at each end.
        int n = 300;
        var rng = new Random(5);
        var lambda = Enumerable.Range(0, n).Select(_ => -2.5 + (9 * rng.NextDouble())).ToArray();
        lambda[0] = 7;
        lambda[1] = 7 - 1e-9;
        lambda[2] = -3;
        lambda[3] = -3 + 1e-9;
        var a = Rotated(lambda, rng);
        var op = DelegateOperator.FromMatrix(a);
        var result = Lanczos.Compute(op, new LanczosOptions { Top = 3, Bottom = 3, Vectors = true });

        AssertEigenpairs(op, result);
        var sorted = lambda.Order().ToArray();
        var expected = sorted.Take(3).Concat(sorted.Skip(n - 3)).ToArray();
        Assert.That(result.Eigenvalues, Is.EqualTo(expected).Within(LanczosTolerance.Eigenvalue * 7));
    }

    [Test]
    public void FindsEveryEigenvalueOfASmallOperator()
    {
        var spectrum = new double[] { 3, 1, 4, 1, 5, 9, 2, 6 };
        var op = DelegateOperator.FromDiagonal(spectrum);
        var result = Lanczos.Compute(op, new LanczosOptions { Top = 8, Vectors = true });

        AssertEigenpairs(op, result);
        Assert.That(result.Eigenvalues, Is.EqualTo(spectrum.Order()).Within(LanczosTolerance.Eigenvalue * 9));
    }

    [Test]
    public void TheSameSeedGivesTheSameRunAndTheSeedIsReported()
    {
        var op = DelegateOperator.FromDiagonal([.. Enumerable.Range(1, 300).Select(i => Math.Sqrt(i))]);
        var first = Lanczos.Compute(op, new LanczosOptions { Top = 3, Seed = 42 });
        var second = Lanczos.Compute(op, new LanczosOptions { Top = 3, Seed = 42 });

        Assert.That(first.Seed, Is.EqualTo(42));
        Assert.That(second.Eigenvalues, Is.EqualTo(first.Eigenvalues));
        Assert.That(second.Residuals, Is.EqualTo(first.Residuals));
        Assert.That(second.Products, Is.EqualTo(first.Products));
    }

    [Test]
    public void ABudgetTooSmallIsReportedAsNotConvergedWithHonestResiduals()
    {
        var op = DelegateOperator.FromDiagonal([.. Enumerable.Range(1, 600).Select(i => (double)i)]);
        var result = Lanczos.Compute(op, new LanczosOptions { Top = 3, MaxProducts = 10, Vectors = true });

        Assert.That(result.Converged, Is.False);
        Assert.That(result.Products, Is.LessThanOrEqualTo(10));
        Assert.That(result.Residuals.Max(), Is.GreaterThan(result.Tolerance * result.Scale));
        var ax = new double[600];
        for (int i = 0; i < result.Eigenvalues.Count; i++)
        {
            op.Apply(result.Eigenvectors![i], ax);
            double residual = Math.Sqrt(ax.Zip(result.Eigenvectors[i]).Sum(z => Math.Pow(z.First - (result.Eigenvalues[i] * z.Second), 2)));
            Assert.That(residual, Is.EqualTo(result.Residuals[i]).Within(LanczosTolerance.Recomputed * result.Scale));
        }
    }

    [TestCase(1000, 5, 0, 0, 80)]
    [TestCase(1000, 12, 3, 0, 80)]
    [TestCase(1000, 40, 0, 0, 100)]
    [TestCase(1000, 2, 0, 25, 25)]
    [TestCase(30, 5, 0, 0, 30)]
    public void TheBasisSizeAndWorkspaceAreThoseOfTheRun(int n, int top, int bottom, int basis, int expected)
    {
        var options = new LanczosOptions { Top = top, Bottom = bottom, BasisSize = basis };
        var result = Lanczos.Compute(DelegateOperator.FromDiagonal([.. Enumerable.Range(1, n).Select(i => (double)i)]), options);
        Assert.That(Lanczos.BasisSize(n, options), Is.EqualTo(expected));
        Assert.That(result.BasisSize, Is.EqualTo(expected));

        // The basis, its images and the restart copy dominate: 3·(m + 1)·n doubles, and O(k·n) more.
        long bytes = Lanczos.WorkspaceBytes(n, options);
        Assert.That(bytes, Is.GreaterThanOrEqualTo(3L * (expected + 1) * n * sizeof(double)));
        Assert.That(bytes, Is.LessThanOrEqualTo(((3L * (expected + 1)) + (3L * (top + bottom)) + 4) * n * sizeof(double)));
    }

    [Test]
    public void ImpossibleRequestsAreRejected()
    {
        var op = DelegateOperator.FromDiagonal([1, 2, 3]);

        Assert.That(() => Lanczos.Compute(op, new LanczosOptions()), Throws.ArgumentException.With.Message.Contains("at least one"));
        Assert.That(() => Lanczos.Compute(op, new LanczosOptions { Top = 4 }), Throws.ArgumentException.With.Message.Contains("dimension 3"));
        Assert.That(() => Lanczos.Compute(op, new LanczosOptions { Top = 1, Tolerance = 0 }), Throws.ArgumentException);
    }

    // Every returned pair: a unit vector, residual as reported (recomputed here) and within the tolerance.
    internal static void AssertEigenpairs(ILinearOperator op, LanczosResult result)
    {
        Assert.That(result.Converged, Is.True);
        Assert.That(result.Eigenvalues, Is.Ordered.Ascending);
        int n = op.Dimension;
        var ax = new double[n];
        for (int i = 0; i < result.Eigenvalues.Count; i++)
        {
            var x = result.Eigenvectors![i];
            op.Apply(x, ax);
            double norm = Math.Sqrt(x.Sum(t => t * t));
            double residual = Math.Sqrt(ax.Zip(x).Sum(z => Math.Pow(z.First - (result.Eigenvalues[i] * z.Second), 2)));
            Assert.That(norm, Is.EqualTo(1).Within(LanczosTolerance.UnitNorm));
            Assert.That(residual, Is.EqualTo(result.Residuals[i]).Within(LanczosTolerance.Recomputed * result.Scale));
            Assert.That(result.Residuals[i], Is.LessThanOrEqualTo(result.Tolerance * result.Scale));
        }

        // The returned vectors are orthonormal: no two of them are copies of one eigenvector.
        for (int i = 0; i < result.Eigenvalues.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double dot = result.Eigenvectors![i].Zip(result.Eigenvectors[j]).Sum(z => z.First * z.Second);
                Assert.That(Math.Abs(dot), Is.LessThan(LanczosTolerance.Orthogonality));
            }
        }
    }

    internal static double[] Shuffle(IReadOnlyList<double> values, int seed)
    {
        var rng = new Random(seed);
        return [.. values.OrderBy(_ => rng.Next())];
    }

    // Q·diag(λ)·Qᵀ with Q = (I − 2uuᵀ)(I − 2wwᵀ) for random unit u, w.
    private static double[,] Rotated(double[] lambda, Random rng)
    {
        int n = lambda.Length;
        var q = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            q[i, i] = 1;
        }

        for (int r = 0; r < 2; r++)
        {
            var u = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double un = Math.Sqrt(u.Sum(t => t * t));
            for (int k = 0; k < n; k++)
            {
                u[k] /= un;
            }

            // q ← q·(I − 2uuᵀ)
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += q[i, k] * u[k];
                }

                for (int k = 0; k < n; k++)
                {
                    q[i, k] -= 2 * s * u[k];
                }
            }
        }

        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += q[i, k] * lambda[k] * q[j, k];
                }

                a[i, j] = a[j, i] = s;
            }
        }

        return a;
    }
}

/// <summary>The tolerances of the Krylov tests, with why they have their size.</summary>
internal static class LanczosTolerance
{
    /// <summary>
    /// An eigenvalue against the true one, per unit of ‖A‖: the residual r ≤ 1e-8·‖A‖ of the default tolerance
    /// bounds the distance to the nearest eigenvalue (symmetric A), and the multiplicities are checked separately.
    /// </summary>
    public const double Eigenvalue = 1e-8;

    /// <summary>A returned vector's norm: normalised once in float64, so within a few ε of 1.</summary>
    public const double UnitNorm = 1e-13;

    /// <summary>
    /// The reported residual against a recomputation here, per unit of ‖A‖: both are float64 norms of the same
    /// n-term residual (n ≤ 2000), differing only in summation order, ≲ n·ε·‖A‖ ≈ 4e-13·‖A‖.
    /// </summary>
    public const double Recomputed = 1e-12;

    /// <summary>
    /// |xᵢ·xⱼ| of two returned vectors: Ritz vectors of one Rayleigh–Ritz step from an orthonormal basis are orthogonal
    /// to ~m·ε; vectors from the multiplicity check are orthogonal to the found ones by construction, up to the
    /// residual tolerance over the gap. 1e-6 still rejects any copy (a copy has |xᵢ·xⱼ| ≈ 1).
    /// </summary>
    public const double Orthogonality = 1e-6;
}
