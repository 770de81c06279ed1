using Verifier.Landscape.Instances;

namespace Verifier.Generators;

/// <summary>A generated instance with a point; prints as its instance file so a failure can be replayed by hand.</summary>
public sealed record NetworkCase(Instance Instance)
{
    /// <inheritdoc/>
    public override string ToString() => InstanceFile.Format(Instance);
}
