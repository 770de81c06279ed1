using System.Text.Json;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Commands;

/// <summary>What <c>table</c> and <c>experiment</c> share: the <c>--shard</c> option's value, and the ending of a run (a shard file, or the whole run's report).</summary>
internal static class ShardedRuns
{
    /// <summary>The shard <c>--shard</c> names (the whole run when absent); bad input in one line otherwise.</summary>
    public static ShardSpec Parse(string? text) =>
        text is null ? ShardSpec.Whole : ShardSpec.Parse(text, out var error) ?? throw CliException.BadInput($"--shard: {error}");

    /// <summary>
    /// Ends a run: for a shard of several, writes <c>DIR/STEM.shard-k-of-n.json</c>; for the whole run, hands the shard
    /// document of all its items to <paramref name="report"/>.
    /// </summary>
    public static int Finish<TParameters>(CliContext context, string dir, string stem, string experiment, TParameters parameters, ShardSpec shard, IReadOnlyList<ShardItem> items, Action<ShardDocument> report)
    {
        using var parametersJson = JsonDocument.Parse(VerifierJson.Serialize(parameters));
        var document = new ShardDocument(ShardDocument.FormatTag, experiment, parametersJson.RootElement.Clone(), shard.ToString(), items);
        if (shard.Count == 1)
        {
            report(document);
            return ExitCodes.Success;
        }

        var path = Path.Combine(dir, $"{stem}.shard-{shard.Index}-of-{shard.Count}.json");
        AtomicFile.WriteAllText(path, VerifierJson.Serialize(document));
        context.Stderr.WriteLine($"wrote {path} ({items.Count} items)");
        return ExitCodes.Success;
    }
}
