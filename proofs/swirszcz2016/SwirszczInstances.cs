using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>
/// The datasets and points of Swirszcz, Czarnecki and Pascanu (2016), §3.1.3 (papers.md §5.2, §8.1), as exact
/// instances of a 1-m-1 ReLU regression network with loss <c>sse</c>. The paper's loss is Σ(f − y)² without the ½,
/// so every loss here is half the paper's (D1: 9 and 7 for the paper's 18 and 14). Points are written (w, b, v, c)
/// unit by unit, as in the paper; the transformations produce the variants a checker must also get right.
/// </summary>
public static class SwirszczInstances
{
    /// <summary>D1 = {(5,2), (4,1), (3,0), (1,−3), (−1,3)} (Prop 1).</summary>
    public static (Rational[] X, Rational[] Y) D1 { get; } = ([5, 4, 3, 1, -1], [2, 1, 0, -3, 3]);

    /// <summary>D2 = {(−1,5), (0,0), (1,−1), (10,−3), (11,−4), (12,−5)} (Prop 2).</summary>
    public static (Rational[] X, Rational[] Y) D2 { get; } = ([-1, 0, 1, 10, 11, 12], [5, 0, -1, -3, -4, -5]);

    /// <summary>D3 = {(−1,3), (0,0), (1,−1), (10,−3), (11,−4), (12,−6)} (Prop 3).</summary>
    public static (Rational[] X, Rational[] Y) D3 { get; } = ([-1, 0, 1, 10, 11, 12], [3, 0, -1, -3, -4, -6]);

    /// <summary>Prop 1's local minimum (w, b, v, c) = (1, −3, 1, 0): L = 9 (the paper's 18).</summary>
    public static Point D1Minimum { get; } = new([1], [-3], [1], 0);

    /// <summary>Prop 1's better point (−3, 0, 1, 0): L = 7 (the paper's 14).</summary>
    public static Point D1Witness { get; } = new([-3], [0], [1], 0);

    /// <summary>Prop 2's global point with the corrected sign w₂ = +1: L = 0.</summary>
    public static Point D2Global { get; } = new([-5, 1], [1, -8], [1, -1], -1);

    /// <summary>Prop 2's suboptimal point with the corrected sign w₂ = +1: L = 4/3 (the paper's 8/3).</summary>
    public static Point D2Local { get; } = new([-3, 1], [new Rational(13, 3), -10], [1, -1], -3);

    /// <summary>Prop 2's global point as printed (w₂ = −1): unit 2 is dead on every sample; L = 29/2.</summary>
    public static Point D2GlobalPrinted { get; } = D2Global with { W = [-5, -1] };

    /// <summary>Prop 2's suboptimal point as printed (w₂ = −1): L = 23/6.</summary>
    public static Point D2LocalPrinted { get; } = D2Local with { W = [-3, -1] };

    /// <summary>Prop 3's better local minimum: L = 1/12 (the paper's 1/6).</summary>
    public static Point D3Better { get; } = new([new Rational(-3, 2), new Rational(-3, 2), new Rational(3, 2)], [1, 0, new Rational(-79, 6)], [1, 1, -1], -1);

    /// <summary>Prop 3's worse local minimum: L = 1/3 (the paper's 2/3).</summary>
    public static Point D3Worse { get; } = new([-2, 1, 1], [new Rational(11, 3), -10, -11], [1, -1, -1], -3);

    /// <summary>A 1-m-1 ReLU network with biases (the paper's eq. 1).</summary>
    public static NetworkSpec Network(int units) => new([1, units, 1], Activation.Relu, Activation.Linear, bias: true);

    /// <summary>The instance of a dataset at a point, loss <c>sse</c>.</summary>
    public static Instance At(string name, (Rational[] X, Rational[] Y) data, Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var net = Network(point.W.Length);
        return new Instance(name, net, LossKind.Sse, new Dataset(data.X.Length, 1, 1, data.X, data.Y), point.Theta);
    }

    /// <summary>The dataset alone (no point), for claims about the data and the network.</summary>
    public static Instance Data(string name, (Rational[] X, Rational[] Y) data, int units) =>
        new(name, Network(units), LossKind.Sse, new Dataset(data.X.Length, 1, 1, data.X, data.Y), null);

    /// <summary>The data with every input moved by <paramref name="shift"/> (the point moves with it: b ← b − w·shift).</summary>
    public static ((Rational[] X, Rational[] Y) Data, Point Point) Shifted((Rational[] X, Rational[] Y) data, Point point, Rational shift)
    {
        ArgumentNullException.ThrowIfNull(point);
        return ((data.X.Select(x => x + shift).ToArray(), data.Y),
            point with { B = point.B.Select((b, j) => b - (point.W[j] * shift)).ToArray() });
    }

    /// <summary>The data with inputs multiplied by s &gt; 0 and targets by r &gt; 0 (the point: w ← w/s, v ← v·r, c ← c·r).</summary>
    public static ((Rational[] X, Rational[] Y) Data, Point Point) Scaled((Rational[] X, Rational[] Y) data, Point point, Rational s, Rational r)
    {
        ArgumentNullException.ThrowIfNull(point);
        return ((data.X.Select(x => x * s).ToArray(), data.Y.Select(y => y * r).ToArray()),
            new Point(point.W.Select(w => w / s).ToArray(), point.B, point.V.Select(v => v * r).ToArray(), point.C * r));
    }

    /// <summary>
    /// A 1-m-1 point written unit by unit as in the paper: f(x) = Σⱼ vⱼ·ReLU(wⱼx + bⱼ) + c.
    /// </summary>
    /// <param name="W">The input weights wⱼ.</param>
    /// <param name="B">The biases bⱼ.</param>
    /// <param name="V">The output weights vⱼ.</param>
    /// <param name="C">The output bias c.</param>
    public sealed record Point(Rational[] W, Rational[] B, Rational[] V, Rational C)
    {
        /// <summary>The parameters in Verifier's order: W₁ (m×1), b₁, W₂ (1×m), b₂.</summary>
        public Rational[] Theta => [.. W, .. B, .. V, C];

        /// <summary>The point with unit j rescaled along its orbit: (wⱼ, bⱼ) × a and vⱼ / a (the loss is unchanged for a &gt; 0).</summary>
        public Point Rescaled(int j, Rational a) => this with
        {
            W = W.Select((w, k) => k == j ? w * a : w).ToArray(),
            B = B.Select((b, k) => k == j ? b * a : b).ToArray(),
            V = V.Select((v, k) => k == j ? v / a : v).ToArray(),
        };

        /// <summary>The point with the output bias moved by <paramref name="delta"/> (off the minimum).</summary>
        public Point MovedBias(Rational delta) => this with { C = C + delta };
    }
}
