using Verifier.Landscape.Instances;

namespace Verifier.Landscape.Optimization;

/// <summary>
/// A source of training batches for mini-batch training: batch s (s = 0, 1, …) is a function of the source's seed and
/// s alone, so a run is reproducible bit for bit and batches may be drawn in any order.
/// </summary>
public interface ITrainingData
{
    /// <summary>The samples in every batch (at least 1).</summary>
    int BatchSize { get; }

    /// <summary>The input width d_x of a sample.</summary>
    int InputWidth { get; }

    /// <summary>The target width d_y of a sample.</summary>
    int OutputWidth { get; }

    /// <summary>The steps (batches) in one epoch: 1 for a stream of fresh batches, ⌈N/B⌉ for a pass over a dataset.</summary>
    int StepsPerEpoch { get; }

    /// <summary>
    /// Writes batch <paramref name="batchIndex"/> (the batch of step s is batch s): <see cref="BatchSize"/> inputs into <paramref name="x"/> (row-major,
    /// B × d_x) and targets into <paramref name="y"/> (B × d_y).
    /// </summary>
    void Fill(long batchIndex, Span<double> x, Span<double> y);
}

/// <summary>
/// Mini-batches of a fixed dataset: each epoch is a pass over a seeded permutation of the samples in batches of
/// <see cref="BatchSize"/> (the last batch of an epoch is filled from the start of the same permutation when B does not
/// divide N, so every batch has B samples). The current epoch's permutation is kept between calls, so an instance is
/// not for concurrent use; batches stay a function of (seed, step) alone.
/// </summary>
public sealed class ShuffledBatches : ITrainingData
{
    private readonly Dataset _data;
    private readonly int _seed;
    private readonly int[] _order;
    private long _orderEpoch = -1;

    /// <summary>Creates the batches; a batch size above N is taken as N (full batch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A batch size below 1.</exception>
    public ShuffledBatches(Dataset data, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        _seed = seed;
        BatchSize = Math.Min(batchSize, data.Count);
        StepsPerEpoch = (data.Count + BatchSize - 1) / BatchSize;
        _order = new int[data.Count];
    }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int InputWidth => _data.InputWidth;

    /// <inheritdoc/>
    public int OutputWidth => _data.OutputWidth;

    /// <inheritdoc/>
    public int StepsPerEpoch { get; }

    /// <inheritdoc/>
    public void Fill(long batchIndex, Span<double> x, Span<double> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        int n = _data.Count, dx = InputWidth, dy = OutputWidth;
        long epoch = batchIndex / StepsPerEpoch;
        int first = (int)(batchIndex % StepsPerEpoch) * BatchSize;

        // The epoch's permutation by Fisher–Yates on its own uniforms (a function of seed and epoch alone).
        var order = _order;
        if (epoch != _orderEpoch)
        {
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            var uniforms = new SeededUniforms(_seed, epoch);
            for (int i = n - 1; i > 0; i--)
            {
                int j = (int)(uniforms.Next() * (i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }

            _orderEpoch = epoch;
        }

        var xs = _data.XDouble;
        var ys = _data.YDouble;
        for (int b = 0; b < BatchSize; b++)
        {
            int i = order[(first + b) % n];
            for (int c = 0; c < dx; c++)
            {
                x[(b * dx) + c] = xs[(i * dx) + c];
            }

            for (int c = 0; c < dy; c++)
            {
                y[(b * dy) + c] = ys[(i * dy) + c];
            }
        }
    }
}

/// <summary>
/// Uniform doubles in [0, 1) from SplitMix64 keyed by (seed, stream): a small, fully specified generator, so batches
/// are the same on every machine and runtime, and stream s needs no draws of the streams before it.
/// </summary>
public struct SeededUniforms
{
    private ulong _state;

    /// <summary>Starts stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public SeededUniforms(int seed, long stream)
    {
        _state = Mix(Mix((ulong)(uint)seed ^ 0x5EED_0F_BA7C4E5UL) ^ (ulong)stream);
    }

    /// <summary>The next uniform in [0, 1): the top 53 bits of the next SplitMix64 output, times 2⁻⁵³.</summary>
    public double Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return (Mix(_state) >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
