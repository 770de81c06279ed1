using System.Diagnostics;
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
public abstract record BoxAnalysis
{
    private BoxAnalysis(double radius, Interval[] box, string reason)
    {
        Radius = radius;
        Box = box;
        Reason = reason;
    }

    /// <summary>The radius ρ of the box.</summary>
    public double Radius { get; }

    /// <summary>The box X.</summary>
    public Interval[] Box { get; }

    /// <summary>Why the outcome is what it is, in one sentence.</summary>
    public string Reason { get; }

    /// <summary>Nothing was proved about critical points in X; <see cref="Reason"/> says why.</summary>
    public sealed record Undecided : BoxAnalysis
    {
        internal Undecided(double radius, Interval[] box, string reason)
            : base(radius, box, reason)
        {
        }
    }

    /// <summary>X holds no critical point: a gradient component excludes 0 over X, or K(X) misses X.</summary>
    public sealed record NoCriticalPoint : BoxAnalysis
    {
        internal NoCriticalPoint(double radius, Interval[] box, string reason, Interval loss, BoxExclusion exclusion)
            : base(radius, box, reason)
        {
            Loss = loss;
            Exclusion = exclusion;
        }

        /// <summary>The enclosure of L over X.</summary>
        public Interval Loss { get; }

        /// <summary>How the absence of a critical point was shown.</summary>
        public BoxExclusion Exclusion { get; }
    }

    /// <summary>Exactly one critical point lies in X: K(X) lies in the interior of X (Krawczyk's theorem).</summary>
    public sealed record UniqueCriticalPoint : BoxAnalysis
    {
        internal UniqueCriticalPoint(double radius, Interval[] box, string reason, Interval loss, Interval[,] hessian, Interval[] image, double[,] preconditioner)
            : base(radius, box, reason)
        {
            Loss = loss;
            Hessian = hessian;
            Image = image;
            Preconditioner = preconditioner;
        }

        /// <summary>The enclosure of L over X.</summary>
        public Interval Loss { get; }

        /// <summary>The enclosure J(X) of ∇²L over X (upper triangle filled).</summary>
        public Interval[,] Hessian { get; }

        /// <summary>The Krawczyk image K(X).</summary>
        public Interval[] Image { get; }

        /// <summary>The preconditioner Y ≈ mid(J)⁻¹ (any Y is sound; it only makes K small).</summary>
        public double[,] Preconditioner { get; }
    }

    /// <summary>The evidence item describing the box and the outcome, with every number needed to replay it.</summary>
    public EvidenceItem.Krawczyk Evidence => this switch
    {
        UniqueCriticalPoint u => new(Radius, Box, BoxCriticality.UniqueCriticalPoint, u.Loss, u.Image, Rows(u.Preconditioner), null),
        NoCriticalPoint { Exclusion: BoxExclusion.ImageMissesBox m } n => new(Radius, Box, BoxCriticality.NoCriticalPoint, n.Loss, m.Image, Rows(m.Preconditioner), m.Coordinate),
        NoCriticalPoint { Exclusion: BoxExclusion.GradientExcludesZero g } n => new(Radius, Box, BoxCriticality.NoCriticalPoint, n.Loss, null, null, g.Coordinate),
        Undecided => new(Radius, Box, BoxCriticality.Undecided, null, null, null, null),
        _ => throw new UnreachableException(),
    };

    private static double[][] Rows(double[,] y) =>
        [.. Enumerable.Range(0, y.GetLength(0)).Select(r => Enumerable.Range(0, y.GetLength(1)).Select(c => y[r, c]).ToArray())];

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
                return new Undecided(rho, box, $"the radius {rho} is too small to contain the exact point's enclosure in coordinate {k}");
            }
        }

        var calculus = new NetworkCalculus<Interval, IntervalOps>(instance);
        using var activity = input.Work?.During("the interval enclosures and Krawczyk's test over the box");
        RigorousCosts.ChargeBoxEnclosures(input.Work, p, instance.Data.Count, instance.Network.Depth);
        try
        {
            var loss = calculus.Loss(box);
            var gradientOverBox = calculus.Gradient(box);
            for (int k = 0; k < p; k++)
            {
                if (!gradientOverBox[k].Contains(0.0))
                {
                    return new NoCriticalPoint(rho, box,
                        $"∂L/∂{instance.Network.ParameterName(k)} lies in [{gradientOverBox[k].Lo:R}, {gradientOverBox[k].Hi:R}] on the whole box, which excludes 0",
                        loss, new BoxExclusion.GradientExcludesZero(k, gradientOverBox[k]));
                }
            }

            var hessian = calculus.Hessian(box);
            var gradientAtCenter = calculus.Gradient(center);
            var y = ApproximateInverse.OfMidpoint(hessian);
            if (y is null)
            {
                return new Undecided(rho, box,
                    "the Hessian at the box's centre is singular, or so small that its inverse overflows double precision (as at a saturated sigmoid or tanh), so no unique critical point can be proved (precision exhausted; non-isolated critical sets such as rescaling orbits also make uniqueness impossible)");
            }

            return KrawczykOperator.Test(center, gradientAtCenter, hessian, box, y) switch
            {
                KrawczykResult.NoZero miss => new NoCriticalPoint(rho, box, $"the Krawczyk image misses the box in coordinate {miss.Coordinate}, so the box holds no critical point",
                    loss, new BoxExclusion.ImageMissesBox(miss.Coordinate, miss.Image, y)),
                KrawczykResult.UniqueZero unique => new UniqueCriticalPoint(rho, box, "the Krawczyk image lies in the interior of the box: exactly one critical point lies within ρ", loss, hessian, unique.Image, y),
                KrawczykResult.Undecided => new Undecided(rho, box,
                    "the Krawczyk image is not inside the box: no unique critical point could be proved within ρ (the Hessian may be singular or ill-conditioned there, as on non-isolated critical sets, or ρ may be too small for the point's accuracy)"),
                _ => throw new UnreachableException(),
            };
        }
        catch (KinkInBoxException e)
        {
            return new Undecided(rho, box, "the box meets a ReLU kink, where the loss is not differentiable: " + e.Message);
        }
        catch (ArithmeticException e)
        {
            return new Undecided(rho, box, "interval arithmetic overflowed or met a division by an interval containing zero: " + e.Message);
        }
    }

}

/// <summary>How a box was shown to hold no critical point: a closed union of the two interval arguments.</summary>
public abstract record BoxExclusion
{
    private BoxExclusion()
    {
    }

    /// <summary>The enclosure of ∂L/∂θₖ over X excludes 0.</summary>
    /// <param name="Coordinate">The index k.</param>
    /// <param name="Gradient">The enclosure of ∂L/∂θₖ over X.</param>
    public sealed record GradientExcludesZero(int Coordinate, Interval Gradient) : BoxExclusion;

    /// <summary>The Krawczyk image K(X) misses X in one coordinate, so X holds no zero of ∇L.</summary>
    /// <param name="Coordinate">The index k with K(X)ₖ ∩ Xₖ = ∅.</param>
    /// <param name="Image">K(X).</param>
    /// <param name="Preconditioner">The preconditioner Y used.</param>
    public sealed record ImageMissesBox(int Coordinate, Interval[] Image, double[,] Preconditioner) : BoxExclusion;
}

/// <summary>What the interval methods proved about critical points in the box (kebab-case words in JSON).</summary>
public enum BoxCriticality
{
    /// <summary>Nothing was proved ("undecided").</summary>
    Undecided,

    /// <summary>Exactly one critical point lies in the box, by Krawczyk ("unique-critical-point").</summary>
    UniqueCriticalPoint,

    /// <summary>No critical point lies in the box ("no-critical-point").</summary>
    NoCriticalPoint,
}
