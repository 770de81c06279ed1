using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Paths;

/// <summary>
/// Safran and Shamir's path and the exact path check against their definitions: the built path starts at L(W0), ends at
/// L(c*·W*), has c₂ = 2c* and non-increasing sampled losses; the check agrees with exact losses at random points of
/// every segment, and its refutations are real increases.
/// </summary>
public class MonotonePathTests
{
    [Test]
    public void ThePathFromAHighLossStartIsProvedAndItsSamplesNeverRise([Values(2, 3, 5)] int seed, [Values(2, 3)] int depth)
    {
        int[] layers = depth == 2 ? [2, 5, 1] : [2, 4, 3, 1];
        var instance = RandomInstance.Mlp(new NetworkSpec(layers, Activation.Relu, Activation.Linear, bias: seed == 2), 7, LossKind.Mse, seed);
        var start = HighLoss(instance);
        var target = Optimizer.ResultInstance(instance, Optimizer.Optimize(instance, OptimizationOptions.Default));
        var built = MonotonePath.Build(start, target) as MonotonePathOutcome.Built;
        Assert.That(built, Is.Not.Null);
        Assert.That(built!.Monotone, Is.True, built.Reason);
        Assert.That(built.C2, Is.EqualTo(2 * built.CStar));
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        Assert.That(built.FinalLoss, Is.EqualTo(calculus.Loss(MonotonePath.ScaleLastLayer(instance.Network, target.Weights!, built.CStar))));
        Assert.That(built.FinalLoss, Is.LessThanOrEqualTo(calculus.Loss(target.Weights!)), "c* minimises the last-layer scaling, so L(c*·W*) ≤ L(W*)");

        // The samples' float losses fall (rounding tolerance 1e-12 relative: each is a float evaluation of a point on the curve).
        var losses = built.Samples.Select(s => s.Loss).ToArray();
        Assert.That(losses[0], Is.EqualTo(built.StartLoss.ToDouble()).Within(1e-12).Percent);
        for (int k = 1; k < losses.Length; k++)
        {
            Assert.That(losses[k], Is.LessThanOrEqualTo(losses[k - 1] + (1e-12 * Math.Max(1, Math.Abs(losses[k - 1])))), $"sample {k}");
        }
    }

    [Test]
    public void AnOutputThatVanishesOnTheBaseLineIsFoundExactly()
    {
        // One hidden unit, v going from −3 at W0 to 1 at W*: every output is v(λ)·ReLU(…) and vanishes at λ = 3/4, where no
        // last-layer scale can reach the target loss. The refusal must name that λ exactly.
        var net = new NetworkSpec([1, 1, 1], Activation.Relu, Activation.Linear, bias: false);
        var data = new Dataset(3, 1, 1, [1, 2, 3], [1, 2, 2]);
        var start = new Instance("start", net, LossKind.Mse, data, [1, -3]);
        var target = start.WithWeights([1, 1]);
        var outcome = MonotonePath.Build(start, target);
        Assert.That(outcome, Is.TypeOf<MonotonePathOutcome.Refused>());
        Assert.That(((MonotonePathOutcome.Refused)outcome).Reason, Does.Contain("λ = 3/4"));
    }

    [Test]
    public void ALowLossStartIsRefused()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 4, 1], Activation.Relu, Activation.Linear, bias: false), 6, LossKind.Mse, 3);
        var target = Optimizer.ResultInstance(instance, Optimizer.Optimize(instance, OptimizationOptions.Default));
        Assert.That(MonotonePath.Build(target, target), Is.TypeOf<MonotonePathOutcome.Refused>());
    }

    [Test]
    public void TheCheckAgreesWithExactLossesAlongRandomPaths([Values(4, 5, 6)] int seed)
    {
        // Random three-segment paths: a proof must survive 40 exact evaluations per segment; a refutation must be a real
        // increase between its two points. Both outcomes must occur.
        var rng = new Random(seed);
        int proved = 0, refuted = 0;
        for (int trial = 0; trial < 12; trial++)
        {
            var instance = RandomInstance.Mlp(new NetworkSpec([1, 3, 1], Activation.Relu, Activation.Linear, bias: true), 4, LossKind.Sse, seed * 100 + trial);
            var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
            var points = new List<Rational[]> { instance.Weights!.ToArray() };
            for (int k = 0; k < 3; k++)
            {
                points.Add([.. points[^1].Select(x => x + new Rational(rng.Next(-4, 5), 4))]);
            }

            if (trial % 2 == 0)
            {
                // Make the path end where it starts scaled down towards a descent: often monotone.
                points = [.. points.OrderByDescending(p => calculus.Loss(p))];
            }

            var verdict = PathCheck.Check(instance, points);
            if (verdict.Monotone is true)
            {
                proved++;
                for (int k = 0; k + 1 < points.Count; k++)
                {
                    Rational previous = calculus.Loss(points[k]);
                    for (int j = 1; j <= 40; j++)
                    {
                        var s = new Rational(j, 40);
                        var loss = calculus.Loss([.. points[k].Select((x, i) => x + (s * (points[k + 1][i] - x)))]);
                        Assert.That(loss, Is.LessThanOrEqualTo(previous), $"seed {seed}, trial {trial}, segment {k}, s = {s}");
                        previous = loss;
                    }
                }
            }
            else if (verdict.Monotone is false)
            {
                refuted++;
                Assert.That(verdict.MaxIncrease!.Value.Sign, Is.GreaterThan(0));
            }
        }

        Assert.That(proved, Is.GreaterThan(0), "some paths must be proved");
        Assert.That(refuted, Is.GreaterThan(0), "some paths must be refuted");
    }

    private static Instance HighLoss(Instance instance)
    {
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var up = MonotonePath.ScaleLastLayer(instance.Network, instance.Weights!, 4);
        var down = MonotonePath.ScaleLastLayer(instance.Network, instance.Weights!, -4);
        return instance.WithWeights(calculus.Loss(up) >= calculus.Loss(down) ? up : down);
    }
}
