using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// The evidence behind a verdict: the method that produced it and named facts (exact rationals, numbers,
/// words, vectors), written out as JSON by the command line.
/// </summary>
/// <param name="Method">How the verdict was reached, e.g. "exact-rational" or "interval-krawczyk".</param>
/// <param name="Facts">Named facts in a stable order.</param>
public sealed record Evidence(string Method, IReadOnlyList<Fact> Facts)
{
    /// <summary>Evidence with the given facts.</summary>
    public static Evidence Of(string method, params Fact[] facts) => new(method, facts);

    /// <summary>This evidence with more facts appended.</summary>
    public Evidence With(params Fact[] more) => this with { Facts = [.. Facts, .. more] };

    /// <summary>The fact with the given name, or null.</summary>
    public Fact? Find(string name) => Facts.FirstOrDefault(f => f.Name == name);
}

/// <summary>One named fact of the evidence.</summary>
/// <param name="Name">A camelCase name, e.g. "gradient" or "negativeCurvature".</param>
/// <param name="Value">A <see cref="string"/>, <see cref="double"/>, <see cref="int"/>, <see cref="bool"/>, <see cref="Rational"/>, or a list of these.</param>
public sealed record Fact(string Name, object Value);
