using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Verifier.Symbolic.Tests;

/// <summary>
/// Exact oracle for derivatives of polynomials: for a polynomial p of degree d in xᵢ, the central difference
/// quotient Q(h) = (p(x + h·eᵢ) − p(x − h·eᵢ)) / 2h is a polynomial in h of degree below d with Q(0) = ∂p/∂xᵢ(x),
/// so Lagrange interpolation through d + 1 exact values Q(h₁), …, Q(h_{d+1}) recovers ∂p/∂xᵢ(x) exactly.
/// </summary>
public class PolynomialDerivativeOracleTests
{
    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public Property DifferentiatesPolynomialsExactlyAsTheInterpolatedDifferenceQuotient(PolynomialCase c)
    {
        var p = c.Polynomial;
        var point = c.Assignment();
        int degree = DegreeBound(p, c.DirectionName);
        var oracle = InterpolatedDerivative(p, point, c.DirectionName, degree);
        var symbolic = Value(ExactEvaluator.Evaluate(Calculus.Differentiate(p, c.DirectionName), point));
        return (symbolic == oracle).Label($"degree bound {degree}: derivative {Calculus.Differentiate(p, c.DirectionName)} gave {symbolic}, oracle {oracle}");
    }

    [Test]
    public void InterpolationOracleRecoversAKnownDerivative()
    {
        // p = x³y − 2x has ∂p/∂x = 3x²y − 2, which is 3·4·(1/3) − 2 = 2 at (x, y) = (2, 1/3).
        var x = Expr.Variable("x");
        var y = Expr.Variable("y");
        var p = Expr.Pow(x, 3) * y - 2 * x;
        var point = new Dictionary<string, Rational> { ["x"] = 2, ["y"] = new Rational(1, 3) };
        Assert.That(InterpolatedDerivative(p, point, "x", DegreeBound(p, "x")), Is.EqualTo(new Rational(2)));
    }

    private static Rational InterpolatedDerivative(Expr p, Dictionary<string, Rational> point, string variable, int degree)
    {
        var nodes = Enumerable.Range(1, degree + 1).Select(k => new Rational(k, 2)).ToArray();
        var values = nodes.Select(h => DifferenceQuotient(p, point, variable, h)).ToArray();
        var result = Rational.Zero;
        for (int k = 0; k < nodes.Length; k++)
        {
            var weight = Rational.One;
            for (int m = 0; m < nodes.Length; m++)
            {
                if (m != k)
                {
                    weight *= (Rational.Zero - nodes[m]) / (nodes[k] - nodes[m]);
                }
            }

            result += weight * values[k];
        }

        return result;
    }

    private static Rational DifferenceQuotient(Expr p, Dictionary<string, Rational> point, string variable, Rational h)
    {
        var plus = new Dictionary<string, Rational>(point) { [variable] = point[variable] + h };
        var minus = new Dictionary<string, Rational>(point) { [variable] = point[variable] - h };
        return (Value(ExactEvaluator.Evaluate(p, plus)) - Value(ExactEvaluator.Evaluate(p, minus))) / (2 * h);
    }

    private static Rational Value(ExactResult result) =>
        result is ExactResult.Value v ? v.Number : throw new AssertionException($"A polynomial evaluated to {result}.");

    // An upper bound on the degree in the variable of a polynomial expression (no negative powers, no functions).
    private static int DegreeBound(Expr e, string variable) => e switch
    {
        Const => 0,
        Var v => v.Name == variable ? 1 : 0,
        Sum s => s.Terms.Max(t => DegreeBound(t, variable)),
        Product p => p.Factors.Sum(f => DegreeBound(f, variable)),
        Power { Exponent: > 0 } p => p.Exponent * DegreeBound(p.Base, variable),
        Power or Apply => throw new AssertionException($"{e} is not a polynomial."),
        _ => throw new UnreachableException(),
    };
}
