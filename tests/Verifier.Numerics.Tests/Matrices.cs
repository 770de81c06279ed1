namespace Verifier.Numerics.Tests;

/// <summary>Test matrices with known properties, reproducible from a seed, and the identities checked on them.</summary>
internal static class Matrices
{
    /// <summary>A random symmetric n×n matrix with standard normal entries.</summary>
    public static double[,] RandomSymmetric(int n, int seed)
    {
        var random = new Random(seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i, j] = a[j, i] = Normal(random);
            }
        }

        return a;
    }

    /// <summary>A random n-vector with standard normal entries.</summary>
    public static double[] RandomVector(int n, Random random)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = Normal(random);
        }

        return v;
    }

    /// <summary>Q = I − 2·u·uᵀ/(uᵀu) for a random u: a dense orthogonal (and symmetric) matrix.</summary>
    public static double[,] Householder(int n, int seed)
    {
        var u = RandomVector(n, new Random(seed));
        double uu = u.Sum(x => x * x);
        var q = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                q[i, j] = (i == j ? 1 : 0) - (2 * u[i] * u[j] / uu);
            }
        }

        return q;
    }

    /// <summary>Q·diag(d)·Qᵀ, symmetrised exactly (the lower triangle copied to the upper).</summary>
    public static double[,] WithSpectrum(double[,] q, double[] d)
    {
        int n = d.Length;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++)
                {
                    s += q[i, k] * d[k] * q[j, k];
                }

                a[i, j] = a[j, i] = s;
            }
        }

        return a;
    }

    /// <summary>The diagonal matrix diag(d).</summary>
    public static double[,] Diagonal(double[] d)
    {
        var a = new double[d.Length, d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            a[i, i] = d[i];
        }

        return a;
    }

    /// <summary>The Frobenius norm, an upper bound on the 2-norm.</summary>
    public static double Frobenius(double[,] a)
    {
        double s = 0;
        foreach (var x in a)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }

    /// <summary>Σ aᵢᵢ.</summary>
    public static double Trace(double[,] a)
    {
        double s = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        {
            s += a[i, i];
        }

        return s;
    }

    /// <summary>max over j of ‖A·vⱼ − λⱼ·vⱼ‖₂.</summary>
    public static double MaxResidual(double[,] a, double[] values, double[,] vectors)
    {
        int n = values.Length;
        double worst = 0;
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int k = 0; k < n; k++)
                {
                    av += a[i, k] * vectors[k, j];
                }

                double r = av - (values[j] * vectors[i, j]);
                sum += r * r;
            }

            worst = Math.Max(worst, Math.Sqrt(sum));
        }

        return worst;
    }

    /// <summary>max |VᵀV − I|.</summary>
    public static double MaxOrthogonalityError(double[,] v)
    {
        int n = v.GetLength(1);
        double worst = 0;
        for (int p = 0; p < n; p++)
        {
            for (int q = 0; q <= p; q++)
            {
                double dot = 0;
                for (int i = 0; i < v.GetLength(0); i++)
                {
                    dot += v[i, p] * v[i, q];
                }

                worst = Math.Max(worst, Math.Abs(dot - (p == q ? 1 : 0)));
            }
        }

        return worst;
    }

    private static double Normal(Random random)
    {
        // Box–Muller: exact enough for test data, and reproducible across runtimes (System.Random(seed) is stable).
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
