using Verifier.Numerics.Exact;
using Verifier.Numerics.Programming;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Exact;

/// <summary>
/// The exact convex QP over a polyhedral cone against its optimality conditions, recomputed here: feasibility,
/// complementarity (active constraints at 0), ∇f(u*) = Σλₖaₖ with λ ≥ 0, the value f(u*), and f(u*) ≤ f(start).
/// </summary>
public class ExactQuadraticProgramTests
{
    [Test]
    public void TheSolutionSatisfiesKktAndIsNoWorseThanTheStart([Values(1, 2, 3, 4)] int seed)
    {
        var rng = new Random(seed);
        int withActive = 0;
        for (int trial = 0; trial < 15; trial++)
        {
            // H = BᵀB (positive semidefinite, singular when B has fewer rows than columns), g = −Bᵀy: f(u) = ½‖Bu − y‖² − ½‖y‖².
            var (h, g, constraints, start) = Problem(rng, width: rng.Next(2, 6));
            int n = g.Length;
            var solution = ExactQuadraticProgram.Solve(h, g, Rational.Zero, constraints, start);
            Assert.That(solution, Is.Not.Null, $"seed {seed}, trial {trial}");
            var u = solution!.Minimiser;
            Assert.That(constraints.All(a => Dot(a, u).Sign >= 0), "feasible");
            Assert.That(solution.Active.All(k => Dot(constraints[k], u).IsZero), "active constraints hold with equality");
            Assert.That(solution.Multipliers.All(l => l.Sign >= 0), "λ ≥ 0");
            var gradient = ExactLinearAlgebra.Multiply(h, u).Select((v, i) => v + g[i]).ToArray();
            for (int i = 0; i < n; i++)
            {
                var sum = solution.Active.Select((k, r) => solution.Multipliers[r] * constraints[k][i]).Aggregate(Rational.Zero, (s, v) => s + v);
                Assert.That(gradient[i], Is.EqualTo(sum), $"stationarity, coordinate {i}");
            }

            Rational F(Rational[] v) => (ExactLinearAlgebra.QuadraticForm(h, v) / 2) + Dot(g, v);
            Assert.That(solution.Value, Is.EqualTo(F(u)));
            Assert.That(solution.Value, Is.LessThanOrEqualTo(F(start)));
            withActive += solution.Active.Length > 0 ? 1 : 0;
        }

        Assert.That(withActive, Is.GreaterThan(3), "the draw must exercise active constraints");
    }

    [Test]
    public void AGuessNeverChangesTheOptimumAndTheFloatGuessIsProvedInOneIteration([Values(1, 2, 3, 4)] int seed)
    {
        var rng = new Random(seed);
        int oneStep = 0, trials = 20;
        for (int trial = 0; trial < trials; trial++)
        {
            var (h, g, constraints, start) = Problem(rng, width: rng.Next(2, 7));
            var reference = ExactQuadraticProgram.Solve(h, g, Rational.Zero, constraints, start)!;

            // The float64 method's guess: its value agrees with the exact optimum to rounding, and the exact method
            // started from it reaches the same exact value.
            var floatResult = ActiveSetQuadraticProgram.Solve(ToDoubles(h), [.. g.Select(v => v.ToDouble())], [.. constraints.Select(a => a.Select(v => v.ToDouble()).ToArray())], [.. start.Select(v => v.ToDouble())]);
            Assert.That(floatResult.Converged, $"seed {seed}, trial {trial}: the float method converges on a small problem ({floatResult.Iterations} iterations, value {floatResult.Value:R} against {reference.Value.ToDouble():R}, active {string.Join(",", floatResult.Active)} against {string.Join(",", reference.Active)})");
            Assert.That(floatResult.Value, Is.EqualTo(reference.Value.ToDouble()).Within(FloatAgreement * (1 + Math.Abs(reference.Value.ToDouble()))), "float value against the exact optimum");
            var guided = ExactQuadraticProgram.Solve(h, g, Rational.Zero, constraints, start, guess: new QuadraticProgramGuess(floatResult.Active, [.. floatResult.Minimiser.Select(Rational.FromDouble)]))!;
            Assert.That(guided.Value, Is.EqualTo(reference.Value), "the float guess does not change the exact optimum");
            oneStep += guided.Iterations == 1 ? 1 : 0;

            // A wrong guess (a random face and a random point) is corrected: the same exact optimum.
            var face = Enumerable.Range(0, constraints.Count).Where(_ => rng.Next(2) == 0).ToArray();
            var point = Enumerable.Range(0, g.Length).Select(_ => new Rational(rng.Next(-9, 10), rng.Next(1, 5))).ToArray();
            var wrong = ExactQuadraticProgram.Solve(h, g, Rational.Zero, constraints, start, guess: new QuadraticProgramGuess(face, point))!;
            Assert.That(wrong.Value, Is.EqualTo(reference.Value), "a wrong guess does not change the exact optimum");
        }

        Assert.That(oneStep, Is.GreaterThanOrEqualTo(trials * 3 / 4), "the float guess is usually right as it stands");
    }

    // Agreement of the float64 method's value with the exact optimum: small integer problems (entries ≤ 5, n ≤ 6), where
    // the rounding of a few hundred operations stays far below 1e-9 of the value's size.
    private const double FloatAgreement = 1e-9;

    private static (Rational[,] H, Rational[] G, List<Rational[]> Constraints, Rational[] Start) Problem(Random rng, int width)
    {
        int n = width, rows = rng.Next(1, 6), m = rng.Next(1, 9);
        var b = new Rational[rows, n];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < n; c++)
            {
                b[r, c] = rng.Next(-3, 4);
            }
        }

        var y = Enumerable.Range(0, rows).Select(_ => (Rational)rng.Next(-5, 6)).ToArray();
        var h = ExactMatrices.Multiply(ExactMatrices.Transpose(b), b);
        var g = ExactLinearAlgebra.Multiply(ExactMatrices.Transpose(b), y).Select(v => -v).ToArray();
        var start = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-3, 4)).ToArray();
        var constraints = new List<Rational[]>();
        for (int k = 0; k < m; k++)
        {
            var a = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-2, 3)).ToArray();
            constraints.Add(Dot(a, start).Sign < 0 ? [.. a.Select(v => -v)] : a);
        }

        return (h, g, constraints, start);
    }

    private static double[,] ToDoubles(Rational[,] a)
    {
        var d = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < a.GetLength(0); i++)
        {
            for (int j = 0; j < a.GetLength(1); j++)
            {
                d[i, j] = a[i, j].ToDouble();
            }
        }

        return d;
    }

    private static Rational Dot(Rational[] a, Rational[] b) => a.Zip(b).Aggregate(Rational.Zero, (s, p) => s + (p.First * p.Second));
}
