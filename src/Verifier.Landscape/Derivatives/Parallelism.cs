namespace Verifier.Landscape.Derivatives;

/// <summary>Splits elementwise and row-wise work of the batched passes among the processors.</summary>
internal static class Parallelism
{
    /// <summary>
    /// Runs body over [0, count) split into contiguous ranges, a few per processor (taken dynamically, so that a
    /// processor busy with other work holds nothing up), when there is enough work to share.
    /// </summary>
    public static void ForRanges(int count, long workPerItem, Action<int, int> body)
    {
        const long minWorkPerTask = 1 << 15;
        long total = count * Math.Max(1, workPerItem);
        int parts = (int)Math.Min(Math.Min(4L * Environment.ProcessorCount, count), Math.Max(1, total / minWorkPerTask));
        if (parts <= 1 || Environment.ProcessorCount == 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, parts, t => body((int)((long)count * t / parts), (int)((long)count * (t + 1) / parts)));
    }
}
