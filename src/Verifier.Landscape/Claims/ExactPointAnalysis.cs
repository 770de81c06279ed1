using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// Exact facts at the instance's own point for a linear or ReLU network: loss, gradient, kinks and, where the
/// loss is differentiable, the Hessian and its exact inertia. Every number is a <see cref="Rational"/>.
/// </summary>
public sealed class ExactPointAnalysis
{
    private ExactPointAnalysis(Instance instance, NetworkCalculus<Rational, RationalOps> calculus)
    {
        Instance = instance;
        Calculus = calculus;
        Theta = [.. instance.Weights!];
        Kinks = calculus.Kinks(Theta);
        Loss = calculus.Loss(Theta);
        if (Kinks.Count == 0)
        {
            Gradient = calculus.Gradient(Theta);
            IsCritical = Gradient.All(g => g.IsZero);
            if (IsCritical)
            {
                Hessian = calculus.Hessian(Theta);
                Inertia = ExactLinearAlgebra.Inertia(Hessian);
            }
        }
    }

    /// <summary>The instance analysed.</summary>
    public Instance Instance { get; }

    /// <summary>The exact calculus of the instance.</summary>
    public NetworkCalculus<Rational, RationalOps> Calculus { get; }

    /// <summary>The exact point θ.</summary>
    public Rational[] Theta { get; }

    /// <summary>ReLU kinks at θ (pre-activations exactly 0).</summary>
    public IReadOnlyList<Kink> Kinks { get; }

    /// <summary>L(θ), exactly.</summary>
    public Rational Loss { get; }

    /// <summary>∇L(θ), exactly; null at a kink.</summary>
    public Rational[]? Gradient { get; }

    /// <summary>True when the gradient is exactly zero.</summary>
    public bool IsCritical { get; }

    /// <summary>∇²L(θ), exactly; only at a critical point without kinks.</summary>
    public Rational[,]? Hessian { get; }

    /// <summary>The exact inertia of the Hessian; only at a critical point without kinks.</summary>
    public ExactInertia? Inertia { get; }

    /// <summary>The exact analysis, or null when the network is not piecewise linear (sigmoid or tanh) or has no point.</summary>
    public static ExactPointAnalysis? TryCreate(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!instance.Network.IsPiecewiseLinear || instance.Weights is null)
        {
            return null;
        }

        return new ExactPointAnalysis(instance, new NetworkCalculus<Rational, RationalOps>(instance));
    }

    /// <summary>True for a network with only linear layers (its loss is a polynomial in θ).</summary>
    public bool IsPolynomial =>
        (Instance.Network.Depth == 1 || Instance.Network.Activation == Activation.Linear) && Instance.Network.Output == Activation.Linear;

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
        if (point.Kinks.Count > 0)
        {
            return "non-differentiable";
        }

        if (!point.IsCritical)
        {
            return "certified-not-critical";
        }

        var i = point.Inertia!;
        return i switch
        {
            { Negative: > 0, Positive: > 0 } => "certified-strict-saddle",
            { Zero: 0, Negative: 0 } => "certified-strict-local-min",
            { Zero: 0, Positive: 0 } => "certified-strict-local-max",
            _ => "certified-degenerate",
        };
    }
}
