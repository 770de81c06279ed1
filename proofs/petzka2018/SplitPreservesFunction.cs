using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Splitting;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// <c>petzka2018.split-preserves-function</c> (PS-1): for every λ, γ_λ computes the same function as θ*. Proved exactly:
/// the split point is read back coordinate by coordinate (both copies carry u exactly, the outgoing shares sum to v
/// exactly as rationals, every other weight is unchanged), so each pre-activation of the next layer is
/// Σ_{j≠r} w·o_j + (λ + (1 − λ))·v·φ(u·õ) with the same real φ(u·õ) twice; for piecewise-linear networks the outputs
/// are also compared as exact rationals, for smooth ones their interval enclosures must meet.
/// </summary>
public sealed class SplitPreservesFunction : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "petzka2018.split-preserves-function", PaperKey.Petzka2018,
        "PS-1: splitting a hidden unit into copies with outgoing shares λ and 1 − λ preserves the network's function and loss exactly, for every λ (checked at λ ∈ {−1/2, 0, 1/4, 1/2, 3/4, 1, 3/2, 2/7, 5/2, −3}).",
        PetzkaClaims.Hypotheses, Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 1;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("§8.3, B positive definite", () => PetzkaInstances.Positive, Expectation.Verified),
        new("§8.3, B negative definite", () => PetzkaInstances.Negative, Expectation.Verified),
        new("deep 2-2-2-1 sigmoid", () => PetzkaInstances.Deep, Expectation.Verified),
        new("2-3-2 ReLU with vector output, exact", () => new Instance("relu-2-3-2", new NetworkSpec([2, 3, 2], Activation.Relu), LossKind.Sse,
            new Dataset(3, 2, 2, [1, 2, -1, 0, new Rational(1, 2), 3], [1, 0, 0, 1, 2, 2]), [1, -1, 2, 0, new Rational(1, 3), 1, 1, 0, -1, 2, 1, -1, 1, 0, 1, 1, 0]), Expectation.Verified),
        new("no hidden layer (1-1 linear)", () => new Instance("linear-1-1", new NetworkSpec([1, 1], Activation.Linear), LossKind.Sse, new Dataset(1, 1, 1, [1], [1]), [1, 0]), Expectation.HypothesesNotMet),
    ];

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (PetzkaClaims.Gate(instance) is { } gate)
        {
            return gate;
        }

        var net = instance.Network;
        var theta = instance.Weights!;
        var facts = new List<string>();
        var lambdas = PetzkaClaims.Lambdas;
        for (int layer = 1; layer < net.Depth; layer++)
        {
            var site = (layer, 0);
            foreach (var lambda in lambdas)
            {
                var big = NeuronSplit.Split(instance, layer, 0, lambda);
                if (Structure(instance, big, layer, lambda) is { } broken)
                {
                    return new Verdict.Refuted($"layer {layer}, λ = {lambda}: {broken}", PetzkaClaims.Facts(EvidenceMethod.ExactRational, site, [lambda], [broken]));
                }

                if (instance.HasExactLoss)
                {
                    var small = new NetworkCalculus<Rational, RationalOps>(instance).Outputs(theta);
                    var large = new NetworkCalculus<Rational, RationalOps>(big).Outputs(big.Weights!);
                    if (!small.SequenceEqual(large))
                    {
                        return new Verdict.Refuted($"layer {layer}, λ = {lambda}: the exact outputs differ", PetzkaClaims.Facts(EvidenceMethod.ExactRational, site, [lambda], ["exact outputs differ"]));
                    }
                }
                else
                {
                    var small = new NetworkCalculus<Interval, IntervalOps>(instance).Loss([.. theta.Select(Interval.FromRational)]);
                    var large = new NetworkCalculus<Interval, IntervalOps>(big).Loss([.. big.Weights!.Select(Interval.FromRational)]);
                    if (Interval.Intersect(small, large) is null)
                    {
                        return new Verdict.Refuted($"layer {layer}, λ = {lambda}: the loss enclosures {small} and {large} are disjoint", PetzkaClaims.Facts(EvidenceMethod.IntervalKrawczyk, site, [lambda], ["disjoint loss enclosures"]));
                    }
                }
            }

            facts.Add(string.Create(CultureInfo.InvariantCulture, $"hidden layer {layer}, unit 0: at every λ both copies carry u exactly, the shares sum to v exactly and every other weight is unchanged{(instance.HasExactLoss ? "; the exact outputs are equal" : "; the loss enclosures meet")}"));
        }

        return new Verdict.Verified(
            $"at every λ checked and every hidden layer, γ_λ carries u twice and shares summing to v exactly, so it computes f(x; θ*) (the same φ(u·õ) enters with weight λ·v + (1 − λ)·v = v){(instance.HasExactLoss ? "; the exact outputs agree" : "")}",
            PetzkaClaims.Facts(instance.HasExactLoss ? EvidenceMethod.ExactRational : EvidenceMethod.IntervalKrawczyk, PetzkaClaims.Site(net), lambdas, facts));
    }

    // Reads γ_λ back: null when it is the split of θ* at (layer, unit 0), else what differs.
    private static string? Structure(Instance small, Instance big, int layer, Rational lambda)
    {
        var net = small.Network;
        var theta = small.Weights!;
        var gamma = big.Weights!;
        var c = NeuronSplit.Coordinates(net, layer, 0);
        var u = NeuronSplit.Incoming(net, layer, 0);
        var v = NeuronSplit.Outgoing(net, layer, 0);
        for (int i = 0; i < u.Length; i++)
        {
            if (gamma[c.IncomingA[i]] != theta[u[i]] || gamma[c.IncomingB[i]] != theta[u[i]])
            {
                return $"the copies' incoming weight {i} is not u's";
            }
        }

        for (int k = 0; k < v.Length; k++)
        {
            if (gamma[c.OutgoingA[k]] + gamma[c.OutgoingB[k]] != theta[v[k]] || gamma[c.OutgoingA[k]] != lambda * theta[v[k]])
            {
                return $"the outgoing shares to unit {k} are not λ·v and (1 − λ)·v";
            }
        }

        // Every other weight: the multiset of the rest of γ equals the rest of θ* (the layout shifts indices).
        var used = new HashSet<int>([.. c.IncomingA, .. c.IncomingB, .. c.OutgoingA, .. c.OutgoingB]);
        var rest = gamma.Where((_, k) => !used.Contains(k)).OrderBy(r => r).ToArray();
        var original = theta.Where((_, k) => !u.Contains(k) && !v.Contains(k)).OrderBy(r => r).ToArray();
        return rest.SequenceEqual(original) ? null : "the other weights are not those of θ*";
    }
}
