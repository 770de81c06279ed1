namespace Verifier.Cli.Output;

/// <summary>
/// Progress of long work on standard error: on a terminal one line rewritten in place (at most every
/// <see cref="TerminalInterval"/>), otherwise plain lines at most every <see cref="LogInterval"/>, so that logs stay short.
/// Standard output is never touched.
/// </summary>
internal sealed class ProgressLine(TextWriter stderr, bool terminal)
{
    /// <summary>How often a terminal line is redrawn.</summary>
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a plain line is written when standard error is not a terminal.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _next = TimeSpan.Zero;
    private int _width;

    /// <summary>A progress line for the process's standard error: live when it is a terminal.</summary>
    public static ProgressLine For(CliContext context) =>
        new(context.Stderr, ReferenceEquals(context.Stderr, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Shows <paramref name="text"/> unless the last line is too recent (<paramref name="force"/> shows it anyway).</summary>
    public void Show(string text, bool force = false)
    {
        var now = _clock.Elapsed;
        if (!force && now < _next)
        {
            return;
        }

        _next = now + (terminal ? TerminalInterval : LogInterval);
        if (terminal)
        {
            stderr.Write("\r" + text.PadRight(_width));
            _width = text.Length;
        }
        else
        {
            stderr.WriteLine("progress: " + text);
        }
    }

    /// <summary>Ends a live line so that what follows starts on a fresh line.</summary>
    public void Done()
    {
        if (terminal && _width > 0)
        {
            stderr.WriteLine();
            _width = 0;
        }
    }
}
