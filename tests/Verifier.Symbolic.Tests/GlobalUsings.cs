// FsCheck's [Property] (a property-based test) rather than NUnit's [Property] (a test-metadata key).
global using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

// NUnit.Analyzers does not know that FsCheck's [Property] generates the arguments of the test method.
[assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Structure",
    "NUnit1027:The test method has parameters, but no arguments are supplied by attributes",
    Justification = "FsCheck [Property] tests receive generated arguments.",
    Scope = "namespaceanddescendants",
    Target = "~N:Verifier.Symbolic.Tests")]
