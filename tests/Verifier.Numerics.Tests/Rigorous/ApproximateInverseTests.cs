using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;

namespace Verifier.Numerics.Tests.Rigorous;

/// <summary>The preconditioner of Krawczyk's test: a true approximate inverse, or null, never a matrix with entries that are not finite.</summary>
public class ApproximateInverseTests
{
    private static Interval[,] Point(double[,] a)
    {
        int n = a.GetLength(0);
        var j = new Interval[n, n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                j[r, c] = Interval.Point(a[r, c]);
            }
        }

        return j;
    }

    [Test]
    public void YTimesJIsCloseToTheIdentity()
    {
        var a = new double[,] { { 4, 1, 0 }, { 1, 3, 1 }, { 0, 1, 2 } };

        var y = ApproximateInverse.OfMidpoint(Point(a))!;

        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                double product = 0;
                for (int k = 0; k < 3; k++)
                {
                    product += y[r, k] * a[k, c];
                }

                Assert.That(product, Is.EqualTo(r == c ? 1.0 : 0.0).Within(1e-14), $"(Y·J)[{r},{c}]");
            }
        }
    }

    [TestCase(1e-310)]
    [TestCase(5e-324)]
    public void AnInverseThatOverflowsIsNull(double tiny)
    {
        // A 1×1 subnormal "Hessian", as at a saturated tanh: its reciprocal is not a finite double.
        Assert.That(ApproximateInverse.OfMidpoint(Point(new[,] { { tiny } })), Is.Null);
    }

    [Test]
    public void ASingularMidpointIsNull()
    {
        Assert.That(ApproximateInverse.OfMidpoint(Point(new double[,] { { 1, 2 }, { 2, 4 } })), Is.Null);
    }
}
