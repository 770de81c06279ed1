using System.Diagnostics;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// Exact facts at the instance's own point θ for a linear or ReLU network, as a closed union of what θ is: at a
/// ReLU kink (<see cref="Kinked"/>), a differentiable point with a non-zero gradient (<see cref="NotCritical"/>), or
/// an exactly critical point with its Hessian and exact inertia (<see cref="Critical"/>). Every number is a
/// <see cref="Rational"/>.
/// </summary>
public abstract record ExactPointAnalysis
{
    private ExactPointAnalysis(Instance instance, NetworkCalculus<Rational, RationalOps> calculus, Rational[] theta, Rational loss)
    {
        Instance = instance;
        Calculus = calculus;
        Theta = theta;
        Loss = loss;
    }

    /// <summary>The instance analysed.</summary>
    public Instance Instance { get; }

    /// <summary>The work budget the analysis was charged to, for the theories that continue from it, or null for no limit.</summary>
    public WorkBudget? Budget { get; init; }

    /// <summary>The exact calculus of the instance.</summary>
    public NetworkCalculus<Rational, RationalOps> Calculus { get; }

    /// <summary>The exact point θ.</summary>
    public Rational[] Theta { get; }

    /// <summary>L(θ), exactly.</summary>
    public Rational Loss { get; }

    /// <summary>True for a network with only linear layers (its loss is a polynomial in θ).</summary>
    public bool IsPolynomial =>
        (Instance.Network.Depth == 1 || Instance.Network.Activation == Activation.Linear) && Instance.Network.Output == Activation.Linear;

    /// <summary>The exact analysis, or null when the network is not piecewise linear (sigmoid or tanh) or has no point.</summary>
    /// <param name="instance">The instance with its point.</param>
    /// <param name="budget">Charged for the exact gradient, Hessian and inertia (estimated before each from the sizes of the numbers), or null for no limit.</param>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static ExactPointAnalysis? TryCreate(Instance instance, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!instance.HasExactLoss || instance.Weights is null)
        {
            return null;
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        Rational[] theta = [.. instance.Weights];
        int p = theta.Length;
        long bits = ExactSizes.MaxBits(theta) + ExactSizes.MaxBits(instance.Data.XExact) + ExactSizes.MaxBits(instance.Data.YExact);
        long passCost = (long)instance.Data.Count * p * WorkBudget.ProductCost(bits * instance.Network.Depth, bits * instance.Network.Depth);
        using var activity = budget?.During("the exact loss and gradient at the point");
        budget?.CheckBits(bits * instance.Network.Depth);
        budget?.Charge(passCost);
        var kinks = calculus.Kinks(theta);
        var loss = calculus.Loss(theta);
        if (kinks.Count > 0)
        {
            return new Kinked(instance, calculus, theta, loss, kinks) { Budget = budget };
        }

        var gradient = calculus.Gradient(theta);
        if (!gradient.All(g => g.IsZero))
        {
            return new NotCritical(instance, calculus, theta, loss, gradient) { Budget = budget };
        }

        using var hessianActivity = budget?.During("the exact Hessian and its inertia at the point");
        budget?.Charge(passCost * p);
        var hessian = calculus.Hessian(theta);
        return new Critical(instance, calculus, theta, loss, hessian, ExactLinearAlgebra.Inertia(hessian, budget)) { Budget = budget };
    }

    /// <summary>
    /// The exact coefficients of φ(t) = L(θ + t·d) − L(θ) for a linear network, a polynomial of degree at most
    /// 2·depth, by exact interpolation at t = 0 … 2·depth.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network is not linear.</exception>
    public Rational[] LossAlongLine(IReadOnlyList<Rational> direction)
    {
        ArgumentNullException.ThrowIfNull(direction);
        if (!IsPolynomial)
        {
            throw new InvalidOperationException("The loss along a line is a polynomial only for linear networks.");
        }

        int degree = 2 * Instance.Network.Depth;
        var values = new Rational[degree + 1];
        for (int t = 0; t <= degree; t++)
        {
            var point = new Rational[Theta.Length];
            for (int k = 0; k < point.Length; k++)
            {
                point[k] = Theta[k] + t * direction[k];
            }

            values[t] = Calculus.Loss(point) - Loss;
        }

        return ExactPolynomial.InterpolateAtIntegers(values);
    }

    /// <summary>θ lies on a ReLU kink: some pre-activation is exactly 0 on some sample, so L is not differentiable there.</summary>
    public sealed record Kinked : ExactPointAnalysis
    {
        internal Kinked(Instance instance, NetworkCalculus<Rational, RationalOps> calculus, Rational[] theta, Rational loss, IReadOnlyList<Kink> kinks)
            : base(instance, calculus, theta, loss) => Kinks = kinks;

        /// <summary>Every kink at θ (at least one).</summary>
        public IReadOnlyList<Kink> Kinks { get; }
    }

    /// <summary>L is differentiable at θ and its exact gradient ∇L(θ) is not zero.</summary>
    public sealed record NotCritical : ExactPointAnalysis
    {
        internal NotCritical(Instance instance, NetworkCalculus<Rational, RationalOps> calculus, Rational[] theta, Rational loss, Rational[] gradient)
            : base(instance, calculus, theta, loss) => Gradient = gradient;

        /// <summary>∇L(θ), exactly (some entry is non-zero).</summary>
        public Rational[] Gradient { get; }
    }

    /// <summary>θ is an exactly critical, differentiable point: ∇L(θ) = 0, with ∇²L(θ) and its exact inertia.</summary>
    public sealed record Critical : ExactPointAnalysis
    {
        internal Critical(Instance instance, NetworkCalculus<Rational, RationalOps> calculus, Rational[] theta, Rational loss, Rational[,] hessian, ExactInertia inertia)
            : base(instance, calculus, theta, loss)
        {
            Hessian = hessian;
            Inertia = inertia;
        }

        /// <summary>∇²L(θ), exactly.</summary>
        public Rational[,] Hessian { get; }

        /// <summary>The exact inertia of ∇²L(θ) (Sylvester's law, by exact LDLᵀ).</summary>
        public ExactInertia Inertia { get; }
    }
}

/// <summary>The contract's classification words backed by exact evidence (prefix "certified-"), for <c>analyze --exact</c>.</summary>
public static class ExactClassification
{
    /// <summary>
    /// "non-differentiable" (a kink, located exactly), "certified-not-critical" (the gradient is exactly non-zero),
    /// or at an exact critical point "certified-strict-local-min", "certified-strict-local-max",
    /// "certified-strict-saddle" or "certified-degenerate" from the exact inertia.
    /// </summary>
    public static string Of(ExactPointAnalysis point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point switch
        {
            ExactPointAnalysis.Kinked => "non-differentiable",
            ExactPointAnalysis.NotCritical => "certified-not-critical",
            ExactPointAnalysis.Critical { Inertia: { Negative: > 0, Positive: > 0 } } => "certified-strict-saddle",
            ExactPointAnalysis.Critical { Inertia: { Zero: 0, Negative: 0 } } => "certified-strict-local-min",
            ExactPointAnalysis.Critical { Inertia: { Zero: 0, Positive: 0 } } => "certified-strict-local-max",
            ExactPointAnalysis.Critical => "certified-degenerate",
            _ => throw new UnreachableException(),
        };
    }
}
