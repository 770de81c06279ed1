using System.Diagnostics;
using Verifier.Landscape.Claims;

namespace Verifier.Cli;

/// <summary>The process exit codes of the contract; every verb returns one of these.</summary>
internal static class ExitCodes
{
    /// <summary>Done; a claim verified; a certificate valid.</summary>
    public const int Success = 0;

    /// <summary>A claim refuted; a certificate rejected.</summary>
    public const int Refuted = 1;

    /// <summary>Bad input or usage: one line on stderr says what and where.</summary>
    public const int BadInput = 2;

    /// <summary>A claim could be neither verified nor refuted.</summary>
    public const int Inconclusive = 3;

    /// <summary>A bug or an environment failure inside the tool.</summary>
    public const int InternalError = 4;

    /// <summary>The instance does not meet the hypotheses of the claim.</summary>
    public const int HypothesesNotMet = 5;

    /// <summary>The exit code of a verdict: an exhaustive switch over the closed <see cref="Verdict"/> type.</summary>
    public static int Of(Verdict verdict) => verdict switch
    {
        Verdict.Verified => Success,
        Verdict.Refuted => Refuted,
        Verdict.Inconclusive => Inconclusive,
        Verdict.HypothesesNotMet => HypothesesNotMet,
        _ => throw new UnreachableException($"a verdict of unknown type {verdict?.GetType().Name}"),
    };
}
