using Verifier.Numerics.Eigen;

namespace Verifier.Numerics.Tests.Eigen;

/// <summary>The memory check made before a dense Hessian is allocated, against budgets passed in.</summary>
public sealed class DenseHessianBudgetTests
{
    private const long GiB = 1L << 30;

    /// <summary>A backend whose workspace is exactly k more matrices, so the arithmetic can be checked by hand.</summary>
    private sealed class FakeSolver(int extraMatricesValues, int extraMatricesVectors) : ISymmetricEigenSolver
    {
        public string Name => "fake";

        public double[] Eigenvalues(double[,] a) => throw new NotSupportedException();

        public SymmetricEigenDecomposition Decompose(double[,] a, bool vectors = false) => throw new NotSupportedException();

        public long WorkspaceBytes(int n, bool vectors) => 8L * n * n * (vectors ? extraMatricesVectors : extraMatricesValues);
    }

    [Test]
    public void Required_memory_is_the_matrix_plus_the_backends_workspace_plus_the_fixed_allowance()
    {
        var solver = new FakeSolver(1, 2);

        Assert.Multiple(() =>
        {
            Assert.That(DenseHessianBudget.RequiredBytes(1000, vectors: false, solver), Is.EqualTo((2 * 8_000_000L) + DenseHessianBudget.FixedAllowanceBytes));
            Assert.That(DenseHessianBudget.RequiredBytes(1000, vectors: true, solver), Is.EqualTo((3 * 8_000_000L) + DenseHessianBudget.FixedAllowanceBytes));
        });
    }

    [Test]
    public void A_Hessian_that_fits_passes()
    {
        Assert.DoesNotThrow(() => DenseHessianBudget.Check(4000, vectors: true, EigenSolvers.Managed, availableBytes: 4 * GiB));
    }

    [Test]
    public void A_Hessian_that_does_not_fit_is_refused_with_how_much_it_needs_and_what_is_available()
    {
        // P = 50 000: 8·P² = 20 GB for the matrix alone.
        var e = Assert.Throws<DenseHessianTooLargeException>(() =>
            DenseHessianBudget.Check(50_000, vectors: false, new FakeSolver(1, 2), availableBytes: 16 * GiB));

        Assert.Multiple(() =>
        {
            Assert.That(e!.RequiredBytes, Is.EqualTo((2 * 8L * 50_000 * 50_000) + DenseHessianBudget.FixedAllowanceBytes));
            Assert.That(e.AvailableBytes, Is.EqualTo(16 * GiB));
            Assert.That(e.Message, Does.Contain("50000×50000").And.Contain("37.4 GiB").And.Contain("16 GiB"));
        });
    }

    [Test]
    public void Eigenvectors_need_more_memory_than_eigenvalues_alone()
    {
        // 1000² doubles = 7.6 MiB per matrix: values fit in 8 + 8 + 128 MiB, vectors (8 + 16 + 128) do not.
        var solver = new FakeSolver(1, 2);
        long budget = (2 * 8_000_000L) + DenseHessianBudget.FixedAllowanceBytes;

        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => DenseHessianBudget.Check(1000, vectors: false, solver, budget));
            Assert.Throws<DenseHessianTooLargeException>(() => DenseHessianBudget.Check(1000, vectors: true, solver, budget));
        });
    }

    [Test]
    public void The_available_memory_is_known_and_positive()
    {
        Assert.That(DenseHessianBudget.AvailableBytes, Is.GreaterThan(0));
    }

    [TestCase(512L, "0.5 KiB")]
    [TestCase(3L << 20, "3 MiB")]
    [TestCase((3L << 30) / 2, "1.5 GiB")]
    [TestCase(5L << 40, "5 TiB")]
    public void Byte_counts_are_written_for_people(long bytes, string expected)
    {
        Assert.That(DenseHessianBudget.Format(bytes), Is.EqualTo(expected));
    }
}
