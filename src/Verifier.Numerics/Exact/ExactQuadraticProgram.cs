using Verifier.Numerics.Budgets;
using Verifier.Symbolic;

namespace Verifier.Numerics.Exact;

/// <summary>The solution of a convex quadratic program over a polyhedral cone, with its optimality certificate.</summary>
/// <param name="Minimiser">u*.</param>
/// <param name="Value">f(u*) = ½u*ᵀHu* + gᵀu* + c, exactly.</param>
/// <param name="Active">The constraints aₖᵀu ≥ 0 that hold with equality at u*, by index.</param>
/// <param name="Multipliers">λ ≥ 0, one per active constraint, with ∇f(u*) = Σ λₖaₖ (the KKT certificate).</param>
/// <param name="Iterations">Active-set iterations.</param>
public sealed record QuadraticProgramSolution(Rational[] Minimiser, Rational Value, int[] Active, Rational[] Multipliers, int Iterations);

/// <summary>
/// Exact minimisation of a convex quadratic f(u) = ½uᵀHu + gᵀu + c (H symmetric positive semidefinite, f bounded
/// below on the feasible set) subject to homogeneous linear constraints aₖᵀu ≥ 0, from a feasible start, by a primal
/// active-set method in rational arithmetic. Each step minimises f on the subspace of the working constraints (by the
/// null-space method with a pseudo-inverse, so a singular H is fine); at a subspace minimum the KKT test is an exact
/// cone-membership problem (<see cref="ConeMembership"/>): either ∇f = Σλₖaₖ with λ ≥ 0 (optimal: for a convex
/// problem the KKT conditions suffice) or a separating y gives a feasible descent direction, followed to the exact
/// line minimum or the first blocking constraint.
/// </summary>
public static class ExactQuadraticProgram
{
    /// <summary>The most active-set iterations before giving up.</summary>
    public const int MaxIterations = 500;

    /// <summary>Solves the program from the feasible point <paramref name="start"/>; null when the iteration limit is reached.</summary>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out (charged per iteration and inside every elimination and product).</exception>
    /// <exception cref="ArgumentException">The sizes disagree, or the start is not feasible.</exception>
    /// <exception cref="InvalidOperationException">f is unbounded below along a feasible direction (H is not positive semidefinite there).</exception>
    public static QuadraticProgramSolution? Solve(Rational[,] h, Rational[] g, Rational constant, IReadOnlyList<Rational[]> constraints, Rational[] start, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(g);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(start);
        int n = g.Length;
        if (h.GetLength(0) != n || h.GetLength(1) != n || start.Length != n || constraints.Any(a => a.Length != n))
        {
            throw new ArgumentException("H, g, the constraints and the start must have matching sizes.");
        }

        if (constraints.Any(a => ExactLinearAlgebra.Dot(a, start).Sign < 0))
        {
            throw new ArgumentException("The start violates a constraint.", nameof(start));
        }

        var u = (Rational[])start.Clone();
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            // The working set is every constraint active at u: no step can then be blocked at length 0, and each step
            // that moves lowers f strictly, so faces are not revisited (a working set kept across steps could cycle).
            var working = new SortedSet<int>(Enumerable.Range(0, constraints.Count).Where(k => ExactLinearAlgebra.Dot(constraints[k], u).IsZero));
            // The eliminations, products and LPs below charge as they run; this is the scan of the constraints and the gradient.
            budget?.Charge(((long)n * (Math.Max(1, constraints.Count) + n)) * WorkBudget.ProductCost(256, 256));
            var gradient = Add(ExactLinearAlgebra.Multiply(h, u), g);

            // The minimum of f on u + null(A_W): p = Z·q with (ZᵀHZ)q = −Zᵀ∇f (pseudo-inverse: ZᵀHZ may be singular).
            var p = SubspaceStep(h, gradient, working.Select(k => constraints[k]).ToList(), n, budget);
            if (p.Any(x => !x.IsZero))
            {
                u = StepTowards(h, gradient, constraints, working, u, p, Rational.One);
                continue;
            }

            var active = working.ToArray();
            switch (ConeMembership.Decide([.. active.Select(k => constraints[k])], gradient, budget))
            {
                case ConeAnswer.Member member:
                    return new QuadraticProgramSolution(u, Value(h, g, constant, u), active, member.Multipliers, iteration);
                case ConeAnswer.Separated separated:
                    // y keeps every working constraint (aₖ·y ≥ 0) and descends (∇f·y < 0): drop the constraints it leaves.
                    var y = separated.Direction;
                    var curvature = ExactLinearAlgebra.QuadraticForm(h, y);
                    if (curvature.Sign <= 0)
                    {
                        throw new InvalidOperationException("The quadratic is unbounded below along a feasible direction.");
                    }

                    foreach (var k in active.Where(k => ExactLinearAlgebra.Dot(constraints[k], y).Sign > 0))
                    {
                        working.Remove(k);
                    }

                    u = StepTowards(h, gradient, constraints, working, u, y, -ExactLinearAlgebra.Dot(gradient, y) / curvature);
                    break;
            }
        }

        return null;
    }

    // Moves u along d by the largest step up to `limit` that keeps every constraint, adding the first blocking one.
    private static Rational[] StepTowards(Rational[,] h, Rational[] gradient, IReadOnlyList<Rational[]> constraints, SortedSet<int> working, Rational[] u, Rational[] d, Rational limit)
    {
        Rational step = limit;
        int blocking = -1;
        for (int k = 0; k < constraints.Count; k++)
        {
            if (working.Contains(k))
            {
                continue;
            }

            var rate = ExactLinearAlgebra.Dot(constraints[k], d);
            if (rate.Sign < 0)
            {
                var reach = -ExactLinearAlgebra.Dot(constraints[k], u) / rate;
                if (reach <= step)
                {
                    step = reach;
                    blocking = k;
                }
            }
        }

        if (blocking >= 0)
        {
            working.Add(blocking);
        }

        return [.. u.Select((x, i) => x + (step * d[i]))];
    }

    private static Rational[] SubspaceStep(Rational[,] h, Rational[] gradient, List<Rational[]> working, int n, WorkBudget? budget)
    {
        Rational[,] z;
        if (working.Count == 0)
        {
            z = ExactMatrices.Identity(n);
        }
        else
        {
            var a = new Rational[working.Count, n];
            for (int r = 0; r < working.Count; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    a[r, c] = working[r][c];
                }
            }

            z = ExactMatrices.NullSpace(a, budget);
        }

        int dim = z.GetLength(1);
        if (dim == 0)
        {
            return new Rational[n];
        }

        var zt = ExactMatrices.Transpose(z);
        var reduced = ExactMatrices.Multiply(ExactMatrices.Multiply(zt, h, budget), z, budget);
        var rhs = ExactLinearAlgebra.Multiply(zt, gradient).Select(x => -x).ToArray();
        var q = ExactLinearAlgebra.Multiply(ExactMatrices.PseudoInverse(reduced, budget), rhs);
        return ExactLinearAlgebra.Multiply(z, q);
    }

    private static Rational Value(Rational[,] h, Rational[] g, Rational constant, Rational[] u) =>
        (ExactLinearAlgebra.QuadraticForm(h, u) / 2) + ExactLinearAlgebra.Dot(g, u) + constant;

    private static Rational[] Add(Rational[] a, Rational[] b) => [.. a.Select((x, i) => x + b[i])];
}
