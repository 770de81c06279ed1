using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Splitting;
using Verifier.Symbolic;

namespace Verifier.Proofs.Petzka2018;

/// <summary>What the split claims share (papers.md §2): the split site, the λ grids and the setting's gate.</summary>
internal static class PetzkaClaims
{
    /// <summary>The listed λ of §8.3 and PS-2, and λ the digest does not list (so that nothing is tuned to the grid).</summary>
    public static IReadOnlyList<Rational> Lambdas { get; } = [new(-1, 2), 0, new(1, 4), new(1, 2), new(3, 4), 1, new(3, 2), new(2, 7), new(5, 2), -3];

    /// <summary>The λ away from the degenerate 0 and 1.</summary>
    public static IReadOnlyList<Rational> RegularLambdas { get; } = [.. Lambdas.Where(l => l != 0 && l != 1)];

    /// <summary>The hypotheses of the split claims.</summary>
    public static IReadOnlyList<string> Hypotheses { get; } =
    [
        "the network has a hidden layer (the split unit is unit 0 of the last hidden layer)",
        "the instance has a point θ*",
    ];

    /// <summary>The unit split: unit 0 of the last hidden layer (the one feeding the output, as in Petzka's construction).</summary>
    public static (int Layer, int Unit) Site(NetworkSpec network) => (network.Depth - 1, 0);

    /// <summary>Null when the instance has a hidden layer and a point; otherwise the verdict naming what fails.</summary>
    public static Verdict? Gate(Instance instance, params string[] more)
    {
        var failed = new List<string>();
        if (instance.Network.Depth < 2)
        {
            failed.Add(Hypotheses[0]);
        }

        if (instance.Weights is null)
        {
            failed.Add(Hypotheses[1]);
        }

        failed.AddRange(more);
        return failed.Count > 0 ? new Verdict.HypothesesNotMet(failed) : null;
    }

    /// <summary>The split analysis at the site, checked at <see cref="Lambdas"/>.</summary>
    public static SplitAnalysisResult Analyze(Instance instance, (int Layer, int Unit) site, IReadOnlyList<Rational>? lambdas = null) =>
        SplitAnalysis.Analyze(instance, site.Layer, site.Unit, lambdas ?? RegularLambdas);

    /// <summary>
    /// The Fukumizu–Amari setting at the site: θ* proved a strict local minimum, B proved definite, M = 0. Returns the
    /// analysis (checked at <paramref name="lambdas"/>), or the hypotheses-not-met verdict naming what fails.
    /// </summary>
    public static (SplitAnalysisResult.Analysed? Analysis, Verdict? NotMet) DefiniteMinimum(Instance instance, (int Layer, int Unit) site, IReadOnlyList<Rational> lambdas)
    {
        var result = Analyze(instance, site, lambdas);
        if (result is SplitAnalysisResult.NotCritical nc)
        {
            return (null, new Verdict.HypothesesNotMet([string.Create(System.Globalization.CultureInfo.InvariantCulture, $"θ* is not a critical point ({nc.Reason}; gradient norm {nc.GradientNorm:G3})")]));
        }

        var a = (SplitAnalysisResult.Analysed)result;
        var failed = new List<string>();
        if (a.SmallType != "strict-local-min")
        {
            failed.Add($"θ* is not proved a strict local minimum ({a.SmallType})");
        }

        if (a.BSign is not (SplitSign.PositiveDefinite or SplitSign.NegativeDefinite))
        {
            failed.Add($"B is not proved definite ({a.BSign})");
        }

        if (a.MStatus != "zero")
        {
            failed.Add($"M is not zero ({a.MStatus}: {a.MWhy})");
        }

        return failed.Count > 0 ? (null, new Verdict.HypothesesNotMet(failed)) : (a, null);
    }

    /// <summary>Evidence of a split: one <see cref="EvidenceItem.NeuronSplit"/> with the facts.</summary>
    public static Evidence Facts(EvidenceMethod method, (int Layer, int Unit) site, IReadOnlyList<Rational> lambdas, IEnumerable<string> facts) =>
        Evidence.Of(method, new EvidenceItem.NeuronSplit(site.Layer, site.Unit, lambdas, [.. facts]));
}
