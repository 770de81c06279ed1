using Verifier.Numerics.Eigen;

namespace Verifier.Numerics.Tests.Eigen;

/// <summary>
/// The inertia from Bunch–Kaufman pivots, on every available backend, against matrices whose inertia is known: built
/// as Q·diag(λ)·Qᵀ with chosen λ, singular integer matrices, and matrices whose zero diagonal forces 2×2 pivots.
/// </summary>
[TestFixtureSource(nameof(Backends))]
public sealed class PivotInertiaTests(string backend)
{
    /// <summary>
    /// Pivots within 16·n·ε·‖A‖∞ count as near zero, the rule <c>analyze --inertia-only</c> uses: a backward-stable
    /// factorization of a singular matrix leaves a pivot of order n·ε·‖A‖ (times a small growth factor).
    /// </summary>
    private static double Tolerance(double[,] a) => 16 * a.GetLength(0) * Math.Pow(2, -52) * Math.Max(1, PivotInertia.InfinityNorm(a));

    public static IEnumerable<string> Backends()
    {
        yield return ManagedInertiaSolver.BackendName;
        yield return LapackInertiaSolver.BackendName;
    }

    private ISymmetricInertiaSolver Solver()
    {
        if (backend == ManagedInertiaSolver.BackendName)
        {
            return InertiaSolvers.Managed;
        }

        Assume.That(InertiaSolvers.TryCreateLapack(out var lapack, out var reason), Is.True, reason);
        return lapack!;
    }

    private PivotInertia Inertia(double[,] a) => Solver().InertiaOverwriting((double[,])a.Clone(), Tolerance(a));

    [TestCase(40, 0, 40, 1)]
    [TestCase(40, 40, 0, 2)]
    [TestCase(40, 17, 23, 3)]
    [TestCase(120, 1, 119, 4)]
    [TestCase(120, 119, 1, 5)]
    public void CountsTheSignsOfAMatrixWithAKnownSpectrum(int n, int negative, int positive, int seed)
    {
        var rng = new Random(seed);
        // Eigenvalues of magnitude 0.5 to 2, far from 0 against the tolerance (~1e-12).
        var lambda = Enumerable.Range(0, n).Select(i => (i < negative ? -1 : 1) * (0.5 + (1.5 * rng.NextDouble()))).ToArray();
        var inertia = Inertia(RotatedDiagonal(lambda, rng));
        Assert.That((inertia.Negative, inertia.NearZero, inertia.Positive), Is.EqualTo((negative, 0, positive)));
        Assert.That(inertia.SmallestPivot, Is.GreaterThan(inertia.Tolerance));
    }

    [Test]
    public void AgreesWithTheEigenvaluesOfRandomSymmetricMatrices()
    {
        var rng = new Random(11);
        int compared = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            int n = rng.Next(2, 60);
            var a = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    a[i, j] = a[j, i] = (2 * rng.NextDouble()) - 1;
                }
            }

            var eigenvalues = EigenSolvers.Managed.Eigenvalues(a);
            var tau = Tolerance(a);
            if (eigenvalues.Min(Math.Abs) <= 1e6 * tau)
            {
                // So near singular that the comparison would depend on rounding: not a fair case.
                continue;
            }

            var inertia = Inertia(a);
            Assert.That((inertia.Negative, inertia.NearZero, inertia.Positive), Is.EqualTo((eigenvalues.Count(l => l < 0), 0, eigenvalues.Count(l => l > 0))), $"trial {trial}, n = {n}");
            compared++;
        }

        Assert.That(compared, Is.GreaterThanOrEqualTo(15), "most random matrices are far from singular");
    }

    // B·Bᵀ − C·Cᵀ with integer B (6×2) and C (6×1) in general position: rank 3, one negative and two positive
    // eigenvalues, three zero ones; the factorization sees it exactly up to its divisions' rounding.
    [Test]
    public void ReportsNearZeroPivotsOfASingularMatrix()
    {
        int[,] b = { { 1, 2 }, { 0, 1 }, { 3, -1 }, { 2, 2 }, { -1, 0 }, { 1, 1 } };
        int[] c = [2, -1, 1, 0, 3, 1];
        var a = new double[6, 6];
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                a[i, j] = (b[i, 0] * b[j, 0]) + (b[i, 1] * b[j, 1]) - (c[i] * c[j]);
            }
        }

        var inertia = Inertia(a);
        Assert.That((inertia.Negative, inertia.NearZero, inertia.Positive), Is.EqualTo((1, 3, 2)));
    }

    [Test]
    public void AZeroDiagonalTakesTwoByTwoPivots()
    {
        // The reversal matrix (ones on the anti-diagonal): eigenvalues +1 (three times) and −1 (three times), and no
        // usable 1×1 pivot anywhere.
        const int N = 6;
        var a = new double[N, N];
        for (int i = 0; i < N; i++)
        {
            a[i, N - 1 - i] = 1;
        }

        var inertia = Inertia(a);
        Assert.Multiple(() =>
        {
            Assert.That((inertia.Negative, inertia.NearZero, inertia.Positive), Is.EqualTo((3, 0, 3)));
            Assert.That(inertia.TwoByTwoBlocks, Is.GreaterThan(0));
        });
    }

    [Test]
    public void TheZeroMatrixIsAllNearZero()
    {
        var inertia = Inertia(new double[5, 5]);
        Assert.That((inertia.Negative, inertia.NearZero, inertia.Positive), Is.EqualTo((0, 5, 0)));
    }

    [Test]
    public void ANonFiniteEntryIsRejected()
    {
        var a = new double[2, 2];
        a[1, 0] = a[0, 1] = double.NaN;
        Assert.Throws<ArithmeticException>(() => Solver().InertiaOverwriting(a, 1e-12));
    }

    // Q·diag(λ)·Qᵀ with Q a product of three random Householder reflections.
    private static double[,] RotatedDiagonal(double[] lambda, Random rng)
    {
        int n = lambda.Length;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            a[i, i] = lambda[i];
        }

        for (int r = 0; r < 3; r++)
        {
            var v = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            double vv = v.Sum(x => x * x);

            // A ← H·A·H with H = I − 2vvᵀ/(vᵀv): first A·H (rows), then H·(A·H) (columns).
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < n; i++)
                {
                    double dot = 0;
                    for (int j = 0; j < n; j++)
                    {
                        dot += (pass == 0 ? a[i, j] : a[j, i]) * v[j];
                    }

                    double f = 2 * dot / vv;
                    for (int j = 0; j < n; j++)
                    {
                        if (pass == 0)
                        {
                            a[i, j] -= f * v[j];
                        }
                        else
                        {
                            a[j, i] -= f * v[j];
                        }
                    }
                }
            }
        }

        // Exactly symmetric, as a Hessian is.
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                a[i, j] = a[j, i] = (a[i, j] + a[j, i]) / 2;
            }
        }

        return a;
    }
}
