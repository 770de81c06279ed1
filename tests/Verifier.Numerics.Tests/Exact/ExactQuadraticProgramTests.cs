using Verifier.Numerics.Exact;
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
            int n = rng.Next(2, 6), rows = rng.Next(1, 6), m = rng.Next(0, 8);

            // H = BᵀB (positive semidefinite, singular when rows < n), g = −Bᵀy: f(u) = ½‖Bu − y‖² − ½‖y‖².
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
                var side = Dot(a, start);
                constraints.Add(side.Sign < 0 ? [.. a.Select(v => -v)] : a);
            }

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

    private static Rational Dot(Rational[] a, Rational[] b) => a.Zip(b).Aggregate(Rational.Zero, (s, p) => s + (p.First * p.Second));
}
