using System.Runtime.CompilerServices;
using Verifier.Landscape.Networks;

namespace Verifier.Landscape.Derivatives;

/// <summary>Activations and their first two derivatives over a span, shared by the batched float64 passes.</summary>
internal static class ActivationKernels
{
    /// <summary>
    /// φ(z), φ′(z), φ″(z) with exactly the expressions of <see cref="DoubleOps"/> (one transcendental call per unit),
    /// so every batched path agrees bit for bit with the per-sample reference; ReLU′(0) = 0 by convention.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate(Activation act, ReadOnlySpan<double> z, Span<double> a, Span<double> d1, Span<double> d2)
    {
        switch (act)
        {
            case Activation.Linear:
                z.CopyTo(a);
                d1.Fill(1.0);
                d2.Clear();
                break;
            case Activation.Relu:
                for (int r = 0; r < z.Length; r++)
                {
                    bool on = z[r] > 0;
                    a[r] = on ? z[r] : 0.0;
                    d1[r] = on ? 1.0 : 0.0;
                }

                d2.Clear();
                break;
            case Activation.Sigmoid:
                for (int r = 0; r < z.Length; r++)
                {
                    double s = DoubleOps.Sigmoid(z[r]);
                    double ds = s * (1.0 - s);
                    a[r] = s;
                    d1[r] = ds;
                    d2[r] = ds * (1.0 - (2.0 * s));
                }

                break;
            case Activation.Tanh:
                for (int r = 0; r < z.Length; r++)
                {
                    double t = Math.Tanh(z[r]);
                    double dt = 1.0 - (t * t);
                    a[r] = t;
                    d1[r] = dt;
                    d2[r] = -2.0 * t * dt;
                }

                break;
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }
}
