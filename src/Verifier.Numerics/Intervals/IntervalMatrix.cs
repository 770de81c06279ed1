using Verifier.Symbolic;

namespace Verifier.Numerics.Intervals;

/// <summary>
/// Interval matrices as plain <see cref="Interval"/>[,] arrays: construction, midpoint and radius, products
/// and upper bounds of norms. Every result encloses the exact result for every matrix in the operands.
/// </summary>
public static class IntervalMatrix
{
    /// <summary>The point matrix of finite doubles, taken exactly.</summary>
    public static Interval[,] Point(double[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var m = new Interval[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                m[i, j] = Interval.Point(a[i, j]);
            }
        }

        return m;
    }

    /// <summary>The tightest enclosure of an exact rational matrix.</summary>
    public static Interval[,] FromRationals(Rational[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var m = new Interval[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                m[i, j] = Interval.FromRational(a[i, j]);
            }
        }

        return m;
    }

    /// <summary>The n × n identity.</summary>
    public static Interval[,] Identity(int n)
    {
        var m = new Interval[n, n];
        for (int i = 0; i < n; i++)
        {
            m[i, i] = Interval.One;
        }

        return m;
    }

    /// <summary>Midpoints of the entries (doubles inside each entry).</summary>
    public static double[,] Midpoint(Interval[,] a) => Map(a, x => x.Midpoint);

    /// <summary>Upper bounds of the entrywise distances from <see cref="Midpoint"/> to the entries.</summary>
    public static double[,] Radius(Interval[,] a) => Map(a, x => x.Radius);

    /// <summary>True when every entry of the double matrix lies in the corresponding interval entry.</summary>
    public static bool Contains(Interval[,] box, double[,] a)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(a);
        if (box.GetLength(0) != a.GetLength(0) || box.GetLength(1) != a.GetLength(1))
        {
            return false;
        }

        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                if (!box[i, j].Contains(a[i, j]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The transpose.</summary>
    public static Interval[,] Transpose(Interval[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var t = new Interval[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                t[j, i] = a[i, j];
            }
        }

        return t;
    }

    /// <summary>a + b.</summary>
    public static Interval[,] Add(Interval[,] a, Interval[,] b) => Zip(a, b, (x, y) => x + y);

    /// <summary>a − b.</summary>
    public static Interval[,] Subtract(Interval[,] a, Interval[,] b) => Zip(a, b, (x, y) => x - y);

    /// <summary>The matrix–vector product A·x.</summary>
    public static Interval[] Multiply(Interval[,] a, IReadOnlyList<Interval> x)
    {
        ArgumentNullException.ThrowIfNull(a);
        IntervalVector.CheckLengths(x, a.GetLength(1));
        var y = new Interval[a.GetLength(0)];
        for (int i = 0; i < y.Length; i++)
        {
            var sum = Interval.Zero;
            for (int j = 0; j < a.GetLength(1); j++)
            {
                sum += a[i, j] * x[j];
            }

            y[i] = sum;
        }

        return y;
    }

    /// <summary>The matrix–matrix product A·B.</summary>
    public static Interval[,] Multiply(Interval[,] a, Interval[,] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
        if (b.GetLength(0) != k)
        {
            throw new ArgumentException($"Cannot multiply a {n}×{k} matrix by a {b.GetLength(0)}×{m} matrix.");
        }

        var c = new Interval[n, m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                var sum = Interval.Zero;
                for (int l = 0; l < k; l++)
                {
                    sum += a[i, l] * b[l, j];
                }

                c[i, j] = sum;
            }
        }

        return c;
    }

    /// <summary>An upper bound of ‖A‖∞ (the largest absolute row sum) over every matrix A in the box.</summary>
    public static double NormInfUpperBound(Interval[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        double best = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            double row = 0;
            for (int j = 0; j < a.GetLength(1); j++)
            {
                row = DirectedRounding.AddUp(row, a[i, j].Mag);
            }

            best = Math.Max(best, row);
        }

        return best;
    }

    /// <summary>An upper bound of ‖A‖₁ (the largest absolute column sum) over every matrix A in the box.</summary>
    public static double Norm1UpperBound(Interval[,] a) => NormInfUpperBound(Transpose(a));

    /// <summary>An upper bound of the Frobenius norm over every matrix in the box.</summary>
    public static double FrobeniusUpperBound(Interval[,] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        double sum = 0;
        foreach (var x in a)
        {
            double m = x.Mag;
            sum = DirectedRounding.AddUp(sum, DirectedRounding.MulUp(m, m));
        }

        return DirectedRounding.SqrtUp(sum);
    }

    /// <summary>
    /// An upper bound of the spectral norm ‖A‖₂ over every matrix in the box:
    /// min(‖A‖_F, √(‖A‖₁·‖A‖∞)), both of which bound ‖A‖₂ from above.
    /// </summary>
    public static double Norm2UpperBound(Interval[,] a)
    {
        double viaNorms = DirectedRounding.SqrtUp(DirectedRounding.MulUp(Norm1UpperBound(a), NormInfUpperBound(a)));
        return Math.Min(FrobeniusUpperBound(a), viaNorms);
    }

    private static double[,] Map(Interval[,] a, Func<Interval, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        var m = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                m[i, j] = f(a[i, j]);
            }
        }

        return m;
    }

    private static Interval[,] Zip(Interval[,] a, Interval[,] b, Func<Interval, Interval, Interval> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
        {
            throw new ArgumentException("Matrices of different shapes.");
        }

        var c = new Interval[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < c.GetLength(0); i++)
        {
            for (int j = 0; j < c.GetLength(1); j++)
            {
                c[i, j] = f(a[i, j], b[i, j]);
            }
        }

        return c;
    }
}
