using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Rigorous;

/// <summary>Exact search for directions of negative or positive curvature of a rational symmetric matrix.</summary>
public static class ExactDirections
{
    /// <summary>
    /// A rational direction d with sign(dᵀ·H·d) = <paramref name="sign"/> (−1 or +1), searched among coordinate
    /// vectors eᵢ and pairs eᵢ ± eⱼ, then among the float64 eigenvectors of H (the extreme one first) rounded to short
    /// rationals; every candidate's sign is checked exactly. Null when none has that sign (the inertia may still prove
    /// one exists).
    /// </summary>
    public static Rational[]? WithCurvatureSign(Rational[,] h, int sign)
    {
        ArgumentNullException.ThrowIfNull(h);
        int p = h.GetLength(0);
        for (int i = 0; i < p; i++)
        {
            if (h[i, i].Sign == sign)
            {
                return Unit(p, i, -1, 0);
            }
        }

        for (int i = 0; i < p; i++)
        {
            for (int j = i + 1; j < p; j++)
            {
                foreach (int s in new[] { 1, -1 })
                {
                    var q = h[i, i] + h[j, j] + 2 * s * h[i, j];
                    if (q.Sign == sign)
                    {
                        return Unit(p, i, j, s);
                    }
                }
            }
        }

        return FromEigenvectors(h, sign);
    }

    // Float eigenvectors of H, most extreme in the wanted sign first, rounded to rationals and checked exactly.
    private static Rational[]? FromEigenvectors(Rational[,] h, int sign)
    {
        int p = h.GetLength(0);
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => h[i, j].ToDouble());
        var evd = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, p).OrderBy(k => sign * -evd.EigenValues[k].Real).ToArray();
        foreach (int k in order)
        {
            if (Math.Sign(evd.EigenValues[k].Real) != sign)
            {
                break;
            }

            var v = evd.EigenVectors.Column(k);
            double scale = v.AbsoluteMaximum();
            foreach (int digits in new[] { 3, 6, 12 })
            {
                double unit = Math.Pow(10, digits);
                var d = v.Select(x => new Rational((long)Math.Round(x / scale * unit), (long)unit)).ToArray();
                if (Curvature(h, d).Sign == sign)
                {
                    return d;
                }
            }
        }

        return null;
    }

    /// <summary>dᵀ·H·d, exactly.</summary>
    public static Rational Curvature(Rational[,] h, IReadOnlyList<Rational> d) => ExactLinearAlgebra.QuadraticForm(h, d);

    private static Rational[] Unit(int p, int i, int j, int s)
    {
        var d = new Rational[p];
        d[i] = Rational.One;
        if (j >= 0)
        {
            d[j] = s;
        }

        return d;
    }
}
