namespace Verifier.Numerics.Tests.Intervals;

/// <summary>
/// The tightness bounds the interval tests hold the code to, in ulps (units in the last place of the result),
/// and why each has its size. Soundness (containment) has no tolerance at all: it is checked exactly.
/// The "measured" figures are the largest widths over 2·10⁶ random points (moderate, tiny and up to ±700)
/// of the point enclosures; each bound leaves about half as much again, since FsCheck draws other points.
/// </summary>
internal static class IntervalTolerance
{
    /// <summary>
    /// +, −, ×, ÷, √ of point intervals: each endpoint is the rounded result or its outward neighbour, so the
    /// interval spans at most the two neighbours of the rounded result (a proof, not a measurement).
    /// </summary>
    public const long BasicOperationUlps = 2;

    /// <summary>
    /// exp at a point with a normal result: the reduced argument is about 1 ulp wide, Horner's rule adds
    /// roundings damped by |r| ≤ 1/2, and 1 + (eʳ − 1) one more; measured ≤ 3.
    /// </summary>
    public const long ExpUlps = 4;

    /// <summary>expm1 at a point: as exp, plus the subtraction of 1 for |x| &gt; 1/2, which loses up to a bit; measured ≤ 6.</summary>
    public const long Expm1Ulps = 8;

    /// <summary>
    /// ln at a point: s = (m − 1)/(m + 1) is about 3 ulps wide (m + 1 and the quotient each rounded outward), the
    /// series squares s and multiplies by it again, and e·ln 2 is added; measured ≤ 8.
    /// </summary>
    public const long LogUlps = 12;

    /// <summary>σ at a point: the exp enclosure (≤ 3 ulps) plus a sum and a quotient, each rounded outward; measured ≤ 7.</summary>
    public const long SigmoidUlps = 10;

    /// <summary>tanh at a point: expm1 (≤ 6 ulps) plus a sum and a quotient, each rounded outward; measured ≤ 9.</summary>
    public const long TanhUlps = 12;

    /// <summary>σ′ = σ(t)·σ(−t) and tanh′ = 4σ′(2t) at a point: two σ enclosures and a product; measured ≤ 14.</summary>
    public const long FirstDerivativeUlps = 20;

    /// <summary>σ″ = −σ′·tanh(t/2) and tanh″ = −2·tanh·tanh′ at a point: products of the above; measured ≤ 23.</summary>
    public const long SecondDerivativeUlps = 32;
}
