using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Exact;

/// <summary>
/// Generators of small rational matrices for exact identities: entries are short fractions with many zeros (so that
/// singular, rank-deficient and zero-diagonal cases come often), and invertible matrices are built as products
/// P·L·D·U (a permutation, unit triangular factors with integer entries, a diagonal of non-zero fractions), so no
/// draw is rejected.
/// </summary>
public static class RationalMatrices
{
    /// <summary>A short fraction, zero about a third of the time.</summary>
    public static Gen<Rational> Entries() => Gen.Frequency(
        (3, Gen.Constant(Rational.Zero)),
        (5, from k in Gen.Choose(-6, 6) select (Rational)k),
        (3, from k in Gen.Choose(-9, 9) from d in Gen.Choose(1, 5) select new Rational(k, d)));

    /// <summary>A non-zero short fraction.</summary>
    public static Gen<Rational> NonZero() =>
        from k in Gen.Choose(1, 9) from d in Gen.Choose(1, 4) from sign in Gen.Elements(1, -1) select new Rational(sign * k, d);

    /// <summary>A rows×cols matrix of <see cref="Entries"/>.</summary>
    public static Gen<Rational[,]> Matrix(int rows, int cols) =>
        Entries().ArrayOf(rows * cols).Select(flat => Shape(flat, rows, cols));

    /// <summary>A symmetric n×n matrix of <see cref="Entries"/>.</summary>
    public static Gen<Rational[,]> Symmetric(int n) =>
        Entries().ArrayOf(n * n).Select(flat =>
        {
            var a = new Rational[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    a[i, j] = a[j, i] = flat[(i * n) + j];
                }
            }

            return a;
        });

    /// <summary>A matrix of rank at most k: the product of n×k and k×m factors.</summary>
    public static Gen<Rational[,]> LowRank(int rows, int cols, int k) =>
        from b in Matrix(rows, k) from c in Matrix(k, cols) select ExactMatrices.Multiply(b, c);

    /// <summary>An invertible n×n matrix P·L·D·U.</summary>
    public static Gen<Rational[,]> Invertible(int n) =>
        from l in Gen.Choose(-2, 2).ArrayOf(n * n)
        from u in Gen.Choose(-2, 2).ArrayOf(n * n)
        from d in NonZero().ArrayOf(n)
        from shift in Gen.Choose(0, Math.Max(0, n - 1))
        select Build(n, l, u, d, shift);

    /// <summary>The n×n diagonal matrix with diagonal d.</summary>
    public static Rational[,] Diagonal(IReadOnlyList<Rational> d)
    {
        var a = new Rational[d.Count, d.Count];
        for (int i = 0; i < d.Count; i++)
        {
            a[i, i] = d[i];
        }

        return a;
    }

    /// <summary>Rows of a matrix for a failure message.</summary>
    public static string Show(Rational[,] a) =>
        "[" + string.Join("; ", Enumerable.Range(0, a.GetLength(0)).Select(i => string.Join(", ", Enumerable.Range(0, a.GetLength(1)).Select(j => a[i, j])))) + "]";

    private static Rational[,] Build(int n, int[] l, int[] u, Rational[] d, int shift)
    {
        var lower = ExactMatrices.Identity(n);
        var upper = ExactMatrices.Identity(n);
        var perm = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            perm[i, (i + shift) % n] = Rational.One;
            for (int j = 0; j < i; j++)
            {
                lower[i, j] = l[(i * n) + j];
                upper[j, i] = u[(i * n) + j];
            }
        }

        return ExactMatrices.Product([perm, lower, Diagonal(d), upper]);
    }

    private static Rational[,] Shape(Rational[] flat, int rows, int cols)
    {
        var a = new Rational[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                a[i, j] = flat[(i * cols) + j];
            }
        }

        return a;
    }
}
