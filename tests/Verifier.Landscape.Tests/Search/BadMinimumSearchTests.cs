using Verifier.Generators;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Search;
using Verifier.Numerics.Eigen;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Search;

/// <summary>The bad-minimum search on a bounded, seeded run: what it returns is a certified bad strict minimum, by its verdicts and by float oracles, and the seed reproduces it.</summary>
[Category("Slow")]
public class BadMinimumSearchTests
{
    private static readonly NetworkSpec Net = new([2, 2, 1], Activation.Sigmoid);

    private static BadMinimumSearchOutcome Run(int seed, int parallelism) =>
        BadMinimumSearch.Run(
            i => InstanceGenerators.Draw(InstanceGenerators.SearchDatasets(2, 1, 4, 10), seed, i),
            new BadMinimumSearchOptions(Net, LossKind.Mse, seed, TimeSpan.FromSeconds(120), Parallelism: parallelism, Shrink: false));

    [Test]
    public void SeedOneFindsACertifiedBadStrictMinimumThatFloatOraclesConfirm()
    {
        var outcome = Run(1, Environment.ProcessorCount);
        Assert.That(outcome.Found, Is.Not.Null, $"{outcome.Datasets} datasets in {outcome.Seconds} s");
        var found = outcome.Found!;
        Assert.That(found.StrictVerdict, Is.TypeOf<Verdict.Verified>());
        Assert.That(found.BadVerdict, Is.TypeOf<Verdict.Verified>());

        // Independent float oracles: a gradient at rounding level, a positive definite Hessian, a lower witness.
        var theta = found.Minimum.WeightsDouble();
        var calculus = new NetworkCalculus<double, DoubleOps>(found.Minimum);
        double gradient = Math.Sqrt(calculus.Gradient(theta).Sum(g => g * g));
        Assert.That(gradient, Is.LessThan(1e-10));
        var eigen = EigenSolvers.Managed.Decompose(calculus.Hessian(theta), vectors: false).Values;
        Assert.That(eigen[0], Is.GreaterThan(0));
        Assert.That(new NetworkCalculus<double, DoubleOps>(found.Witness).Loss(found.Witness.WeightsDouble()), Is.LessThan(calculus.Loss(theta)));
    }

    [Test]
    public void TheSameSeedGivesTheSameCounterexampleAtAnyParallelism()
    {
        var a = Run(2, 1).Found;
        var b = Run(2, Environment.ProcessorCount).Found;
        Assert.That(a, Is.Not.Null);
        Assert.That(b, Is.Not.Null);
        Assert.That(b!.DatasetIndex, Is.EqualTo(a!.DatasetIndex));
        Assert.That(b.Minimum.Weights, Is.EqualTo(a.Minimum.Weights));
    }

    [Test]
    public void SimplerRationalsAreOnCoarserGridsNearestFirst()
    {
        Assert.That(BadMinimumSearch.Simpler(new Rational(3, 8)), Is.EqualTo(new[] { Rational.Zero, new Rational(1, 2) }));
        Assert.That(BadMinimumSearch.Simpler(new Rational(5, 4)), Is.EqualTo(new[] { Rational.One, new Rational(3, 2) }));
        Assert.That(BadMinimumSearch.Simpler(2), Is.Empty);
    }
}
