using Verifier.Numerics.Eigen;

namespace Verifier.Numerics.Tests.Eigen;

/// <summary>
/// The defining identities of a symmetric eigen-decomposition, held against every backend. A backend that is
/// not installed here is ignored with the reason.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.EigenNames))]
public sealed class SymmetricEigenSolverTests(string backend)
{
    private static readonly int[] Sizes = [1, 2, 5, 50, 200];

    private ISymmetricEigenSolver _solver = null!;

    [OneTimeSetUp]
    public void CreateBackend() => _solver = TestBackends.Eigen(backend);

    [TestCaseSource(nameof(Sizes))]
    public void Eigenpairs_satisfy_A_v_equals_lambda_v_with_orthonormal_vectors(int n)
    {
        var a = Matrices.RandomSymmetric(n, seed: n);

        var d = _solver.Decompose(a, vectors: true);

        double norm = Matrices.Frobenius(a);
        Assert.That(d.Vectors, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(d.Values, Has.Length.EqualTo(n));
            Assert.That(d.Vectors!.GetLength(0), Is.EqualTo(n));
            Assert.That(d.Vectors.GetLength(1), Is.EqualTo(n));
            Assert.That(Matrices.MaxResidual(a, d.Values, d.Vectors), Is.LessThanOrEqualTo(Tolerance.Residual(n, norm)));
            Assert.That(Matrices.MaxOrthogonalityError(d.Vectors), Is.LessThanOrEqualTo(Tolerance.Orthogonality(n, backend)));
        });
    }

    [TestCaseSource(nameof(Sizes))]
    public void Eigenvalues_are_ascending_and_sum_to_the_trace(int n)
    {
        var a = Matrices.RandomSymmetric(n, seed: 1000 + n);

        var values = _solver.Eigenvalues(a);

        Assert.Multiple(() =>
        {
            Assert.That(values, Has.Length.EqualTo(n));
            Assert.That(values, Is.Ordered.Ascending);
            Assert.That(values.Sum(), Is.EqualTo(Matrices.Trace(a)).Within(Tolerance.Trace(n, Matrices.Frobenius(a))));
        });
    }

    [TestCaseSource(nameof(Sizes))]
    public void Eigenvalues_in_place_equal_those_from_a_copy(int n)
    {
        // Same driver and input; only the working storage differs (its alignment can change the BLAS kernel's
        // summation order, so agreement is to the backward-error bound, not bit for bit).
        var a = Matrices.RandomSymmetric(n, seed: 3000 + n);
        var fromCopy = _solver.Eigenvalues(a);
        var inPlace = _solver.EigenvaluesOverwriting((double[,])a.Clone());
        double tolerance = Tolerance.Eigenvalue(n, Matrices.Frobenius(a));
        Assert.That(inPlace.Zip(fromCopy, (x, y) => Math.Abs(x - y)).Max(), Is.LessThanOrEqualTo(tolerance));
    }

    [TestCaseSource(nameof(Sizes))]
    public void Eigenvalues_only_equal_the_values_of_the_full_decomposition(int n)
    {
        var a = Matrices.RandomSymmetric(n, seed: 2000 + n);

        var alone = _solver.Decompose(a);
        var full = _solver.Decompose(a, vectors: true);

        Assert.Multiple(() =>
        {
            Assert.That(alone.Vectors, Is.Null);
            Assert.That(alone.Values, Is.EqualTo(full.Values).Within(Tolerance.Eigenvalue(n, Matrices.Frobenius(a))));
        });
    }

    [TestCaseSource(nameof(Sizes))]
    public void A_diagonal_matrix_has_its_diagonal_as_spectrum_and_unit_vectors_as_eigenvectors(int n)
    {
        // Distinct entries in scrambled order: the solver must sort them and carry the unit vectors along.
        var d = Enumerable.Range(0, n).Select(i => (double)((i * 7) % n) - (n / 2.0)).ToArray();

        var result = _solver.Decompose(Matrices.Diagonal(d), vectors: true);

        var sorted = d.Order().ToArray();
        double norm = Math.Sqrt(d.Sum(x => x * x));
        Assert.That(result.Values, Is.EqualTo(sorted).Within(Tolerance.Eigenvalue(n, norm)));
        for (int j = 0; j < n; j++)
        {
            int i = Array.IndexOf(d, sorted[j]);
            Assert.That(Math.Abs(result.Vectors![i, j]), Is.EqualTo(1).Within(Tolerance.Orthogonality(n, backend)), $"eigenvector {j}");
        }
    }

    [TestCaseSource(nameof(Sizes))]
    public void Q_diag_Q_transposed_has_the_spectrum_diag_and_the_columns_of_Q_as_eigenvectors(int n)
    {
        // Eigenvalues spaced 1 apart, so each eigenvector is determined up to sign, to within ~n·ε·‖A‖/gap.
        var d = Enumerable.Range(0, n).Select(i => i - (n / 2.0)).ToArray();
        var q = Matrices.Householder(n, seed: 3000 + n);
        var a = Matrices.WithSpectrum(q, d);

        var result = _solver.Decompose(a, vectors: true);

        double norm = Matrices.Frobenius(a);
        Assert.That(result.Values, Is.EqualTo(d).Within(Tolerance.Eigenvalue(n, norm)));
        for (int j = 0; j < n; j++)
        {
            double dot = 0;
            for (int i = 0; i < n; i++)
            {
                dot += q[i, j] * result.Vectors![i, j];
            }

            Assert.That(Math.Abs(dot), Is.EqualTo(1).Within(Tolerance.Eigenvalue(n, norm)), $"eigenvector {j}");
        }
    }

    [TestCaseSource(nameof(Sizes))]
    public void Repeated_eigenvalues_come_back_with_their_multiplicity_and_an_orthonormal_basis(int n)
    {
        // Three clusters of exactly equal eigenvalues: −2, 0 and 3.
        var d = Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => -2.0, 1 => 0.0, _ => 3.0 }).ToArray();
        var a = Matrices.WithSpectrum(Matrices.Householder(n, seed: 4000 + n), d);

        var result = _solver.Decompose(a, vectors: true);

        double norm = Matrices.Frobenius(a);
        Assert.Multiple(() =>
        {
            Assert.That(result.Values, Is.EqualTo(d.Order().ToArray()).Within(Tolerance.Eigenvalue(n, norm)));
            Assert.That(Matrices.MaxResidual(a, result.Values, result.Vectors!), Is.LessThanOrEqualTo(Tolerance.Residual(n, norm)));
            Assert.That(Matrices.MaxOrthogonalityError(result.Vectors!), Is.LessThanOrEqualTo(Tolerance.Orthogonality(n, backend)));
        });
    }

    [TestCaseSource(nameof(Sizes))]
    public void The_zero_matrix_has_only_zero_eigenvalues_and_an_orthonormal_basis(int n)
    {
        var result = _solver.Decompose(new double[n, n], vectors: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Values, Is.All.Zero);
            Assert.That(Matrices.MaxOrthogonalityError(result.Vectors!), Is.LessThanOrEqualTo(Tolerance.Orthogonality(n, backend)));
        });
    }

    [TestCase(-3.5)]
    [TestCase(0.0)]
    [TestCase(1e300)]
    public void A_1x1_matrix_is_its_own_eigenvalue_with_eigenvector_plus_or_minus_1(double x)
    {
        var result = _solver.Decompose(new[,] { { x } }, vectors: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Values, Is.EqualTo(new[] { x }));
            Assert.That(Math.Abs(result.Vectors![0, 0]), Is.EqualTo(1));
        });
    }

    [Test]
    public void The_empty_matrix_has_no_eigenvalues()
    {
        var result = _solver.Decompose(new double[0, 0], vectors: true);

        Assert.Multiple(() =>
        {
            Assert.That(result.Values, Is.Empty);
            Assert.That(result.Vectors!.Length, Is.Zero);
        });
    }

    [Test]
    public void Only_the_lower_triangle_is_read_and_the_input_is_left_unchanged()
    {
        const int n = 30;
        var symmetric = Matrices.RandomSymmetric(n, seed: 5);
        var scribbled = (double[,])symmetric.Clone();
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                scribbled[i, j] = 1e6 * (i - j); // the strict upper triangle must be ignored
            }
        }

        var before = (double[,])scribbled.Clone();

        var expected = _solver.Decompose(symmetric, vectors: true);
        var actual = _solver.Decompose(scribbled, vectors: true);

        Assert.Multiple(() =>
        {
            Assert.That(actual.Values, Is.EqualTo(expected.Values), "the same data reaches the solver, so the same numbers come back");
            Assert.That(actual.Vectors, Is.EqualTo(expected.Vectors));
            Assert.That(scribbled, Is.EqualTo(before));
        });
    }

    [Test]
    public void A_non_square_matrix_is_rejected_with_its_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => _solver.Decompose(new double[2, 3]));

        Assert.That(e!.Message, Does.Contain("2×3").And.Contain("square"));
    }

    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(double.NegativeInfinity)]
    public void A_non_finite_entry_is_rejected_with_its_position(double bad)
    {
        var a = Matrices.RandomSymmetric(4, seed: 1);
        a[0, 3] = bad; // in the upper triangle, which is not read: still refused, as the data is broken

        var e = Assert.Throws<ArithmeticException>(() => _solver.Eigenvalues(a));

        Assert.That(e!.Message, Does.Contain("non-finite").And.Contain("(0, 3)"));
    }

    [Test]
    public void The_backend_allocates_no_more_than_it_declares_for_the_memory_budget()
    {
        const int n = 300;
        var a = Matrices.RandomSymmetric(n, seed: 6);
        _solver.Decompose(a, vectors: true); // warm up: JIT and one-time allocations are not per call
        _solver.Decompose(a, vectors: false);
        foreach (var vectors in new[] { false, true })
        {
            long before = GC.GetAllocatedBytesForCurrentThread(); // not process-wide: the test host allocates on other threads
            _solver.Decompose(a, vectors);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.That(allocated, Is.LessThanOrEqualTo(_solver.WorkspaceBytes(n, vectors)), $"vectors: {vectors}");
        }
    }

    [Property(MaxTest = 60)]
    public void Random_symmetric_matrices_of_any_small_size_decompose(int seed, byte size)
    {
        int n = 1 + (size % 40);
        var a = Matrices.RandomSymmetric(n, seed);

        var d = _solver.Decompose(a, vectors: true);

        double norm = Matrices.Frobenius(a);
        Assert.That(d.Values, Is.Ordered.Ascending);
        Assert.That(Matrices.MaxResidual(a, d.Values, d.Vectors!), Is.LessThanOrEqualTo(Tolerance.Residual(n, norm)));
        Assert.That(Matrices.MaxOrthogonalityError(d.Vectors!), Is.LessThanOrEqualTo(Tolerance.Orthogonality(n, backend)));
    }
}
