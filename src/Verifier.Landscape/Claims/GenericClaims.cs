namespace Verifier.Landscape.Claims;

/// <summary>
/// The generic claims about an instance's point, for every network kind: critical-point, local-min,
/// strict-local-min, saddle and bad-local-min. Each is decided only by proof (exact rational arithmetic at the
/// point, or interval methods over the box of radius ρ), and is inconclusive, with its reason, otherwise.
/// </summary>
public static class GenericClaims
{
    /// <summary>The paper key of the generic claims.</summary>
    public static PaperKey Paper => PaperKey.Generic;

    private static readonly string[] PointHypothesis = ["the instance gives a point θ (weights)"];

    /// <summary>θ is a critical point: the gradient is exactly zero there, or exactly one critical point lies within ρ.</summary>
    public static Claim CriticalPoint { get; } = new(
        "critical-point", Paper,
        "The point is a critical point: its gradient is exactly zero, or exactly one critical point lies within the radius ρ.",
        PointHypothesis, input => PointDecider.For(input).CriticalPoint());

    /// <summary>The (unique nearby) critical point is a local minimum, strict or not.</summary>
    public static Claim LocalMin { get; } = new(
        "local-min", Paper,
        "The point (or the unique critical point within ρ) is a local minimum, strict or not.",
        PointHypothesis, input => PointDecider.For(input).LocalMin());

    /// <summary>The (unique nearby) critical point is a strict local minimum.</summary>
    public static Claim StrictLocalMin { get; } = new(
        "strict-local-min", Paper,
        "The point (or the unique critical point within ρ) is a strict local minimum.",
        PointHypothesis, input => PointDecider.For(input).StrictLocalMin());

    /// <summary>The (unique nearby) critical point is a saddle: neither a local minimum nor a local maximum.</summary>
    public static Claim Saddle { get; } = new(
        "saddle", Paper,
        "The point (or the unique critical point within ρ) is a saddle: a critical point that is neither a local minimum nor a local maximum.",
        PointHypothesis, input => PointDecider.For(input).Saddle());

    /// <summary>The point is a local minimum and a witness point has strictly lower loss.</summary>
    public static Claim BadLocalMin { get; } = new(
        "bad-local-min", Paper,
        "The point is a local minimum (strict or not) and a witness point of the same network and data has strictly lower loss.",
        [.. PointHypothesis, "a witness point is given (--witness) for the comparison"], input => PointDecider.For(input).BadLocalMin());

    /// <summary>All generic claims, in catalogue order.</summary>
    public static IReadOnlyList<Claim> All { get; } = [CriticalPoint, LocalMin, StrictLocalMin, Saddle, BadLocalMin];
}
