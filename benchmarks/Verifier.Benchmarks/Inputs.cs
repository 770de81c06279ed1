using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Benchmarks;

/// <summary>The inputs the benchmarks share, built deterministically.</summary>
internal static class Inputs
{
    public const int Seed = 1;

    /// <summary>The 2-2-1 sigmoid XOR instance (biases, linear output, mse), as in examples/instances/xor-2-2-1-sigmoid.json.</summary>
    public static Instance Xor()
    {
        var network = new NetworkSpec([2, 2, 1], Activation.Sigmoid, Activation.Linear, bias: true);
        var data = new Dataset(4, 2, 1, [0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0]);
        return new Instance("xor-2-2-1-sigmoid", network, LossKind.Mse, data, [1, -1, -1, 1, 0, 0, 1, 1, new Rational(-1, 2)]);
    }

    /// <summary>A symmetric matrix with independent standard normal entries on and above the diagonal.</summary>
    public static double[,] RandomSymmetric(int n)
    {
        var rng = new Random(Seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i, j] = a[j, i] = RandomInstance.Gaussian(rng);
            }
        }

        return a;
    }
}
