using System.Reflection;
using Verifier.Landscape.Claims;

namespace Verifier.Proofs;

/// <summary>
/// The whole catalogue: the generic claims, then every paper's claims with their suite cases. The papers' claims are
/// every class of this assembly that implements <see cref="ICatalogueClaim"/>, ordered by paper (the contract's order,
/// <see cref="PaperKey.Papers"/>), then by each claim's declared <see cref="ICatalogueClaim.Order"/>.
/// </summary>
public static class Catalogue
{
    /// <summary>The papers' claims with their suite cases, in catalogue order.</summary>
    public static IReadOnlyList<CatalogueEntry> PaperEntries { get; } = Discover();

    /// <summary>Every claim: the generic ones, then the papers'.</summary>
    public static IReadOnlyList<Claim> All { get; } = [.. GenericClaims.All, .. PaperEntries.Select(e => e.Claim)];

    /// <summary>The claim with this ID, or null.</summary>
    public static Claim? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>The claim with this ID (for callers, F# among them, that would rather not handle a null).</summary>
    /// <exception cref="KeyNotFoundException">No claim has this ID; the message lists the known ones.</exception>
    public static Claim Get(string id) =>
        Find(id) ?? throw new KeyNotFoundException($"no claim '{id}' (known: {string.Join(", ", All.Select(c => c.Id))})");

    /// <summary>The paper entries of a paper (empty for a paper without claims yet).</summary>
    public static IReadOnlyList<CatalogueEntry> ForPaper(PaperKey paper) => [.. PaperEntries.Where(e => e.Claim.Paper == paper)];

    /// <summary>The papers that have claims in the catalogue, in catalogue order.</summary>
    public static IReadOnlyList<PaperKey> CoveredPapers => [.. PaperEntries.Select(e => e.Claim.Paper).Distinct()];

    // Every ICatalogueClaim of this assembly, sorted by (paper, order); a claim of no paper, or two claims of one paper
    // with the same order, is a programming error found as soon as the catalogue is first used (and by its tests).
    private static List<CatalogueEntry> Discover()
    {
        var entryOf = typeof(Catalogue).GetMethod(nameof(EntryOf), BindingFlags.NonPublic | BindingFlags.Static)!;
        var found = typeof(Catalogue).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICatalogueClaim).IsAssignableFrom(t))
            .Select(t => ((int Order, CatalogueEntry Entry))entryOf.MakeGenericMethod(t).Invoke(null, null)!)
            .Select(f => (Paper: PaperIndex(f.Entry.Claim), f.Order, f.Entry))
            .OrderBy(f => f.Paper).ThenBy(f => f.Order)
            .ToList();
        for (int k = 1; k < found.Count; k++)
        {
            if (found[k].Paper == found[k - 1].Paper && found[k].Order == found[k - 1].Order)
            {
                throw new InvalidOperationException($"claims {found[k - 1].Entry.Claim.Id} and {found[k].Entry.Claim.Id} both declare order {found[k].Order}");
            }
        }

        return [.. found.Select(f => f.Entry)];
    }

    private static (int Order, CatalogueEntry Entry) EntryOf<T>()
        where T : ICatalogueClaim => (T.Order, new CatalogueEntry(T.Claim, T.Cases));

    private static int PaperIndex(Claim claim)
    {
        int index = PaperKey.Papers.ToList().IndexOf(claim.Paper);
        return index >= 0 ? index : throw new InvalidOperationException($"claim {claim.Id} is a catalogue claim of no paper ({claim.Paper})");
    }
}
