namespace Verifier.Cli;

/// <summary>Checks an output path before any work is done, so a bad one fails at once with one line and nothing written.</summary>
internal static class OutputPaths
{
    /// <summary>
    /// Throws a bad-input error when the path is invalid, is a directory, lies in a directory that does not exist, or
    /// names the same file as one of the verb's <paramref name="inputs"/> (writing it would destroy what is being read).
    /// </summary>
    public static void CheckTarget(string path, params IEnumerable<string?> inputs)
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

        foreach (var input in inputs)
        {
            if (input is not null && SameFile(full, input))
            {
                throw CliException.BadInput($"{path}: is the input file '{input}' itself (give another output path; nothing was written)");
            }
        }
    }

    /// <summary>True when the two paths name one file: the same full path, or links that resolve to the same final target.</summary>
    public static bool SameFile(string a, string b)
    {
        string fa, fb;
        try
        {
            fa = Resolved(Path.GetFullPath(a));
            fb = Resolved(Path.GetFullPath(b));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return string.Equals(fa, fb, StringComparison.Ordinal);
    }

    // The final target of a path through symbolic links (of the file and of its directories), or the path itself.
    private static string Resolved(string full)
    {
        var info = new FileInfo(full);
        var target = info.Exists ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full : full;
        var directory = Path.GetDirectoryName(target);
        if (directory is null)
        {
            return target;
        }

        var dirInfo = new DirectoryInfo(directory);
        var realDirectory = dirInfo.Exists ? dirInfo.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory : directory;
        return Path.Combine(realDirectory, Path.GetFileName(target));
    }
}
