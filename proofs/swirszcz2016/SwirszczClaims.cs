using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;

namespace Verifier.Proofs.Swirszcz2016;

/// <summary>What the paper's claims about points share: the setting (papers.md §5.1) and its gate.</summary>
internal static class SwirszczClaims
{
    /// <summary>The hypotheses of the constructions of §3.1.3.</summary>
    public static IReadOnlyList<string> PointHypotheses { get; } =
    [
        "one hidden ReLU layer with biases and a linear scalar output (the paper's eq. 1)",
        "a squared loss (sse or mse) on exact data",
        "the instance has a point",
    ];

    /// <summary>Null when the instance is in the setting; otherwise the verdict naming what fails.</summary>
    public static Verdict? Gate(Instance instance)
    {
        var net = instance.Network;
        var failed = new List<string>();
        if (net.Depth != 2 || net.Activation != Activation.Relu || net.Output != Activation.Linear || net.OutputWidth != 1 || !net.Bias)
        {
            failed.Add(PointHypotheses[0]);
        }

        if (instance.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            failed.Add(PointHypotheses[1]);
        }

        if (instance.Weights is null)
        {
            failed.Add(PointHypotheses[2]);
        }

        return failed.Count > 0 ? new Verdict.HypothesesNotMet(failed) : null;
    }

    /// <summary>The generic local-minimum decision at the instance's point (exact at kinks), within the input's budget.</summary>
    public static Verdict LocalMin(ClaimInput input) => GenericClaims.LocalMin.Decider(input);
}
