using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.DeepLinear;

/// <summary>
/// Kawaguchi's hypotheses on the float64 path (d_x + d_y above the exact limit): the hypotheses are invariant under
/// X → aX, Y → bY with a, b > 0, so data scaled by powers of two far into the double range's ends must give the
/// same statuses as the unscaled data, and never an exception.
/// </summary>
public class FloatHypothesesTests
{
    private static Instance Scaled(Instance instance, int xExponent, int yExponent)
    {
        var data = instance.Data;
        var a = new Rational(2).Pow(xExponent);
        var b = new Rational(2).Pow(yExponent);
        var scaled = new Dataset(data.Count, data.InputWidth, data.OutputWidth,
            [.. data.XExact.Select(v => v * a)], [.. data.YExact.Select(v => v * b)]);
        return new Instance(instance.Name, instance.Network, instance.Loss, scaled, instance.Weights);
    }

    [TestCase(LinearDataKind.MeetsHypotheses, 660, 660)]
    [TestCase(LinearDataKind.MeetsHypotheses, -990, -990)]
    [TestCase(LinearDataKind.MeetsHypotheses, 660, -990)]
    [TestCase(LinearDataKind.RankDeficientInputs, 660, 660)]
    [TestCase(LinearDataKind.RepeatedEigenvalues, -990, 660)]
    public void ScalingTheDataByPowersOfTwoKeepsEveryStatus(LinearDataKind kind, int xExponent, int yExponent)
    {
        var instance = RationalLinearInstances.Generate([13, 12, 12], kind, new Random(3));
        Assert.That(DeepLinearTheory.UseExact(instance), Is.False, "the float path is the one under test");

        var plain = DeepLinearTheory.KawaguchiHypotheses(instance);
        var scaled = DeepLinearTheory.KawaguchiHypotheses(Scaled(instance, xExponent, yExponent));

        Assert.That(scaled.Select(h => (h.Name, h.Status)), Is.EqualTo(plain.Select(h => (h.Name, h.Status))),
            string.Join("; ", scaled.Select(h => $"{h.Name}: {h.Detail}")));
    }
}
