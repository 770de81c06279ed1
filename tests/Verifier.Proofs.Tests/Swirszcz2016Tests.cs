using System.Text.Json.Nodes;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;
using static Verifier.Proofs.Swirszcz2016.SwirszczInstances;

namespace Verifier.Proofs.Tests;

/// <summary>
/// The exact local-minimum decision at ReLU kinks against independent oracles: a proved minimum is never beaten by
/// exact small perturbations (kept inside the region where no untied unit changes sign), a refutation's step is
/// re-evaluated through the network's own loss, random transformations of the paper's minima (shift, scale, orbit)
/// stay minima, and moves off them are refuted. Seeds are fixed and printed in the names.
/// </summary>
public class Swirszcz2016Tests
{
    private static readonly Point[] Minima = [D1Minimum, D2Local, D3Better, D3Worse];
    private static readonly (Rational[] X, Rational[] Y)[] Datasets = [D1, D2, D3, D3];

    [Test]
    public void TransformedMinimaAreProvedAndNeverBeatenByExactPerturbations([Values(1, 2, 3)] int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 12; trial++)
        {
            int k = rng.Next(Minima.Length);
            var (data, point) = (Datasets[k], Minima[k]);
            (data, point) = Shifted(data, point, new Rational(rng.Next(-20, 21), rng.Next(1, 7)));
            (data, point) = Scaled(data, point, new Rational(rng.Next(1, 9), rng.Next(1, 9)), new Rational(rng.Next(1, 9), rng.Next(1, 9)));
            for (int j = 0; j < point.W.Length; j++)
            {
                point = point.Rescaled(j, new Rational(rng.Next(1, 9), rng.Next(1, 9)));
            }

            var instance = At($"variant-{seed}-{trial}", data, point);
            var decision = KinkMinimum.LocalMinimum(instance);
            Assert.That(decision, Is.TypeOf<KinkDecision.Minimum>(), $"seed {seed}, trial {trial}: {decision}");
            AssertNoExactPerturbationDescends(instance, rng);
        }
    }

    [Test]
    public void PointsMovedOffTheMinimaAreRefutedWithAStepThatReallyDescends([Values(4, 5, 6)] int seed)
    {
        // Moving one parameter by a random small rational: a refutation must come with a step whose exact loss,
        // evaluated independently through the network, is below the point's; a move that stays a minimum (a unit's
        // inactive side) must be proved so, and is checked by perturbations instead.
        var rng = new Random(seed);
        int refuted = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            int k = rng.Next(Minima.Length);
            var theta = Minima[k].Theta;
            theta[rng.Next(theta.Length)] += new Rational(rng.Next(1, 5) * (rng.Next(2) * 2 - 1), rng.Next(2, 40));
            var instance = new Instance("moved", Network(Minima[k].W.Length), LossKind.Sse, new Dataset(Datasets[k].X.Length, 1, 1, Datasets[k].X, Datasets[k].Y), theta);
            switch (KinkMinimum.LocalMinimum(instance))
            {
                case KinkDecision.Descent d:
                    refuted++;
                    var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
                    var moved = theta.Select((x, i) => x + (d.Line.Step * d.Line.Direction[i])).ToArray();
                    Assert.That(calculus.Loss(moved), Is.LessThan(calculus.Loss(theta)), $"seed {seed}, trial {trial}");
                    Assert.That(d.Line.LeadingCoefficient.Sign, Is.LessThan(0));
                    break;
                case KinkDecision.Minimum:
                    AssertNoExactPerturbationDescends(instance, rng);
                    break;
                case KinkDecision.Undecided u:
                    Assert.Fail($"seed {seed}, trial {trial}: undecided: {u.Reason}");
                    break;
            }
        }

        Assert.That(refuted, Is.GreaterThanOrEqualTo(10), "most moves must leave the minimum");
    }

    [Test]
    public void RandomPointsWithTiesAreDecidedConsistently([Values(11, 12, 13)] int seed)
    {
        // Random 1-h-1 networks on random data with a unit's kink placed exactly on a sample: whatever is decided must
        // survive the independent checks.
        var rng = new Random(seed);
        int withTies = 0;
        for (int trial = 0; trial < 30; trial++)
        {
            int n = rng.Next(3, 7), h = rng.Next(1, 4);
            var x = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-6, 7)).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => (Rational)rng.Next(-6, 7)).ToArray();
            var w = Enumerable.Range(0, h).Select(_ => (Rational)rng.Next(-3, 4)).ToArray();
            var b = w.Select(wj => -wj * x[rng.Next(n)]).ToArray();
            var v = Enumerable.Range(0, h).Select(_ => (Rational)rng.Next(-2, 3)).ToArray();
            var instance = new Instance("random", Network(h), LossKind.Sse, new Dataset(n, 1, 1, x, y), new Point(w, b, v, rng.Next(-2, 3)).Theta);
            var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
            withTies += calculus.Kinks(instance.Weights!).Count > 0 ? 1 : 0;
            switch (KinkMinimum.LocalMinimum(instance))
            {
                case KinkDecision.Descent d:
                    var moved = instance.Weights!.Select((p, i) => p + (d.Line.Step * d.Line.Direction[i])).ToArray();
                    Assert.That(calculus.Loss(moved), Is.LessThan(calculus.Loss(instance.Weights!)));
                    break;
                case KinkDecision.Minimum:
                    AssertNoExactPerturbationDescends(instance, rng);
                    break;
            }
        }

        Assert.That(withTies, Is.GreaterThan(20), "the generator must put most points on kinks");
    }

    [Test]
    public void TooManyTiesAreRefusedNamingTheLimit()
    {
        // A unit with w = b = 0 and v ≠ 0 is tied on every sample: 13 samples give 2^13 pieces, above the limit.
        var x = Enumerable.Range(0, 13).Select(i => (Rational)i).ToArray();
        var instance = new Instance("ties", Network(1), LossKind.Sse, new Dataset(13, 1, 1, x, x), new Point([0], [0], [1], 6).Theta);
        var decision = KinkMinimum.LocalMinimum(instance);
        Assert.That(decision, Is.TypeOf<KinkDecision.Undecided>());
        Assert.That(((KinkDecision.Undecided)decision).Reason, Does.Contain(KinkMinimum.MaxPieces.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void TheD1CertificateFailsWhenTheStatementBecomesFalseAndPassesWhenItStaysTrue()
    {
        var certified = (CertifyResult.Certified)CertificateWriter.Certify(InstanceFile.Format(At("swirszcz-d1", D1, D1Minimum)), null, null);
        Assert.That(certified.Statement, Is.EqualTo(CertificateStatements.LocalMin));
        Assert.That(CertificateChecker.Check(certified.Json).Valid, Is.True);

        // The loss bounds are widened in every tampering so that the local-minimum argument itself is what is checked.
        Assert.That(Tampered(certified.Json, d => d["instance"]!["data"]!["y"]![0]![0] = 3).Valid, Is.False, "target of an active sample");
        Assert.That(Tampered(certified.Json, d => d["instance"]!["data"]!["y"]![2]![0] = 1).Valid, Is.False, "target of the tied sample");
        Assert.That(Tampered(certified.Json, d => d["instance"]!["weights"]![0]!["b"]![0] = "-5/2").Valid, Is.False, "the kink moved");
        Assert.That(Tampered(certified.Json, d => d["localMinimum"]!["units"]![0]!["pieces"]!.AsArray().RemoveAt(1)).Valid, Is.False, "a piece dropped");
        Assert.That(Tampered(certified.Json, d => d["localMinimum"]!["route"] = "zero-loss").Valid, Is.False, "another route");
        Assert.That(Tampered(certified.Json, d => d["instance"]!["data"]!["x"]![3]![0] = 0.5).Valid, Is.True, "an inactive input moved within its region");
    }

    private static CertificateCheck Tampered(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        node["lossBounds"] = new JsonObject { ["lower"] = "-1000", ["upper"] = "1000" };
        return CertificateChecker.Check(node.ToJsonString());
    }

    // L(θ + δ) ≥ L(θ) for 200 random exact δ, each shrunk until no untied pre-activation changes sign (so δ stays in
    // the neighbourhood the statement speaks of).
    private static void AssertNoExactPerturbationDescends(Instance instance, Random rng)
    {
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!.ToArray();
        var loss = calculus.Loss(theta);
        var z0 = calculus.PreActivations(theta)[0];
        for (int k = 0; k < 200; k++)
        {
            var delta = theta.Select(_ => new Rational(rng.Next(-1000, 1001), 1000 * 64)).ToArray();
            Rational[] moved;
            while (true)
            {
                moved = theta.Select((p, i) => p + delta[i]).ToArray();
                var z = calculus.PreActivations(moved)[0];
                if (Enumerable.Range(0, z.Length).All(i => z0[i].IsZero || z[i].Sign == z0[i].Sign))
                {
                    break;
                }

                delta = delta.Select(d => d / 8).ToArray();
            }

            Assert.That(calculus.Loss(moved), Is.GreaterThanOrEqualTo(loss), $"{instance.Name}: perturbation {string.Join(", ", delta)}");
        }
    }
}
