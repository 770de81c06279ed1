using Verifier.Landscape.Claims;
using Verifier.Landscape.Theories;
using Verifier.Landscape.Instances;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.DeepLinearNetworks;

/// <summary>Kawaguchi's and Baldi–Hornik's deep linear theory, checked exactly (papers.md §4, §6).</summary>
public class DeepLinearTheoryTests
{
    private static readonly int[][] Shapes = [[2, 1, 2], [3, 2, 3], [3, 1, 2], [3, 2, 2, 3], [4, 2, 3], [3, 2, 1, 2]];

    private static DeepLinearProblem Problem(Instance instance) => DeepLinearProblem.TryCreate(instance)!;

    [Test]
    public void KawaguchiInstanceMeetsEveryHypothesis()
    {
        var hypotheses = DeepLinearTheory.KawaguchiHypotheses(Origin(2, 1, 2));
        Assert.That(hypotheses.Where(h => !h.Holds), Is.Empty, string.Join("; ", hypotheses.Select(h => h.Name + ": " + h.Detail)));
    }

    [TestCase(LinearDataKind.RankDeficientInputs, "XXᵀ has full rank")]
    [TestCase(LinearDataKind.RankDeficientCorrelation, "XYᵀ has full rank")]
    [TestCase(LinearDataKind.RepeatedEigenvalues, "Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues")]
    public void EachFailingHypothesisIsNamed(LinearDataKind kind, string failing)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var instance = RationalLinearInstances.Generate([3, 2, 3], kind, new Random(seed));
            var failed = DeepLinearTheory.KawaguchiHypotheses(instance).Where(h => !h.Holds).Select(h => h.Name).ToList();
            Assert.That(failed, Does.Contain(failing), $"seed {seed}");
        }
    }

    [Test]
    public void WideOutputFailsTheDimensionHypothesis()
    {
        var instance = RationalLinearInstances.Generate([2, 2, 3], LinearDataKind.WideOutput, new Random(3));
        Assert.That(DeepLinearTheory.KawaguchiHypotheses(instance).Where(h => !h.Holds).Select(h => h.Name), Does.Contain("d_y ≤ d_x"));
    }

    [Test]
    public void NonLinearNetworkFailsTheSetting()
    {
        var net = new NetworkSpec([2, 1, 2], Activation.Relu, Activation.Linear, bias: false);
        var instance = new Instance("relu", net, LossKind.Sse, KawaguchiData(), null);
        Assert.That(DeepLinearTheory.KawaguchiHypotheses(instance)[0].Holds, Is.False);
        Assert.That(DeepLinearProblem.TryCreate(instance), Is.Null);
    }

    [TestCase(new[] { 2, 1, 2 }, "1/2")]
    [TestCase(new[] { 2, 2, 2 }, "0")]
    [TestCase(new[] { 2, 1, 1, 2 }, "1/2")]
    [TestCase(new[] { 2, 2, 2, 2 }, "0")]
    public void GlobalMinimumValueOfThePaperInstance(int[] layers, string expected)
    {
        var value = DeepLinearTheory.GlobalMinimum(Problem(Origin(layers)))!;
        Assert.That(value.IsExact, Is.True);
        Assert.That(value.Lower, Is.EqualTo(Rational.Parse(expected)));
    }

    [Test]
    public void BaldiHornikPointsOfThePaperInstance()
    {
        // papers.md §6: I = {1} gives 1/2 (global), I = {2} gives 2 (strict saddle), ∅ gives 5/2.
        var points = DeepLinearTheory.SubsetCriticalPoints(Problem(Origin(2, 1, 2)))!;
        Assert.That(points.Select(p => (p.SubsetText, p.Loss.ToString())), Is.EqualTo(new[] { ("∅", "5/2"), ("{1}", "1/2"), ("{2}", "2") }));
        Assert.That(points.Select(p => p.IsTop), Is.EqualTo(new[] { false, true, false }));
    }

    [Test]
    public void EveryGeneratedSubsetPointIsExactlyCriticalWithItsPredictedLoss()
    {
        int checkedPoints = 0;
        foreach (var layers in Shapes)
        {
            for (int seed = 0; seed < 3; seed++)
            {
                var instance = RationalLinearInstances.Generate(layers, LinearDataKind.MeetsHypotheses, new Random(seed));
                var problem = Problem(instance);
                var exact = Exact(instance);
                var points = DeepLinearTheory.SubsetCriticalPoints(problem, k => RationalLinearInstances.RandomInvertible(k, new Random(seed + k)))!;
                foreach (var p in points)
                {
                    Assert.That(exact.Gradient(p.Theta).All(g => g.IsZero), Is.True, $"{string.Join('-', layers)} seed {seed} subset {p.SubsetText}");
                    Assert.That(exact.Loss(p.Theta), Is.EqualTo(p.Loss));
                    checkedPoints++;
                }
            }
        }

        Assert.That(checkedPoints, Is.GreaterThan(50));
    }

    [Test]
    public void LocalMinIsVerifiedExactlyAtTheTopSubsetAndRefutedWithADescentAtEveryOther()
    {
        foreach (var layers in Shapes)
        {
            for (int seed = 0; seed < 2; seed++)
            {
                var instance = RationalLinearInstances.Generate(layers, LinearDataKind.MeetsHypotheses, new Random(seed));
                var problem = Problem(instance);
                var global = DeepLinearTheory.GlobalMinimum(problem)!;
                foreach (var change in new Func<int, Rational[,]?>[] { _ => null, k => RationalLinearInstances.RandomInvertible(k, new Random(seed * 7 + k)) })
                {
                    foreach (var p in DeepLinearTheory.SubsetCriticalPoints(problem, change)!)
                    {
                        var verdict = GenericClaims.LocalMin.Decide(new ClaimInput(instance.WithWeights(p.Theta), StandardTheories.All));
                        string where = $"{string.Join('-', layers)} seed {seed} subset {p.SubsetText}: {verdict.Reason}";
                        if (p.IsTop)
                        {
                            Assert.That(verdict, Is.TypeOf<Verdict.Verified>(), where);
                            Assert.That(p.Loss, Is.EqualTo(global.Lower), where);
                        }
                        else
                        {
                            Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), where);
                            // The refutation names an explicit descent direction, and replaying it exactly shows the descent.
                            var evidence = ((Verdict.Refuted)verdict).Evidence;
                            var exact = Exact(instance);
                            if (evidence.Find<EvidenceItem.CurvatureDirection>() is { } curvature)
                            {
                                Assert.That(ExactLinearAlgebra.QuadraticForm(exact.Hessian(p.Theta), [.. curvature.Direction]).Sign, Is.Negative, where);
                            }
                            else
                            {
                                var line = evidence.Find<EvidenceItem.LineDirection>()!;
                                var (d, t) = (line.Direction, line.Step);
                                Assert.That(exact.Loss([.. p.Theta.Select((w, k) => w + t * d[k])]), Is.LessThan(p.Loss), where);
                            }
                        }
                    }
                }
            }
        }
    }

    [Test]
    public void GlobalMinimumProofRejectsAPointThatIsNotCritical()
    {
        var instance = RationalLinearInstances.Generate([3, 2, 3], LinearDataKind.MeetsHypotheses, new Random(5));
        var problem = Problem(instance);
        var theta = DeepLinearTheory.GlobalMinimiser(problem)!;
        theta[0] += new Rational(1, 1000);
        Assert.That(DeepLinearTheory.ProveGlobalMinimum(problem, theta), Is.TypeOf<GlobalMinimumAttempt.NotProved>());
    }

    [Test]
    public void GlobalMinimiserAttainsTheValueForEveryShape()
    {
        foreach (var layers in Shapes)
        {
            var instance = RationalLinearInstances.Generate(layers, LinearDataKind.MeetsHypotheses, new Random(11), LossKind.Mse);
            var problem = Problem(instance);
            var theta = DeepLinearTheory.GlobalMinimiser(problem)!;
            var proof = DeepLinearTheory.ProveGlobalMinimum(problem, theta);
            Assert.That(proof, Is.TypeOf<GlobalMinimumAttempt.Proved>(), (proof as GlobalMinimumAttempt.NotProved)?.Reason);
            Assert.That(((GlobalMinimumAttempt.Proved)proof).Value, Is.EqualTo(DeepLinearTheory.GlobalMinimum(problem)!.Lower));
        }
    }

    [Test]
    public void IrrationalSpectrumGivesARigorousEnclosure()
    {
        // Y = [[1, 1], [0, 1]] with X = I: Σ = YYᵀ = [[2, 1], [1, 1]], eigenvalues (3 ± √5)/2. Width 1: min = ½(3 − (3+√5)/2).
        var instance = new Instance("irrational", new NetworkSpec([2, 1, 2], Activation.Linear, Activation.Linear, bias: false), LossKind.Sse,
            new Dataset(2, 2, 2, [1, 0, 0, 1], [1, 0, 1, 1]), null);
        var value = DeepLinearTheory.GlobalMinimum(Problem(instance))!;
        // The minimum is (3 − √5)/4: lower ≤ it ≤ upper ⇔ (3 − 4·upper)² ≤ 5 ≤ (3 − 4·lower)² (both sides positive).
        Assert.That(value.IsExact, Is.False);
        Assert.That((3 - 4 * value.Lower).Pow(2), Is.GreaterThanOrEqualTo((Rational)5));
        Assert.That((3 - 4 * value.Upper).Pow(2), Is.LessThanOrEqualTo((Rational)5));
        Assert.That(value.Upper - value.Lower, Is.LessThan(new Rational(1, System.Numerics.BigInteger.Pow(10, 25))));
    }

    [Test]
    public void SingularInputsUseThePseudoInverseAndStillDecideLocalMinima()
    {
        // x = (1,0,0), (0,1,0), (2,0,0); y = (2,0), (0,1), (4,0): XXᵀ has rank 2 and Σ = YXᵀ(XXᵀ)⁺XYᵀ = diag(20, 1).
        var instance = new Instance("rank-deficient", new NetworkSpec([3, 1, 2], Activation.Linear, Activation.Linear, bias: false), LossKind.Sse,
            new Dataset(3, 3, 2, [1, 0, 0, 0, 1, 0, 2, 0, 0], [2, 0, 0, 1, 4, 0]), null);
        var problem = Problem(instance);
        Assert.That(problem.InputsFullRank, Is.False);
        Assert.That(DeepLinearTheory.GlobalMinimum(problem)!.Lower, Is.EqualTo(new Rational(1, 2)));
        var points = DeepLinearTheory.SubsetCriticalPoints(problem)!;
        var exact = Exact(instance);
        foreach (var p in points)
        {
            Assert.That(exact.Gradient(p.Theta).All(g => g.IsZero), Is.True, p.SubsetText);
            var verdict = GenericClaims.LocalMin.Decide(new ClaimInput(instance.WithWeights(p.Theta), StandardTheories.All));
            Assert.That(verdict, p.IsTop ? Is.TypeOf<Verdict.Verified>() : Is.TypeOf<Verdict.Refuted>(), $"{p.SubsetText}: {verdict.Reason}");
        }

        // Moving the unused third input's weight changes nothing in the loss, and the proof still holds there.
        var top = points.Single(p => p.IsTop).Theta.ToArray();
        top[2] += 5;
        Assert.That(DeepLinearTheory.ProveGlobalMinimum(problem, top), Is.TypeOf<GlobalMinimumAttempt.Proved>());
    }

    [Test]
    public void DegenerateSaddleIsRefutedAfterAGaugeThatHidesItsFreeUnits()
    {
        // Subset {1} of a 3-2-2-3 network has rank 1 < p = 2: a saddle whose Hessian has no negative eigenvalue.
        // W₁ → G₁W₁, W₂ → G₂W₂G₁⁻¹, W₃ → W₃G₂⁻¹ keeps the product and criticality but leaves no all-zero unit.
        var instance = RationalLinearInstances.Generate([3, 2, 2, 3], LinearDataKind.MeetsHypotheses, new Random(8));
        var problem = Problem(instance);
        var point = DeepLinearTheory.SubsetCriticalPoints(problem)!.Single(p => p.Subset.SequenceEqual([1]));
        var g1 = RationalLinearInstances.RandomInvertible(2, new Random(1));
        var g2 = RationalLinearInstances.RandomInvertible(2, new Random(2));
        var w1 = ExactMatrices.Multiply(g1, problem.Layer(point.Theta, 1));
        var w2 = ExactMatrices.Multiply(ExactMatrices.Multiply(g2, problem.Layer(point.Theta, 2)), ExactMatrices.Inverse(g1)!);
        var w3 = ExactMatrices.Multiply(problem.Layer(point.Theta, 3), ExactMatrices.Inverse(g2)!);
        var theta = problem.Theta([w1, w2, w3]);
        Assert.That(Exact(instance).Gradient(theta).All(g => g.IsZero), Is.True);
        var verdict = GenericClaims.LocalMin.Decide(new ClaimInput(instance.WithWeights(theta), StandardTheories.All));
        Assert.That(verdict, Is.TypeOf<Verdict.Refuted>(), verdict.Reason);
        Assert.That(GenericClaims.Saddle.Decide(new ClaimInput(instance.WithWeights(theta), StandardTheories.All)), Is.TypeOf<Verdict.Verified>());
    }

    [Test]
    public void CayleyTransformIsOrthogonal()
    {
        var q = RationalLinearInstances.RandomOrthogonal(4, new Random(2));
        Assert.That(ExactMatrices.AreEqual(ExactMatrices.Multiply(ExactMatrices.Transpose(q), q), ExactMatrices.Identity(4)), Is.True);
    }
}
