namespace Verifier.Landscape.Claims;

/// <summary>Every claim Verifier knows, looked up by ID.</summary>
public static class ClaimCatalog
{
    /// <summary>All claims: the generic ones first, then the papers' (as they are added).</summary>
    public static IReadOnlyList<Claim> All => GenericClaims.All;

    /// <summary>The claim with this ID, or null.</summary>
    public static Claim? Find(string id) => All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));
}
