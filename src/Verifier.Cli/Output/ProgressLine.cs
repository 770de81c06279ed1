namespace Verifier.Cli.Output;

/// <summary>
/// Progress of long work on standard error: on a terminal one line rewritten in place (at most every
/// <see cref="TerminalInterval"/>), otherwise plain lines at most every <see cref="LogInterval"/>, so that logs stay short.
/// Standard output is never touched.
/// </summary>
/// <param name="stderr">Where the progress goes.</param>
/// <param name="terminal">Whether that is a terminal: a live line rather than plain lines.</param>
/// <param name="firstLogAfter">
/// How long plain lines wait before the first one, so that quick work writes none (zero: the first line at once).
/// A live line always shows at once.
/// </param>
internal sealed class ProgressLine(TextWriter stderr, bool terminal, TimeSpan firstLogAfter = default)
{
    /// <summary>How long the verbs' plain progress lines wait before the first: work quicker than this logs nothing.</summary>
    public static readonly TimeSpan QuietStart = TimeSpan.FromSeconds(2);

    /// <summary>How often a terminal line is redrawn.</summary>
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a plain line is written when standard error is not a terminal.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan _next = terminal ? TimeSpan.Zero : firstLogAfter;
    private int _width;

    /// <summary>A progress line for the process's standard error: live when it is a terminal.</summary>
    /// <param name="context">The command's streams.</param>
    /// <param name="firstLogAfter">How long plain lines wait before the first (see <see cref="QuietStart"/>).</param>
    public static ProgressLine For(CliContext context, TimeSpan firstLogAfter = default) =>
        new(context.Stderr, ReferenceEquals(context.Stderr, Console.Error) && !Console.IsErrorRedirected, firstLogAfter);

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
            text = Fit(text);
            stderr.Write("\r" + text.PadRight(_width));
            stderr.Flush();
            _width = text.Length;
        }
        else
        {
            stderr.WriteLine("progress: " + text);
        }
    }

    /// <summary>Whether the line is live (rewritten in place on a terminal) rather than plain log lines.</summary>
    public bool IsLive => terminal;

    /// <summary>
    /// Erases a live line so that other output (a result row, a message) can be written in its place; the next
    /// <see cref="Show"/> then draws at once. Plain lines stay as they are, and keep their interval.
    /// </summary>
    public void Clear()
    {
        if (terminal && _width > 0)
        {
            stderr.Write("\r" + new string(' ', _width) + "\r");
            stderr.Flush();
            _width = 0;
            _next = TimeSpan.Zero;
        }
    }

    /// <summary>A live line cut to the terminal's width, since a line that wraps cannot be rewritten in place.</summary>
    private static string Fit(string text)
    {
        int width;
        try
        {
            width = Console.WindowWidth;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            width = 0;
        }

        int room = width > 10 ? width - 1 : 119;
        return text.Length <= room ? text : string.Concat(text.AsSpan(0, room - 1), "…");
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
