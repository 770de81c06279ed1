using System.Diagnostics;

namespace Verifier.Fuzz;

/// <summary>What one input did to a target.</summary>
/// <param name="Finding">The exception that escaped the target (null: a documented outcome).</param>
/// <param name="TimedOut">True when the target ran past the time limit (a hang).</param>
/// <param name="Elapsed">How long it ran (up to the limit).</param>
internal sealed record Execution(Exception? Finding, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>True when the input broke the contract: an undocumented exception or a hang.</summary>
    public bool IsFinding => Finding is not null || TimedOut;

    /// <summary>Runs the target on the input on a worker thread, waiting at most <paramref name="limit"/>.</summary>
    /// <remarks>A target that hangs keeps its thread: the caller stops after a hang instead of running more inputs.</remarks>
    public static Execution Run(FuzzTarget target, byte[] input, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        var task = Task.Run(() => target.Run(input));
        bool done;
        try
        {
            done = task.Wait(limit);
        }
        catch (AggregateException e)
        {
            return new Execution(e.InnerException ?? e, false, watch.Elapsed);
        }

        return done ? new Execution(null, false, watch.Elapsed) : new Execution(null, true, watch.Elapsed);
    }

    /// <summary>
    /// What distinguishes this finding from others in one line: "hang", or the exception's type and the innermost frame
    /// of this repository's code that threw it.
    /// </summary>
    public string Signature
    {
        get
        {
            if (TimedOut)
            {
                return "hang";
            }

            if (Finding is null)
            {
                return "ok";
            }

            var frame = new StackTrace(Finding, fNeedFileInfo: false).GetFrames()
                .Select(f => f.GetMethod())
                .FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("Verifier", StringComparison.Ordinal) == true);
            var where = frame is null ? "" : $" at {frame.DeclaringType!.FullName}.{frame.Name}";
            return Finding.GetType().Name + where;
        }
    }

    /// <summary>One line: the signature and the exception's message.</summary>
    public string Describe() =>
        TimedOut ? $"hang: still running after {Elapsed.TotalSeconds:F1} s"
        : Finding is null ? "ok"
        : $"{Signature}: {Finding.Message.ReplaceLineEndings(" ")}";
}
