using System.Globalization;
using Verifier.Numerics.Native;

namespace Verifier.Numerics.Eigen;

/// <summary>
/// The native inertia backend: LAPACK's <c>dsytrf</c> (blocked Bunch–Kaufman, P·A·Pᵀ = L·D·Lᵀ) from OpenBLAS, called
/// through a function pointer, and the inertia read from D's 1×1 and 2×2 blocks. Create it with
/// <see cref="InertiaSolvers.TryCreateLapack(out ISymmetricInertiaSolver?, out string)"/>.
/// </summary>
/// <remarks>
/// A row-major symmetric matrix read as column-major is the same matrix; LAPACK factors its lower triangle ("L"). In
/// D, a positive <c>ipiv(k)</c> marks a 1×1 block D(k, k); equal negative <c>ipiv(k)</c> and <c>ipiv(k + 1)</c> mark the
/// 2×2 block of rows and columns k, k + 1, with D(k + 1, k) below the diagonal (column-major), which is the row-major
/// element [k, k + 1].
/// </remarks>
public sealed unsafe class LapackInertiaSolver : ISymmetricInertiaSolver
{
    /// <summary>The name reported in output.</summary>
    public const string BackendName = "lapack";

    private readonly OpenBlasLibrary _library;

    internal LapackInertiaSolver(OpenBlasLibrary library)
    {
        _library = library;
    }

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <inheritdoc/>
    /// <exception cref="ArithmeticException">A non-finite entry, or dsytrf reported an illegal argument.</exception>
    public PivotInertia InertiaOverwriting(double[,] a, double tolerance)
    {
        int n = SymmetricInput.Validate(a);
        if (n == 0)
        {
            return PivotInertia.FromPivots([], 0, tolerance, BackendName);
        }

        var ipiv = new int[n];
        byte uplo = (byte)'L';
        int nn = n, lda = n, info = 0, lwork = -1;
        double query = 0;
        fixed (double* pa = a)
        fixed (int* pp = ipiv)
        {
            _library.Dsytrf(&uplo, &nn, pa, &lda, pp, &query, &lwork, &info, 1);
            Check(info, "workspace query");
            lwork = Math.Max(1, (int)Math.Ceiling(query));
            var work = GC.AllocateUninitializedArray<double>(lwork);
            fixed (double* pw = work)
            {
                _library.Dsytrf(&uplo, &nn, pa, &lda, pp, pw, &lwork, &info, 1);
            }
        }

        // info > 0: D(info, info) is exactly zero; the factorization is complete and D singular, which the counts show.
        Check(info, string.Create(CultureInfo.InvariantCulture, $"n = {n}"));
        var pivots = new List<double>(n);
        int twoByTwo = 0;
        for (int k = 0; k < n; k++)
        {
            if (ipiv[k] > 0 || k == n - 1)
            {
                pivots.Add(a[k, k]);
                continue;
            }

            var (low, high) = PivotInertia.BlockEigenvalues(a[k, k], a[k, k + 1], a[k + 1, k + 1]);
            pivots.Add(low);
            pivots.Add(high);
            twoByTwo++;
            k++;
        }

        return PivotInertia.FromPivots(pivots, twoByTwo, tolerance, BackendName);
    }

    /// <summary>Whether the library exports <c>dsytrf_</c>.</summary>
    internal static bool Supports(OpenBlasLibrary library) => library.Dsytrf != null;

    private static void Check(int info, string what)
    {
        if (info < 0)
        {
            throw new ArithmeticException(string.Create(CultureInfo.InvariantCulture, $"LAPACK dsytrf rejected argument {-info} ({what})."));
        }
    }
}
