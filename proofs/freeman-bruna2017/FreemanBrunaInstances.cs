using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>Instances for the Freeman and Bruna (2017) claims built in code (papers.md §3).</summary>
public static class FreemanBrunaInstances
{
    /// <summary>
    /// A one-hidden-layer ReLU network without biases (n inputs, m hidden units, one output) at a seeded point whose
    /// first-layer rows are Gaussian (so their directions are uniform on the sphere, up to the 9-digit rounding of
    /// <see cref="RandomInstance"/>), on seeded Gaussian data; loss mse.
    /// </summary>
    public static Instance ReluLayer(int inputs, int hidden, int seed, Activation activation = Activation.Relu) =>
        RandomInstance.Mlp(new NetworkSpec([inputs, hidden, 1], activation, Activation.Linear, bias: false), 4, LossKind.Mse, seed, $"fb-{Names(activation)}-{inputs}-{hidden}-1-seed{seed}");

    /// <summary>
    /// A 2-2-1 ReLU network without biases whose two hidden units w₁ = (1, 0) and w₂ = (cos α, sin α) are at a
    /// rational angle given by (cos α, sin α) = ((1 − t²)/(1 + t²), 2t/(1 + t²)) for the rational t = tan(α/2).
    /// </summary>
    public static Instance TwoUnitsAtAngle(Rational t)
    {
        var d = 1 + (t * t);
        Rational[] theta = [1, 0, (1 - (t * t)) / d, 2 * t / d, 1, 1];
        var data = new Dataset(1, 2, 1, [1, 0], [0]);
        return new Instance($"fb-two-units-tan-half-angle-{t}", new NetworkSpec([2, 2, 1], Activation.Relu, Activation.Linear, bias: false), LossKind.Mse, data, theta);
    }

    private static string Names(Activation activation) => activation.ToString().ToLowerInvariant();
}
