using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests;

/// <summary>The paper instances of the foundation (papers.md §4.4 and §6) built in code.</summary>
internal static class ExactPoints
{
    /// <summary>X = I₂ and Y = diag(2, 1), rows are samples.</summary>
    public static Dataset KawaguchiData() => new(2, 2, 2, [1, 0, 0, 1], [2, 0, 0, 1]);

    /// <summary>A linear network without biases on Kawaguchi's data, loss sse.</summary>
    public static Instance Linear(int[] layers, Rational[] theta) =>
        new("kawaguchi", new NetworkSpec(layers, Activation.Linear, Activation.Linear, bias: false), LossKind.Sse, KawaguchiData(), theta);

    /// <summary>The origin of a linear network on Kawaguchi's data.</summary>
    public static Instance Origin(params int[] layers)
    {
        var net = new NetworkSpec(layers, Activation.Linear, Activation.Linear, bias: false);
        return Linear(layers, [.. Enumerable.Repeat(Rational.Zero, net.ParameterCount)]);
    }

    /// <summary>The exact calculus of an instance.</summary>
    public static NetworkCalculus<Rational, RationalOps> Exact(Instance instance) => new(instance);

    /// <summary>The float64 calculus of an instance.</summary>
    public static NetworkCalculus<double, DoubleOps> Float(Instance instance) => new(instance);

    /// <summary>θ + h·eₖ.</summary>
    public static Rational[] Shift(IReadOnlyList<Rational> theta, int k, Rational h)
    {
        var t = theta.ToArray();
        t[k] += h;
        return t;
    }

    /// <summary>The polynomial Π (t − rᵢ) as coefficients c₀ … cₙ.</summary>
    public static Rational[] PolynomialWithRoots(params Rational[] roots)
    {
        var c = new Rational[roots.Length + 1];
        c[0] = Rational.One;
        int degree = 0;
        foreach (var r in roots)
        {
            degree++;
            for (int d = degree; d >= 1; d--)
            {
                c[d] = c[d - 1] - r * c[d];
            }

            c[0] = -r * c[0];
        }

        return c;
    }

    /// <summary>Multiplies two polynomials given by coefficients.</summary>
    public static Rational[] Times(Rational[] a, Rational[] b)
    {
        var c = new Rational[a.Length + b.Length - 1];
        for (int i = 0; i < a.Length; i++)
        {
            for (int j = 0; j < b.Length; j++)
            {
                c[i + j] += a[i] * b[j];
            }
        }

        return c;
    }
}
