using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Theories;
using Verifier.Symbolic;

namespace Verifier.Proofs;

/// <summary>One theorem claim's verdict on a found instance.</summary>
/// <param name="ClaimId">The claim.</param>
/// <param name="Verdict">Its verdict.</param>
public sealed record ClaimVerdict(string ClaimId, Verdict Verdict);

/// <summary>The outcome of a search: the minimal instance, how it was reached, and the theorem claims' verdicts on it.</summary>
/// <param name="Instance">The shrunk instance (data only: the claims speak of the data).</param>
/// <param name="Seed">The seed of the generated starting instance.</param>
/// <param name="ShrinkSteps">How many shrinking moves were accepted.</param>
/// <param name="Verdicts">Each Kawaguchi theorem claim's verdict on the shrunk instance.</param>
/// <param name="Minimal">False when the time budget ran out before no shrinking move was left: the instance still has the
/// failing hypothesis, but a smaller one may exist.</param>
public sealed record HypothesisFailure(Instance Instance, int Seed, int ShrinkSteps, IReadOnlyList<ClaimVerdict> Verdicts, bool Minimal = true)
{
    /// <summary>True when some theorem claim is refuted: its conclusion breaks on this instance (a counterexample).</summary>
    public bool ConclusionBreaks => Verdicts.Any(v => v.Verdict is Verdict.Refuted);
}

/// <summary>
/// Generates deep linear instances on which one of Kawaguchi's hypotheses fails, shrinks them greedily (drop a
/// sample, drop an input or output dimension, narrow a hidden layer, replace a number by 0, its integer part or its
/// sign) while that hypothesis still fails and every other one that held still holds, and runs the theorem's claims on the result: each must answer
/// hypotheses-not-met, or refuted with a counterexample where a conclusion actually breaks. Deterministic from the seed.
/// </summary>
public static class HypothesisFailureSearch
{
    /// <summary>The search kinds and the hypothesis each makes fail.</summary>
    public static IReadOnlyDictionary<string, (LinearDataKind Kind, string Hypothesis)> Kinds { get; } = new Dictionary<string, (LinearDataKind, string)>
    {
        ["rank-deficient-inputs"] = (LinearDataKind.RankDeficientInputs, "XXᵀ has full rank"),
        ["rank-deficient-correlation"] = (LinearDataKind.RankDeficientCorrelation, "XYᵀ has full rank"),
        ["repeated-eigenvalues"] = (LinearDataKind.RepeatedEigenvalues, "Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues"),
        ["wide-output"] = (LinearDataKind.WideOutput, "d_y ≤ d_x"),
    };

    /// <summary>The theorem claims run on each found instance.</summary>
    public static IReadOnlyList<Claim> TheoremClaims { get; } =
    [
        Kawaguchi2016.EveryLocalMinimumIsGlobal.Claim,
        Kawaguchi2016.NonGlobalCriticalPointsAreSaddles.Claim,
        Kawaguchi2016.SaddlesHaveNegativeCurvature.Claim,
        Kawaguchi2016.OneHiddenLayerHasNoBadSaddles.Claim,
    ];

    /// <summary>
    /// Searches one kind from a seed. With a <paramref name="budget"/>, shrinking stops when it is spent (the instance found
    /// so far is kept, marked not minimal); the generation and the claims' verdicts always run to the end.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is unknown, or the budget is not positive.</exception>
    public static HypothesisFailure Run(string kind, int seed, TimeSpan? budget = null)
    {
        if (budget is { } b && b <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The budget {b} is not positive.", nameof(budget));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (!Kinds.TryGetValue(kind, out var target))
        {
            throw new ArgumentException($"unknown search kind '{kind}' (known: {string.Join(", ", Kinds.Keys)})", nameof(kind));
        }

        var rng = new Random(seed);
        int dx = rng.Next(3, 5);
        int dy = target.Kind == LinearDataKind.WideOutput ? dx + 1 : rng.Next(2, dx + 1);
        int p = rng.Next(1, Math.Min(dx, dy) + 1);
        var instance = RationalLinearInstances.Generate([dx, p, dy], target.Kind, rng, LossKind.Sse, $"{kind}-seed{seed}");
        // Shrinking keeps the failure isolated: the target fails, and every hypothesis that held at the start still holds
        // (otherwise all-zero data, which fails everything, would always win).
        var heldAtStart = DeepLinearTheory.KawaguchiHypotheses(instance).Where(h => h.Holds).Select(h => h.Name).ToHashSet();
        bool Fails(Instance i)
        {
            var hypotheses = DeepLinearTheory.KawaguchiHypotheses(i);
            return hypotheses.Any(h => h.Name == target.Hypothesis && !h.Holds) && hypotheses.All(h => h.Holds || !heldAtStart.Contains(h.Name));
        }

        if (!Fails(instance))
        {
            throw new InvalidOperationException($"Internal error: the generator did not make '{target.Hypothesis}' fail.");
        }

        int steps = 0;
        bool progress = true, minimal = true;
        while (progress)
        {
            progress = false;
            foreach (var candidate in Shrinks(instance))
            {
                if (budget is { } limit && clock.Elapsed > limit)
                {
                    minimal = false;
                    break;
                }

                if (Fails(candidate))
                {
                    instance = candidate;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }

        var verdicts = TheoremClaims.Select(c => new ClaimVerdict(c.Id, c.Decide(new ClaimInput(instance, StandardTheories.All)))).ToList();
        return new HypothesisFailure(instance, seed, steps, verdicts, minimal);
    }

    // Smaller neighbours of an instance, the most drastic first.
    private static IEnumerable<Instance> Shrinks(Instance instance)
    {
        var d = instance.Data;
        var layers = instance.Network.Layers.ToArray();
        for (int t = 0; t < d.Count && d.Count > 1; t++)
        {
            int drop = t;
            yield return With(instance, layers, Enumerable.Range(0, d.Count).Where(s => s != drop).ToArray(), Enumerable.Range(0, d.InputWidth).ToArray(), Enumerable.Range(0, d.OutputWidth).ToArray());
        }

        for (int i = 0; i < d.InputWidth && d.InputWidth > 1; i++)
        {
            int drop = i;
            int[] shape = [layers[0] - 1, .. layers[1..]];
            yield return With(instance, shape, Enumerable.Range(0, d.Count).ToArray(), Enumerable.Range(0, d.InputWidth).Where(j => j != drop).ToArray(), Enumerable.Range(0, d.OutputWidth).ToArray());
        }

        for (int o = 0; o < d.OutputWidth && d.OutputWidth > 1; o++)
        {
            int drop = o;
            int[] shape = [.. layers[..^1], layers[^1] - 1];
            yield return With(instance, shape, Enumerable.Range(0, d.Count).ToArray(), Enumerable.Range(0, d.InputWidth).ToArray(), Enumerable.Range(0, d.OutputWidth).Where(j => j != drop).ToArray());
        }

        for (int l = 1; l < layers.Length - 1; l++)
        {
            if (layers[l] > 1)
            {
                var shape = layers.ToArray();
                shape[l]--;
                yield return With(instance, shape, Enumerable.Range(0, d.Count).ToArray(), Enumerable.Range(0, d.InputWidth).ToArray(), Enumerable.Range(0, d.OutputWidth).ToArray());
            }
        }

        var x = d.XExact.ToArray();
        var y = d.YExact.ToArray();
        foreach (var (values, isX) in new[] { (x, true), (y, false) })
        {
            for (int k = 0; k < values.Length; k++)
            {
                foreach (var simpler in Simpler(values[k]))
                {
                    var copy = values.ToArray();
                    copy[k] = simpler;
                    var data = isX ? new Dataset(d.Count, d.InputWidth, d.OutputWidth, copy, y) : new Dataset(d.Count, d.InputWidth, d.OutputWidth, x, copy);
                    yield return new Instance(instance.Name, instance.Network, instance.Loss, data, null);
                }
            }
        }
    }

    private static IEnumerable<Rational> Simpler(Rational v)
    {
        if (v.IsZero)
        {
            yield break;
        }

        yield return Rational.Zero;
        if (!v.IsInteger)
        {
            yield return new Rational(v.Floor());
        }

        if (v.Abs() != Rational.One)
        {
            yield return v.Sign;
        }
    }

    private static Instance With(Instance instance, int[] layers, int[] samples, int[] inputs, int[] outputs)
    {
        var d = instance.Data;
        var x = samples.SelectMany(t => inputs.Select(i => d.X(t, i))).ToArray();
        var y = samples.SelectMany(t => outputs.Select(o => d.Y(t, o))).ToArray();
        var net = new NetworkSpec(layers, Activation.Linear, Activation.Linear, bias: false);
        return new Instance(instance.Name, net, instance.Loss, new Dataset(samples.Length, inputs.Length, outputs.Length, x, y), null);
    }
}
