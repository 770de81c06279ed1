using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Paths;
using Verifier.Numerics.Programming;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Paths;

/// <summary>
/// The basin value against its definition and against the exact method alone: the fast path (float64 face, exact
/// verification) gives the same exact value as the exact active-set method; its minimiser lies in the closure of the
/// point's activation region; the network with wᵢ = uᵢ and vᵢ = sign(vᵢ) has exactly that loss; and the exact
/// verification of a face refuses guesses that are not optimal.
/// </summary>
public class BasinValueTests
{
    [Test]
    public void TheFastPathProvesTheSameExactValueAsTheExactMethod([Values(1, 2, 3, 4, 5, 6)] int seed)
    {
        var rng = new Random(seed);
        int verifiedFaces = 0;
        const int Trials = 4;
        for (int trial = 0; trial < Trials; trial++)
        {
            int width = rng.Next(2, 7), inputs = rng.Next(1, 4), samples = rng.Next(3, 9);
            var point = RandomInstance.Mlp(new NetworkSpec([inputs, width, 1], Activation.Relu, Activation.Linear, bias: false), samples, LossKind.Mse, (seed * 100) + trial);
            var fast = BasinValue.Compute(point);
            var exact = BasinValue.Compute(point, method: BasinMethod.ExactActiveSet);
            Assert.That(fast, Is.TypeOf<BasinOutcome.Solved>(), $"seed {seed}, trial {trial}: {fast}");
            Assert.That(exact, Is.TypeOf<BasinOutcome.Solved>(), $"seed {seed}, trial {trial}: {exact}");
            var solved = (BasinOutcome.Solved)fast;
            Assert.That(solved.Value, Is.EqualTo(((BasinOutcome.Solved)exact).Value), $"seed {seed}, trial {trial}: one exact optimum");
            AssertInRegionWithItsLoss(point, solved);
            verifiedFaces += solved.FaceVerified ? 1 : 0;
        }

        Assert.That(verifiedFaces, Is.GreaterThanOrEqualTo(Trials / 2), "the float64 face is usually verified as it stands (else the fast path is not exercised)");
    }

    [Test]
    public void TheFaceVerificationRefusesGuessesThatAreNotOptimal([Values(1, 2, 3)] int seed)
    {
        var point = RandomInstance.Mlp(new NetworkSpec([2, 4, 1], Activation.Relu, Activation.Linear, bias: false), 6, LossKind.Mse, seed);
        var problem = BasinValue.Problem(point, point.Weights!);
        var optimum = ((BasinOutcome.Solved)BasinValue.Compute(point, method: BasinMethod.ExactActiveSet)).Value;
        int p = problem.Start.Length;

        // The start itself with no constraint active, every constraint active (U = 0), and the start with a random face:
        // each is accepted only where it is optimal, and then with the optimum's exact value.
        var rng = new Random(seed);
        FloatQuadraticProgramResult[] wrong =
        [
            new([.. problem.Start.Select(v => v.ToDouble())], double.NaN, [], true, 0),
            new(new double[p], double.NaN, [.. Enumerable.Range(0, problem.Constraints.Count)], true, 0),
            new([.. problem.Start.Select(v => v.ToDouble())], double.NaN, [.. Enumerable.Range(0, problem.Constraints.Count).Where(_ => rng.Next(3) == 0)], true, 0),
        ];
        int refused = 0;
        foreach (var guess in wrong)
        {
            var result = BasinFace.Verify(problem.Units, problem.Inputs, problem.J, problem.Y, problem.Scale, problem.Constraints, guess, null);
            if (result is null)
            {
                refused++;
            }
            else
            {
                Assert.That(result.Value, Is.EqualTo(optimum), "an accepted guess has the optimum's value");
            }
        }

        Assert.That(refused, Is.GreaterThanOrEqualTo(1), "at least one of the non-optimal guesses is refused");
    }

    [Test]
    public void TheIntegerVerificationEqualsTheRationalOne([Values(1, 2, 3, 4)] int seed)
    {
        // The float64 guess and non-optimal guesses (no constraint active, every one active, a random face, the guess
        // with one of its constraints dropped): the integer path accepts exactly what the rational path accepts, with the
        // same minimiser, value, active constraints and multipliers.
        var rng = new Random(seed);
        int accepted = 0, refused = 0;
        for (int trial = 0; trial < 5; trial++)
        {
            int width = rng.Next(2, 9), inputs = rng.Next(1, 4), samples = rng.Next(3, 11);
            var point = RandomInstance.Mlp(new NetworkSpec([inputs, width, 1], Activation.Relu, Activation.Linear, bias: false), samples, LossKind.Mse, (seed * 1000) + trial);
            var problem = BasinValue.Problem(point, point.Weights!);
            var guess = BasinValue.FloatGuess(problem);
            var start = problem.Start.Select(v => v.ToDouble()).ToArray();
            var all = Enumerable.Range(0, problem.Constraints.Count).ToArray();
            var guesses = new List<FloatQuadraticProgramResult>
            {
                new(start, double.NaN, [], true, 0),
                new(new double[start.Length], double.NaN, all, true, 0),
                new(start, double.NaN, [.. all.Where(_ => rng.Next(3) == 0)], true, 0),
            };
            if (guess.Converged)
            {
                guesses.Add(guess);
                if (guess.Active.Length > 0)
                {
                    guesses.Add(guess with { Active = [.. guess.Active.Where((_, r) => r != rng.Next(guess.Active.Length))] });
                }
            }

            foreach (var g in guesses)
            {
                var integer = BasinFace.Verify(problem.Units, problem.Inputs, problem.J, problem.Y, problem.Scale, problem.Constraints, g, null);
                var rational = BasinFace.VerifyRational(problem.Units, problem.Inputs, problem.J, problem.Y, problem.Scale, problem.Constraints, g, null);
                Assert.That(integer is null, Is.EqualTo(rational is null), $"seed {seed}, trial {trial}, face {string.Join(",", g.Active)}: one verdict");
                if (integer is null || rational is null)
                {
                    refused++;
                    continue;
                }

                accepted++;
                Assert.That(integer.Value, Is.EqualTo(rational.Value), "value");
                Assert.That(integer.Minimiser, Is.EqualTo(rational.Minimiser), "minimiser");
                Assert.That(integer.Active, Is.EqualTo(rational.Active), "active constraints");
                Assert.That(integer.Multipliers, Is.EqualTo(rational.Multipliers), "multipliers");
            }
        }

        Assert.That(accepted, Is.GreaterThan(0), "some guesses are accepted");
        Assert.That(refused, Is.GreaterThan(0), "some guesses are refused");
    }

    // The minimiser's units keep the point's activation pattern (closure), and the network wᵢ = uᵢ, vᵢ = sign(vᵢ) has
    // exactly the basin value as its loss: N(x) = Σ sign(vᵢ)[⟨uᵢ, x⟩]₊ = J·U on the closure.
    private static void AssertInRegionWithItsLoss(Instance point, BasinOutcome.Solved solved)
    {
        var net = point.Network;
        var theta = point.Weights!;
        int n = net.Layers[1], d = net.InputWidth, m = point.Data.Count;
        var z = new NetworkCalculus<Rational, RationalOps>(point).PreActivations(theta)[0];
        var x = point.Data.XExact;
        var weights = new Rational[net.ParameterCount];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < d; k++)
            {
                weights[(i * d) + k] = solved.Minimiser[i][k];
            }

            weights[net.WeightOffset(2) + i] = theta[net.WeightOffset(2) + i].Sign;
            for (int t = 0; t < m; t++)
            {
                var inner = Enumerable.Range(0, d).Aggregate(Rational.Zero, (acc, k) => acc + (solved.Minimiser[i][k] * x[(t * d) + k]));
                Assert.That(z[(t * n) + i].Sign > 0 ? inner.Sign >= 0 : inner.Sign <= 0, $"unit {i}, sample {t} stays on its side");
            }
        }

        Assert.That(new NetworkCalculus<Rational, RationalOps>(point).Loss(weights), Is.EqualTo(solved.Value), "the loss at the minimiser is the basin value");
        Assert.That(solved.Value, Is.LessThanOrEqualTo(solved.StartLoss));
    }
}
