using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;

namespace Verifier.Landscape.Experiments;

/// <summary>
/// A shard k of n (1 ≤ k ≤ n) of a seeded experiment: item i (a cell's run, numbered across the whole experiment) is in
/// it when i mod n = k − 1. Every item's seed depends on the item alone, so the shards of a run partition it and their
/// union is exactly the unsharded run.
/// </summary>
/// <param name="Index">k.</param>
/// <param name="Count">n.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The whole run (1/1).</summary>
    public static ShardSpec Whole { get; } = new(1, 1);

    /// <summary>True when item <paramref name="item"/> belongs to this shard.</summary>
    public bool Includes(long item) => item % Count == Index - 1;

    /// <summary>
    /// The seed of one item (cell, run) of an experiment seeded by <paramref name="seed"/>: it depends on the item alone,
    /// so a shard draws exactly what the whole run draws for its items.
    /// </summary>
    public static int ItemSeed(int seed, int cell, int run) => unchecked((seed * 1_000_003) + (cell * 10_007) + run);

    /// <summary>"k/n".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses "k/n" with 1 ≤ k ≤ n; null with the reason otherwise.</summary>
    public static ShardSpec? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && k >= 1 && k <= n)
        {
            error = null;
            return new ShardSpec(k, n);
        }

        error = $"'{text}' is not a shard k/n with 1 ≤ k ≤ n";
        return null;
    }
}

/// <summary>One item's outcome in a shard file: its cell, its run within the cell, and the experiment's own result fields.</summary>
/// <param name="Cell">The cell index.</param>
/// <param name="Run">The run index within the cell.</param>
/// <param name="Outcome">The outcome, as the experiment writes it.</param>
public sealed record ShardItem(int Cell, int Run, [property: JsonConverter(typeof(VerbatimJsonConverter))] JsonElement Outcome);

/// <summary>
/// A shard file (<c>"format": "verifier-shard/1"</c>): the experiment's name, its parameters (everything that decides
/// the items: seed, runs, defaults), which shard this is, and its items. <see cref="Merge"/> joins shard files into the
/// item list of one whole run, refusing missing, duplicate or foreign shards.
/// </summary>
/// <param name="Format">The format tag.</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Parameters">Its parameters (compared verbatim when merging).</param>
/// <param name="Shard">"k/n".</param>
/// <param name="Items">The items of this shard, in item order.</param>
public sealed record ShardDocument(
    string Format,
    string Experiment,
    [property: JsonConverter(typeof(VerbatimJsonConverter))] JsonElement Parameters,
    string Shard,
    IReadOnlyList<ShardItem> Items)
{
    /// <summary>The format tag of shard files.</summary>
    public const string FormatTag = "verifier-shard/1";

    /// <summary>Reads a shard file's text.</summary>
    /// <exception cref="InstanceFormatException">Malformed, or not a shard file.</exception>
    public static ShardDocument Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var doc = VerifierJson.ParseStrict(text);
            var shard = VerifierJson.Deserialize<ShardDocument>(doc.RootElement);
            if (shard.Format != FormatTag || shard.Items is null || ShardSpec.Parse(shard.Shard ?? "", out _) is null)
            {
                throw new InstanceFormatException(source, "format", $"not a {FormatTag} document");
            }

            return shard with { Parameters = shard.Parameters.Clone(), Items = [.. shard.Items.Select(i => i with { Outcome = i.Outcome.Clone() })] };
        }
        catch (JsonException e)
        {
            throw new InstanceFormatException(source, "", VerifierJson.Describe(e));
        }
    }

    /// <summary>
    /// The items of the whole run from its shards: all of one experiment with the same parameters and shard count, each
    /// shard once, every (cell, run) once. The reason names the offending shard when they do not fit.
    /// </summary>
    public static IReadOnlyList<ShardItem>? Merge(IReadOnlyList<(string Source, ShardDocument Shard)> shards, out string? error)
    {
        ArgumentNullException.ThrowIfNull(shards);
        error = null;
        if (shards.Count == 0)
        {
            error = "no shard files given";
            return null;
        }

        var first = shards[0].Shard;
        var firstSpec = ShardSpec.Parse(first.Shard, out _)!;
        var seen = new HashSet<int>();
        foreach (var (source, shard) in shards)
        {
            var spec = ShardSpec.Parse(shard.Shard, out _)!;
            if (shard.Experiment != first.Experiment || shard.Parameters.GetRawText() != first.Parameters.GetRawText() || spec.Count != firstSpec.Count)
            {
                error = $"{source}: shard {shard.Shard} of '{shard.Experiment}' does not belong with {shards[0].Source} (another experiment, other parameters or another shard count)";
                return null;
            }

            if (!seen.Add(spec.Index))
            {
                error = $"{source}: shard {shard.Shard} is given twice";
                return null;
            }
        }

        var missing = Enumerable.Range(1, firstSpec.Count).Where(k => !seen.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            error = $"shard {missing[0]}/{firstSpec.Count} is missing";
            return null;
        }

        var items = shards.SelectMany(s => s.Shard.Items).OrderBy(i => i.Cell).ThenBy(i => i.Run).ToList();
        for (int k = 1; k < items.Count; k++)
        {
            if (items[k].Cell == items[k - 1].Cell && items[k].Run == items[k - 1].Run)
            {
                error = $"cell {items[k].Cell}, run {items[k].Run} appears in two shards";
                return null;
            }
        }

        return items;
    }
}

/// <summary>
/// Runs the items (cell, run) of a shard of a seeded Monte-Carlo run on every processor: each item depends on its cell
/// and run alone (its own seed), so the items, returned in (cell, run) order, do not depend on the parallelism.
/// </summary>
public static class ShardedItems
{
    /// <summary>The shard's items of <paramref name="cells"/> × <paramref name="runs"/>, each computed by <paramref name="item"/>.</summary>
    /// <param name="cells">The number of cells.</param>
    /// <param name="runs">Runs per cell.</param>
    /// <param name="shard">The shard to run.</param>
    /// <param name="item">The outcome of (cell, run); called from several threads at once.</param>
    /// <param name="cellDone">Hears each cell when its items are done, once and in order, one call at a time, or null.</param>
    /// <param name="itemStarting">Hears (cell, run) before each item, one call at a time, or null.</param>
    /// <param name="maxParallelism">Items computed at once, or null for one per processor.</param>
    public static IReadOnlyList<ShardItem> Run(int cells, int runs, ShardSpec shard, Func<int, int, JsonElement> item, Action<int>? cellDone = null, Action<int, int>? itemStarting = null, int? maxParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(item);
        var work = Enumerable.Range(0, cells)
            .SelectMany(cell => Enumerable.Range(0, runs).Where(run => shard.Includes(((long)cell * runs) + run)).Select(run => (Cell: cell, Run: run)))
            .ToArray();
        var items = new ShardItem[work.Length];
        var left = new int[cells];
        foreach (var (cell, _) in work)
        {
            left[cell]++;
        }

        var gate = new object();
        int reported = 0;

        // One pool over every item (no barrier between cells); cells are reported done in order as they complete.
        Parallel.For(0, work.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelism ?? Environment.ProcessorCount) }, k =>
        {
            var (cell, run) = work[k];
            if (itemStarting is not null)
            {
                lock (gate)
                {
                    itemStarting(cell, run);
                }
            }

            items[k] = new ShardItem(cell, run, item(cell, run));
            lock (gate)
            {
                left[cell]--;
                for (; reported < cells && left[reported] == 0; reported++)
                {
                    cellDone?.Invoke(reported);
                }
            }
        });
        for (; reported < cells; reported++)
        {
            cellDone?.Invoke(reported);
        }

        return items;
    }
}
