using System.Text.Json;
using System.Text.Json.Serialization;
using Verifier.Landscape.Serialization;
using Verifier.Symbolic;

namespace Verifier.Landscape.Certificates;

/// <summary>
/// A certificate file as a typed document, written and read through the one JSON layer. The embedded instance and a
/// witness's weights stay JSON (the file's own numbers, exactly as written); everything else is typed. Fields a
/// statement does not need are absent.
/// </summary>
/// <param name="Format">The format tag, <see cref="CertificateStatements.FormatTag"/>.</param>
/// <param name="Statement">The statement certified (a word of <see cref="CertificateStatements"/>).</param>
/// <param name="Instance">The instance, embedded as the file's own JSON object.</param>
/// <param name="Point">Where the statement speaks: the exact point, or the box of a radius around it.</param>
/// <param name="Preconditioner">Box mode: the Krawczyk preconditioner Y (a hint; any Y is sound).</param>
/// <param name="LossBounds">Strict or bad local minimum: bounds of the loss at the minimum.</param>
/// <param name="NegativeCurvatureDirection">Strict saddle: d with dᵀ·H·d &lt; 0 (a hint, re-checked).</param>
/// <param name="PositiveCurvatureDirection">Strict saddle: d with dᵀ·H·d &gt; 0 (a hint, re-checked).</param>
/// <param name="Witness">Bad local minimum: the witness point.</param>
/// <param name="LocalMinimum">Local minimum (not necessarily strict): the argument the kernel re-checks.</param>
internal sealed record CertificateDocument(
    string Format,
    string Statement,
    [property: JsonConverter(typeof(VerbatimJsonConverter))] JsonElement Instance,
    CertificatePoint Point,
    IReadOnlyList<IReadOnlyList<double>>? Preconditioner = null,
    CertificateLossBounds? LossBounds = null,
    IReadOnlyList<Rational>? NegativeCurvatureDirection = null,
    IReadOnlyList<Rational>? PositiveCurvatureDirection = null,
    CertificateWitness? Witness = null,
    CertificateLocalMinimum? LocalMinimum = null);

/// <summary>
/// The argument of a <c>certified-local-min</c>: "zero-loss" (a sum of squares equal to 0), "dead-layer" (hidden
/// layer <paramref name="Layer"/> dead on every sample and the loss of the best constant output attained) or
/// "piecewise-convex" (one hidden ReLU layer: per unit and per sign choice of its tied samples, exact multipliers that
/// put the gradient in the product coordinates in the piece's dual cone).
/// </summary>
/// <param name="Route">"zero-loss", "dead-layer" or "piecewise-convex".</param>
/// <param name="Layer">Dead layer: the layer.</param>
/// <param name="Units">Piecewise convex: every hidden unit's conditions.</param>
internal sealed record CertificateLocalMinimum(string Route, int? Layer = null, IReadOnlyList<Claims.UnitPieces>? Units = null);

/// <summary>Where a certificate's statement speaks: the exact point, or the box of a radius around it.</summary>
/// <param name="Mode">Exact or box.</param>
/// <param name="Radius">Box mode: the radius ρ, exactly.</param>
internal sealed record CertificatePoint(CertificateMode Mode, Rational? Radius = null);

/// <summary>How a certificate's point is taken.</summary>
internal enum CertificateMode
{
    /// <summary>The file's point itself, in exact arithmetic ("exact").</summary>
    Exact,

    /// <summary>The unique critical point in the box of radius ρ, by interval arithmetic ("box").</summary>
    Box,
}

/// <summary>Bounds of the loss at the certified minimum.</summary>
/// <param name="Lower">The lower bound, exactly.</param>
/// <param name="Upper">The upper bound, exactly.</param>
internal sealed record CertificateLossBounds(Rational Lower, Rational Upper);

/// <summary>The witness of a bad local minimum: weights of the same network, as JSON layers (the instance file's form).</summary>
/// <param name="Weights">The weights, exactly as given.</param>
internal sealed record CertificateWitness([property: JsonConverter(typeof(VerbatimJsonConverter))] JsonElement Weights);
