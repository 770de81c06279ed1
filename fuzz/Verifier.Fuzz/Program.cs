using System.Globalization;
using SharpFuzz;

namespace Verifier.Fuzz;

/// <summary>
/// The fuzzing harness. <c>tools/fuzz</c> drives it; by hand:
/// <code>
///   dotnet Verifier.Fuzz.dll TARGET                      under afl-fuzz (SharpFuzz's out-of-process fork server)
///   dotnet Verifier.Fuzz.dll TARGET --replay FILE...     runs each file once, says what it did
///   dotnet Verifier.Fuzz.dll TARGET --mutate --corpus DIR --out DIR --seconds N --seed S [--timeout-ms T]
///                                                        the in-process mutation run (not coverage-guided)
/// </code>
/// Exit codes: 0 nothing found, 1 a finding (an undocumented exception or a hang), 2 bad usage.
/// </summary>
internal static class Program
{
    private const int Found = 1;
    private const int Usage = 2;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
        {
            Console.Error.WriteLine($"usage: Verifier.Fuzz TARGET [--replay FILE... | --mutate ...]; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
            return Usage;
        }

        try
        {
            return args.Length switch
            {
                1 => Afl(target),
                _ when args[1] == "--replay" => Replay(target, args[2..]),
                _ when args[1] == "--mutate" => Mutate(target, Options(args[2..])),
                _ => throw new ArgumentException($"unknown mode '{args[1]}'"),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Usage;
        }
    }

    // Under afl-fuzz: SharpFuzz's fork server runs the target in a child process that it restarts when an input kills
    // it or runs past afl-fuzz's time limit; an exception escaping the target is reported as a crash.
    private static int Afl(FuzzTarget target)
    {
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.ToArray());
        });
        return 0;
    }

    private static int Replay(FuzzTarget target, string[] files)
    {
        int findings = 0;
        if (files.Length == 0)
        {
            throw new ArgumentException("--replay needs at least one file");
        }

        foreach (var file in files)
        {
            byte[] input;
            try
            {
                input = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"cannot read {file}: {e.Message}", e);
            }

            var run = Execution.Run(target, input, ReplayLimit);
            Console.WriteLine($"{file}: {run.Describe()}");
            if (run.IsFinding)
            {
                findings++;
                if (run.TimedOut)
                {
                    break;
                }
            }
        }

        return findings > 0 ? Found : 0;
    }

    // A replayed input gets more time than one in a campaign: it is the verdict on a saved finding.
    private static TimeSpan ReplayLimit => TimeSpan.FromSeconds(60);

    private static int Mutate(FuzzTarget target, Dictionary<string, string> options)
    {
        string Need(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--mutate needs {name}");
        int Number(string name, string? fallback = null)
        {
            var text = options.TryGetValue(name, out var v) ? v : fallback ?? Need(name);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{name} needs a non-negative integer, not '{text}'");
        }

        var corpusDirectory = Need("--corpus");
        var corpus = Directory.Exists(corpusDirectory)
            ? Directory.GetFiles(corpusDirectory).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList()
            : throw new ArgumentException($"{corpusDirectory}: no such corpus directory");
        int seconds = Number("--seconds"), seed = Number("--seed"), timeoutMs = Number("--timeout-ms", "10000");
        var campaign = new MutationCampaign(target, corpus, seed, TimeSpan.FromMilliseconds(timeoutMs), Need("--out"));
        var result = campaign.Run(TimeSpan.FromSeconds(seconds));
        Console.WriteLine(
            $"fuzz: {target.Name}: in-process mutation run (not coverage-guided), seed {seed}: {result.Executions} executions in " +
            $"{result.Elapsed.TotalSeconds:F0} s over {corpus.Count} seed files, {result.Crashes} crashes ({result.UniqueCrashes} distinct), {result.Hangs} hangs");
        return result.Crashes + result.Hangs > 0 ? Found : 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--option value', got '{args[i]}'");
            }

            options[args[i]] = args[i + 1];
        }

        return options;
    }
}
