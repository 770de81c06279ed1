// FsCheck's [Property] (a property-based test) rather than NUnit's [Property] (a test-metadata key).
global using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;
