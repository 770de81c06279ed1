using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// Rigorous interval arithmetic for the network calculus: with it, <c>NetworkCalculus&lt;Interval, IntervalOps&gt;</c>
/// computes interval extensions of the loss, gradient, Hessian-vector products and Hessian over a box of
/// parameters, each interval containing the exact value for every point of the box.
/// </summary>
/// <remarks>
/// <para>
/// Data, targets and constants enter through <see cref="FromRational"/>, the enclosure of the exact rational
/// (0.1 is enclosed as 1/10, not as its nearest double). The activations and their derivatives are the
/// rigorous enclosures of <see cref="Interval"/> (no call to Math.Exp or Math.Tanh).
/// </para>
/// <para>
/// ReLU values are fine anywhere ([max(0, lo), max(0, hi)]). Its derivatives exist only where the
/// pre-activation keeps one sign on the whole box: an enclosure entirely above 0 gives 1, entirely below 0
/// gives 0, and one that contains 0 throws <see cref="KinkInBoxException"/>, since the box meets (or, through
/// overestimation, may meet) a kink where the loss is not differentiable. Callers turn that into an
/// inconclusive verdict with the exception's reason.
/// </para>
/// <para>
/// <see cref="IsZero"/> is true only for the point interval [0, 0], so
/// <c>NetworkCalculus.Kinks</c> reports only pre-activations that are exactly 0 on the whole box; a box that
/// merely reaches a kink is signalled by <see cref="KinkInBoxException"/> from the derivatives.
/// </para>
/// </remarks>
public readonly struct IntervalOps : IScalarOps<Interval>
{
    /// <inheritdoc/>
    public static Interval Zero => Interval.Zero;

    /// <inheritdoc/>
    public static Interval Add(Interval a, Interval b) => a + b;

    /// <inheritdoc/>
    public static Interval Subtract(Interval a, Interval b) => a - b;

    /// <inheritdoc/>
    public static Interval Multiply(Interval a, Interval b) => a * b;

    /// <summary>The tightest enclosure of the exact rational (see <see cref="Interval.FromRational"/>).</summary>
    public static Interval FromRational(Rational r) => Interval.FromRational(r);

    /// <summary>True only for the point interval [0, 0].</summary>
    public static bool IsZero(Interval z) => z.Lo == 0 && z.Hi == 0;

    /// <inheritdoc/>
    public static Interval Activate(Activation a, Interval z) => a switch
    {
        Activation.Linear => z,
        Activation.Relu => new Interval(Math.Max(0.0, z.Lo), Math.Max(0.0, z.Hi)),
        Activation.Sigmoid => Interval.Sigmoid(z),
        Activation.Tanh => Interval.Tanh(z),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <inheritdoc/>
    /// <exception cref="KinkInBoxException">ReLU with a pre-activation enclosure that contains 0.</exception>
    public static Interval Derivative(Activation a, Interval z) => a switch
    {
        Activation.Linear => Interval.One,
        Activation.Relu => z.Lo > 0 ? Interval.One : z.Hi < 0 ? Interval.Zero : throw new KinkInBoxException(z),
        Activation.Sigmoid => Interval.SigmoidDerivative(z),
        Activation.Tanh => Interval.TanhDerivative(z),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <inheritdoc/>
    /// <exception cref="KinkInBoxException">ReLU with a pre-activation enclosure that contains 0.</exception>
    public static Interval SecondDerivative(Activation a, Interval z) => a switch
    {
        Activation.Linear => Interval.Zero,
        Activation.Relu => z.Lo > 0 || z.Hi < 0 ? Interval.Zero : throw new KinkInBoxException(z),
        Activation.Sigmoid => Interval.SigmoidSecondDerivative(z),
        Activation.Tanh => Interval.TanhSecondDerivative(z),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <inheritdoc/>
    /// <remarks>
    /// softplus is increasing, so the endpoints suffice; at each, log(1 + eˣ) for x &lt; 0 and x + log(1 + e^−x) for
    /// x ≥ 0 are evaluated in outward-rounded interval arithmetic (the exponential's argument never positive, so no
    /// overflow; for very negative x the enclosure is [0, tiny]).
    /// </remarks>
    public static Interval Softplus(Interval z) => new(SoftplusAt(z.Lo).Lo, SoftplusAt(z.Hi).Hi);

    /// <inheritdoc/>
    /// <remarks>[min |r|, max |r|] over the enclosure (0 when it contains 0).</remarks>
    public static Interval Abs(Interval r) =>
        r.Lo >= 0 ? r : r.Hi <= 0 ? new Interval(-r.Hi, -r.Lo) : new Interval(0.0, Math.Max(-r.Lo, r.Hi));

    /// <inheritdoc/>
    /// <remarks>
    /// 1 or −1 where the enclosure keeps one sign; [−1, 1] where it contains 0, which encloses Clarke's generalized
    /// gradient of |·| there, so gradient enclosures stay valid for mean-value forms of the (Lipschitz) loss.
    /// </remarks>
    public static Interval AbsDerivative(Interval r) =>
        r.Lo > 0 ? Interval.One : r.Hi < 0 ? -Interval.One : new Interval(-1.0, 1.0);

    /// <inheritdoc/>
    /// <exception cref="KinkInBoxException">The enclosure contains 0: the box meets (or may meet) a kink of the loss.</exception>
    public static Interval AbsSecondDerivative(Interval r) => r.Lo > 0 || r.Hi < 0 ? Interval.Zero : throw new KinkInBoxException($"The box meets a kink of the absolute loss: a residual ranges over {r}, which contains 0, where |·| has no derivative.");

    private static Interval SoftplusAt(double x)
    {
        if (double.IsNegativeInfinity(x))
        {
            return Interval.Zero;
        }

        if (double.IsPositiveInfinity(x))
        {
            return new Interval(double.MaxValue, double.PositiveInfinity);
        }

        var p = Interval.Point(x);
        return x < 0 ? Interval.Log(Interval.One + Interval.Exp(p)) : p + Interval.Log(Interval.One + Interval.Exp(-p));
    }
}

/// <summary>
/// A ReLU derivative was asked for over a box on which a pre-activation enclosure contains 0: the box meets
/// (or, through interval overestimation, may meet) a ReLU kink, where the loss is not differentiable, so no
/// derivative-based conclusion can be drawn on this box. Callers report "inconclusive" with
/// <see cref="Exception.Message"/> as the reason, or split the box.
/// </summary>
public sealed class KinkInBoxException : Exception
{
    /// <summary>Creates the error for the pre-activation enclosure that contains 0.</summary>
    public KinkInBoxException(Interval preActivation)
        : base($"The box meets a ReLU kink: a pre-activation ranges over {preActivation}, which contains 0, where ReLU has no derivative.")
    {
        PreActivation = preActivation;
    }

    /// <summary>Creates the error with a default message.</summary>
    public KinkInBoxException()
        : base("The box meets a ReLU kink, where ReLU has no derivative.")
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public KinkInBoxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and an inner exception.</summary>
    public KinkInBoxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The pre-activation enclosure that contains 0 (the entire line when not given).</summary>
    public Interval PreActivation { get; } = Interval.Entire;
}
