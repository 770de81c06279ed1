using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>
/// The one-sided line polynomial against its definition: on (0, validBelow) it equals L(θ + t·d) − L(θ) computed
/// through the network in exact arithmetic, at points with ties forced in every hidden layer, at depths 2–4.
/// </summary>
public class OneSidedLineTests
{
    [Test]
    public void ThePolynomialIsTheLossAlongTheLineAtKinksOfDeepNetworks([Values(1, 2, 3, 4)] int seed)
    {
        var rng = new Random(seed);
        int ties = 0;
        for (int trial = 0; trial < 15; trial++)
        {
            int depth = rng.Next(2, 5), n = rng.Next(2, 5);
            int[] layers = [1, .. Enumerable.Range(0, depth - 1).Select(_ => rng.Next(1, 4)), 1];
            var net = new NetworkSpec(layers, Activation.Relu);
            var x = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-4, 5)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-4, 5)).ToArray();
            var theta = Enumerable.Range(0, net.ParameterCount).Select(_ => new Rational(rng.Next(-6, 7), 2)).ToArray();
            var instance = new Instance("line", net, LossKind.Sse, new Dataset(n, 1, 1, x, y), theta);

            // Force a tie in each hidden layer: unit 0's bias cancels its pre-activation on a random sample.
            for (int l = 1; l < depth; l++)
            {
                var z = new NetworkCalculus<Rational, RationalOps>(instance.WithWeights(theta)).PreActivations(theta)[l - 1];
                theta[net.BiasOffset(l)] -= z[rng.Next(n) * layers[l]];
            }

            instance = instance.WithWeights(theta);
            var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
            ties += calculus.Kinks(theta).Count > 0 ? 1 : 0;
            var d = Enumerable.Range(0, theta.Length).Select(_ => (Rational)rng.Next(-3, 4)).ToArray();
            var (c, validBelow) = OneSidedLine.Of(instance, d);
            Assert.That(c[0], Is.EqualTo(Rational.Zero));
            Assert.That(c.Length - 1, Is.LessThanOrEqualTo(2 * depth), "degree at most 2·depth");
            var end = validBelow ?? Rational.One;
            for (int k = 1; k <= 5; k++)
            {
                var t = end * new Rational(k, 6);
                var moved = theta.Select((p, i) => p + (t * d[i])).ToArray();
                Assert.That(ExactPolynomial.Evaluate(c, t), Is.EqualTo(calculus.Loss(moved) - calculus.Loss(theta)), $"seed {seed}, trial {trial}, t = {t}");
            }
        }

        Assert.That(ties, Is.GreaterThanOrEqualTo(12), "the generator must put the points on kinks");
    }

    [Test]
    public void DeepKinkPointsAreRefutedOnlyWithStepsThatReallyDescend([Values(5, 6)] int seed)
    {
        // Depth-3 networks at points with a tie in the second hidden layer: outside the piecewise-convex setting the
        // decision may only refute (by a one-sided line) or stay undecided; each refutation's step must lower the loss.
        var rng = new Random(seed);
        int refuted = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            var net = new NetworkSpec([1, 2, 2, 1], Activation.Relu);
            int n = rng.Next(2, 5);
            var x = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-4, 5)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-4, 5)).ToArray();
            var theta = Enumerable.Range(0, net.ParameterCount).Select(_ => new Rational(rng.Next(-6, 7), 2)).ToArray();
            var instance = new Instance("deep", net, LossKind.Mse, new Dataset(n, 1, 1, x, y), theta);
            var z = new NetworkCalculus<Rational, RationalOps>(instance).PreActivations(theta)[1];
            theta[net.BiasOffset(2)] -= z[rng.Next(n) * 2];
            instance = instance.WithWeights(theta);
            var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
            switch (KinkMinimum.LocalMinimum(instance))
            {
                case KinkDecision.Descent d:
                    refuted++;
                    var moved = theta.Select((p, i) => p + (d.Line.Step * d.Line.Direction[i])).ToArray();
                    Assert.That(calculus.Loss(moved), Is.LessThan(calculus.Loss(theta)));
                    break;
                case KinkDecision.Minimum m:
                    Assert.That(m.Proof, Is.Not.TypeOf<EvidenceItem.PieceMinimum>(), "the piecewise-convex argument is for one hidden layer only");
                    break;
            }
        }

        Assert.That(refuted, Is.GreaterThanOrEqualTo(10), "random points are rarely minima");
    }

    [Test]
    public void ADescentIsReportedOnlyWhenTheLowestOrderTermIsNegative()
    {
        // 1-1-1 ReLU at (w, b, v, c) = (1, −1, 1, 0) on (1, 0), (2, 1): loss 0. Along +c the loss rises (t²); with the
        // output bias at 1/3 instead, −c gives a negative linear term.
        var net = new NetworkSpec([1, 1, 1], Activation.Relu);
        var data = new Dataset(2, 1, 1, [1, 2], [0, 1]);
        var atZero = new Instance("fit", net, LossKind.Sse, data, [1, -1, 1, 0]);
        Assert.That(OneSidedLine.Descent(atZero, [0, 0, 0, 1], "up"), Is.Null);
        var off = atZero.WithWeights([1, -1, 1, new Rational(1, 3)]);
        var down = OneSidedLine.Descent(off, [0, 0, 0, -1], "down");
        Assert.That(down, Is.Not.Null);
        Assert.That(down!.Order, Is.EqualTo(1));
        Assert.That(down.LeadingCoefficient, Is.EqualTo(new Rational(-2, 3)), "dL/dc = Σ residuals = 2·(1/3), and d = −1");
    }
}
