using System.Diagnostics.CodeAnalysis;

namespace Verifier.Landscape.Claims;

/// <summary>
/// The source of a claim: one of the papers the design contract names, or <see cref="Generic"/> for the claims about
/// any point. A closed set: the only values are the static properties below, each written and read as its
/// kebab-case word (<see cref="Word"/>).
/// </summary>
public sealed class PaperKey
{
    private PaperKey(string word, string title)
    {
        Word = word;
        Title = title;
    }

    /// <summary>The generic claims about an instance's point (critical-point, local-min, …), from no one paper.</summary>
    public static PaperKey Generic { get; } = new("generic", "the generic claims about any point");

    /// <summary>Kawaguchi, "Deep Learning without Poor Local Minima", NIPS 2016.</summary>
    public static PaperKey Kawaguchi2016 { get; } = new("kawaguchi2016", "Kawaguchi, \"Deep Learning without Poor Local Minima\", NIPS 2016");

    /// <summary>Baldi and Hornik, "Neural networks and principal component analysis", 1989.</summary>
    public static PaperKey BaldiHornik1989 { get; } = new("baldi-hornik1989", "Baldi and Hornik, \"Neural networks and principal component analysis\", Neural Networks 1989");

    /// <summary>Petzka and Sminchisescu, "Non-attracting Regions of Local Minima in Deep and Wide Neural Networks", 2018.</summary>
    public static PaperKey Petzka2018 { get; } = new("petzka2018", "Petzka and Sminchisescu, \"Non-attracting Regions of Local Minima in Deep and Wide Neural Networks\", 2018");

    /// <summary>Swirszcz, Czarnecki and Pascanu, "Local minima in training of neural networks", 2016.</summary>
    public static PaperKey Swirszcz2016 { get; } = new("swirszcz2016", "Swirszcz, Czarnecki and Pascanu, \"Local minima in training of neural networks\", 2016");

    /// <summary>Safran and Shamir, "On the Quality of the Initial Basin in Overspecified Neural Networks", ICML 2016.</summary>
    public static PaperKey SafranShamir2016 { get; } = new("safran-shamir2016", "Safran and Shamir, \"On the Quality of the Initial Basin in Overspecified Neural Networks\", ICML 2016");

    /// <summary>Freeman and Bruna, "Topology and Geometry of Half-Rectified Network Optimization", ICLR 2017.</summary>
    public static PaperKey FreemanBruna2017 { get; } = new("freeman-bruna2017", "Freeman and Bruna, \"Topology and Geometry of Half-Rectified Network Optimization\", ICLR 2017");

    /// <summary>The six paper keys of the design contract, in the contract's order (the catalogue's paper order).</summary>
    public static IReadOnlyList<PaperKey> Papers { get; } = [Kawaguchi2016, BaldiHornik1989, Petzka2018, Swirszcz2016, SafranShamir2016, FreemanBruna2017];

    /// <summary>Every key: <see cref="Generic"/>, then <see cref="Papers"/>.</summary>
    public static IReadOnlyList<PaperKey> All { get; } = [Generic, .. Papers];

    /// <summary>The contract's kebab-case word for the key, e.g. "baldi-hornik1989" or "generic".</summary>
    public string Word { get; }

    /// <summary>The paper's authors, title and venue, for people.</summary>
    public string Title { get; }

    /// <summary>The key whose <see cref="Word"/> is <paramref name="word"/> (ordinal, case-sensitive), or false for any other text.</summary>
    /// <param name="word">The kebab-case word, e.g. "kawaguchi2016".</param>
    /// <param name="key">The key, when there is one.</param>
    /// <returns>True when <paramref name="word"/> names a key.</returns>
    public static bool TryParse(string? word, [NotNullWhen(true)] out PaperKey? key)
    {
        key = All.FirstOrDefault(k => string.Equals(k.Word, word, StringComparison.Ordinal));
        return key is not null;
    }

    /// <summary>The key's <see cref="Word"/>.</summary>
    /// <returns>The kebab-case word.</returns>
    public override string ToString() => Word;
}
