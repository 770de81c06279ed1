using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;

namespace Verifier.Proofs.SafranShamir2016;

/// <summary>The setting the paper's claims share (papers.md §1.1) and its gate.</summary>
internal static class SafranShamirClaims
{
    /// <summary>Hidden layers ReLU (or linear), a linear output, a squared loss, and a point.</summary>
    public static Verdict? Gate(Instance instance, IReadOnlyList<string> hypotheses)
    {
        var net = instance.Network;
        bool setting = net.Output == Activation.Linear && (net.Depth == 1 || net.Activation is Activation.Relu or Activation.Linear)
            && instance.Loss is LossKind.Sse or LossKind.Mse && instance.Weights is not null;
        return setting ? null : new Verdict.HypothesesNotMet([hypotheses[0]]);
    }

    /// <summary>The shared first hypothesis.</summary>
    public const string Setting = "ReLU (or linear) hidden layers, a linear output, a squared loss (mse or sse), and a point";
}
