using Verifier.Symbolic;

namespace Verifier.Numerics.Intervals;

/// <summary>
/// Interval vectors (boxes) as plain <see cref="Interval"/> arrays: construction, midpoint and radius,
/// containment, arithmetic and norms. Every result encloses the exact result for every point of the boxes.
/// </summary>
public static class IntervalVector
{
    /// <summary>The point box [x, x] of finite doubles, taken exactly.</summary>
    public static Interval[] Point(IReadOnlyList<double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var box = new Interval[x.Count];
        for (int i = 0; i < box.Length; i++)
        {
            box[i] = Interval.Point(x[i]);
        }

        return box;
    }

    /// <summary>The tightest enclosure of an exact rational vector (see <see cref="Interval.FromRational"/>).</summary>
    public static Interval[] FromRationals(IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var box = new Interval[x.Count];
        for (int i = 0; i < box.Length; i++)
        {
            box[i] = Interval.FromRational(x[i]);
        }

        return box;
    }

    /// <summary>The box [xᵢ − r, xᵢ + r] around a finite centre (endpoints rounded outward), r ≥ 0.</summary>
    public static Interval[] Box(IReadOnlyList<double> center, double radius)
    {
        ArgumentNullException.ThrowIfNull(center);
        var box = new Interval[center.Count];
        for (int i = 0; i < box.Length; i++)
        {
            box[i] = Interval.FromDoubleRadius(center[i], radius);
        }

        return box;
    }

    /// <summary>The box of radius r around an exact rational centre: the enclosure of each xᵢ widened by r (outward).</summary>
    public static Interval[] Box(IReadOnlyList<Rational> center, double radius)
    {
        ArgumentNullException.ThrowIfNull(center);
        if (!(radius >= 0))
        {
            throw new ArgumentException($"A box needs a radius ≥ 0, not {radius}.", nameof(radius));
        }

        var r = new Interval(-radius, radius);
        var box = new Interval[center.Count];
        for (int i = 0; i < box.Length; i++)
        {
            box[i] = Interval.FromRational(center[i]) + r;
        }

        return box;
    }

    /// <summary>The midpoints (doubles inside each component).</summary>
    public static double[] Midpoint(IReadOnlyList<Interval> box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var m = new double[box.Count];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = box[i].Midpoint;
        }

        return m;
    }

    /// <summary>Upper bounds of the componentwise distances from <see cref="Midpoint"/> to the box.</summary>
    public static double[] Radius(IReadOnlyList<Interval> box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var r = new double[box.Count];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = box[i].Radius;
        }

        return r;
    }

    /// <summary>True when every xᵢ lies in boxᵢ.</summary>
    public static bool Contains(IReadOnlyList<Interval> box, IReadOnlyList<double> x)
    {
        CheckLengths(box, x?.Count ?? 0);
        for (int i = 0; i < box.Count; i++)
        {
            if (!box[i].Contains(x![i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every exact xᵢ lies in boxᵢ.</summary>
    public static bool Contains(IReadOnlyList<Interval> box, IReadOnlyList<Rational> x)
    {
        CheckLengths(box, x?.Count ?? 0);
        for (int i = 0; i < box.Count; i++)
        {
            if (!box[i].Contains(x![i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Componentwise hull.</summary>
    public static Interval[] Hull(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b) => Zip(a, b, Interval.Hull);

    /// <summary>a + b.</summary>
    public static Interval[] Add(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b) => Zip(a, b, (x, y) => x + y);

    /// <summary>a − b.</summary>
    public static Interval[] Subtract(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b) => Zip(a, b, (x, y) => x - y);

    /// <summary>s·a.</summary>
    public static Interval[] Scale(Interval s, IReadOnlyList<Interval> a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var c = new Interval[a.Count];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = s * a[i];
        }

        return c;
    }

    /// <summary>The dot product Σ aᵢ·bᵢ.</summary>
    public static Interval Dot(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b)
    {
        CheckLengths(a, b?.Count ?? 0);
        var sum = Interval.Zero;
        for (int i = 0; i < a.Count; i++)
        {
            sum += a[i] * b![i];
        }

        return sum;
    }

    /// <summary>{‖x‖∞ : x ∈ box}; its <see cref="Interval.Hi"/> is an upper bound of the norm over the box.</summary>
    public static Interval NormInf(IReadOnlyList<Interval> box)
    {
        ArgumentNullException.ThrowIfNull(box);
        double lo = 0, hi = 0;
        foreach (var x in box)
        {
            lo = Math.Max(lo, x.Mig);
            hi = Math.Max(hi, x.Mag);
        }

        return new Interval(lo, hi);
    }

    /// <summary>{‖x‖₁ : x ∈ box}.</summary>
    public static Interval Norm1(IReadOnlyList<Interval> box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var sum = Interval.Zero;
        foreach (var x in box)
        {
            sum += Interval.Abs(x);
        }

        return sum;
    }

    /// <summary>{‖x‖₂ : x ∈ box}.</summary>
    public static Interval Norm2(IReadOnlyList<Interval> box)
    {
        ArgumentNullException.ThrowIfNull(box);
        var sum = Interval.Zero;
        foreach (var x in box)
        {
            sum += Interval.Square(x);
        }

        return Interval.Sqrt(sum);
    }

    internal static void CheckLengths(IReadOnlyList<Interval> a, int count)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Count != count)
        {
            throw new ArgumentException($"Vectors of lengths {a.Count} and {count} do not match.");
        }
    }

    private static Interval[] Zip(IReadOnlyList<Interval> a, IReadOnlyList<Interval> b, Func<Interval, Interval, Interval> f)
    {
        CheckLengths(a, b?.Count ?? 0);
        var c = new Interval[a.Count];
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = f(a[i], b![i]);
        }

        return c;
    }
}
