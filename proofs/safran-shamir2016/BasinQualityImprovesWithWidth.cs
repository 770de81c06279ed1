using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Paths;
using Verifier.Numerics.Statistics;
using Verifier.Symbolic;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>
/// <c>safran-shamir2016.basin-quality-improves-with-width</c>: SS-7 (papers.md §1.4; the paper's claim is qualitative and
/// unverified in detail), as statistical evidence. On data made of k tight clusters, draw random initialisations of
/// the bias-free one-hidden-layer ReLU network at widths k, 2k, 4k, compute each point's basin value exactly
/// (<see cref="BasinValue"/>, a convex QP proved by KKT multipliers), and count the draws whose basin value is at most
/// <see cref="Epsilon"/>·L(0). Verified (method monte-carlo) when the widest width's 95% Wilson interval lies wholly
/// above the narrowest's and no width falls significantly below a narrower one; refuted on a significant fall.
/// </summary>
public sealed class BasinQualityImprovesWithWidth : ICatalogueClaim
{
    /// <summary>The good-basin threshold, as a fraction of the zero predictor's loss.</summary>
    public static readonly Rational Epsilon = new(1, 20);

    /// <summary>Draws per width.</summary>
    public const int Draws = 40;

    /// <summary>Seed of the draws.</summary>
    public const int Seed = 1;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "safran-shamir2016.basin-quality-improves-with-width", PaperKey.SafranShamir2016,
        "SS-7 (statistical): on clustered data, the fraction of random initialisations whose basin value (the exact least loss over the closure of the initial activation region) is at most L(0)/20 grows with the width k → 4k — seeded Monte Carlo with 95% Wilson intervals.",
        ["data and a bias-free network with one hidden ReLU layer and a linear scalar output, squared loss (the widths are k, 2k, 4k for k the hidden width given)"], Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 7;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("3 clusters in R², 4 points each, k = 3", () => Clustered(3, 4, 1), Expectation.Verified),
        new("a network with biases (outside the model)", () => new Instance("biased", new NetworkSpec([2, 3, 1], Activation.Relu), LossKind.Mse, Clustered(3, 4, 1).Data, null), Expectation.HypothesesNotMet),
    ];

    /// <summary>k tight clusters in R² (centres on a circle of radius 2, offsets within 1/20), each with a target in {−1, 1, 2, …}.</summary>
    public static Instance Clustered(int k, int perCluster, int seed)
    {
        var rng = new Random(seed);
        var x = new List<Rational>();
        var y = new List<Rational>();
        (int, int)[] centres = [(2, 0), (-1, 2), (-1, -2), (0, 3), (3, 3), (-3, 0)];
        for (int c = 0; c < k; c++)
        {
            for (int p = 0; p < perCluster; p++)
            {
                x.Add(centres[c].Item1 + new Rational(rng.Next(-5, 6), 100));
                x.Add(centres[c].Item2 + new Rational(rng.Next(-5, 6), 100));
                y.Add(c % 2 == 0 ? c + 1 : -c);
            }
        }

        return new Instance($"clusters-{k}x{perCluster}-seed{seed}", new NetworkSpec([2, k, 1], Activation.Relu, Activation.Linear, bias: false), LossKind.Mse,
            new Dataset(k * perCluster, 2, 1, x, y), null);
    }

    /// <summary>
    /// The experiment behind the claim: <see cref="BasinExperiment"/> on the instance's data at widths k, 2k, 4k with
    /// <see cref="Draws"/> draws each (each draw's exact basin value within the experiment's per-draw budget).
    /// </summary>
    public static BasinReport Estimate(Instance instance, int seed)
    {
        ArgumentNullException.ThrowIfNull(instance);
        int k = instance.Network.Layers[1];
        var parameters = new BasinParameters(seed, Draws, [k, 2 * k, 4 * k], "clustered", instance.Data.Count / k);
        return BasinExperiment.Summarize(parameters, BasinExperiment.Run(instance, parameters, ShardSpec.Whole));
    }

    private static Verdict Decide(ClaimInput input)
    {
        var net = input.Instance.Network;
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Bias || net.OutputWidth != 1 || input.Instance.Loss is not (LossKind.Mse or LossKind.Sse))
        {
            return new Verdict.HypothesesNotMet([.. Claim.Hypotheses]);
        }

        var report = Estimate(input.Instance, Seed);
        var evidence = Evidence.Of(EvidenceMethod.MonteCarlo);
        if (report.Rows.Sum(r => r.Undecided) is > 0 and var undecided)
        {
            return new Verdict.Inconclusive($"{undecided} draws' basin values ran past their work budget", evidence);
        }

        var estimates = report.Rows.Select(r => (r.Width, Interval: BinomialInterval.Wilson(r.Good, r.Runs))).ToList();
        var table = string.Join("; ", estimates.Select(e => string.Create(CultureInfo.InvariantCulture, $"width {e.Width}: {e.Interval.Estimate:0.000} [{e.Interval.Lower:0.000}, {e.Interval.Upper:0.000}]")));
        for (int i = 0; i < estimates.Count; i++)
        {
            for (int j = i + 1; j < estimates.Count; j++)
            {
                if (estimates[j].Interval.Upper < estimates[i].Interval.Lower)
                {
                    return new Verdict.Refuted($"the good-basin frequency falls significantly from width {estimates[i].Width} to {estimates[j].Width} (seed {Seed}, {Draws} draws per width): {table}", evidence);
                }
            }
        }

        return estimates[^1].Interval.Lower > estimates[0].Interval.Upper
            ? new Verdict.Verified($"the frequency of basin values ≤ L(0)/20 grows with width (seed {Seed}, {Draws} draws per width, exact basin values, 95% Wilson intervals): {table}", evidence)
            : new Verdict.Inconclusive($"no significant growth from width {estimates[0].Width} to {estimates[^1].Width} (seed {Seed}, {Draws} draws): {table}", evidence);
    }
}
