using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Numerics.Programming;
using Verifier.Symbolic;

namespace Verifier.Landscape.Paths;

/// <summary>One constraint of the basin region that holds with equality at the minimiser: ⟨uᵢ, xₜ⟩ = 0.</summary>
/// <param name="Unit">The hidden unit i.</param>
/// <param name="Sample">The sample t.</param>
/// <param name="Side">"active" when the point's unit is active on the sample (⟨uᵢ, xₜ⟩ ≥ 0 in the region), "inactive" otherwise (≤ 0).</param>
/// <param name="Multiplier">Its KKT multiplier λ ≥ 0.</param>
public sealed record BasinConstraint(int Unit, int Sample, string Side, Rational Multiplier);

/// <summary>What <see cref="BasinValue.Compute"/> found.</summary>
public abstract record BasinOutcome
{
    private BasinOutcome()
    {
    }

    /// <summary>The basin value, proved optimal by exact KKT multipliers.</summary>
    /// <param name="Value">The least loss over the closure of the point's activation region, exactly.</param>
    /// <param name="Minimiser">U* = (u₁, …, u_n), uᵢ = |vᵢ|·wᵢ, one row per unit.</param>
    /// <param name="Active">The constraints active at U*, with their multipliers.</param>
    /// <param name="StartLoss">The point's own loss (U at the point), for comparison.</param>
    /// <param name="Iterations">Exact iterations: 1 when the float64 guess of the optimal face was verified as it stands.</param>
    /// <param name="FaceVerified">True when the float64 guess of the optimal face was proved optimal directly; false when the general exact active-set method had to run.</param>
    /// <param name="FloatIterations">Iterations of the float64 active-set method that made the guess.</param>
    public sealed record Solved(Rational Value, Rational[][] Minimiser, IReadOnlyList<BasinConstraint> Active, Rational StartLoss, int Iterations, bool FaceVerified, int FloatIterations) : BasinOutcome;

    /// <summary>The network or point is outside the setting.</summary>
    /// <param name="Reason">Why, in one sentence.</param>
    public sealed record NotApplicable(string Reason) : BasinOutcome;

    /// <summary>The exact solver stopped at its iteration limit.</summary>
    /// <param name="Reason">Why, in one sentence.</param>
    public sealed record Undecided(string Reason) : BasinOutcome;
}

/// <summary>How <see cref="BasinValue.Compute"/> finds the optimum; either way it is proved by exact KKT multipliers.</summary>
public enum BasinMethod
{
    /// <summary>
    /// The float64 active-set method finds the optimal face; its minimiser and multipliers are then computed and checked
    /// exactly unit by unit, and the exact active-set method runs only when a check fails. The default.
    /// </summary>
    FloatFaceThenExact,

    /// <summary>The exact active-set method alone, from the point's own U: the reference, tens to hundreds of times slower.</summary>
    ExactActiveSet,
}

/// <summary>
/// The basin value of a point of N(x) = Σᵢ vᵢ[⟨wᵢ, x⟩]₊ (papers.md §1.4, SS-6/SS-7): fix sᵢ = sign(vᵢ) and the
/// activation pattern Aᵢₜ = [⟨wᵢ, xₜ⟩ &gt; 0] of the point; with uᵢ = |vᵢ|·wᵢ the output is J·U, linear in U, and the
/// loss f(U) = (s/2)‖J·U − y‖² is a convex quadratic on the closure of the region {⟨uᵢ, xₜ⟩ ≥ 0 where Aᵢₜ = 1, ≤ 0
/// elsewhere}, a polyhedral cone. A float64 active-set method (<see cref="ActiveSetQuadraticProgram"/>) guesses the
/// optimal face; the minimiser on that face and the multipliers are then computed and checked exactly
/// (<see cref="BasinFace"/>), and when a check fails <see cref="ExactQuadraticProgram"/> runs from the point's own U
/// (feasible). Either way the value is exact and proved by exact KKT multipliers.
/// </summary>
public static class BasinValue
{
    /// <summary>
    /// The most matrix entries the dense QP may need (its constraint rows, n·m of length p = n·d, or H, p×p): 5·10⁷, a
    /// few hundred megabytes of float64 and references before any exact number grows. Larger problems are undecided
    /// at once, with the sizes, instead of running out of memory.
    /// </summary>
    public const long MaxEntries = 50_000_000;

    /// <summary>Computes the basin value of the instance's point; undecided when <paramref name="budget"/> runs out.</summary>
    /// <param name="instance">A bias-free network with one hidden ReLU layer and a point.</param>
    /// <param name="budget">The work budget of the exact computation, or null for none.</param>
    /// <param name="method">How the optimum is found (both prove it by exact KKT multipliers; the default is fast).</param>
    public static BasinOutcome Compute(Instance instance, WorkBudget? budget = null, BasinMethod method = BasinMethod.FloatFaceThenExact)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var net = instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || net.Bias || net.OutputWidth != 1)
        {
            return new BasinOutcome.NotApplicable("the basin is defined for a network with one hidden ReLU layer, no biases and a linear scalar output");
        }

        if (instance.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            return new BasinOutcome.NotApplicable("the basin value is computed for the squared losses (mse, sse)");
        }

        if (instance.Weights is not { } theta)
        {
            return new BasinOutcome.NotApplicable("the instance has no point");
        }

        int n = net.Layers[1], d = net.InputWidth, m = instance.Data.Count;
        int zero = Enumerable.Range(0, n).FirstOrDefault(i => theta[net.WeightOffset(2) + i].IsZero, -1);
        if (zero >= 0)
        {
            return new BasinOutcome.NotApplicable($"hidden unit {zero} has output weight 0: the reparametrisation uᵢ = |vᵢ|·wᵢ loses it");
        }

        // The QP is held densely: n·m constraint rows over p = n·d variables, J (m×p) and H (p×p) in float64.
        long p = (long)n * d, entries = Math.Max(p * n * m, p * p);
        if (entries > MaxEntries)
        {
            return new BasinOutcome.Undecided(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the QP is too large: {n * (long)m} constraints over {p} variables need {entries:N0} matrix entries, beyond the limit of {MaxEntries:N0}"));
        }

        var problem = Problem(instance, theta);
        var (j, y, constraints, labels, u0) = (problem.J, problem.Y, problem.Constraints, problem.Labels, problem.Start);
        var s = problem.Scale;
        QuadraticProgramSolution? solution;
        FloatQuadraticProgramResult guess;
        bool fromFace;
        try
        {
            guess = method == BasinMethod.FloatFaceThenExact ? FloatGuess(problem) : new FloatQuadraticProgramResult([], double.NaN, [], false, 0);
            solution = guess.Converged ? BasinFace.Verify(n, d, j, y, s, constraints, guess, budget) : null;
            fromFace = solution is not null;
            if (solution is null)
            {
                var jt = ExactMatrices.Transpose(j);
                var h = ExactMatrices.Scale(ExactMatrices.Multiply(jt, j, budget), s);
                var g = ExactLinearAlgebra.Multiply(jt, y).Select(c => -s * c).ToArray();
                var constant = s * y.Aggregate(Rational.Zero, (acc, c) => acc + (c * c)) / 2;
                var start = guess.Converged ? new QuadraticProgramGuess(guess.Active, [.. guess.Minimiser.Select(Rational.FromDouble)]) : null;
                solution = ExactQuadraticProgram.Solve(h, g, constant, constraints, u0, budget, start);
            }
        }
        catch (WorkBudgetExhaustedException e)
        {
            return new BasinOutcome.Undecided(e.Message);
        }

        if (solution is null)
        {
            return new BasinOutcome.Undecided($"the exact active-set method stopped after {ExactQuadraticProgram.MaxIterations} iterations");
        }

        var startLoss = IntegerForwardPass.SquaredLoss(instance, IntegerForwardPass.Outputs(instance, theta));
        var minimiser = Enumerable.Range(0, n).Select(i => solution.Minimiser.Skip(i * d).Take(d).ToArray()).ToArray();
        var tight = solution.Active.Select((k, r) => new BasinConstraint(labels[k].Unit, labels[k].Sample, labels[k].Side, solution.Multipliers[r])).ToList();
        return new BasinOutcome.Solved(solution.Value, minimiser, tight, startLoss, solution.Iterations, fromFace, guess.Iterations);
    }

    /// <summary>The QP of the point: J, y, the constraints (k = i·m + t) with their labels, the scale s and the start U.</summary>
    internal static BasinProblem Problem(Instance instance, IReadOnlyList<Rational> theta)
    {
        var net = instance.Network;
        int n = net.Layers[1], d = net.InputWidth, m = instance.Data.Count;
        var x = instance.Data.XExact;
        var z = HiddenSigns(x, theta, n, d, m);
        var y = instance.Data.YExact.ToArray();
        int p = n * d;
        var j = new Rational[m, p];
        var constraints = new List<Rational[]>();
        var labels = new List<(int Unit, int Sample, string Side)>();
        var u0 = new Rational[p];
        var signs = new int[n];
        for (int i = 0; i < n; i++)
        {
            var v = theta[net.WeightOffset(2) + i];
            signs[i] = v.Sign;
            for (int k = 0; k < d; k++)
            {
                u0[(i * d) + k] = v.Abs() * theta[(i * d) + k];
            }

            for (int t = 0; t < m; t++)
            {
                bool active = z[(t * n) + i] > 0;
                var a = new Rational[p];
                for (int k = 0; k < d; k++)
                {
                    a[(i * d) + k] = active ? x[(t * d) + k] : -x[(t * d) + k];
                    if (active)
                    {
                        j[t, (i * d) + k] = v.Sign * x[(t * d) + k];
                    }
                }

                constraints.Add(a);
                labels.Add((i, t, active ? "active" : "inactive"));
            }
        }

        return new BasinProblem(n, d, j, y, LossScale.Of(instance.Loss, m), constraints, labels, u0, signs, x);
    }

    // The signs of the hidden pre-activations ⟨wᵢ, xₜ⟩ (sample-major, t·n + i), exactly: the inputs and the hidden weights
    // each over one common denominator (both positive), so each sign is that of an integer dot product, with no gcd.
    private static int[] HiddenSigns(IReadOnlyList<Rational> x, IReadOnlyList<Rational> theta, int n, int d, int m)
    {
        var dx = IntegerForwardPass.Lcm(x);
        var dw = IntegerForwardPass.Lcm(Enumerable.Range(0, n * d).Select(k => theta[k]));
        var xn = x.Select(v => v.Numerator * (dx / v.Denominator)).ToArray();
        var wn = Enumerable.Range(0, n * d).Select(k => theta[k].Numerator * (dw / theta[k].Denominator)).ToArray();
        var signs = new int[m * n];
        for (int t = 0; t < m; t++)
        {
            for (int i = 0; i < n; i++)
            {
                var sum = System.Numerics.BigInteger.Zero;
                for (int k = 0; k < d; k++)
                {
                    sum += xn[(t * d) + k] * wn[(i * d) + k];
                }

                signs[(t * n) + i] = sum.Sign;
            }
        }

        return signs;
    }

    // The float64 active-set method on the same problem, from the point's own U: a guess of the optimal face, which the
    // exact verification (BasinFace) or the exact method then proves or corrects. J and the constraints are built from
    // the data's doubles and the units' signs and sides (each datum converted once), the same numbers as converting them.
    internal static FloatQuadraticProgramResult FloatGuess(BasinProblem problem)
    {
        int n = problem.Units, d = problem.Inputs, m = problem.Y.Length, p = n * d;
        double scale = Float(problem.Scale);
        var x = problem.X.Select(Float).ToArray();
        var jd = new double[m, p];
        var constraints = new double[n * m][];
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < m; t++)
            {
                bool active = problem.Labels[(i * m) + t].Side == "active";
                var a = new double[p];
                for (int k = 0; k < d; k++)
                {
                    double xk = x[(t * d) + k];
                    a[(i * d) + k] = active ? xk : -xk;
                    if (active)
                    {
                        jd[t, (i * d) + k] = problem.Signs[i] * xk;
                    }
                }

                constraints[(i * m) + t] = a;
            }
        }

        var yd = problem.Y.Select(Float).ToArray();
        var h = new double[p, p];
        var g = new double[p];
        for (int a = 0; a < p; a++)
        {
            for (int t = 0; t < m; t++)
            {
                g[a] -= scale * jd[t, a] * yd[t];
            }

            for (int b = a; b < p; b++)
            {
                double sum = 0;
                for (int t = 0; t < m; t++)
                {
                    sum += jd[t, a] * jd[t, b];
                }

                h[a, b] = h[b, a] = scale * sum;
            }
        }

        return ActiveSetQuadraticProgram.Solve(h, g, constraints, [.. problem.Start.Select(Float)]);

        // Beyond float64: ∞, which the float method meets by making no guess.
        static double Float(Rational r) => r.ToDoubleOrNull() ?? double.PositiveInfinity;
    }
}

/// <summary>The basin QP of a point (see <see cref="BasinValue.Problem"/>).</summary>
/// <param name="Units">n.</param>
/// <param name="Inputs">d.</param>
/// <param name="J">J, m×(n·d).</param>
/// <param name="Y">The targets.</param>
/// <param name="Scale">s, the loss's scale.</param>
/// <param name="Constraints">The rows aₖ of aₖᵀU ≥ 0, k = i·m + t.</param>
/// <param name="Labels">Each constraint's unit, sample and side.</param>
/// <param name="Start">The point's own U (feasible).</param>
/// <param name="Signs">sᵢ = sign(vᵢ), one per unit.</param>
/// <param name="X">The inputs, sample-major (xₜ at t·d).</param>
internal sealed record BasinProblem(int Units, int Inputs, Rational[,] J, Rational[] Y, Rational Scale, List<Rational[]> Constraints, List<(int Unit, int Sample, string Side)> Labels, Rational[] Start, int[] Signs, IReadOnlyList<Rational> X);
