namespace Verifier.Cli;

/// <summary>
/// A failure that ends a command with a known exit code and one line on stderr (bad input, bad usage),
/// as opposed to a bug, which ends with <see cref="ExitCodes.InternalError"/>.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, string? helpCommand = null)
        : base(message)
    {
        ExitCode = exitCode;
        HelpCommand = helpCommand;
    }

    public CliException()
        : this(ExitCodes.InternalError, "unspecified failure")
    {
    }

    public CliException(string message)
        : this(ExitCodes.BadInput, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.BadInput;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The command path (e.g. "generate mlp") whose help the message should point to, if any.</summary>
    public string? HelpCommand { get; }

    /// <summary>Bad input data (a file that cannot be read or written, an instance that does not fit the verb).</summary>
    public static CliException BadInput(string message) => new(ExitCodes.BadInput, message);

    /// <summary>Bad usage of a command: the message ends with a pointer to its help.</summary>
    public static CliException Usage(string message, string helpCommand) => new(ExitCodes.BadInput, message, helpCommand);
}
