using Verifier.Landscape.Claims;
using Verifier.Numerics.Intervals;
using Verifier.Proofs.FreemanBruna2017;
using Verifier.Symbolic;

namespace Verifier.Proofs.Tests;

/// <summary>
/// Freeman and Bruna (2017) FB-1 (the arc-cosine kernel bounds and their Monte Carlo check), FB-6 (the covering and
/// pigeonhole bound) and §2.3.1 (disconnected level sets): the checkers prove the paper's statements and refute
/// deliberately false variants.
/// </summary>
public class FreemanBrunaClaimsTests
{
    /// <summary>Seed of the random angles of the identity checks (printed in the messages).</summary>
    private const int Seed = 1611;

    /// <summary>
    /// Tolerance of float64 identities between O(1) trigonometric expressions: a few dozen roundings of numbers
    /// below 2 (the enclosures, not this, decide the claims).
    /// </summary>
    private const double FloatIdentityTolerance = 1e-14;

    [Test]
    public void ThePapersBoundsAreProvedForEveryAngle()
    {
        var verdict = ArcCosineKernel.Decide(KernelBoundVariant.Paper);
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        var proof = ((Verdict.Verified)verdict).Evidence.Find<EvidenceItem.KernelBoundsProof>()!;
        Assert.That(proof.UpperTaylorConstant > 0 && proof.LowerTaylorConstant > 0, Is.True);
        Assert.That(proof.UpperPieces, Is.GreaterThan(0));
        Assert.That(proof.SmallestUpperSlack, Is.GreaterThan(0));
    }

    [Test]
    public void TheTaylorConstantsAreTheExactPolynomialsAtDelta()
    {
        // 1/8 − (1/4)/18 − (1/16)/96 − (1/64)/720 and −1/8 + 2(1/4 − (1/16)/48 + (1 − (1/16)/6)²), computed by hand.
        Assert.That(ArcCosineKernel.UpperTaylorConstant(new Rational(1, 4)), Is.EqualTo(new Rational(1, 8) - new Rational(1, 72) - new Rational(1, 1536) - new Rational(1, 46080)));
        var s = 1 - new Rational(1, 96);
        Assert.That(ArcCosineKernel.LowerTaylorConstant(new Rational(1, 4), 2), Is.EqualTo(new Rational(-1, 8) + (2 * (new Rational(1, 4) - new Rational(1, 768) + (s * s)))));
    }

    [Test]
    public void TheUpperSlackIsSymmetricAndTheTaylorBoundsHoldNearZero()
    {
        var rng = new Random(Seed);
        double upperConstant = ArcCosineKernel.UpperTaylorConstant(new Rational(1, 4)).ToDouble();
        double lowerConstant = ArcCosineKernel.LowerTaylorConstant(new Rational(1, 4), 2).ToDouble();
        for (int k = 0; k < 2000; k++)
        {
            double alpha = rng.NextDouble() * Math.PI;
            double h = ArcCosineKernel.UpperSlackValue(alpha, 4), mirrored = ArcCosineKernel.UpperSlackValue(Math.PI - alpha, 4);
            Assert.That(h, Is.EqualTo(mirrored).Within(FloatIdentityTolerance), $"h(α) = h(π − α) at α = {alpha:R} (seed {Seed})");
            double small = rng.NextDouble() * 0.25;
            if (small > 1e-3)
            {
                Assert.That(ArcCosineKernel.UpperSlackValue(small, 4) / (small * small), Is.GreaterThanOrEqualTo(upperConstant), $"α = {small:R}");
                Assert.That(ArcCosineKernel.LowerSlackValue(small, 2) / (small * small), Is.GreaterThanOrEqualTo(lowerConstant), $"α = {small:R}");
            }
        }
    }

    [Test]
    public void TheKernelEnclosureHoldsTheClosedFormsKnownValues()
    {
        // k(π/2) = 1/(2π); at the ends k(0) = 1/2 and k(π) = 0.
        var pi = Interval.Pi;
        var atHalfPi = ArcCosineKernel.Enclose(pi / Interval.Point(2));
        Assert.That(Interval.Intersect(atHalfPi, Interval.Point(1) / (Interval.Point(2) * pi)), Is.Not.Null, "k(π/2) = 1/(2π)");
        Assert.That(ArcCosineKernel.Enclose(Interval.Zero).Contains(0.5), Is.True);
        Assert.That(ArcCosineKernel.Enclose(pi).Contains(0.0), Is.True);
    }

    [TestCase(41, 10, 2, 1, "upper", TestName = "Upper bound (1+cos α)/4.1 is refuted (fails near 0)")]
    [TestCase(4, 1, 1, 20, "lower", TestName = "Lower factor 1/20 instead of 2 is refuted (fails near 0)")]
    [TestCase(4, 1, 0, 1, "upper", TestName = "Lower factor 0 is refuted (the lower bound becomes the upper one)")]
    [TestCase(3, 1, -1, 1, "lower", TestName = "A negative lower factor is refuted")]
    public void FalseVariantsAreRefutedAtAnAngleWithANegativeSlack(int uNum, int uDen, int cNum, int cDen, string bound)
    {
        var variant = new KernelBoundVariant(new Rational(uNum, uDen), new Rational(cNum, cDen));
        var verdict = ArcCosineKernel.Decide(variant);
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        var counterexample = ((Verdict.Refuted)verdict).Evidence.Find<EvidenceItem.KernelBoundCounterexample>()!;
        Assert.That(counterexample.Alpha, Is.GreaterThan(0).And.LessThan(Math.PI));
        Assert.That(counterexample.Slack.Hi, Is.LessThan(0));
        if (bound == "upper" && variant.LowerFactor > 0)
        {
            Assert.That(counterexample.Bound, Is.EqualTo("upper"));
        }

        double floatSlack = counterexample.Bound == "upper"
            ? ArcCosineKernel.UpperSlackValue(counterexample.Alpha, variant.UpperDenominator)
            : ArcCosineKernel.LowerSlackValue(counterexample.Alpha, variant.LowerFactor);
        Assert.That(floatSlack, Is.LessThan(0), "float64 agrees that the bound fails there");
    }

    [TestCase(4, 3, TestName = "A larger lower factor (3) is also proved")]
    [TestCase(7, 2, TestName = "A smaller upper denominator (U = 7/2) is proved through h")]
    public void TrueVariantsAreProved(int uNumTimesTwo, int c)
    {
        var u = uNumTimesTwo == 7 ? new Rational(7, 2) : new Rational(uNumTimesTwo);
        var verdict = ArcCosineKernel.Decide(new KernelBoundVariant(u, c));
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
    }

    [Test]
    public void TheMonteCarloMeanAgreesWithTheClosedFormAndNotWithAWrongOne()
    {
        double[] w1 = [1, 0, 0], w2 = [0.6, 0.8, 0];
        var right = KernelMonteCarloAgrees.Compare(w1, w2, KernelMonteCarloAgrees.ClosedForm);
        Assert.That(Math.Abs(right.Estimate - right.ClosedForm), Is.LessThanOrEqualTo(KernelMonteCarloAgrees.ZLimit * right.StandardError), $"seed {right.Seed}");

        // The degree-0 kernel's angle factor (π − α)/π in place of the degree-1 one: far outside 3 SE.
        var wrong = KernelMonteCarloAgrees.Compare(w1, w2, (a, b, alpha) => a * b * (Math.PI - alpha) / (2 * Math.PI));
        Assert.That(Math.Abs(wrong.Estimate - wrong.ClosedForm), Is.GreaterThan(KernelMonteCarloAgrees.ZLimit * wrong.StandardError), $"seed {wrong.Seed}");
    }

    [Test]
    public void TheCoveringBoundAndPigeonholeHoldOnSeededDirections()
    {
        var instance = FreemanBrunaInstances.ReluLayer(2, 5000, 1);
        var verdict = CoveringPigeonholeBound.Claim.Decide(new ClaimInput(instance, Landscape.Theories.StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        var item = ((Verdict.Verified)verdict).Evidence.Find<EvidenceItem.CoveringPigeonhole>()!;
        Assert.That(item.Centres, Is.LessThanOrEqualTo(item.CoveringBound.Lo));
        Assert.That(item.LargestCell, Is.GreaterThanOrEqualTo(item.PigeonholeBound));
        Assert.That(item.PigeonholeBound, Is.EqualTo((item.Vectors + item.Centres - 1) / item.Centres), "⌈m/N⌉");
        Assert.That(item.LargestCellDiameter.Hi, Is.LessThanOrEqualTo(2 * item.Epsilon.Hi));
        Assert.That(item.Epsilon.Contains(Math.Pow(5000, (item.Eta.ToDouble() - 1) / 2)), Is.True, "ε = m^((η−1)/n)");
        Assert.That(item.Eta < new Rational(1, 3), Is.True, "0 < η < n⁻¹(1 + n⁻¹)⁻¹ = 1/3 for n = 2");
    }

    [Test]
    public void ACoveringBoundWithTheExponentNMinusOneIsRefutedByTheSeparatedNet()
    {
        // On the circle an ε-separated set can hold about 2π/ε points, more than (1 + 2/ε)¹ for small ε.
        var instance = FreemanBrunaInstances.ReluLayer(2, 5000, 1);
        var rows = Enumerable.Range(0, 5000).Select(j => new[] { instance.Weights![2 * j], instance.Weights[(2 * j) + 1] }).ToArray();
        var verdict = CoveringPigeonholeBound.Check(rows, CoveringPigeonholeBound.EtaFor(2), exponent: 1);
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        var item = ((Verdict.Refuted)verdict).Evidence.Find<EvidenceItem.CoveringPigeonhole>()!;
        Assert.That(item.Centres, Is.GreaterThan(item.CoveringBound.Hi));
    }

    [Test]
    public void TheTeachersSegmentLeavesTheZeroSetAndTheTiedTeachersDoesNot()
    {
        var teacher = TeacherPermutationLeavesZeroSet.OnOwnOutputs("t", [2, 3, 1], TeacherPermutationLeavesZeroSet.Teacher231);
        var verdict = TeacherPermutationLeavesZeroSet.Claim.Decide(new ClaimInput(teacher, Landscape.Theories.StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        var segment = ((Verdict.Verified)verdict).Evidence.Find<EvidenceItem.SegmentLoss>()!;
        Assert.That(segment.StartLoss.IsZero && segment.EndLoss.IsZero, Is.True);
        Assert.That(segment.LossAt > 0, Is.True);

        // The oracle: the loss at the segment's point recomputed independently, and the permuted point's function unchanged.
        var net = teacher.Network;
        var swapped = TeacherPermutationLeavesZeroSet.Swap(net, teacher.Weights!, 0, 1);
        var calculus = new Landscape.Derivatives.NetworkCalculus<Rational, Landscape.Derivatives.RationalOps>(teacher);
        Assert.That(calculus.Outputs(swapped), Is.EqualTo(calculus.Outputs(teacher.Weights!)), "permuting hidden units keeps the function");
        Assert.That(swapped, Is.Not.EqualTo(teacher.Weights!));
        var t = segment.At;
        Assert.That(calculus.Loss([.. teacher.Weights!.Zip(swapped, (p, q) => ((1 - t) * p) + (t * q))]), Is.EqualTo(segment.LossAt));

        var tied = TeacherPermutationLeavesZeroSet.OnOwnOutputs("tied", [2, 2, 1], TeacherPermutationLeavesZeroSet.TiedTeacher221);
        var tiedVerdict = TeacherPermutationLeavesZeroSet.Claim.Decide(new ClaimInput(tied, Landscape.Theories.StandardTheories.All));
        Assert.That(tiedVerdict, Is.TypeOf<Verdict.Refuted>(), tiedVerdict.Reason);
    }

    [Test]
    public void BothTeachersOfTheMaeMixtureAreLocalMinimaInTheWholeParameterSpace([Values(0, 1)] int which)
    {
        // The claim proves it on the slice of fixed outgoing weights; the oracle here is the definition, in all nine
        // parameters (outgoing weights included): exact losses at seeded random nearby points are never lower.
        var verdict = DecideMixture(Landscape.Networks.LossKind.Mae, withMinority: true);
        Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), verdict.Reason);
        var instance = which == 0 ? TwoTeacherMixtureMinima.Mixture(Landscape.Networks.LossKind.Mae, true) : TwoTeacherMixtureMinima.Witness(Landscape.Networks.LossKind.Mae, true);
        var calculus = new Landscape.Derivatives.NetworkCalculus<Rational, Landscape.Derivatives.RationalOps>(instance);
        var theta = instance.Weights!.ToArray();
        var loss = calculus.Loss(theta);
        var rng = new Random(Seed + which);
        for (int trial = 0; trial < 400; trial++)
        {
            int scale = 1 << rng.Next(8, 24);
            var moved = theta.Select(t => t + new Rational(rng.Next(-1000, 1001), 1000 * scale)).ToArray();
            Assert.That(calculus.Loss(moved) >= loss, Is.True, $"seed {Seed + which}, trial {trial}: a nearby point with lower loss");
        }

        var stationarity = ((Verdict.Verified)verdict).Evidence.Items.OfType<EvidenceItem.SliceStationarity>().ToList();
        Assert.That(stationarity.Select(s => s.Loss), Is.EqualTo(new[] { new Rational(17, 40), new Rational(7, 20) }));
        Assert.That(stationarity.SelectMany(s => s.Multipliers!).All(l => l.Abs() <= 1), Is.True, "multipliers of |·| lie in [−1, 1]");
    }

    [Test]
    public void TheMixtureUnderASquaredLossIsRefutedByAnExactDescent()
    {
        // Under mse the mixture's minimiser is the teachers' weighted mean, not a teacher: the statement is false.
        var verdict = DecideMixture(Landscape.Networks.LossKind.Mse, withMinority: true);
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        var descent = ((Verdict.Refuted)verdict).Evidence.Items.OfType<EvidenceItem.SliceStationarity>().Single(s => !s.LocalMinimum);
        var instance = TwoTeacherMixtureMinima.Mixture(Landscape.Networks.LossKind.Mse, true);
        var calculus = new Landscape.Derivatives.NetworkCalculus<Rational, Landscape.Derivatives.RationalOps>(instance);
        var moved = instance.Weights!.Zip(descent.Direction!, (t, d) => t + (descent.Step!.Value * d)).ToArray();
        Assert.That(calculus.Loss(moved), Is.EqualTo(descent.LossAtStep!.Value));
        Assert.That(descent.LossAtStep!.Value < calculus.Loss(instance.Weights!), Is.True);
        Assert.That(descent.Direction!.Skip(6).Take(2).All(d => d.IsZero), Is.True, "outgoing weights stay fixed");
    }

    [Test]
    public void EqualRisksAndTargetsFromNeitherTeacherAreNotAPoorMinimum()
    {
        var equal = DecideMixture(Landscape.Networks.LossKind.Mae, withMinority: false);
        Assert.That(equal, Is.TypeOf<Verdict.Refuted>(), equal.Reason);
        Assert.That(equal.Reason, Does.Contain("same risk"));

        // A target moved off both teachers' outputs: not a two-teacher mixture.
        var a = TwoTeacherMixtureMinima.Mixture(Landscape.Networks.LossKind.Mae, true);
        var y = a.Data.YExact.ToArray();
        y[0] += new Rational(1, 3);
        var data = new Landscape.Instances.Dataset(a.Data.Count, 2, 1, [.. a.Data.XExact], y);
        var moved = new Landscape.Instances.Instance(a.Name, a.Network, a.Loss, data, a.Weights);
        var witness = new Landscape.Instances.Instance(a.Name, a.Network, a.Loss, data, TwoTeacherMixtureMinima.TeacherB);
        var verdict = TwoTeacherMixtureMinima.Claim.Decide(new ClaimInput(moved, Landscape.Theories.StandardTheories.All, witness));
        Assert.That(verdict, Is.TypeOf<Verdict.HypothesesNotMet>(), verdict.Reason);
        Assert.That(verdict.Reason, Does.Contain("sample 1"));
    }

    private static Verdict DecideMixture(Landscape.Networks.LossKind loss, bool withMinority) =>
        TwoTeacherMixtureMinima.Claim.Decide(new ClaimInput(
            TwoTeacherMixtureMinima.Mixture(loss, withMinority), Landscape.Theories.StandardTheories.All, TwoTeacherMixtureMinima.Witness(loss, withMinority)));

    [Test]
    public void EveryNewEvidenceItemIsWrittenAsJsonWithItsTypeWord()
    {
        // verifier check writes the evidence through the one JSON layer; an item missing from the union crashes it.
        var items = new (Verdict Verdict, string Word)[]
        {
            (ArcCosineKernel.Decide(KernelBoundVariant.Paper), "kernel-bounds-proof"),
            (ArcCosineKernel.Decide(new KernelBoundVariant(new Rational(41, 10), 2)), "kernel-bound-counterexample"),
            (KernelMonteCarloAgrees.Claim.Decide(new ClaimInput(FreemanBrunaInstances.TwoUnitsAtAngle(new Rational(1, 2)), Landscape.Theories.StandardTheories.All)), "kernel-monte-carlo"),
            (CoveringPigeonholeBound.Claim.Decide(new ClaimInput(FreemanBrunaInstances.ReluLayer(3, 50, 2), Landscape.Theories.StandardTheories.All)), "covering-pigeonhole"),
            (TeacherPermutationLeavesZeroSet.Claim.Decide(new ClaimInput(TeacherPermutationLeavesZeroSet.OnOwnOutputs("t", [2, 2, 1], TeacherPermutationLeavesZeroSet.Teacher221), Landscape.Theories.StandardTheories.All)), "segment-loss"),
            (DecideMixture(Landscape.Networks.LossKind.Mae, withMinority: true), "slice-stationarity"),
        };
        foreach (var (verdict, word) in items)
        {
            var evidence = verdict switch
            {
                Verdict.Verified v => v.Evidence,
                Verdict.Refuted r => r.Evidence,
                _ => null,
            };
            Assert.That(evidence, Is.Not.Null, verdict.Reason);
            Assert.That(Landscape.Serialization.VerifierJson.Serialize(evidence!), Does.Contain($"\"{word}\""), word);
        }
    }
}
