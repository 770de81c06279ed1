using Verifier.Landscape.Derivatives;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// Rigorous facts about the box X = [θ − ρ, θ + ρ] (componentwise, outward-rounded) around an instance's point:
/// interval enclosures of the gradient and Hessian over X, the Krawczyk test for exactly one critical point in X,
/// and exact tests of definiteness of every Hessian in the enclosure.
/// </summary>
/// <remarks>
/// Krawczyk's theorem: with g = ∇L continuously differentiable on X, a point m ∈ X, any matrix Y and J(X) ⊇ {∇²L(x):
/// x ∈ X}, the operator K(X) = m − Y·g(m) + (I − Y·J(X))·(X − m) satisfies: every zero of g in X lies in K(X); and if
/// K(X) lies in the interior of X, g has exactly one zero in X. Here m ranges over the enclosure of the file's exact
/// point, which only widens K, so the conclusions hold.
/// </remarks>
public sealed class BoxAnalysis
{
    private BoxAnalysis()
    {
    }

    /// <summary>The radius ρ of the box.</summary>
    public double Radius { get; private init; }

    /// <summary>The box X.</summary>
    public Interval[] Box { get; private init; } = [];

    /// <summary>The outcome of the search for a critical point in X.</summary>
    public BoxCriticality Criticality { get; private init; }

    /// <summary>Why the outcome is what it is, in one sentence.</summary>
    public string Explanation { get; private init; } = "";

    /// <summary>The enclosure of ∇²L over X (null when it could not be formed).</summary>
    public Interval[,]? Hessian { get; private init; }

    /// <summary>The enclosure of the loss over X (null when it could not be formed).</summary>
    public Interval? Loss { get; private init; }

    /// <summary>The Krawczyk image K(X) when it was computed.</summary>
    public Interval[]? Krawczyk { get; private init; }

    /// <summary>The preconditioner Y ≈ mid(J)⁻¹ used in the Krawczyk test (any Y is sound; it only makes K small).</summary>
    public double[,]? Preconditioner { get; private init; }

    /// <summary>Evidence facts describing the box and the outcome.</summary>
    public Evidence Evidence => Evidence.Of("interval-krawczyk",
        new Fact("radius", Radius),
        new Fact("box", "componentwise [θ − ρ, θ + ρ] around the instance's point"),
        new Fact("criticality", Criticality.ToString()),
        new Fact("lossLowerBound", Loss?.Lo ?? double.NaN),
        new Fact("lossUpperBound", Loss?.Hi ?? double.NaN));

    /// <summary>Analyses the box around the input's point.</summary>
    public static BoxAnalysis Create(ClaimInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var instance = input.Instance;
        var exact = instance.Weights ?? throw new ArgumentException("The instance has no weights.", nameof(input));
        var theta = instance.WeightsDouble();
        double rho = input.RadiusFor(theta);
        int p = theta.Length;
        var box = IntervalBox.Around(exact, Rational.FromDouble(rho));
        var center = new Interval[p];
        for (int k = 0; k < p; k++)
        {
            center[k] = Interval.FromRational(exact[k]);
            if (!box[k].Contains(center[k]))
            {
                return Unknown(rho, box, $"the radius {rho} is too small to contain the exact point's enclosure in coordinate {k}");
            }
        }

        var calculus = new NetworkCalculus<Interval, IntervalOps>(instance);
        try
        {
            var loss = calculus.Loss(box);
            var gradientOverBox = calculus.Gradient(box);
            for (int k = 0; k < p; k++)
            {
                if (!gradientOverBox[k].Contains(0.0))
                {
                    return new BoxAnalysis
                    {
                        Radius = rho, Box = box, Loss = loss, Criticality = BoxCriticality.NoCriticalPoint,
                        Explanation = $"∂L/∂{instance.Network.ParameterName(k)} lies in [{gradientOverBox[k].Lo:R}, {gradientOverBox[k].Hi:R}] on the whole box, which excludes 0",
                    };
                }
            }

            var hessian = calculus.Hessian(box);
            var gradientAtCenter = calculus.Gradient(center);
            var y = ApproximateInverse.OfMidpoint(hessian);
            if (y is null)
            {
                return new BoxAnalysis
                {
                    Radius = rho, Box = box, Loss = loss, Hessian = hessian, Criticality = BoxCriticality.Unknown,
                    Explanation = "the Hessian is singular at the box's centre, so no unique critical point can be proved (non-isolated critical sets such as rescaling orbits make uniqueness impossible)",
                };
            }

            var k2 = KrawczykOperator.Image(center, gradientAtCenter, hessian, box, y);
            for (int k = 0; k < p; k++)
            {
                if (Interval.Intersect(k2[k], box[k]) is null)
                {
                    return new BoxAnalysis
                    {
                        Radius = rho, Box = box, Loss = loss, Hessian = hessian, Krawczyk = k2, Preconditioner = y, Criticality = BoxCriticality.NoCriticalPoint,
                        Explanation = $"the Krawczyk image misses the box in coordinate {k}, so the box holds no critical point",
                    };
                }
            }

            bool inside = IntervalBox.InInterior(k2, box);
            return new BoxAnalysis
            {
                Radius = rho, Box = box, Loss = loss, Hessian = hessian, Krawczyk = k2, Preconditioner = y,
                Criticality = inside ? BoxCriticality.UniqueCriticalPoint : BoxCriticality.Unknown,
                Explanation = inside
                    ? "the Krawczyk image lies in the interior of the box: exactly one critical point lies within ρ"
                    : "the Krawczyk image is not inside the box: no unique critical point could be proved within ρ (the Hessian may be singular or ill-conditioned there, as on non-isolated critical sets, or ρ may be too small for the point's accuracy)",
            };
        }
        catch (KinkInBoxException e)
        {
            return Unknown(rho, box, "the box meets a ReLU kink, where the loss is not differentiable: " + e.Message);
        }
        catch (ArithmeticException e)
        {
            return Unknown(rho, box, "interval arithmetic overflowed or met a division by an interval containing zero: " + e.Message);
        }
    }

    private static BoxAnalysis Unknown(double rho, Interval[] box, string why) =>
        new() { Radius = rho, Box = box, Criticality = BoxCriticality.Unknown, Explanation = why };
}

/// <summary>What the interval methods proved about critical points in the box.</summary>
public enum BoxCriticality
{
    /// <summary>Nothing was proved.</summary>
    Unknown,

    /// <summary>Exactly one critical point lies in the box (Krawczyk).</summary>
    UniqueCriticalPoint,

    /// <summary>No critical point lies in the box.</summary>
    NoCriticalPoint,
}
