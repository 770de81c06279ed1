using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>Critical points of small smooth networks for the rigorous (interval) tests.</summary>
internal static class SmoothPoints
{
    private static readonly string[] Xs = ["-4", "-3", "-2.5", "-1.5", "-1", "-0.5", "0", "0.5", "1", "2", "3", "4"];

    private static readonly string[] Ys =
        ["-0.124532", "0.591123", "-0.214326", "0.149268", "0.697725", "0.529374", "0.579627", "0.729651", "0.872386", "0.997609", "0.985215", "0.946976"];

    /// <summary>
    /// Fukumizu–Amari's one-hidden-unit sigmoid network with bias on 12 points (papers.md §8.3, B positive
    /// definite case), sse, at its strict local minimum near (1, 0.7, 1, 0), polished by Newton's method.
    /// </summary>
    public static Instance FukumizuStrictMinimum()
    {
        var net = new NetworkSpec([1, 1, 1], Activation.Sigmoid);
        var data = new Dataset(12, 1, 1, [.. Xs.Select(Rational.Parse)], [.. Ys.Select(Rational.Parse)]);
        var start = new Instance("fukumizu-b-positive", net, LossKind.Sse, data, [1, Rational.Parse("0.7"), 1, 0]);
        return NewtonPolish(start);
    }

    /// <summary>The origin of a 1-1-1 tanh network without biases: a non-degenerate saddle when Σ xᵢyᵢ ≠ 0.</summary>
    public static Instance TanhOriginSaddle()
    {
        var net = new NetworkSpec([1, 1, 1], Activation.Tanh, Activation.Linear, bias: false);
        var data = new Dataset(3, 1, 1, [1, 2, Rational.Parse("-0.5")], [Rational.Parse("0.5"), 1, 2]);
        return new Instance("tanh-origin", net, LossKind.Mse, data, [0, 0]);
    }

    /// <summary>Newton's method in float64 until the gradient stops shrinking; weights rounded to shortest round-trip decimals.</summary>
    public static Instance NewtonPolish(Instance instance)
    {
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var theta = instance.WeightsDouble();
        for (int iteration = 0; iteration < 30; iteration++)
        {
            var g = calculus.Gradient(theta);
            var h = Matrix<double>.Build.DenseOfArray(calculus.Hessian(theta));
            var step = h.Solve(Vector<double>.Build.DenseOfArray(g));
            var next = theta.Select((t, k) => t - step[k]).ToArray();
            if (Norm(calculus.Gradient(next)) >= Norm(g))
            {
                break;
            }

            theta = next;
        }

        return instance.WithWeights([.. theta.Select(t => Rational.Parse(t.ToString("R", CultureInfo.InvariantCulture)))]);
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
}
