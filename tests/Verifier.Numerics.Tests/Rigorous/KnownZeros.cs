using Verifier.Numerics.Exact;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Rigorous;

/// <summary>
/// A gradient g(x) = Sᵀ·φ(S·x) with every zero known exactly: φᵢ(u) = aᵢ·(uᵢ − zᵢ)·(uᵢ − wᵢ), S invertible and
/// rational, so g(x) = 0 exactly when S·x = u with each uᵢ ∈ {zᵢ, wᵢ}; the zeros are S⁻¹·u for those 2ⁿ (or fewer)
/// choices of u. g is the gradient of Σ Φᵢ((S·x)ᵢ) with Φᵢ′ = φᵢ, so its Jacobian Sᵀ·diag(φ′(S·x))·S is symmetric, and
/// the roots are simple when zᵢ ≠ wᵢ.
/// </summary>
/// <param name="S">The invertible coupling matrix.</param>
/// <param name="A">The non-zero scale aᵢ of each φᵢ.</param>
/// <param name="Z">The first root zᵢ of each φᵢ.</param>
/// <param name="W">The second root wᵢ of each φᵢ.</param>
public sealed record KnownZeros(Rational[,] S, Rational[] A, Rational[] Z, Rational[] W)
{
    /// <summary>The dimension n.</summary>
    public int Dimension => Z.Length;

    /// <summary>Every zero of g, exactly (distinct).</summary>
    public IReadOnlyList<Rational[]> Zeros()
    {
        var inverse = ExactMatrices.Inverse(S) ?? throw new InvalidOperationException("S must be invertible.");
        int n = Dimension;
        var zeros = new List<Rational[]>();
        for (int mask = 0; mask < 1 << n; mask++)
        {
            var u = Enumerable.Range(0, n).Select(i => (mask >> i & 1) == 0 ? Z[i] : W[i]).ToArray();
            var x = ExactLinearAlgebra.Multiply(inverse, u);
            if (!zeros.Any(other => other.SequenceEqual(x)))
            {
                zeros.Add(x);
            }
        }

        return zeros;
    }

    /// <summary>The zero S⁻¹·u with uᵢ = zᵢ when bit i of <paramref name="mask"/> is 0, wᵢ otherwise.</summary>
    public Rational[] Zero(int mask)
    {
        var inverse = ExactMatrices.Inverse(S)!;
        return ExactLinearAlgebra.Multiply(inverse, Enumerable.Range(0, Dimension).Select(i => (mask >> i & 1) == 0 ? Z[i] : W[i]).ToArray());
    }

    /// <summary>An enclosure of g over the box x (the natural interval extension).</summary>
    public Interval[] Gradient(Interval[] x)
    {
        var u = IntervalMatrix.Multiply(IntervalMatrix.FromRationals(S), x);
        var phi = new Interval[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            phi[i] = Interval.FromRational(A[i]) * (u[i] - Interval.FromRational(Z[i])) * (u[i] - Interval.FromRational(W[i]));
        }

        return IntervalMatrix.Multiply(IntervalMatrix.Transpose(IntervalMatrix.FromRationals(S)), phi);
    }

    /// <summary>An enclosure of g′ = Sᵀ·diag(aᵢ·(2uᵢ − zᵢ − wᵢ))·S over the box x.</summary>
    public Interval[,] Jacobian(Interval[] x)
    {
        int n = Dimension;
        var s = IntervalMatrix.FromRationals(S);
        var u = IntervalMatrix.Multiply(s, x);
        var d = new Interval[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = Interval.FromRational(A[i]) * ((Interval.FromRational(2) * u[i]) - Interval.FromRational(Z[i] + W[i]));
        }

        var j = new Interval[n, n];
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < n; l++)
            {
                var sum = Interval.Zero;
                for (int i = 0; i < n; i++)
                {
                    sum += s[i, k] * d[i] * s[i, l];
                }

                j[k, l] = sum;
            }
        }

        return j;
    }

    public override string ToString() =>
        $"S = {Exact.RationalMatrices.Show(S)}, a = [{string.Join(", ", A)}], z = [{string.Join(", ", Z)}], w = [{string.Join(", ", W)}]";
}
