using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Optimization;
using Verifier.Proofs.FreemanBruna2017;
using Verifier.Symbolic;

namespace Verifier.Proofs.Tests;

/// <summary>
/// The Freeman–Bruna DSS claims and the Figure 1 experiment against their definitions: deliberately false statements
/// are refuted (a non-convex pair's string is not straight; minima on both sides of a determinant barrier are not
/// connected), the constructions have the losses they promise exactly, and a CI-sized seeded Figure 1 run is
/// consistent and equals the merge of its shards.
/// </summary>
public class FreemanBrunaStringTests
{
    [Test]
    public void AStraightStringClaimedForANonConvexPairIsRefuted()
    {
        // The cyclic permutation pair: its straight segment passes a point where both swapped units are dead.
        var instance = PermutationPairNotConnected.Cyclic(PermutationPairNotConnected.Distinct);
        var a = instance.WeightsDouble();
        var b = Strings.SwapUnits(instance.Network, a, 1, 0, 1);
        var verdict = ConvexStringIsStraight.DecideStraightString(instance, a, b);
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.ToString());
    }

    [Test]
    public void TheAppendixPermutationPairIsNotConnectedWithinDepthTen()
    {
        // The must-show of FB-5: the midpoint bead's swapped units are dead on all three points, so it never trains
        // to a·L₀; it stays in the string and is trained again at every depth until the depth limit.
        var instance = PermutationPairNotConnected.Cyclic(PermutationPairNotConnected.Distinct);
        var verdict = PermutationPairNotConnected.Claim.Decide(new ClaimInput(instance, Landscape.Theories.StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.ToString());
        var dss = ((Verdict.Verified)verdict).Evidence.Items.OfType<EvidenceItem.StringOfBeads>().Single();
        Assert.That(dss.Connected, Is.False);
        Assert.That(dss.Depth, Is.EqualTo(10), dss.Reason);
        Assert.That(dss.Reason, Does.Contain("depth limit 10"));
    }

    [Test]
    public void ThePermutationConstructionsFitTheirDataExactly()
    {
        foreach (var theta in new[] { PermutationPairNotConnected.Distinct, PermutationPairNotConnected.Proportional })
        {
            var instance = PermutationPairNotConnected.Cyclic(theta);
            var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
            Assert.That(calculus.Loss(theta), Is.EqualTo(Rational.Zero));
            var asDoubles = theta.Select(r => r.ToDouble()).ToArray();
            var swapped = Strings.SwapUnits(instance.Network, asDoubles, 1, 0, 1).Select(Rational.FromDouble).ToArray();
            var same = asDoubles.Select(Rational.FromDouble).ToArray();
            Assert.That(calculus.Outputs(swapped), Is.EqualTo(calculus.Outputs(same)), "a swap of hidden units is the same function");
            Assert.That(swapped, Is.Not.EqualTo(same), "and another point");
        }
    }

    [Test]
    public void MinimaOnBothSidesOfADeterminantBarrierAreRefutedAndOnOneSideNot()
    {
        var instance = PaperInstances.Kawaguchi([2, 2, 2]);
        var problem = DeepLinearProblem.TryCreate(instance)!;

        // (A, Y·A⁻¹) with Y = diag(2, 1): A = I and A = diag(−1, 1) are global minima with det A of opposite signs.
        double[] plus = [1, 0, 0, 1, 2, 0, 0, 1];
        double[] minus = [-1, 0, 0, 1, -2, 0, 0, 1];
        double[] plusToo = [2, 0, 0, 1, 1, 0, 0, 1];
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        Assert.That(new[] { calculus.Loss(plus), calculus.Loss(minus), calculus.Loss(plusToo) }, Has.All.EqualTo(0.0));

        var refuted = LinearMinimaConnected.SignBarrier(problem, instance.Network, plus, minus, 0.1);
        Assert.That(refuted, Is.TypeOf<Verdict.Refuted>());
        Assert.That(LinearMinimaConnected.SignBarrier(problem, instance.Network, plus, plusToo, 0.1), Is.Null, "same sign: no barrier");
        Assert.That(LinearMinimaConnected.SignBarrier(problem, instance.Network, plus, minus, 0.6), Is.Null, "a level above the rank-1 loss 1/2 is not separated");

        // The barrier value is the exact least loss of rank-1 maps: ½·(4 + 1 − 4) = 1/2.
        Assert.That(DeepLinearTheory.RankConstrainedMinimum(problem, 1).Lower, Is.EqualTo(new Rational(1, 2)));
        Assert.That(DeepLinearTheory.RankConstrainedMinimum(problem, 0).Lower, Is.EqualTo(new Rational(5, 2)), "rank 0: the zero map");
    }

    [Test]
    public void TheScriptsStartDrawsUniformWeightsAndTheWeightsLengthLeavesBiasesOut()
    {
        var net = PolynomialTasks.Network;
        var start = Figure1.Start(new Random(5), Figure1.ScriptsInit);
        var weights = Enumerable.Range(1, net.Depth).SelectMany(l => Enumerable.Range(net.WeightOffset(l), net.Layers[l] * net.Layers[l - 1])).ToHashSet();
        Assert.That(weights.Select(k => start[k]), Has.All.InRange(-1.0, 1.0));
        Assert.That(start.Length - weights.Count, Is.EqualTo(9), "1-4-4-1 has 9 biases");
        Assert.Throws<ArgumentException>(() => Figure1.Start(new Random(5), "xavier"));

        // Beads that differ only in biases have equal weights at the ends: ℓ_w is undefined; a detour in one weight
        // doubles back: ℓ_w = 3 for 0 → 2 → −1 … along one weight coordinate with the chord 1.
        var a = new double[net.ParameterCount];
        var b = (double[])a.Clone();
        b[net.BiasOffset(1)] = 1;
        Assert.That(Figure1.WeightsLength([a, b]), Is.Null);
        var w = net.WeightOffset(1);
        var mid = (double[])a.Clone();
        mid[w] = 2;
        mid[net.BiasOffset(2)] = 100;
        var end = (double[])a.Clone();
        end[w] = 1;
        Assert.That(Figure1.WeightsLength([a, mid, end]), Is.EqualTo(3.0).Within(1e-15));
    }

    [Test]
    public void ACiSizedFigureOneRunIsConsistentAndEqualsTheMergeOfItsShards()
    {
        var parameters = new Figure1Parameters("quadratic", 1, 2, [0.1, 0.125], TestPoints: 200, Batch: 200, EndpointSteps: 50_000, BeadSteps: 20_000);
        var whole = Figure1.Run(parameters, ShardSpec.Whole);
        var pairs = whole.Select(i => Landscape.Serialization.VerifierJson.Deserialize<Figure1Pair>(i.Outcome)).ToList();
        Assert.That(pairs, Has.Count.EqualTo(4));
        Assert.That(pairs.All(Figure1.Consistent), Is.True);
        Assert.That(pairs.Count(p => p.Connected), Is.GreaterThanOrEqualTo(3), "at these high levels DSS connects (the paper: every pair)");
        Assert.That(pairs.Where(p => p.Connected).Select(p => p.WeightsLength!.Value), Has.All.GreaterThanOrEqualTo(1 - 1e-12), "ℓ_w ≥ 1: the triangle inequality");

        var report = Figure1.Summarize(parameters, whole);
        Assert.That(report.Rows.Select(r => r.Level), Is.SupersetOf(Figure1.PaperLevels(PolynomialKind.Quadratic)), "the paper's full grid is always printed");
        Assert.That(report.Rows.Where(r => r.Pairs == 0).Select(r => r.LengthMean), Has.All.Null);
        Assert.That(Figure1.Markdown(report), Does.Contain("| 0.001 | — |").And.Contain("1.863"));

        var shards = Enumerable.Range(1, 2).SelectMany(k => Figure1.Run(parameters, new ShardSpec(k, 2))).OrderBy(i => i.Cell).ThenBy(i => i.Run).ToList();
        Assert.That(shards.Select(i => i.Outcome.GetRawText()), Is.EqualTo(whole.Select(i => i.Outcome.GetRawText())), "shards partition the run exactly");
    }
}
