using System.Numerics;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Intervals;

namespace Verifier.Numerics.Rigorous;

/// <summary>What a <see cref="CholeskyCertificate"/> proved about every symmetric matrix of an interval matrix.</summary>
public enum CholeskyVerdict
{
    /// <summary>Neither certificate held: the smallest eigenvalue may be within the rounding errors of 0.</summary>
    Undecided,

    /// <summary>Every symmetric matrix whose entries lie in the intervals is positive definite.</summary>
    PositiveDefinite,

    /// <summary>No symmetric matrix whose entries lie in the intervals is positive definite: vᵀAv &lt; 0 for one v and every such A.</summary>
    NotPositiveDefinite,
}

/// <summary>
/// A floating-point proof, or disproof, that every symmetric matrix in a narrow interval matrix A (upper triangle
/// read) is positive definite, in O(n³) double operations: a Cholesky factor computed in ordinary floating point,
/// checked a posteriori with outward-rounded interval arithmetic.
/// </summary>
/// <remarks>
/// <para>
/// <b>Positive definite.</b> Let R be any upper triangular double matrix (here the floating Cholesky factor of
/// mid(A) − c·I for a shift c ≥ 0) and E = RᵀR − (A − c·I) for a symmetric A in the intervals. The entries of E
/// are enclosed with <see cref="DirectedRounding"/> (each product and sum rounded outward, the entries of A being
/// intervals), so |E| ≤ F entrywise for a symmetric F computed here, and ‖E‖₂ ≤ ‖F‖₂ ≤ ρ with ρ the smaller of the
/// largest row sum of F and ‖F‖_F, both rounded upward. Then A = RᵀR + c·I − E with RᵀR positive semidefinite, so
/// λ_min(A) ≥ c − ‖E‖₂ ≥ c − ρ (Weyl). Hence ρ &lt; c proves A positive definite. The argument does not depend on
/// how R was computed: a Cholesky factorisation that rounded badly only makes ρ larger, never the conclusion false.
/// The shift c is chosen from an estimate of the rounding error of the factorisation, about 2u·Σⱼ (j + 2)·dᵢdⱼ
/// (dᵢ the norm of column i of R, u = 2⁻⁵³) plus the row sums of the radii, then doubled from ρ if it was too
/// small (at most <see cref="MaxShiftAttempts"/> factorisations).
/// </para>
/// <para>
/// <b>Not positive definite.</b> When the floating factorisation of mid(A) itself meets a pivot s ≤ 0 at step k,
/// the vector v with vₖ = 1 and v₀…ₖ₋₁ = −R₀ₖ⁻¹·r (R₀ₖ the leading k×k factor, r its column k) satisfies
/// vᵀAv = s in exact arithmetic for A = mid(A). vᵀAv is then enclosed in interval arithmetic over all of A; an
/// upper end below 0 proves that no symmetric matrix in the intervals is positive definite.
/// </para>
/// <para>
/// Entries above 2⁴⁰⁰ in magnitude (where products could overflow) or unbounded make the answer
/// <see cref="CholeskyVerdict.Undecided"/>, as does a smallest eigenvalue within the rounding bound of 0:
/// callers then decide exactly.
/// </para>
/// <para>
/// The budget of <see cref="Decide"/>, when given, is charged before each step with its work: one unit per floating
/// multiply-add of the factorisation, four per outward-rounded multiply-add of the check; an exhausted budget
/// throws <see cref="WorkBudgetExhaustedException"/> to the caller.
/// </para>
/// </remarks>
public static class CholeskyCertificate
{
    /// <summary>How many shifted factorisations are tried before the positive-definite certificate gives up.</summary>
    public const int MaxShiftAttempts = 3;

    /// <summary>Entries beyond this magnitude are not handled in floating point (2⁴⁰⁰: squares and sums stay finite).</summary>
    private static readonly double Largest = Math.ScaleB(1.0, 400);

    private const double UnitRoundoff = FloatingPoint.MachineEpsilon / 2;

    /// <summary>
    /// Whether every symmetric matrix whose entries lie in <paramref name="a"/> (upper triangle read) is positive
    /// definite, proved not to be, or undecided.
    /// </summary>
    /// <param name="a">A square interval matrix; only its upper triangle is read.</param>
    /// <param name="budget">Charged with the work units of each step, or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static CholeskyVerdict Decide(Interval[,] a, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        int n = a.GetLength(0);
        if (n != a.GetLength(1))
        {
            throw new ArgumentException($"The matrix is {n}×{a.GetLength(1)}; a Cholesky certificate needs a square matrix.", nameof(a));
        }

        if (n == 0)
        {
            return CholeskyVerdict.PositiveDefinite;
        }

        var mid = new double[n * n];
        double radiusRowSum = 0;
        for (int i = 0; i < n; i++)
        {
            double rowRadius = 0;
            for (int j = 0; j < n; j++)
            {
                var x = a[Math.Min(i, j), Math.Max(i, j)];
                if (!x.IsBounded || x.Mag > Largest)
                {
                    return CholeskyVerdict.Undecided;
                }

                mid[(i * n) + j] = x.Midpoint;
                rowRadius = DirectedRounding.AddUp(rowRadius, x.Radius);
            }

            radiusRowSum = Math.Max(radiusRowSum, rowRadius);
        }

        var r = new double[n * n];
        int failed = Factor(mid, n, 0.0, r, out double failedPivot, budget);
        if (failed >= 0)
        {
            return double.IsNaN(failedPivot) || !NegativeAlong(a, r, n, failed, budget)
                ? CholeskyVerdict.Undecided
                : CholeskyVerdict.NotPositiveDefinite;
        }

        double shift = DirectedRounding.AddUp(radiusRowSum, RoundingEstimate(r, n));
        for (int attempt = 0; attempt < MaxShiftAttempts; attempt++)
        {
            if (!double.IsFinite(shift) || Factor(mid, n, shift, r, out _, budget) >= 0 || !FiniteFactor(r, n))
            {
                return CholeskyVerdict.Undecided;
            }

            double rho = ResidualBound(a, r, n, shift, budget);
            if (rho < shift)
            {
                return CholeskyVerdict.PositiveDefinite;
            }

            shift = 2 * rho;
        }

        return CholeskyVerdict.Undecided;
    }

    // The floating Cholesky factor of mid − shift·I, row-major upper triangle into r (right-looking, so the inner loop
    // runs along rows). Returns −1 on success, or the step k whose pivot was not positive (failedPivot, NaN after an
    // overflow); the rows before k then hold the partial factor and row k its column k above the diagonal.
    private static int Factor(double[] mid, int n, double shift, double[] r, out double failedPivot, WorkBudget? budget)
    {
        Array.Copy(mid, r, mid.Length);
        for (int i = 0; i < n; i++)
        {
            r[(i * n) + i] -= shift;
        }

        for (int k = 0; k < n; k++)
        {
            int rest = n - k - 1;
            budget?.Charge(1 + ((long)rest * (rest + 1) / 2));
            double d = r[(k * n) + k];
            if (!(d > 0) || !double.IsFinite(d))
            {
                failedPivot = double.IsFinite(d) ? d : double.NaN;
                return k;
            }

            double root = Math.Sqrt(d);
            var row = r.AsSpan(k * n, n);
            row[k] = root;
            for (int j = k + 1; j < n; j++)
            {
                row[j] /= root;
            }

            for (int i = k + 1; i < n; i++)
            {
                double f = row[i];
                if (f != 0)
                {
                    Axpy(-f, row[i..], r.AsSpan((i * n) + i, n - i));
                }
            }
        }

        failedPivot = 0;
        return -1;
    }

    // Whether every entry of the upper triangle of R is finite (an overflow leaves nothing to check).
    private static bool FiniteFactor(double[] r, int n)
    {
        for (int k = 0; k < n; k++)
        {
            foreach (double x in r.AsSpan((k * n) + k, n - k))
            {
                if (!double.IsFinite(x))
                {
                    return false;
                }
            }
        }

        return true;
    }

    // y += f·x, vectorised (the rounding of this step is covered by the a-posteriori check).
    private static void Axpy(double f, ReadOnlySpan<double> x, Span<double> y)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<double>.Count)
        {
            var vf = new Vector<double>(f);
            for (; j <= y.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var vy = new Vector<double>(y[j..]);
                var vx = new Vector<double>(x[j..]);
                (vy + (vf * vx)).CopyTo(y[j..]);
            }
        }

        for (; j < y.Length; j++)
        {
            y[j] += f * x[j];
        }
    }

    // About 3u·max_i d_i·Σ_j (j + 2)·d_j, d_i the norm of column i of R: the size of the rounding error of the
    // factorisation as the check will see it (a row sum of (k + 2)·u·dᵢdⱼ terms, with a margin). Only a starting
    // shift; soundness rests on ResidualBound.
    private static double RoundingEstimate(double[] r, int n)
    {
        var d = new double[n];
        for (int k = 0; k < n; k++)
        {
            for (int j = k; j < n; j++)
            {
                double x = r[(k * n) + j];
                d[j] += x * x;
            }
        }

        double largest = 0, weighted = 0;
        for (int j = 0; j < n; j++)
        {
            d[j] = Math.Sqrt(d[j]);
            weighted += (j + 2) * d[j];
            largest = Math.Max(largest, d[j]);
        }

        return 3 * UnitRoundoff * largest * weighted;
    }

    // An upper bound of ‖RᵀR − (A − shift·I)‖₂ over every symmetric A in the intervals: the smaller of the largest row
    // sum and the Frobenius norm of the entrywise magnitudes, everything rounded outward or upward.
    private static double ResidualBound(Interval[,] a, double[] r, int n, double shift, WorkBudget? budget)
    {
        // The columns of R as contiguous rows: column i is columns[i·n + k], k ≤ i.
        var columns = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            for (int j = k; j < n; j++)
            {
                columns[(j * n) + k] = r[(k * n) + j];
            }
        }

        var rowSums = new double[n];
        double frobenius = 0;
        for (int i = 0; i < n; i++)
        {
            var ci = columns.AsSpan(i * n, i + 1);
            budget?.Charge(4 * (long)(i + 1) * (n - i));
            for (int j = i; j < n; j++)
            {
                // (RᵀR)ᵢⱼ = Σ_{k ≤ i} R[k, i]·R[k, j], enclosed.
                var cj = columns.AsSpan(j * n, i + 1);
                double lo = 0, hi = 0;
                for (int k = 0; k <= i; k++)
                {
                    double x = ci[k], y = cj[k];
                    if (x == 0 || y == 0)
                    {
                        continue;
                    }

                    lo = DirectedRounding.AddDown(lo, DirectedRounding.MulDown(x, y));
                    hi = DirectedRounding.AddUp(hi, DirectedRounding.MulUp(x, y));
                }

                var target = a[i, j];
                double eLo = DirectedRounding.SubDown(lo, target.Hi);
                double eHi = DirectedRounding.SubUp(hi, target.Lo);
                if (i == j)
                {
                    eLo = DirectedRounding.AddDown(eLo, shift);
                    eHi = DirectedRounding.AddUp(eHi, shift);
                }

                double mag = Math.Max(Math.Abs(eLo), Math.Abs(eHi));
                rowSums[i] = DirectedRounding.AddUp(rowSums[i], mag);
                double square = DirectedRounding.MulUp(mag, mag);
                frobenius = DirectedRounding.AddUp(frobenius, square);
                if (j != i)
                {
                    rowSums[j] = DirectedRounding.AddUp(rowSums[j], mag);
                    frobenius = DirectedRounding.AddUp(frobenius, square);
                }
            }
        }

        return Math.Min(rowSums.Max(), DirectedRounding.SqrtUp(frobenius));
    }

    // Whether vᵀAv < 0 for every symmetric A in the intervals, v the vector of a failed pivot at step k (see the remarks).
    private static bool NegativeAlong(Interval[,] a, double[] r, int n, int k, WorkBudget? budget)
    {
        // Back substitution R₀ₖ·w = r (column k of the partial factor, rows 0…k−1), then v = (−w, 1).
        var v = new double[k + 1];
        v[k] = 1;
        for (int i = k - 1; i >= 0; i--)
        {
            double s = r[(i * n) + k];
            for (int j = i + 1; j < k; j++)
            {
                s -= r[(i * n) + j] * -v[j];
            }

            v[i] = -(s / r[(i * n) + i]);
            if (!(Math.Abs(v[i]) <= Largest))
            {
                return false;
            }
        }

        budget?.Charge(4 * (long)(k + 1) * (k + 1));
        var q = Interval.Zero;
        for (int i = 0; i <= k; i++)
        {
            var row = Interval.Zero;
            for (int j = 0; j <= k; j++)
            {
                row += a[Math.Min(i, j), Math.Max(i, j)] * Interval.Point(v[j]);
            }

            q += Interval.Point(v[i]) * row;
        }

        return q.Hi < 0;
    }
}
