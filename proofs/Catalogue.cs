using Verifier.Landscape.Claims;

namespace Verifier.Proofs;

/// <summary>The paper keys of the catalogue (design contract).</summary>
public static class Paper
{
    /// <summary>Kawaguchi, "Deep Learning without Poor Local Minima", NIPS 2016.</summary>
    public const string Kawaguchi2016 = "kawaguchi2016";

    /// <summary>Baldi and Hornik, "Neural networks and principal component analysis", 1989.</summary>
    public const string BaldiHornik1989 = "baldi-hornik1989";

    /// <summary>Freeman and Bruna, "Topology and Geometry of Half-Rectified Network Optimization", ICLR 2017.</summary>
    public const string FreemanBruna2017 = "freeman-bruna2017";

    /// <summary>Every paper key the contract names (the catalogue covers those with entries).</summary>
    public static IReadOnlyList<string> Keys { get; } = [Kawaguchi2016, BaldiHornik1989, "petzka2018", "swirszcz2016", "safran-shamir2016", FreemanBruna2017];
}

/// <summary>The whole catalogue: the generic claims, then every paper's claims with their suite cases.</summary>
public static class Catalogue
{
    /// <summary>The papers' claims with their suite cases, in catalogue order.</summary>
    public static IReadOnlyList<CatalogueEntry> PaperEntries { get; } =
    [
        new(Kawaguchi2016.Hypotheses.Claim, Kawaguchi2016.Hypotheses.Cases),
        new(Kawaguchi2016.GlobalMinimumValue.Claim, Kawaguchi2016.GlobalMinimumValue.Cases),
        new(Kawaguchi2016.EveryLocalMinimumIsGlobal.Claim, Kawaguchi2016.EveryLocalMinimumIsGlobal.Cases),
        new(Kawaguchi2016.NonGlobalCriticalPointsAreSaddles.Claim, Kawaguchi2016.NonGlobalCriticalPointsAreSaddles.Cases),
        new(Kawaguchi2016.SaddlesHaveNegativeCurvature.Claim, Kawaguchi2016.SaddlesHaveNegativeCurvature.Cases),
        new(Kawaguchi2016.OneHiddenLayerHasNoBadSaddles.Claim, Kawaguchi2016.OneHiddenLayerHasNoBadSaddles.Cases),
        new(Kawaguchi2016.DeepNetworksHaveABadSaddle.Claim, Kawaguchi2016.DeepNetworksHaveABadSaddle.Cases),
        new(Kawaguchi2016.NonConvexAndNonConcave.Claim, Kawaguchi2016.NonConvexAndNonConcave.Cases),
        new(Kawaguchi2016.CriticalValueGap.Claim, Kawaguchi2016.CriticalValueGap.Cases),
        new(Kawaguchi2016.ReluPathExpectation.Claim, Kawaguchi2016.ReluPathExpectation.Cases),
        new(BaldiHornik1989.CriticalPoints.Claim, BaldiHornik1989.CriticalPoints.Cases),
        new(BaldiHornik1989.OnlyTopSubsetIsMinimum.Claim, BaldiHornik1989.OnlyTopSubsetIsMinimum.Cases),
        new(FreemanBruna2017.LinearNetworksWithoutBottleneck.Claim, FreemanBruna2017.LinearNetworksWithoutBottleneck.Cases),
    ];

    /// <summary>Every claim: the generic ones, then the papers'.</summary>
    public static IReadOnlyList<Claim> All { get; } = [.. GenericClaims.All, .. PaperEntries.Select(e => e.Claim)];

    /// <summary>The claim with this ID, or null.</summary>
    public static Claim? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>The paper entries for a paper key (empty for a key without claims yet).</summary>
    public static IReadOnlyList<CatalogueEntry> ForPaper(string key) => [.. PaperEntries.Where(e => e.Claim.Paper == key)];
}
