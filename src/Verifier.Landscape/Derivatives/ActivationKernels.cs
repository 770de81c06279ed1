using System.Runtime.CompilerServices;
using Verifier.Landscape.Networks;

namespace Verifier.Landscape.Derivatives;

/// <summary>Activations and their first two derivatives over a span, for the batched float64 passes.</summary>
internal static class ActivationKernels
{
    /// <summary>
    /// φ(z), φ′(z), φ″(z) elementwise by <see cref="DoubleOps.Jet"/>, the one float64 definition of each activation
    /// (one transcendental call per unit), so every batched path agrees bit for bit with the per-sample reference;
    /// ReLU′(0) = 0 by convention.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate(Activation act, ReadOnlySpan<double> z, Span<double> a, Span<double> d1, Span<double> d2)
    {
        for (int r = 0; r < z.Length; r++)
        {
            var (value, first, second) = DoubleOps.Jet(act, z[r]);
            a[r] = value;
            d1[r] = first;
            d2[r] = second;
        }
    }
}
