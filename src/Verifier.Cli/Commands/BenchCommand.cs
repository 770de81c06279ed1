using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Verifier.Cli.Output;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier bench [--quick | --full] [--format text|json] [--repeat N] [--only TEXT]</c>: the project's own benchmark table, every
/// operation on every available backend, with the speed-up of each backend over its operation's baseline.
/// </summary>
/// <remarks>
/// The rows come from <see cref="BenchSuite"/>; the runner here times each of them the same way (see
/// <see cref="Measure"/>) and reports the median of the repetitions. Progress goes to stderr, the table or the
/// JSON document to stdout.
/// </remarks>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var quick = new Option<bool>("--quick")
        {
            Description = "Small sizes only, the default (about a minute on two cores): dense Hessians at 10-64-1 N=256, eigenproblems at n=500.",
            Arity = ArgumentArity.Zero,
        };
        var full = new Option<bool>("--full")
        {
            Description = "Every size, the slow baselines included (the R-operator Hessian at P = 3073, the managed n = 2000 eigensolver, the P = 101,386 curvature rows): several minutes.",
            Arity = ArgumentArity.Zero,
        };
        var format = CommonOptions.Format();
        var repeat = new Option<int>("--repeat")
        {
            Description = "Repetitions of each measurement; the table reports their median.",
            HelpName = "N",
            DefaultValueFactory = _ => 3,
            CustomParser = OptionParsers.PositiveInt,
        };
        var only = new Option<string?>("--only")
        {
            Description = "Run only the rows whose operation contains this text (e.g. eigenvalues, dense-hessian, symbolic).",
            HelpName = "TEXT",
        };
        return CommonOptions.Verb(
            "bench",
            "Times the project's operations on each available backend (medians of repetitions) and compares each with its baseline.",
            parse =>
            {
                // Small sizes unless --full asks for every one (--quick is the default, kept for scripts that name it).
                var settings = new BenchSettings(!parse.GetValue(full) || parse.GetValue(quick), parse.GetValue(repeat));
                var filter = parse.GetValue(only);
                var cases = BenchSuite.Cases(settings, context.Stderr)
                    .Where(c => filter is null || c.Operation.Contains(filter, StringComparison.OrdinalIgnoreCase));
                return Run(context, settings, parse.GetValue(format), cases);
            },
            quick,
            full,
            format,
            repeat,
            only);
    }

    internal static int Run(CliContext context, BenchSettings settings, OutputFormat format) =>
        Run(context, settings, format, BenchSuite.Cases(settings, context.Stderr));

    internal static int Run(CliContext context, BenchSettings settings, OutputFormat format, IEnumerable<BenchCase> cases)
    {
        var machine = BenchMachine.Current();
        context.Stderr.WriteLine($"bench: {machine.Describe()}; median of {settings.Repeat}{(settings.Quick ? ", quick sizes" : "")}");
        var results = new List<BenchResult>();
        void Report(BenchResult result)
        {
            results.Add(result);
            var c = result.Case;
            context.Stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"bench: {c.Operation} [{c.Size}] {c.Backend}: {BenchOutput.Duration(result.Median)}{(result.Note is { } note ? "; " + note : "")}"));
        }

        // Self-timed rows of one group (a peer's and ours) are sampled in turns, so that a machine whose speed drifts
        // (a shared one) slows both sides alike; other rows are measured one after another.
        var pending = new List<(BenchCase Case, BenchWork Work)>();
        void Flush()
        {
            foreach (var result in MeasureInTurns(pending, settings.Repeat))
            {
                Report(result);
            }

            pending.Clear();
        }

        foreach (var c in cases)
        {
            if (pending.Count > 0 && (pending[0].Case.Operation != c.Operation || pending[0].Case.Size != c.Size))
            {
                Flush();
            }

            var work = c.Prepare();
            if (work.SelfTimed is not null)
            {
                pending.Add((c, work));
                continue;
            }

            Flush();
            Report(MeasurePrepared(c, work, settings.Repeat, settings.MinimumBatch, settings.LongRun, settings.WarmUp));
        }

        Flush();

        var report = new BenchReport(machine, settings, BenchResult.WithSpeedups(results));
        context.Stdout.Write(format == OutputFormat.Json ? CommonOptions.Tagged("bench", BenchOutput.Json(report)) : BenchOutput.Text(report));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Times one case. A first call that lasts <paramref name="longRun"/> or more counts as the first sample (the
    /// JIT's share of it is small); after a shorter one the operation is repeated untimed for at least
    /// <paramref name="warmUp"/> and until it stops getting faster (<see cref="WarmUp"/>), so that tiered
    /// compilation has optimised the code being timed. Then come further samples up to
    /// <paramref name="repeat"/>, each the mean time per call over a batch of calls that lasts at least
    /// <paramref name="minimumBatch"/>.
    /// </summary>
    internal static BenchResult Measure(BenchCase c, int repeat, TimeSpan minimumBatch, TimeSpan longRun, TimeSpan warmUp)
    {
        ArgumentNullException.ThrowIfNull(c);
        var work = c.Prepare();
        return work.SelfTimed is null ? MeasurePrepared(c, work, repeat, minimumBatch, longRun, warmUp) : MeasureInTurns([(c, work)], repeat)[0];
    }

    /// <summary>
    /// Samples self-timed rows in turns: the first row's first sample, the second row's first, …, then each row's
    /// second sample, and so on, <paramref name="repeat"/> rounds; each row reports the median of its samples.
    /// </summary>
    internal static IReadOnlyList<BenchResult> MeasureInTurns(IReadOnlyList<(BenchCase Case, BenchWork Work)> rows, int repeat)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var samples = rows.Select(_ => new List<double>(repeat)).ToArray();
        for (int k = 0; k < repeat; k++)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                var timed = rows[i].Work.SelfTimed ?? throw new ArgumentException("Only self-timed work is sampled in turns.", nameof(rows));
                samples[i].Add(timed());
            }
        }

        return [.. rows.Select((r, i) => new BenchResult(r.Case, Median(samples[i]), [.. samples[i]], Note: r.Work.Note?.Invoke()))];
    }

    private static BenchResult MeasurePrepared(BenchCase c, BenchWork work, int repeat, TimeSpan minimumBatch, TimeSpan longRun, TimeSpan warmUp)
    {
        var samples = new List<double>(repeat);

        var first = Stopwatch.StartNew();
        work.Run();
        first.Stop();
        double perCall = first.Elapsed.TotalSeconds;
        if (first.Elapsed >= longRun)
        {
            samples.Add(perCall);
        }
        else
        {
            perCall = WarmUp(work, warmUp);
        }

        // Start from the number of calls the warm-up suggests; grow it until a batch lasts long enough.
        double estimate = minimumBatch.TotalSeconds / Math.Max(perCall, 1e-9);
        long calls = (long)Math.Clamp(estimate, 1, 1L << 40);
        while (samples.Count < repeat)
        {
            var watch = Stopwatch.StartNew();
            for (long k = 0; k < calls; k++)
            {
                work.Run();
            }

            watch.Stop();
            if (watch.Elapsed >= minimumBatch || calls >= 1L << 40)
            {
                samples.Add(watch.Elapsed.TotalSeconds / calls);
                continue;
            }

            double scale = minimumBatch.TotalSeconds / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
            calls = (long)Math.Min(Math.Max(calls * 2.0, Math.Ceiling(calls * scale * 1.2)), 1L << 40);
        }

        return new BenchResult(c, Median(samples), [.. samples], Note: work.Note?.Invoke());
    }

    /// <summary>
    /// Repeats the operation, untimed as far as the results go, for at least <paramref name="minimum"/> and for as
    /// long as it keeps getting faster (tiered compilation replaces instrumented code by optimised code in the
    /// background, which took about 1.5 s for the symbolic rows on a busy two-core machine), at most twice
    /// <paramref name="minimum"/>; returns the last seconds per call.
    /// </summary>
    private static double WarmUp(BenchWork work, TimeSpan minimum)
    {
        var window = minimum / 8;
        var total = Stopwatch.StartNew();
        double previous = double.PositiveInfinity;
        while (true)
        {
            long calls = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < window)
            {
                work.Run();
                calls++;
            }

            double perCall = watch.Elapsed.TotalSeconds / calls;
            bool improving = perCall < 0.95 * previous;
            previous = perCall;
            if ((total.Elapsed >= minimum && !improving) || total.Elapsed >= 2 * minimum)
            {
                return perCall;
            }
        }
    }

    internal static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}

/// <summary>What <c>verifier bench</c> was asked for.</summary>
/// <param name="Quick">Small sizes only.</param>
/// <param name="Repeat">Repetitions per measurement (the median is reported).</param>
internal sealed record BenchSettings(bool Quick, int Repeat)
{
    /// <summary>
    /// Short operations are called repeatedly until a batch lasts this long, so that the timer's resolution and
    /// the loop are negligible (100 ms; 20 ms with --quick).
    /// </summary>
    public TimeSpan MinimumBatch => Quick ? TimeSpan.FromMilliseconds(20) : TimeSpan.FromMilliseconds(100);

    /// <summary>A first run at least this long counts as a sample: the JIT's share of it is small (1 s; 0.25 s with --quick).</summary>
    public TimeSpan LongRun => Quick ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(1);

    /// <summary>
    /// A shorter operation is first repeated, untimed, for at least this long and while it keeps getting faster, so
    /// that tiered compilation has replaced its instrumented code (2 s; 0.25 s with --quick, whose sub-millisecond
    /// rows may therefore still include some unoptimised code).
    /// </summary>
    public TimeSpan WarmUp => Quick ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(2);
}

/// <summary>
/// One row of the benchmark table: an operation at one size on one backend. Rows of the same operation and size
/// form a group, compared with the group's <see cref="Baseline"/> backend.
/// </summary>
/// <param name="Operation">A stable identifier such as <c>dense-hessian</c> (JSON) .</param>
/// <param name="Title">The operation in words, for the text table.</param>
/// <param name="Size">The problem size in words, e.g. <c>n=500</c>.</param>
/// <param name="Backend">The backend or method timed here.</param>
/// <param name="Baseline">The backend of the group that the others are compared with.</param>
/// <param name="Prepare">Builds the inputs (untimed) and returns the timed work.</param>
/// <param name="Goal">
/// The least speed-up over the baseline that the project aims at for this row (e.g. 3 for "at least 3× faster than the
/// peer"; 1/1.3 for "at most 1.3× the peer's time"), or null for none; the table says whether the median met it.
/// </param>
internal sealed record BenchCase(string Operation, string Title, string Size, string Backend, string Baseline, Func<BenchWork> Prepare, double? Goal = null);

/// <summary>The timed part of a case: one call of <see cref="Run"/> is one operation.</summary>
/// <param name="Run">Performs the operation once.</param>
/// <param name="SelfTimed">
/// When set, the work times itself: each call performs the operation once and returns its seconds (a subprocess's wall
/// time less the start-up of that kind of process, or a time the peer measured around its own work), one sample per
/// call, with no batching or warm-up; <paramref name="Run"/> is then not called.
/// </param>
/// <param name="Note">What the row has to say after its samples (e.g. products used, agreement with the peer), or null.</param>
internal sealed record BenchWork(Action Run, Func<double>? SelfTimed = null, Func<string?>? Note = null)
{
    /// <summary>Work that measures its own seconds per call (see <see cref="SelfTimed"/>).</summary>
    public static BenchWork Timed(Func<double> seconds, Func<string?>? note = null)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        return new BenchWork(() => seconds(), seconds, note);
    }

    /// <summary>
    /// Work run in this process and timed here, for rows sampled in turns with a peer: one untimed call first (so
    /// the samples time compiled code, as a peer's exclude its imports), then each sample is one call on a stopwatch.
    /// </summary>
    public static BenchWork InProcess(Action work, Func<string?>? note = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        work();
        return Timed(
            () =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                work();
                return clock.Elapsed.TotalSeconds;
            },
            note);
    }
}

/// <summary>One measured row.</summary>
/// <param name="Case">The row.</param>
/// <param name="Median">The median of the samples, seconds per operation.</param>
/// <param name="Samples">Seconds per operation of each repetition.</param>
/// <param name="Speedup">Baseline median ÷ this median (above 1: faster than the baseline); null when the group has no baseline row.</param>
/// <param name="Note">What the row's work had to say after its samples, or null.</param>
internal sealed record BenchResult(BenchCase Case, double Median, double[] Samples, double? Speedup = null, string? Note = null)
{
    /// <summary>Whether the speed-up met the row's <see cref="BenchCase.Goal"/>; null without a goal or a speed-up.</summary>
    public bool? GoalMet => Case.Goal is { } goal && Speedup is { } speedup ? speedup >= goal : null;

    /// <summary>The results with each row's speed-up over the baseline row of its group.</summary>
    public static IReadOnlyList<BenchResult> WithSpeedups(IReadOnlyList<BenchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.Select(r =>
        {
            var baseline = results.FirstOrDefault(b =>
                b.Case.Operation == r.Case.Operation && b.Case.Size == r.Case.Size && b.Case.Backend == r.Case.Baseline);
            return r with { Speedup = baseline is null || r.Median <= 0 ? null : baseline.Median / r.Median };
        })];
    }
}

/// <summary>Everything <c>verifier bench</c> reports.</summary>
internal sealed record BenchReport(BenchMachine Machine, BenchSettings Settings, IReadOnlyList<BenchResult> Results);

/// <summary>The machine and runtime the numbers were measured on.</summary>
internal sealed record BenchMachine(int ProcessorCount, string Os, string Runtime, string Architecture, string? Processor, bool OptimizedBuild)
{
    public static BenchMachine Current() => new(
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
        ProcessorName(),
        IsOptimized());

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{ProcessorCount} processors{(Processor is null ? "" : $" ({Processor})")}, {Os}, {Runtime}, {Architecture}, {(OptimizedBuild ? "Release" : "Debug")} build");

    // Linux names the processor model in /proc/cpuinfo; elsewhere it is left out.
    private static string? ProcessorName()
    {
        try
        {
            const string CpuInfo = "/proc/cpuinfo";
            if (!File.Exists(CpuInfo))
            {
                return null;
            }

            foreach (var line in File.ReadLines(CpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The name is a courtesy; the processor count is what the numbers depend on.
        }

        return null;
    }

    private static bool IsOptimized()
    {
        var debuggable = typeof(BenchMachine).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false).OfType<DebuggableAttribute>().FirstOrDefault();
        return debuggable is null || !debuggable.IsJITOptimizerDisabled;
    }
}
