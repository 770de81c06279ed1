using Verifier.Numerics.Eigen;

namespace Verifier.Numerics.Tests.Eigen;

/// <summary>
/// The managed backend at the ends of the double range. Scaling a matrix by 2ᵏ is exact in binary floating point and
/// scales every eigenvalue by exactly 2ᵏ, so the eigenvalues of 2ᵏ·A must be 2ᵏ times those of A, bit for bit, as long
/// as they stay in range; a failure of the solver is an <see cref="ArithmeticException"/>, never another type.
/// </summary>
public class ManagedEigenSolverTests
{
    private static readonly ManagedEigenSolver Solver = new();

    private static double[,] Scale(double[,] a, int k)
    {
        int n = a.GetLength(0);
        var s = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s[i, j] = Math.ScaleB(a[i, j], k);
            }
        }

        return s;
    }

    [TestCase(5, 1000)]
    [TestCase(9, 1015)]
    [TestCase(5, -1000)]
    [TestCase(9, -1010)]
    [TestCase(20, 700)]
    public void EigenvaluesOfAScaledMatrixAreTheScaledEigenvalues(int n, int k)
    {
        // The random entries are standard normal (|a| < 2³ and, for these seeds, above 2⁻¹⁰), so 2ᵏ·A stays finite and
        // normal for these k: the scaling is exact.
        var a = Matrices.RandomSymmetric(n, seed: 7 * n);
        var reference = Solver.Eigenvalues(a);

        var scaled = Solver.Eigenvalues(Scale(a, k));

        var expected = reference.Select(v => Math.ScaleB(v, k)).ToArray();
        Assert.That(scaled, Is.EqualTo(expected));
    }

    [Test]
    public void AnEigenvalueBeyondTheDoubleRangeIsAnArithmeticException()
    {
        // All-ones times 2¹⁰²³: every entry is finite, the eigenvalue n·2¹⁰²³ is not.
        int n = 4;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = Math.ScaleB(1.0, 1023);
            }
        }

        var e = Assert.Throws<ArithmeticException>(() => Solver.Eigenvalues(a));
        Assert.That(e!.Message, Does.Contain("did not converge").Or.Contain("eigenvalue"));
    }
}
