using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Verifier.Cli.Commands;

/// <summary>
/// Finding and timing the processes that <c>verifier bench</c> compares with: the Python peers under tools/ and this
/// CLI itself, each run as a whole process whose wall time is measured here.
/// </summary>
internal static class PeerProcesses
{
    /// <summary>An environment variable naming the Python interpreter of the peers (tried before /usr/bin/python3 and python3).</summary>
    public const string PythonVariable = "VERIFIER_BENCH_PYTHON";

    /// <summary>
    /// Finds <paramref name="relativeScript"/> (in a folder above this program or above the current folder) and a
    /// Python that can find every one of <paramref name="modules"/>: <see cref="PythonVariable"/>, /usr/bin/python3,
    /// then python3 on the PATH. Python is asked whether it can find the packages, which takes milliseconds; importing
    /// PyTorch would take about a second. <paramref name="reason"/> says what is missing when it returns false.
    /// </summary>
    public static bool TryLocatePython(string relativeScript, IReadOnlyList<string> modules, out string python, out string script, out string reason)
    {
        ArgumentNullException.ThrowIfNull(relativeScript);
        ArgumentNullException.ThrowIfNull(modules);
        python = "";
        script = Ancestors(AppContext.BaseDirectory).Concat(Ancestors(Environment.CurrentDirectory))
            .Select(dir => Path.Combine(dir, relativeScript)).FirstOrDefault(File.Exists) ?? "";
        if (script.Length == 0)
        {
            reason = $"{relativeScript} was not found above {AppContext.BaseDirectory} or the current folder";
            return false;
        }

        string?[] candidates = [Environment.GetEnvironmentVariable(PythonVariable), "/usr/bin/python3", "python3"];
        foreach (var candidate in candidates.OfType<string>().Where(c => c.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (HasModules(candidate, modules))
            {
                python = candidate;
                reason = "";
                return true;
            }
        }

        reason = $"no Python with {string.Join(", ", modules)} among {PythonVariable}, /usr/bin/python3 and python3 (Debian: {string.Join(' ', modules.Select(DebianPackage))})";
        return false;
    }

    /// <summary>
    /// This CLI as a command: the .NET host and the CLI's assembly (the way the <c>./verifier</c> launcher starts it), so
    /// that a benchmark times exactly what a user's command does. The host is this process's own when it is one
    /// (<c>dotnet</c>), otherwise <c>dotnet</c> on the PATH.
    /// </summary>
    public static (string File, string[] Prefix) OwnCommand()
    {
        var host = Environment.ProcessPath;
        bool isHost = host is not null && Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return (isHost ? host! : "dotnet", [typeof(PeerProcesses).Assembly.Location]);
    }

    /// <summary>
    /// Runs a process to its end and returns its wall time (from just before the start to its exit) and its standard
    /// output; standard error is kept for the message when it fails.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process could not start, ran past <paramref name="timeout"/>, or exited with a non-zero code.</exception>
    public static (double Seconds, string Stdout) Run(string file, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start {file}: {e.Message}", e);
        }

        using (process)
        {
            if (process is null)
            {
                throw new InvalidOperationException($"cannot start {file}");
            }

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Describe(file, arguments)} ran past {timeout.TotalSeconds:F0} s"));
            }

            process.WaitForExit();
            double seconds = clock.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
            {
                var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Describe(file, arguments)} exited with {process.ExitCode}: {(lines.Length == 0 ? "no message" : lines[^1])}"));
            }

            return (seconds, stdout.Result);
        }
    }

    /// <summary>The median wall time of <paramref name="runs"/> runs of a process (its start-up, for a command that does nothing else).</summary>
    public static double MedianSeconds(string file, IReadOnlyList<string> arguments, int runs, TimeSpan timeout) =>
        BenchCommand.Median([.. Enumerable.Range(0, Math.Max(runs, 1)).Select(_ => Run(file, arguments, timeout).Seconds)]);

    private static string Describe(string file, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Prepend(file).Select(a => a.Contains(' ', StringComparison.Ordinal) ? "\"" + a + "\"" : a));

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }

    private static string DebianPackage(string module) => "python3-" + module.Split('.')[0];

    // Whether the interpreter finds every package (without importing them).
    private static bool HasModules(string python, IReadOnlyList<string> modules)
    {
        var info = new ProcessStartInfo(python) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import importlib.util, sys; sys.exit(any(importlib.util.find_spec(m) is None for m in sys.argv[1:]))");
        foreach (var m in modules)
        {
            info.ArgumentList.Add(m);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
