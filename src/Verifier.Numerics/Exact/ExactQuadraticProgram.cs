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

/// <summary>A guess of a quadratic program's optimum, to be verified exactly.</summary>
/// <param name="Active">The constraints guessed active at the optimum, by index.</param>
/// <param name="Point">A point near the optimum (it need not be feasible or on the guessed face).</param>
public sealed record QuadraticProgramGuess(IReadOnlyList<int> Active, Rational[] Point);

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
    /// <param name="h">H, symmetric positive semidefinite.</param>
    /// <param name="g">g.</param>
    /// <param name="constant">c.</param>
    /// <param name="constraints">The rows aₖ of the constraints aₖᵀu ≥ 0.</param>
    /// <param name="start">A feasible point.</param>
    /// <param name="budget">Charged per iteration and inside every elimination and product, or null for no limit.</param>
    /// <param name="guess">
    /// A guess of the optimum (from <see cref="Programming.ActiveSetQuadraticProgram"/>), or null: the constraints taken
    /// as active and a point near the optimum. The point is moved exactly onto the subspace where the guessed constraints
    /// vanish, then to the nearest minimiser of f on that subspace; when the result keeps every constraint the method
    /// starts there instead of at <paramref name="start"/>, so a right guess is proved in one iteration. A wrong guess
    /// costs that one subspace step and changes nothing else: the answer is always proved by exact KKT multipliers.
    /// </param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    /// <exception cref="ArgumentException">The sizes disagree, the start is not feasible, or a face index is out of range.</exception>
    /// <exception cref="InvalidOperationException">f is unbounded below along a feasible direction (H is not positive semidefinite there).</exception>
    public static QuadraticProgramSolution? Solve(Rational[,] h, Rational[] g, Rational constant, IReadOnlyList<Rational[]> constraints, Rational[] start, WorkBudget? budget = null, QuadraticProgramGuess? guess = null)
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
        if (guess is not null)
        {
            u = FromGuess(h, g, constant, constraints, guess, u, budget);
        }

        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            // The working set is every constraint active at u: no step can then be blocked at length 0, and each step
            // that moves lowers f strictly, so faces are not revisited (a working set kept across steps could cycle).
            var working = new SortedSet<int>(Enumerable.Range(0, constraints.Count).Where(k => ExactLinearAlgebra.Dot(constraints[k], u).IsZero));
            // The eliminations, products and LPs below charge as they run; this is the scan of the constraints and the gradient.
            budget?.Charge(((long)n * (Math.Max(1, constraints.Count) + n)) * WorkBudget.ProductCost(256, 256));
            var gradient = Add(ExactLinearAlgebra.Multiply(h, u), g);

            // The minimum of f on u + null(A_W): p = Z·q with (ZᵀHZ)q = −Zᵀ∇f (pseudo-inverse: ZᵀHZ may be singular).
            var p = SubspaceStep(h, gradient, ExactMatrices.NullSpaceOfRows([.. working.Select(k => constraints[k])], n, budget).Basis, budget);
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

    // The guess's point moved onto its face (kept at the face basis's free coordinates: an oblique projection without
    // inverses) and then to the nearest minimiser on the face; `fallback` unless that point is feasible and no worse.
    private static Rational[] FromGuess(Rational[,] h, Rational[] g, Rational constant, IReadOnlyList<Rational[]> constraints, QuadraticProgramGuess guess, Rational[] fallback, WorkBudget? budget)
    {
        int n = g.Length;
        if (guess.Point.Length != n || guess.Active.Any(k => k < 0 || k >= constraints.Count))
        {
            throw new ArgumentException("The guess's point has the wrong length or names a constraint out of range.", nameof(guess));
        }

        var (z, free) = ExactMatrices.NullSpaceOfRows([.. guess.Active.Select(k => constraints[k])], n, budget);
        var onFace = ExactLinearAlgebra.Multiply(z, [.. free.Select(c => guess.Point[c])]);
        var step = SubspaceStep(h, Add(ExactLinearAlgebra.Multiply(h, onFace), g), z, budget);
        var u = Add(onFace, step);
        return constraints.All(a => ExactLinearAlgebra.Dot(a, u).Sign >= 0) && Value(h, g, constant, u) <= Value(h, g, constant, fallback) ? u : fallback;
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

    // The minimum of f on u + span(Z) as a step p = Z·q with (ZᵀHZ)q = −Zᵀ∇f (a pseudo-inverse: ZᵀHZ may be singular).
    private static Rational[] SubspaceStep(Rational[,] h, Rational[] gradient, Rational[,] z, WorkBudget? budget)
    {
        int dim = z.GetLength(1);
        if (dim == 0)
        {
            return new Rational[gradient.Length];
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
