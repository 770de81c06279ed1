using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.relu-path-expectation</c>: Kawaguchi (2016), §3 and papers.md KAW-6 (the path model's details are
/// marked unverified there). Under A1p-m and A5u-m (every path's gate Z is Bernoulli(ρ), independent of X and W), the
/// expected path-model output is E_Z[Ŷ] = qρ·W_{H+1}⋯W_1X. Decided in two parts: exactly, the sum over every
/// input-to-output path of x·Πw equals (W_{H+1}⋯W_1X) entry by entry in rational arithmetic (so linearity of
/// expectation gives the identity); and by a seeded Monte Carlo run over the gates, whose mean must lie within
/// <see cref="ZLimit"/> standard errors of qρ·WX in every entry (evidence of the sampling model, not a proof).
/// </summary>
public sealed class ReluPathExpectation : ICatalogueClaim
{
    /// <summary>Monte Carlo samples of the gates.</summary>
    public const int Samples = 4000;

    /// <summary>Seed of the gate samples.</summary>
    public const int Seed = 1;

    /// <summary>Largest tolerated |mean − qρ·WX| / SE over the entries (4: a 6·10⁻⁵ two-sided chance per entry).</summary>
    public const double ZLimit = 4;

    /// <summary>Most paths (per output entry and sample) enumerated.</summary>
    public const int MaxPaths = 4096;

    private static readonly Rational Rho = new(1, 2);

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.relu-path-expectation", PaperKey.Kawaguchi2016,
        "With path gates Z i.i.d. Bernoulli(ρ) independent of X and W, E_Z[Ŷ] = qρ·W_{H+1}⋯W_1X (KAW-6): the path sum exactly, the expectation by seeded Monte Carlo within 4 standard errors.",
        ["the network is linear without biases (the path weights of the ReLU model)", $"at most {MaxPaths} input-to-output paths", "A1p-m and A5u-m: the gates are i.i.d. Bernoulli(ρ), independent of X and W (the sampler draws them so)"],
        Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 10;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("X=I₂, Y=diag(2,1), widths 2-2-2-2 at a seeded point", () => AtRandomPoint(Kawaguchi([2, 2, 2, 2]), 3), Expectation.Verified),
        new("meets-hypotheses, widths 3-2-3-2, seed 4, at a seeded point", () => AtRandomPoint(Generated([3, 2, 3, 2], LinearDataKind.MeetsHypotheses, 4), 4), Expectation.Verified),
        SigmoidCase(Expectation.HypothesesNotMet),
    ];

    private static Instance AtRandomPoint(Instance instance, int seed) =>
        instance.WithWeights(RandomInstance.RandomWeights(instance.Network, new Random(seed)));

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (DeepLinearProblem.TryCreate(instance, input.Work) is not { } problem)
        {
            return DeepLinearClaims.NotDeepLinear(instance);
        }

        var net = instance.Network;
        long paths = net.Layers.Aggregate(1L, (a, w) => a * w) / net.OutputWidth;
        if (paths > MaxPaths)
        {
            return new Verdict.HypothesesNotMet([$"at most {MaxPaths} input-to-output paths (this network has {paths} per output)"]);
        }

        // At the origin every path weight is 0 and the check is empty: use a seeded random point there (and without weights).
        bool ownPoint = instance.Weights is { } w && w.Any(t => !t.IsZero);
        var theta = ownPoint ? instance.Weights! : RandomInstance.RandomWeights(net, new Random(Seed));
        var layers = Enumerable.Range(1, net.Depth).Select(k => problem.Layer(theta, k)).ToArray();
        var product = problem.Product(theta);
        int m = instance.Data.Count;
        var pathList = Paths(net.Layers.ToArray()).ToList();

        // Exact: Σ_paths x_a·Π w along the path = (W·X) for every output j and sample i.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < net.OutputWidth; j++)
            {
                Rational sum = Rational.Zero, expected = Rational.Zero;
                foreach (var path in pathList.Where(p => p[^1] == j))
                {
                    sum += instance.Data.X(i, path[0]) * Weight(layers, path);
                }

                for (int a = 0; a < net.InputWidth; a++)
                {
                    expected += product[j, a] * instance.Data.X(i, a);
                }

                if (sum != expected)
                {
                    return new Verdict.Refuted($"the path sum for output {j}, sample {i} is {sum}, not (WX) = {expected}", Evidence.Of(EvidenceMethod.ExactRational, new EvidenceItem.Point("point", theta)));
                }
            }
        }

        // Monte Carlo over the gates: each path of each sample is open with probability ρ.
        var rng = new Random(Seed);
        var weights = pathList.Select(p => Weight(layers, p).ToDouble()).ToArray();
        double worst = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < net.OutputWidth; j++)
            {
                var mine = Enumerable.Range(0, pathList.Count).Where(k => pathList[k][^1] == j).ToArray();
                double mean = 0, square = 0;
                for (int s = 0; s < Samples; s++)
                {
                    double y = 0;
                    foreach (int k in mine)
                    {
                        if (rng.NextDouble() < Rho.ToDouble())
                        {
                            y += instance.Data.X(i, pathList[k][0]).ToDouble() * weights[k];
                        }
                    }

                    mean += y;
                    square += y * y;
                }

                mean /= Samples;
                double variance = Math.Max(0, square / Samples - mean * mean);
                double se = Math.Sqrt(variance / Samples);
                double target = Rho.ToDouble() * Enumerable.Range(0, net.InputWidth).Sum(a => product[j, a].ToDouble() * instance.Data.X(i, a).ToDouble());
                double z = se > 0 ? Math.Abs(mean - target) / se : (Math.Abs(mean - target) < 1e-12 ? 0 : double.PositiveInfinity);
                worst = Math.Max(worst, z);
            }
        }

        var evidence = Evidence.Of(EvidenceMethod.ExactRationalMonteCarlo,
            new EvidenceItem.PathExpectation(ownPoint ? null : Seed, pathList.Count, Rho, Samples, Seed, worst));
        return worst <= ZLimit
            ? new Verdict.Verified($"the path sum equals W_{{H+1}}⋯W_1X exactly, and the Monte Carlo mean of the gated output lies within {worst:F2} standard errors of ρ·WX (limit {ZLimit})", evidence)
            : new Verdict.Inconclusive($"the path sum is exact, but the Monte Carlo mean deviates by {worst:F2} standard errors (limit {ZLimit}): rerun with another seed or more samples", evidence);
    }

    private static Rational Weight(Rational[][,] layers, int[] path)
    {
        Rational w = Rational.One;
        for (int k = 0; k < layers.Length; k++)
        {
            w *= layers[k][path[k + 1], path[k]];
        }

        return w;
    }

    // Every path (unit index per layer, input first, output last).
    private static IEnumerable<int[]> Paths(int[] widths)
    {
        IEnumerable<int[]> partial = Enumerable.Range(0, widths[0]).Select(a => new[] { a });
        for (int l = 1; l < widths.Length; l++)
        {
            int width = widths[l];
            partial = partial.SelectMany(p => Enumerable.Range(0, width).Select(u => (int[])[.. p, u]));
        }

        return partial;
    }
}
