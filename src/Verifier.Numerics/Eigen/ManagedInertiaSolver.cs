using System.Runtime.InteropServices;

namespace Verifier.Numerics.Eigen;

/// <summary>
/// The managed inertia backend: the Bunch–Kaufman factorization P·A·Pᵀ = L·D·Lᵀ with partial pivoting (1×1 and 2×2
/// pivots, α = (1 + √17)/8, which bounds the element growth per step by 2.57), right-looking on the full matrix.
/// </summary>
/// <remarks>
/// Only D's blocks are kept: the multipliers of L are not needed for the inertia, so the trailing matrix is updated in
/// place and the factor columns are left as they fall. About 2n³/3 multiply–adds (both triangles are updated, which
/// keeps every row update a contiguous SIMD axpy); the LAPACK backend's <c>dsytrf</c> does half that, blocked.
/// </remarks>
public sealed class ManagedInertiaSolver : ISymmetricInertiaSolver
{
    /// <summary>The name reported in output.</summary>
    public const string BackendName = "managed";

    // Bunch and Kaufman's α = (1 + √17)/8 ≈ 0.6404: it minimises the bound on the element growth of a 1×1 and a 2×2 step.
    private static readonly double Alpha = (1 + Math.Sqrt(17)) / 8;

    /// <inheritdoc/>
    public string Name => BackendName;

    /// <inheritdoc/>
    public PivotInertia InertiaOverwriting(double[,] a, double tolerance)
    {
        int n = SymmetricInput.Validate(a);
        var (pivots, twoByTwo) = Factor(a, n);
        return PivotInertia.FromPivots(pivots, twoByTwo, tolerance, BackendName);
    }

    // The eigenvalues of D's blocks, in order, and the number of 2×2 blocks. Reads the lower triangle (row i, column
    // j ≤ i) of the symmetric input, mirrored into the upper one first.
    private static (List<double> Pivots, int TwoByTwo) Factor(double[,] a, int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                a[j, i] = a[i, j];
            }
        }

        var pivots = new List<double>(n);
        int twoByTwo = 0;
        int k = 0;
        while (k < n)
        {
            double diagonal = Math.Abs(a[k, k]);
            int r = k;
            double column = 0;
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[i, k]);
                if (v > column)
                {
                    column = v;
                    r = i;
                }
            }

            if (Math.Max(diagonal, column) == 0)
            {
                // A zero column: D's pivot is 0 and there is nothing to eliminate.
                pivots.Add(0);
                k++;
                continue;
            }

            int size = 1;
            if (diagonal < Alpha * column)
            {
                double row = 0;
                for (int j = k; j < n; j++)
                {
                    if (j != r)
                    {
                        row = Math.Max(row, Math.Abs(a[r, j]));
                    }
                }

                if (diagonal * row >= Alpha * column * column)
                {
                    // The diagonal pivot is large enough after all.
                }
                else if (Math.Abs(a[r, r]) >= Alpha * row)
                {
                    Swap(a, n, k, r, k);
                }
                else
                {
                    Swap(a, n, k + 1, r, k);
                    size = 2;
                }
            }

            if (size == 1)
            {
                double d = a[k, k];
                pivots.Add(d);
                var pivotRow = Row(a, n, k, k + 1);
                for (int i = k + 1; i < n; i++)
                {
                    double factor = a[i, k] / d;
                    if (factor != 0)
                    {
                        Axpy(-factor, pivotRow, Row(a, n, i, k + 1));
                    }
                }
            }
            else
            {
                double p = a[k, k], q = a[k + 1, k], s = a[k + 1, k + 1];
                double det = (p * s) - (q * q);
                var (low, high) = PivotInertia.BlockEigenvalues(p, q, s);
                pivots.Add(low);
                pivots.Add(high);
                twoByTwo++;
                var first = Row(a, n, k, k + 2);
                var second = Row(a, n, k + 1, k + 2);
                for (int i = k + 2; i < n; i++)
                {
                    // [c1 c2] = [a_ik a_i,k+1]·D⁻¹, D⁻¹ = [[s, −q], [−q, p]]/det.
                    double c1 = ((s * a[i, k]) - (q * a[i, k + 1])) / det;
                    double c2 = ((p * a[i, k + 1]) - (q * a[i, k])) / det;
                    var target = Row(a, n, i, k + 2);
                    Axpy(-c1, first, target);
                    Axpy(-c2, second, target);
                }
            }

            k += size;
        }

        return (pivots, twoByTwo);
    }

    // Columns from..n−1 of row i, as a span over the row-major array.
    private static Span<double> Row(double[,] a, int n, int i, int from) =>
        from >= n ? [] : MemoryMarshal.CreateSpan(ref a[i, from], n - from);

    // The symmetric interchange of indices p and q (p < q) in the trailing matrix, rows and columns from..n−1.
    private static void Swap(double[,] a, int n, int p, int q, int from)
    {
        if (p == q)
        {
            return;
        }

        for (int j = from; j < n; j++)
        {
            (a[p, j], a[q, j]) = (a[q, j], a[p, j]);
        }

        for (int i = from; i < n; i++)
        {
            (a[i, p], a[i, q]) = (a[i, q], a[i, p]);
        }
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y) => Krylov.Lanczos.Axpy(alpha, x, y);
}
