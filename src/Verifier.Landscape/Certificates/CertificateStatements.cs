namespace Verifier.Landscape.Certificates;

/// <summary>The statements a certificate can make (the contract's words).</summary>
public static class CertificateStatements
{
    /// <summary>Exactly one critical point within the radius (or an exactly critical point).</summary>
    public const string CriticalPoint = "certified-critical-point";

    /// <summary>A certified critical point whose Hessian is positive definite over the whole box.</summary>
    public const string StrictLocalMin = "certified-strict-local-min";

    /// <summary>A certified critical point with proved negative- and positive-curvature directions.</summary>
    public const string StrictSaddle = "certified-strict-saddle";

    /// <summary>
    /// A local minimum, not necessarily strict, at an exact point of a ReLU network (kinks included): zero loss, a dead
    /// layer, or exact KKT multipliers on every piece of a one-hidden-layer network.
    /// </summary>
    public const string LocalMin = "certified-local-min";

    /// <summary>A certified strict local minimum plus a witness point with rigorously lower loss.</summary>
    public const string BadLocalMin = "certified-bad-local-min";

    /// <summary>The format tag of certificate files.</summary>
    public const string FormatTag = "verifier-certificate/1";

    /// <summary>All statements.</summary>
    public static IReadOnlyList<string> All { get; } = [CriticalPoint, LocalMin, StrictLocalMin, StrictSaddle, BadLocalMin];
}
