using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Intervals;
using Interval = Verifier.Numerics.Intervals.Interval;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Intervals;

/// <summary>A random interval matrix (bounded entries) with one exact point matrix inside it, and a vector box with a point.</summary>
public sealed record MatrixCase(Interval[,] A, Rational[,] PointA, Interval[] X, Rational[] PointX, Interval[,] B, Rational[,] PointB)
{
    public override string ToString() =>
        $"A = [{string.Join("; ", Enumerable.Range(0, A.GetLength(0)).Select(i => string.Join(", ", Enumerable.Range(0, A.GetLength(1)).Select(j => A[i, j]))))}], " +
        $"x = [{string.Join(", ", X)}], B = [{string.Join("; ", Enumerable.Range(0, B.GetLength(0)).Select(i => string.Join(", ", Enumerable.Range(0, B.GetLength(1)).Select(j => B[i, j]))))}]";
}

public static class MatrixArbitraries
{
    public static Arbitrary<MatrixCase> MatrixCases() => Arb.From(
        from n in Gen.Choose(1, 4)
        from k in Gen.Choose(1, 4)
        from m in Gen.Choose(1, 3)
        from a in Entries(n * k)
        from x in Entries(k)
        from b in Entries(k * m)
        select new MatrixCase(
            Shape(a.Select(e => e.Box).ToArray(), n, k), Shape(a.Select(e => e.Point).ToArray(), n, k),
            [.. x.Select(e => e.Box)], [.. x.Select(e => e.Point)],
            Shape(b.Select(e => e.Box).ToArray(), k, m), Shape(b.Select(e => e.Point).ToArray(), k, m)));

    // Bounded intervals from every regime below 1e150 (so sums of products stay finite), each with one of its exact points.
    private static Gen<(Interval Box, Rational Point)[]> Entries(int count) =>
        (from c in IntervalGenerators.Intervals(IntervalGenerators.Doubles().Where(d => Math.Abs(d) < 1e150), infinite: false)
         from pick in Gen.Choose(0, 10)
         let points = c.Points().ToArray()
         select (c.Value, points[pick % points.Length]))
        .ArrayOf(count);

    private static T[,] Shape<T>(T[] flat, int rows, int cols)
    {
        var m = new T[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                m[i, j] = flat[i * cols + j];
            }
        }

        return m;
    }
}

/// <summary>Interval vectors and matrices contain the exact results at exact points of their boxes.</summary>
public class IntervalLinearAlgebraTests
{
    private const int Cases = 200;

    [Property(Arbitrary = new[] { typeof(MatrixArbitraries) }, MaxTest = Cases)]
    public Property ProductsContainTheExactProductsOfPointsOfTheBoxes(MatrixCase c)
    {
        var ax = IntervalMatrix.Multiply(c.A, c.X);
        var ab = IntervalMatrix.Multiply(c.A, c.B);
        int n = c.A.GetLength(0), k = c.A.GetLength(1), m = c.B.GetLength(1);
        for (int i = 0; i < n; i++)
        {
            var sum = Rational.Zero;
            for (int l = 0; l < k; l++)
            {
                sum += c.PointA[i, l] * c.PointX[l];
            }

            if (!ax[i].Contains(sum))
            {
                return false.Label($"(Ax)[{i}] = {ax[i]} misses {sum.ToDouble():R}");
            }

            for (int j = 0; j < m; j++)
            {
                var entry = Rational.Zero;
                for (int l = 0; l < k; l++)
                {
                    entry += c.PointA[i, l] * c.PointB[l, j];
                }

                if (!ab[i, j].Contains(entry))
                {
                    return false.Label($"(AB)[{i},{j}] = {ab[i, j]} misses {entry.ToDouble():R}");
                }
            }
        }

        var dot = IntervalVector.Dot(c.X, c.X);
        var exactDot = c.PointX.Aggregate(Rational.Zero, (s, v) => s + v * v);
        return dot.Contains(exactDot).Label($"x·x = {dot} misses {exactDot.ToDouble():R}");
    }

    [Property(Arbitrary = new[] { typeof(MatrixArbitraries) }, MaxTest = Cases)]
    public Property VectorNormsContainTheExactNormsOfPointsOfTheBox(MatrixCase c)
    {
        var x = c.PointX;
        var inf = x.Select(v => v.Abs()).Aggregate(Rational.Zero, Rational.Max);
        var one = x.Aggregate(Rational.Zero, (s, v) => s + v.Abs());
        var squares = x.Aggregate(Rational.Zero, (s, v) => s + v * v);
        var n2 = IntervalVector.Norm2(c.X);
        bool two = Rational.FromDouble(n2.Lo) * Rational.FromDouble(n2.Lo) <= squares
            && (double.IsPositiveInfinity(n2.Hi) || squares <= Rational.FromDouble(n2.Hi) * Rational.FromDouble(n2.Hi));
        return (IntervalVector.NormInf(c.X).Contains(inf) && IntervalVector.Norm1(c.X).Contains(one) && two)
            .Label($"norms of {string.Join(", ", x.Select(v => v.ToDouble()))}");
    }

    [Property(Arbitrary = new[] { typeof(MatrixArbitraries) }, MaxTest = Cases)]
    public Property MatrixNormBoundsAreAboveTheExactNormsOfPointsOfTheBox(MatrixCase c)
    {
        var a = c.PointA;
        int n = a.GetLength(0), k = a.GetLength(1);
        Rational rowMax = Rational.Zero, colMax = Rational.Zero, frob = Rational.Zero;
        for (int i = 0; i < n; i++)
        {
            var row = Rational.Zero;
            for (int j = 0; j < k; j++)
            {
                row += a[i, j].Abs();
                frob += a[i, j] * a[i, j];
            }

            rowMax = Rational.Max(rowMax, row);
        }

        for (int j = 0; j < k; j++)
        {
            var col = Rational.Zero;
            for (int i = 0; i < n; i++)
            {
                col += a[i, j].Abs();
            }

            colMax = Rational.Max(colMax, col);
        }

        // ‖A‖₂ ≥ ‖Ax‖₂/‖x‖₂ for the box's exact point x: ‖Ax‖² ≤ bound²·‖x‖².
        var axSquared = Rational.Zero;
        for (int i = 0; i < n; i++)
        {
            var s = Rational.Zero;
            for (int j = 0; j < k; j++)
            {
                s += a[i, j] * c.PointX[j];
            }

            axSquared += s * s;
        }

        var xSquared = c.PointX.Aggregate(Rational.Zero, (s, v) => s + v * v);
        bool Above(double bound, Rational squared) => double.IsPositiveInfinity(bound) || Rational.FromDouble(bound) * Rational.FromDouble(bound) >= squared;
        bool AboveValue(double bound, Rational value) => double.IsPositiveInfinity(bound) || Rational.FromDouble(bound) >= value;
        double two = IntervalMatrix.Norm2UpperBound(c.A);
        bool spectral = double.IsPositiveInfinity(two) || Rational.FromDouble(two) * Rational.FromDouble(two) * xSquared >= axSquared;
        return (AboveValue(IntervalMatrix.NormInfUpperBound(c.A), rowMax)
                && AboveValue(IntervalMatrix.Norm1UpperBound(c.A), colMax)
                && Above(IntervalMatrix.FrobeniusUpperBound(c.A), frob)
                && spectral)
            .Label("a norm bound is below the norm of a point of the box");
    }

    [Property(Arbitrary = new[] { typeof(MatrixArbitraries) }, MaxTest = Cases)]
    public Property MidpointsLieInsideAndRadiiCoverTheBox(MatrixCase c)
    {
        var mid = IntervalVector.Midpoint(c.X);
        var rad = IntervalVector.Radius(c.X);
        var midA = IntervalMatrix.Midpoint(c.A);
        var radA = IntervalMatrix.Radius(c.A);
        bool Covers(Interval box, double m, double r) =>
            box.Contains(m) && (double.IsPositiveInfinity(r)
                || (Rational.FromDouble(m) - Rational.FromDouble(r) <= Rational.FromDouble(box.Lo)
                    && Rational.FromDouble(box.Hi) <= Rational.FromDouble(m) + Rational.FromDouble(r)));
        bool vectors = c.X.Select((b, i) => Covers(b, mid[i], rad[i])).All(ok => ok);
        bool matrices = true;
        for (int i = 0; i < c.A.GetLength(0); i++)
        {
            for (int j = 0; j < c.A.GetLength(1); j++)
            {
                matrices &= Covers(c.A[i, j], midA[i, j], radA[i, j]);
            }
        }

        return (vectors && matrices && IntervalVector.Contains(c.X, mid) && IntervalMatrix.Contains(c.A, midA)).Label("midpoint or radius");
    }

    [Test]
    public void BoxesAroundExactCentresContainTheExactCorners()
    {
        Rational[] centre = [new(1, 10), new(-7, 3), 0];
        double r = Math.ScaleB(1.0, -20);
        var box = IntervalVector.Box(centre, r);
        var rr = Rational.FromDouble(r);
        Assert.That(IntervalVector.Contains(box, [.. centre.Select(x => x - rr)]), Is.True);
        Assert.That(IntervalVector.Contains(box, [.. centre.Select(x => x + rr)]), Is.True);
        var doubleBox = IntervalVector.Box([0.1, -2.5], 0.5);
        Assert.That(IntervalVector.Contains(doubleBox, new[] { 0.1 - 0.5, -3.0 }), Is.True);
        Assert.That(IntervalVector.Contains(IntervalVector.FromRationals(centre), centre), Is.True);
    }

    [Test]
    public void PointMatricesMultiplyExactlyWhenTheResultIsRepresentable()
    {
        var a = IntervalMatrix.Point(new double[,] { { 1, 2 }, { 3, 4 } });
        var product = IntervalMatrix.Multiply(a, IntervalMatrix.Identity(2));
        Assert.That(IntervalMatrix.Contains(product, new double[,] { { 1, 2 }, { 3, 4 } }), Is.True);
        Assert.That(product.Cast<Interval>().All(x => x.IsPoint), Is.True);
        Assert.That(IntervalMatrix.NormInfUpperBound(a), Is.EqualTo(7.0));
        Assert.That(IntervalMatrix.Norm1UpperBound(a), Is.EqualTo(6.0));
    }
}
