using Verifier.Landscape.Derivatives;

namespace Verifier.Landscape.Optimization;

/// <summary>The loss of one instance as the optimisers see it: counted evaluations of L, ∇L, H·v and H.</summary>
/// <remarks>
/// Loss, gradient and Hessian-vector products come from <see cref="NetworkCalculus{T, TOps}"/> (backpropagation
/// and the R-operator); dense Hessians from <see cref="BatchedHessian"/> (matrix–matrix products over the
/// samples), which agrees with the column-by-column R-operator Hessian to rounding and is much faster.
/// </remarks>
internal sealed class Objective(NetworkCalculus<double, DoubleOps> calculus, BatchedHessian hessian, CancellationToken cancellation)
{
    /// <summary>Power iterations for the estimate of ‖H‖₂.</summary>
    public const int PowerIterations = 20;

    public int ParameterCount => calculus.ParameterCount;

    public int Evaluations { get; private set; }

    public int HessianEvaluations { get; private set; }

    public CancellationToken Cancellation => cancellation;

    /// <summary>L(θ) and ∇L(θ); a non-finite result is returned as is (callers treat it as "too far").</summary>
    public (double Loss, double[] Gradient) Evaluate(double[] theta)
    {
        cancellation.ThrowIfCancellationRequested();
        Evaluations++;
        return calculus.LossAndGradient(theta);
    }

    /// <summary>The dense Hessian ∇²L(θ).</summary>
    public double[,] Hessian(double[] theta)
    {
        cancellation.ThrowIfCancellationRequested();
        HessianEvaluations++;
        return hessian.Hessian(theta, cancellation);
    }

    /// <summary>
    /// An estimate of ‖∇²L(θ)‖₂ by power iteration with Hessian-vector products (a lower bound, usually
    /// within a small factor): the curvature scale of the gradient tolerance.
    /// </summary>
    public double HessianNormEstimate(double[] theta) =>
        PowerNorm(ParameterCount, v =>
        {
            cancellation.ThrowIfCancellationRequested();
            return calculus.HessianVectorProduct(theta, v);
        });

    /// <summary>The same estimate from a dense Hessian.</summary>
    public static double HessianNormEstimate(double[,] h) => PowerNorm(h.GetLength(0), v => Vectors.Multiply(h, v));

    // max_k ‖A·v_k‖ over PowerIterations normalised power iterates from a fixed, generic start (reproducible).
    private static double PowerNorm(int p, Func<double[], double[]> apply)
    {
        if (p == 0)
        {
            return 0;
        }

        var v = new double[p];
        var rng = new Random(12345);
        for (int i = 0; i < p; i++)
        {
            v[i] = rng.NextDouble() - 0.5;
        }

        double estimate = 0;
        double norm = Vectors.Norm(v);
        for (int k = 0; k < PowerIterations && norm > 0 && double.IsFinite(norm); k++)
        {
            Vectors.Scale(v, 1 / norm);
            v = apply(v);
            norm = Vectors.Norm(v);
            if (double.IsFinite(norm))
            {
                estimate = Math.Max(estimate, norm);
            }
        }

        return estimate;
    }
}

/// <summary>Small dense vector and matrix helpers of the optimisers.</summary>
internal static class Vectors
{
    /// <summary>The Euclidean norm, scaled so that squares neither overflow nor underflow.</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        double scale = 0;
        foreach (var x in v)
        {
            scale = Math.Max(scale, Math.Abs(x));
        }

        if (scale == 0 || !double.IsFinite(scale))
        {
            return double.IsNaN(scale) ? double.NaN : scale;
        }

        double sum = 0;
        foreach (var x in v)
        {
            if (double.IsNaN(x))
            {
                return double.NaN;
            }

            double y = x / scale;
            sum += y * y;
        }

        return scale * Math.Sqrt(sum);
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    public static void Scale(Span<double> v, double factor)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= factor;
        }
    }

    /// <summary>x + α·d as a new array.</summary>
    public static double[] AddScaled(ReadOnlySpan<double> x, double alpha, ReadOnlySpan<double> d)
    {
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = x[i] + (alpha * d[i]);
        }

        return r;
    }

    /// <summary>x − y as a new array.</summary>
    public static double[] Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = x[i] - y[i];
        }

        return r;
    }

    /// <summary>A·v for a dense row-major matrix.</summary>
    public static double[] Multiply(double[,] a, ReadOnlySpan<double> v)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < m; j++)
            {
                sum += a[i, j] * v[j];
            }

            r[i] = sum;
        }

        return r;
    }

    public static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var x in v)
        {
            if (!double.IsFinite(x))
            {
                return false;
            }
        }

        return true;
    }
}
