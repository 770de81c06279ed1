using Verifier.Numerics.Intervals;

namespace Verifier.Numerics.Rigorous;

/// <summary>
/// The outcome of Krawczyk's test for zeros of a function g in a box X, with the numbers that replay it: the box X,
/// the image K(X) and the preconditioner Y.
/// </summary>
public abstract record KrawczykResult
{
    private KrawczykResult(Interval[] box, Interval[] image, double[,] preconditioner)
    {
        Box = box;
        Image = image;
        Preconditioner = preconditioner;
    }

    /// <summary>The box X.</summary>
    public Interval[] Box { get; }

    /// <summary>The Krawczyk image K(X) = m − Y·g(m) + (I − Y·J(X))·(X − m).</summary>
    public Interval[] Image { get; }

    /// <summary>The preconditioner Y (any matrix keeps the test sound; Y ≈ mid(J)⁻¹ makes K(X) small).</summary>
    public double[,] Preconditioner { get; }

    /// <summary>K(X) misses X in <paramref name="Coordinate"/>: g has no zero in X.</summary>
    /// <param name="Coordinate">The first coordinate k with K(X)ₖ ∩ Xₖ = ∅.</param>
    /// <param name="Box">The box X.</param>
    /// <param name="Image">The image K(X).</param>
    /// <param name="Preconditioner">The preconditioner Y.</param>
    public sealed record NoZero(int Coordinate, Interval[] Box, Interval[] Image, double[,] Preconditioner)
        : KrawczykResult(Box, Image, Preconditioner);

    /// <summary>K(X) lies in the interior of X: g has exactly one zero in X, and it lies in K(X).</summary>
    /// <param name="Box">The box X.</param>
    /// <param name="Image">The image K(X).</param>
    /// <param name="Preconditioner">The preconditioner Y.</param>
    public sealed record UniqueZero(Interval[] Box, Interval[] Image, double[,] Preconditioner)
        : KrawczykResult(Box, Image, Preconditioner);

    /// <summary>K(X) meets X but does not lie in its interior: every zero of g in X lies in K(X) ∩ X, and nothing more is proved.</summary>
    /// <param name="Box">The box X.</param>
    /// <param name="Image">The image K(X).</param>
    /// <param name="Preconditioner">The preconditioner Y.</param>
    public sealed record Undecided(Interval[] Box, Interval[] Image, double[,] Preconditioner)
        : KrawczykResult(Box, Image, Preconditioner);
}
