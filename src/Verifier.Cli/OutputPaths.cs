namespace Verifier.Cli;

/// <summary>Checks an output path before any work is done, so a bad one fails at once with one line and nothing written.</summary>
internal static class OutputPaths
{
    /// <summary>Throws a bad-input error when the path is invalid, is a directory, or lies in a directory that does not exist.</summary>
    public static void CheckTarget(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw CliException.BadInput($"{path}: not a valid file path ({e.Message})");
        }

        if (Directory.Exists(full))
        {
            throw CliException.BadInput($"{path}: is a directory (give a file name)");
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw CliException.BadInput($"{path}: directory '{Path.GetDirectoryName(path)}' does not exist");
        }
    }
}
