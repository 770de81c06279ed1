using Verifier.Numerics.Intervals;

namespace Verifier.Numerics.Rigorous;

/// <summary>
/// Krawczyk's test for the zeros of a continuously differentiable g: ℝⁿ → ℝⁿ with a symmetric Jacobian (a gradient)
/// in a box X.
/// </summary>
/// <remarks>
/// Krawczyk's theorem: for a point m ∈ X, any matrix Y and an enclosure J(X) ⊇ {g′(x) : x ∈ X}, the image
/// K(X) = m − Y·g(m) + (I − Y·J(X))·(X − m) satisfies: every zero of g in X lies in K(X); so K(X) ∩ X = ∅ proves that
/// X holds no zero; and K(X) ⊂ int X proves that X holds exactly one. Here m may be an enclosure of the point (a box
/// inside X), which only widens K, so the conclusions still hold. J is read from its upper triangle (J is the
/// Hessian of a scalar function, symmetric by Schwarz's theorem).
/// </remarks>
public static class KrawczykOperator
{
    /// <summary>
    /// The Krawczyk image K(X) = m − Y·g(m) + (I − Y·J)·(X − m) for a point enclosure m ⊆ X, the gradient enclosure
    /// g(m), a Jacobian enclosure J over X (upper triangle read) and any preconditioner Y.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes disagree, or some component of m is not inside X (the theorem needs m ∈ X).</exception>
    public static Interval[] Image(Interval[] m, Interval[] gm, Interval[,] j, Interval[] x, double[,] y)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(gm);
        ArgumentNullException.ThrowIfNull(j);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        int p = m.Length;
        if (gm.Length != p || x.Length != p || j.GetLength(0) != p || j.GetLength(1) != p || y.GetLength(0) != p || y.GetLength(1) != p)
        {
            throw new ArgumentException(
                $"Krawczyk's test needs m, g(m) and X of one dimension p and p×p matrices J and Y (got m {p}, g(m) {gm.Length}, X {x.Length}, " +
                $"J {j.GetLength(0)}×{j.GetLength(1)}, Y {y.GetLength(0)}×{y.GetLength(1)}).", nameof(m));
        }

        for (int k = 0; k < p; k++)
        {
            if (!x[k].Contains(m[k]))
            {
                throw new ArgumentException($"The point's enclosure is not inside the box in coordinate {k}: the box is too small.", nameof(m));
            }
        }

        var result = new Interval[p];
        for (int r = 0; r < p; r++)
        {
            // (m − Y·g(m))_r
            var acc = m[r];
            for (int c = 0; c < p; c++)
            {
                acc -= Interval.Point(y[r, c]) * gm[c];
            }

            // ((I − Y·J)(X − m))_r
            for (int c = 0; c < p; c++)
            {
                var entry = r == c ? Interval.One : Interval.Zero;
                for (int k = 0; k < p; k++)
                {
                    entry -= Interval.Point(y[r, k]) * j[Math.Min(k, c), Math.Max(k, c)];
                }

                acc += entry * (x[c] - m[c]);
            }

            result[r] = acc;
        }

        return result;
    }

    /// <summary>
    /// Krawczyk's test from enclosures: the image <see cref="Image"/> and its verdict, no zero (K(X) misses X in some
    /// coordinate, the first reported), a unique zero (K(X) ⊂ int X) or undecided.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Image"/>.</exception>
    public static KrawczykResult Test(Interval[] m, Interval[] gm, Interval[,] j, Interval[] x, double[,] y)
    {
        var image = Image(m, gm, j, x, y);
        for (int k = 0; k < image.Length; k++)
        {
            if (Interval.Intersect(image[k], x[k]) is null)
            {
                return new KrawczykResult.NoZero(k, x, image, y);
            }
        }

        return IntervalBox.InInterior(image, x)
            ? new KrawczykResult.UniqueZero(x, image, y)
            : new KrawczykResult.Undecided(x, image, y);
    }

    /// <summary>
    /// Krawczyk's test from interval functions: evaluates the gradient enclosure at m and the Jacobian enclosure over
    /// X, then tests as <see cref="Test(Interval[], Interval[], Interval[,], Interval[], double[,])"/>.
    /// </summary>
    /// <param name="gradient">An interval extension of g: it encloses g(x) for every x in its argument box.</param>
    /// <param name="jacobian">An interval extension of g′ (symmetric; the upper triangle is read).</param>
    /// <param name="m">The point (enclosure) m ⊆ X.</param>
    /// <param name="x">The box X.</param>
    /// <param name="y">The preconditioner Y.</param>
    /// <exception cref="ArgumentException">As for <see cref="Image"/>.</exception>
    public static KrawczykResult Test(Func<Interval[], Interval[]> gradient, Func<Interval[], Interval[,]> jacobian, Interval[] m, Interval[] x, double[,] y)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(jacobian);
        return Test(m, gradient(m), jacobian(x), x, y);
    }
}
