using System.Runtime.CompilerServices;

// The tests build deliberately non-canonical trees through the internal constructors to check the simplifier.
[assembly: InternalsVisibleTo("Verifier.Symbolic.Tests")]
