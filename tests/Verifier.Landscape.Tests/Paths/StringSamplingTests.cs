using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;

namespace Verifier.Landscape.Tests.Paths;

/// <summary>
/// Dynamic String Sampling and its segment proofs against their definitions: a proved bound is never below the loss
/// at any sampled point of the segment; a level set just under the segment's sampled maximum is never "proved"; a
/// convex problem gives a straight 3-bead string; every string has ℓ ≥ 1; beads are trained to their target; runs are
/// reproducible bit for bit.
/// </summary>
public class StringSamplingTests
{
    /// <summary>
    /// How far a float64 loss may exceed a rigorous upper bound of the exact loss: the float loss carries rounding of a
    /// few ulps of its terms (≤ 20 samples, widths ≤ 4, weights ≤ 3), far below 1e-12 relative.
    /// </summary>
    private const double FloatAboveBoundRelative = 1e-12;

    private static Instance Random(Activation act, LossKind loss, int seed, bool bias = true)
    {
        var net = new NetworkSpec([2, 4, 3, 1], act, Activation.Linear, bias);
        return RandomInstance.Mlp(net, 12, loss, seed);
    }

    private static double[] RandomPoint(int p, System.Random rng) => [.. Enumerable.Range(0, p).Select(_ => (rng.NextDouble() * 4) - 2)];

    [Test]
    public void AProvedBoundIsAboveTheLossAtEverySampleOfTheSegment(
        [Values(Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.Linear)] Activation act,
        [Values(LossKind.Mse, LossKind.Logistic)] LossKind loss,
        [Values(1, 2)] int seed)
    {
        var instance = Random(act, loss, seed);
        var rng = new System.Random(seed);
        int p = instance.Network.ParameterCount;
        var a = RandomPoint(p, rng);
        var b = RandomPoint(p, rng);
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var samples = Enumerable.Range(0, 501).Select(k => calculus.Loss(Lerp(a, b, k / 500.0))).ToArray();
        double max = samples.Max();
        var bound = new SegmentBound(instance);

        // A level above the maximum is provable; the proved bound must lie above every sample.
        var above = bound.Bound(a, b, max * 1.05 + 1e-9, budget: 20000);
        Assert.That(above.Status, Is.EqualTo(SegmentBoundStatus.Below), $"{act} {loss} seed {seed}: {above}");
        Assert.That(samples, Has.All.LessThanOrEqualTo(above.UpperBound * (1 + FloatAboveBoundRelative)));

        // A level below the sampled maximum (a deliberately false "the segment stays below") is never proved.
        var below = bound.Bound(a, b, max * 0.99, budget: 20000);
        Assert.That(below.Status, Is.Not.EqualTo(SegmentBoundStatus.Below), $"{act} {loss} seed {seed}: a false bound was proved");
        if (below.Status == SegmentBoundStatus.Above)
        {
            var witness = bound.LossAt(a, b, below.Witness!.Value);
            Assert.That(witness.Lo, Is.GreaterThan(max * 0.99));
            Assert.That(calculus.Loss(Lerp(a, b, below.Witness.Value)), Is.GreaterThan(max * 0.99));
        }
    }

    [Test]
    public void ReluKinksInsideTheSegmentKeepTheBoundValid([Values(3, 4, 5)] int seed)
    {
        // A segment whose pre-activations change sign along it: the mean-value form uses φ′ ∈ [0, 1] there.
        var instance = Random(Activation.Relu, LossKind.Mse, seed, bias: true);
        var rng = new System.Random(seed);
        int p = instance.Network.ParameterCount;
        var a = RandomPoint(p, rng);
        var b = a.Select(x => -x).ToArray();
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        double max = Enumerable.Range(0, 2001).Max(k => calculus.Loss(Lerp(a, b, k / 2000.0)));
        var result = new SegmentBound(instance).Bound(a, b, max * 1.02 + 1e-9, budget: 40000);
        Assert.That(result.Status, Is.EqualTo(SegmentBoundStatus.Below), result.ToString());
        Assert.That(result.UpperBound, Is.GreaterThanOrEqualTo(max * (1 - FloatAboveBoundRelative)));
    }

    [Test]
    public void AConvexProblemGivesAStraightThreeBeadStringInBothVariants([Values(DssVariant.Paper, DssVariant.Scripts)] DssVariant variant)
    {
        var instance = new Instance("regression", new NetworkSpec([3, 1], Activation.Linear, Activation.Linear, bias: false), LossKind.Mse,
            new Dataset(2, 3, 1, [1, 0, 0, 0, 1, 0], [1, 2]), null);
        double[] a = [1, 2, 0], b = [1, 2, 5];
        var options = new DssOptions(variant, 0.01, new TrainingOptions(TrainingMethod.Adam, 1e-3, 1000), Prove: true);
        var result = StringSampling.Run(instance, a, b, options);
        Assert.That(result.Connected, Is.True, result.Reason);
        Assert.That(result.Beads, Has.Count.EqualTo(3));
        Assert.That(result.NormalizedLength!.Value, Is.EqualTo(1).Within(1e-12), "the midpoint of two doubles lies on the segment to a few ulps");
        Assert.That(result.ProvedMaxLoss, Is.Not.Null.And.LessThanOrEqualTo(0.01));
        Assert.That(result.TrainingSteps, Is.Zero, "the midpoint is already below the target");
    }

    [Test]
    public void BeadsAreTrainedToTheirTargetAndTheLengthIsAtLeastOne([Values(DssVariant.Paper, DssVariant.Scripts)] DssVariant variant, [Values(1, 2)] int seed)
    {
        var (instance, a, b) = TrainedSigmoidPair(seed);
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        double level = 1.2 * Math.Max(calculus.Loss(a), calculus.Loss(b));
        var options = new DssOptions(variant, level, new TrainingOptions(TrainingMethod.Adam, 1e-2, 4000), MaxDepth: 6, Seed: seed);
        var result = StringSampling.Run(instance, a, b, options);
        double target = variant == DssVariant.Scripts ? options.BeadTarget * level : level;
        for (int i = 1; i + 1 < result.Beads.Count; i++)
        {
            if (result.BeadLosses[i] <= target)
            {
                continue;
            }

            Assert.That(result.Reason, Does.Contain("did not reach"), $"bead {i} stayed above its target and the reason says so");
        }

        Assert.That(result.NormalizedLength!.Value, Is.GreaterThanOrEqualTo(1 - 1e-12), "the triangle inequality");
        Assert.That(result.Segments, Has.Count.EqualTo(result.Beads.Count - 1));
        if (result.Connected)
        {
            double pass = variant == DssVariant.Scripts ? options.SuccessFactor * level : level;
            Assert.That(result.Segments.Select(s => s.SampledMax), Has.All.LessThanOrEqualTo(pass));
        }

        var again = StringSampling.Run(instance, a, b, options);
        Assert.That(again.Beads.Zip(result.Beads).All(z => z.First.SequenceEqual(z.Second)), Is.True, "the same seed gives the same string bit for bit");
    }

    [Test]
    public void WithProofsAConnectedStringIsProvedBelowTheLevelSegmentBySegment()
    {
        var (instance, a, b) = TrainedSigmoidPair(1);
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        double level = 1.1 * Math.Max(calculus.Loss(a), calculus.Loss(b));
        var options = new DssOptions(DssVariant.Scripts, level, new TrainingOptions(TrainingMethod.Adam, 1e-2, 4000), MaxDepth: 8, Prove: true);
        var result = StringSampling.Run(instance, a, b, options);
        Assume.That(result.Connected, Is.True, result.Reason);
        Assert.That(result.Segments.Select(s => s.Proof!.Status), Has.All.EqualTo(SegmentBoundStatus.Below));
        Assert.That(result.ProvedMaxLoss, Is.LessThanOrEqualTo(level));
        Assert.That(result.ProvedMaxLoss, Is.GreaterThanOrEqualTo(result.MaxLoss * (1 - FloatAboveBoundRelative)), "a proved bound is above every sample");
    }

    [Test]
    public void ScriptsRetrainABeadShortOfItsTargetAtEveryDepthAndTheStringPassesOnlyOnItsPairs()
    {
        // A convex problem whose trainer leaves the middle bead 10 away in one weight (loss 50 against L₀ = 1): the pairs
        // beside it fail, so the run retrains it at every depth, as the scripts do, inserts beads around it, and stops
        // at the depth limit naming it.
        var instance = InstanceFile.Parse(ConvexPair, "convex");
        var a = new double[] { 1, 2, 0 };
        var b = new double[] { 1, 2, 5 };
        var calls = new List<int>();
        TrainingResult Stuck(double[] start, double target, int seed)
        {
            calls.Add(seed);
            var shifted = start.ToArray();
            shifted[0] = 11;
            return new TrainingResult(shifted, 50, 7, 0, TrainingStop.EpochsSpent);
        }

        var options = new DssOptions(DssVariant.Scripts, 1, new TrainingOptions(TrainingMethod.Adam, 1e-2, 7), MaxDepth: 4);
        var result = StringSampling.Run(instance, a, b, options, Stuck);
        Assert.That(result.Connected, Is.False);
        Assert.That(result.Depth, Is.EqualTo(4));
        Assert.That(result.Reason, Does.Contain("depth limit 4").And.Contain("did not reach").And.Contain("bead 1"));
        Assert.That(calls.Count, Is.GreaterThan(4), "the stuck bead is trained at every depth, and the new beads too");
        Assert.That(result.TrainingSteps, Is.EqualTo(7L * calls.Count));

        // A bead short of a·L₀ but with every pair passing the test (the level just above the convex problem's
        // minimum, the target below it): the string passes, and the reason says which bead fell short.
        TrainingResult Short(double[] start, double target, int seed) => new(start, 0, 7, 0, TrainingStop.EpochsSpent);
        var passing = StringSampling.Run(instance, a, b, options with { Prove = true }, Short);
        Assert.That(passing.Connected, Is.True, passing.Reason);
        Assert.That(passing.Beads, Has.Count.EqualTo(3));
        Assert.That(passing.Reason, Does.Contain("did not reach"));
    }

    [Test]
    public void ThePaperVariantKeepsABeadShortOfTheLevelAndRecursesAroundItToTheDepthLimit()
    {
        // The same convex pair with a trainer that leaves its start 10 above the level: the pairs beside that bead
        // hold its loss at their ends, fail, and the recursion goes on around it until the depth limit.
        var instance = InstanceFile.Parse(ConvexPair, "convex");
        TrainingResult Stuck(double[] start, double target, int seed)
        {
            var away = start.ToArray();
            away[0] += 10;
            return new TrainingResult(away, 50, 3, 0, TrainingStop.EpochsSpent);
        }

        var options = new DssOptions(DssVariant.Paper, 1, new TrainingOptions(TrainingMethod.Adam, 1e-2, 3), MaxDepth: 5, MidpointOnly: true);
        var result = StringSampling.Run(instance, [1, 2, 0], [1, 2, 5], options, Stuck);
        Assert.That(result.Connected, Is.False);
        Assert.That(result.Depth, Is.EqualTo(5));
        Assert.That(result.Reason, Does.Contain("depth limit 5").And.Contain("did not reach"));
        Assert.That(result.Beads.Count, Is.GreaterThan(3), "the stuck bead stays and more are inserted around it");
    }

    private const string ConvexPair = """
        { "format": "verifier-instance/1", "name": "regression-3-1", "network": { "layers": [3, 1], "activation": "linear", "output": "linear", "bias": false },
          "loss": "mse", "data": { "x": [[1, 0, 0], [0, 1, 0]], "y": [[1], [2]] } }
        """;

    [Test]
    public void NormalizedLengthIsArcOverChordAndUndefinedForCoincidentEnds()
    {
        Assert.That(StringSampling.NormalizedLength([[0, 0], [3, 4], [6, 0]]), Is.EqualTo(10.0 / 6.0).Within(1e-15));
        Assert.That(StringSampling.NormalizedLength([[1, 1], [2, 2], [1, 1]]), Is.Null);
    }

    [Test]
    public void BadOptionsAreRefused()
    {
        var (instance, a, b) = TrainedSigmoidPair(1);
        var training = new TrainingOptions(TrainingMethod.Adam, 1e-2, 10);
        Assert.Throws<ArgumentException>(() => StringSampling.Run(instance, a, b, new DssOptions(DssVariant.Paper, 0, training)));
        Assert.Throws<ArgumentException>(() => StringSampling.Run(instance, a, b, new DssOptions(DssVariant.Paper, double.NaN, training)));
        Assert.Throws<ArgumentException>(() => StringSampling.Run(instance, a, b, new DssOptions(DssVariant.Scripts, 1, training, BeadTarget: 1.5)));
        Assert.Throws<ArgumentException>(() => StringSampling.Run(instance, a, [.. b.Skip(1)], new DssOptions(DssVariant.Scripts, 1, training)));
        Assert.Throws<ArgumentException>(() => new SegmentBound(instance).Bound(a, b, double.PositiveInfinity));
    }

    // Two sigmoid networks trained from seeds 2·seed and 2·seed + 1 on the same 1-4-4-1 regression data.
    private static (Instance Instance, double[] A, double[] B) TrainedSigmoidPair(int seed)
    {
        var net = new NetworkSpec([1, 4, 4, 1], Activation.Sigmoid, Activation.Linear, bias: true);
        var data = RandomInstance.Mlp(net, 20, LossKind.Mse, 100 + seed);
        var instance = new Instance("pair", net, LossKind.Mse, data.Data, null);
        var options = new TrainingOptions(TrainingMethod.Adam, 1e-2, 3000, StopAtZeroError: false);
        var a = Training.Train(instance, Training.Start(instance, 2 * seed), options).Theta;
        var b = Training.Train(instance, Training.Start(instance, (2 * seed) + 1), options).Theta;
        return (instance, a, b);
    }

    private static double[] Lerp(double[] a, double[] b, double t) => [.. a.Select((x, i) => x + (t * (b[i] - x)))];
}
