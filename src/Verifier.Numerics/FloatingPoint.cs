namespace Verifier.Numerics;

/// <summary>Constants of IEEE 754 binary64 (double) arithmetic in which floating tolerances are expressed.</summary>
public static class FloatingPoint
{
    /// <summary>
    /// The machine epsilon ε = 2⁻⁵² of double: the spacing of doubles at 1, twice the unit roundoff u (a rounded
    /// operation errs by at most u relative). Not <see cref="double.Epsilon"/>, the smallest subnormal.
    /// </summary>
    public const double MachineEpsilon = 2.220446049250313e-16;
}
