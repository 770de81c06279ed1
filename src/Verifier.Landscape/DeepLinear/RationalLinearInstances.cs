using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.DeepLinear;

/// <summary>How a generated deep linear instance should (or should not) meet Kawaguchi's hypotheses.</summary>
public enum LinearDataKind
{
    /// <summary>Every hypothesis holds; Σ has distinct rational eigenvalues and rational eigenvectors.</summary>
    MeetsHypotheses,

    /// <summary>XXᵀ is singular (two samples' inputs are equal multiples).</summary>
    RankDeficientInputs,

    /// <summary>XYᵀ is rank deficient (Σ has a zero eigenvalue).</summary>
    RankDeficientCorrelation,

    /// <summary>Σ has a repeated eigenvalue.</summary>
    RepeatedEigenvalues,

    /// <summary>d_y &gt; d_x.</summary>
    WideOutput,
}

/// <summary>
/// Rational deep linear instances whose whole chain stays exact: X square and invertible, Y = Q·D·R with Q and R
/// orthogonal by the Cayley transform Q = (I − S)(I + S)⁻¹ of a skew-symmetric rational S, so that
/// Σ = Y·Yᵀ = Q·D²·Qᵀ has rational eigenvalues D² and rational eigenvectors (the columns of Q).
/// </summary>
public static class RationalLinearInstances
{
    /// <summary>The Cayley transform (I − S)(I + S)⁻¹ of a skew-symmetric S: a rational orthogonal matrix.</summary>
    /// <exception cref="ArgumentException">S is not skew-symmetric.</exception>
    public static Rational[,] Cayley(Rational[,] s)
    {
        ArgumentNullException.ThrowIfNull(s);
        int n = s.GetLength(0);
        if (!ExactMatrices.AreEqual(ExactMatrices.Transpose(s), ExactMatrices.Scale(s, Rational.MinusOne)))
        {
            throw new ArgumentException("The Cayley transform needs a skew-symmetric matrix.", nameof(s));
        }

        var id = ExactMatrices.Identity(n);
        // I + S is invertible for skew-symmetric S (its eigenvalues are 1 + iμ ≠ 0).
        return ExactMatrices.Multiply(ExactMatrices.Subtract(id, s), ExactMatrices.Inverse(ExactMatrices.Add(id, s))!);
    }

    /// <summary>A random rational orthogonal n×n matrix (Cayley transform of a skew matrix with small integer halves).</summary>
    public static Rational[,] RandomOrthogonal(int n, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var s = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                var v = new Rational(rng.Next(-2, 3), 2);
                s[i, j] = v;
                s[j, i] = -v;
            }
        }

        return Cayley(s);
    }

    /// <summary>
    /// A random instance of a linear network without biases with the given widths (d_x = layers[0], d_y = layers[^1]),
    /// m = d_x samples, of the requested kind, without weights. Reproducible from <paramref name="rng"/>'s seed.
    /// </summary>
    public static Instance Generate(IReadOnlyList<int> layers, LinearDataKind kind, Random rng, LossKind loss = LossKind.Sse, string name = "deep-linear")
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(rng);
        int dx = layers[0], dy = layers[^1], m = dx;
        if (kind != LinearDataKind.WideOutput && dy > dx)
        {
            throw new ArgumentException($"d_y = {dy} > d_x = {dx}: only the WideOutput kind allows it.", nameof(layers));
        }

        if (kind == LinearDataKind.WideOutput && dy <= dx)
        {
            throw new ArgumentException("WideOutput needs d_y > d_x.", nameof(layers));
        }

        var x = RandomInvertible(dx, rng);
        if (kind == LinearDataKind.RankDeficientInputs && dx > 1)
        {
            // Sample 1's input is twice sample 0's: rank(X) = d_x − 1 at most.
            for (int i = 0; i < dx; i++)
            {
                x[i, 1] = 2 * x[i, 0];
            }
        }

        Rational[,] y;
        if (kind == LinearDataKind.WideOutput)
        {
            y = new Rational[dy, m];
            for (int i = 0; i < dy; i++)
            {
                for (int t = 0; t < m; t++)
                {
                    y[i, t] = rng.Next(-3, 4);
                }
            }
        }
        else
        {
            var q = RandomOrthogonal(dy, rng);
            var r = ExactMatrices.Block(RandomOrthogonal(m, rng), 0, 0, dy, m);
            var d = new Rational[dy, dy];
            var values = Enumerable.Range(1, dy + 3).OrderBy(_ => rng.Next()).Take(dy).ToArray();
            for (int i = 0; i < dy; i++)
            {
                d[i, i] = values[i];
            }

            if (kind == LinearDataKind.RepeatedEigenvalues && dy > 1)
            {
                d[1, 1] = d[0, 0];
            }

            if (kind == LinearDataKind.RankDeficientCorrelation)
            {
                d[dy - 1, dy - 1] = Rational.Zero;
            }

            // Y·P_X·Yᵀ = Y·Yᵀ for invertible square X, so Σ = Q·D²·Qᵀ.
            y = ExactMatrices.Multiply(ExactMatrices.Multiply(q, d), r);
        }

        var xs = new Rational[m * dx];
        var ys = new Rational[m * dy];
        for (int t = 0; t < m; t++)
        {
            for (int i = 0; i < dx; i++)
            {
                xs[t * dx + i] = x[i, t];
            }

            for (int i = 0; i < dy; i++)
            {
                ys[t * dy + i] = y[i, t];
            }
        }

        var net = new NetworkSpec([.. layers], Activation.Linear, Activation.Linear, bias: false);
        return new Instance(name, net, loss, new Dataset(m, dx, dy, xs, ys), null);
    }

    /// <summary>A random invertible k×k rational matrix with entries p/2 (retried until its determinant is non-zero).</summary>
    public static Rational[,] RandomInvertible(int k, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        while (true)
        {
            var a = new Rational[k, k];
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    a[i, j] = new Rational(rng.Next(-4, 5), 2);
                }
            }

            if (!ExactLinearAlgebra.Determinant(a).IsZero)
            {
                return a;
            }
        }
    }
}
