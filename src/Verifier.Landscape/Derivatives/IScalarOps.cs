using System.Runtime.CompilerServices;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>
/// The arithmetic of one scalar type (exact <see cref="Rational"/> or <see cref="double"/>), so that the
/// network calculus is written once and specialised by the JIT for each.
/// </summary>
/// <typeparam name="T">The scalar type.</typeparam>
public interface IScalarOps<T>
{
    /// <summary>The additive identity.</summary>
    static abstract T Zero { get; }

    /// <summary>a + b.</summary>
    static abstract T Add(T a, T b);

    /// <summary>a − b.</summary>
    static abstract T Subtract(T a, T b);

    /// <summary>a · b.</summary>
    static abstract T Multiply(T a, T b);

    /// <summary>The scalar nearest to (or equal to) an exact rational.</summary>
    static abstract T FromRational(Rational r);

    /// <summary>φ(z).</summary>
    static abstract T Activate(Activation a, T z);

    /// <summary>φ′(z).</summary>
    static abstract T Derivative(Activation a, T z);

    /// <summary>φ″(z).</summary>
    static abstract T SecondDerivative(Activation a, T z);

    /// <summary>True when z is exactly zero.</summary>
    static abstract bool IsZero(T z);

    /// <summary>softplus(z) = log(1 + eᶻ), the logistic loss's building block (transcendental: no exact value).</summary>
    static abstract T Softplus(T z);

    /// <summary>|r|, the absolute loss of a residual r (exact for rationals).</summary>
    static abstract T Abs(T r);

    /// <summary>
    /// ℓ′ of the absolute loss at residual r: sign(r). At r = 0 the loss has no derivative: the exact type refuses,
    /// the float type takes sign(0) = 0 by convention, the interval type encloses the whole subdifferential [−1, 1].
    /// </summary>
    static abstract T AbsDerivative(T r);

    /// <summary>
    /// ℓ″ of the absolute loss at residual r: 0 away from r = 0. At r = 0 there is none: the exact type refuses, the
    /// interval type throws <see cref="KinkInBoxException"/> for an enclosure that contains 0, the float type returns 0
    /// by convention.
    /// </summary>
    static abstract T AbsSecondDerivative(T r);
}

/// <summary>Double-precision arithmetic; ReLU′(0) = 0 by convention (the float path only).</summary>
public readonly struct DoubleOps : IScalarOps<double>
{
    /// <inheritdoc/>
    public static double Zero => 0.0;

    /// <inheritdoc/>
    public static double Add(double a, double b) => a + b;

    /// <inheritdoc/>
    public static double Subtract(double a, double b) => a - b;

    /// <inheritdoc/>
    public static double Multiply(double a, double b) => a * b;

    /// <inheritdoc/>
    public static double FromRational(Rational r) => r.ToDouble();

    /// <inheritdoc/>
    public static bool IsZero(double z) => z == 0.0;

    /// <summary>The logistic sigmoid, computed without overflow for either sign of z (the symbolic layer's evaluator).</summary>
    public static double Sigmoid(double z) => DoubleEvaluator.Sigmoid(z);

    /// <summary>
    /// φ(z), φ′(z) and φ″(z) of one activation at one point, with one transcendental call: the single float64
    /// definition of the activations, which <see cref="Activate"/>, <see cref="Derivative"/>,
    /// <see cref="SecondDerivative"/> and the batched passes all read. ReLU′(0) = 0 by convention.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Value, double First, double Second) Jet(Activation a, double z)
    {
        switch (a)
        {
            case Activation.Linear:
                return (z, 1.0, 0.0);
            case Activation.Relu:
                return z > 0 ? (z, 1.0, 0.0) : (0.0, 0.0, 0.0);
            case Activation.Sigmoid:
                double s = Sigmoid(z);
                double ds = s * (1.0 - s);
                return (s, ds, ds * (1.0 - (2.0 * s)));
            case Activation.Tanh:
                double t = Math.Tanh(z);
                double dt = 1.0 - (t * t);
                return (t, dt, -2.0 * t * dt);
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }

    /// <inheritdoc/>
    public static double Activate(Activation a, double z) => Jet(a, z).Value;

    /// <inheritdoc/>
    public static double Derivative(Activation a, double z) => Jet(a, z).First;

    /// <inheritdoc/>
    public static double SecondDerivative(Activation a, double z) => Jet(a, z).Second;

    /// <inheritdoc/>
    /// <remarks>Stable for either sign: max(z, 0) + log1p(e^−|z|), no overflow for large |z|.</remarks>
    public static double Softplus(double z) => Math.Max(z, 0.0) + double.LogP1(Math.Exp(-Math.Abs(z)));

    /// <inheritdoc/>
    public static double Abs(double r) => Math.Abs(r);

    /// <inheritdoc/>
    /// <remarks>sign(0) = 0 by convention (the float path only; a kink is reported by <c>NetworkCalculus.Kinks</c>).</remarks>
    public static double AbsDerivative(double r) => r > 0 ? 1.0 : r < 0 ? -1.0 : 0.0;

    /// <inheritdoc/>
    public static double AbsSecondDerivative(double r) => 0.0;
}

/// <summary>
/// Exact rational arithmetic for linear and ReLU networks. ReLU derivatives at exactly 0 do not exist,
/// so asking for one throws: callers check for kinks first.
/// </summary>
public readonly struct RationalOps : IScalarOps<Rational>
{
    /// <inheritdoc/>
    public static Rational Zero => Rational.Zero;

    /// <inheritdoc/>
    public static Rational Add(Rational a, Rational b) => a + b;

    /// <inheritdoc/>
    public static Rational Subtract(Rational a, Rational b) => a - b;

    /// <inheritdoc/>
    public static Rational Multiply(Rational a, Rational b) => a * b;

    /// <inheritdoc/>
    public static Rational FromRational(Rational r) => r;

    /// <inheritdoc/>
    public static bool IsZero(Rational z) => z.IsZero;

    /// <inheritdoc/>
    public static Rational Activate(Activation a, Rational z) => a switch
    {
        Activation.Linear => z,
        Activation.Relu => z.Sign > 0 ? z : Rational.Zero,
        _ => throw NotRational(a),
    };

    /// <inheritdoc/>
    public static Rational Derivative(Activation a, Rational z) => a switch
    {
        Activation.Linear => Rational.One,
        Activation.Relu => z.Sign switch
        {
            > 0 => Rational.One,
            < 0 => Rational.Zero,
            _ => throw new InvalidOperationException("ReLU has no derivative at a kink (pre-activation exactly 0)."),
        },
        _ => throw NotRational(a),
    };

    /// <inheritdoc/>
    public static Rational SecondDerivative(Activation a, Rational z) => a switch
    {
        Activation.Linear => Rational.Zero,
        Activation.Relu => z.IsZero
            ? throw new InvalidOperationException("ReLU has no second derivative at a kink (pre-activation exactly 0).")
            : Rational.Zero,
        _ => throw NotRational(a),
    };

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: softplus is transcendental, so the logistic loss has no exact value.</exception>
    public static Rational Softplus(Rational z) =>
        throw new NotSupportedException("The logistic loss is transcendental: it has no exact rational value; use the floating or interval path.");

    /// <inheritdoc/>
    public static Rational Abs(Rational r) => r.Sign < 0 ? -r : r;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">r = 0: the absolute loss has no derivative at a zero residual.</exception>
    public static Rational AbsDerivative(Rational r) => r.Sign switch
    {
        > 0 => Rational.One,
        < 0 => -Rational.One,
        _ => throw ZeroResidual(),
    };

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">r = 0: the absolute loss has no derivative at a zero residual.</exception>
    public static Rational AbsSecondDerivative(Rational r) => r.IsZero ? throw ZeroResidual() : Rational.Zero;

    private static InvalidOperationException ZeroResidual() =>
        new("The absolute loss has no derivative at a kink (a residual exactly 0).");

    private static NotSupportedException NotRational(Activation a) =>
        new($"The {Names.Of(a)} activation has no exact rational values; use the floating or interval path.");
}
