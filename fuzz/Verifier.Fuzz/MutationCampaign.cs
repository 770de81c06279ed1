using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Verifier.Fuzz;

/// <summary>What a mutation campaign did.</summary>
/// <param name="Executions">Inputs run.</param>
/// <param name="Crashes">Inputs that threw an undocumented exception.</param>
/// <param name="UniqueCrashes">Distinct crash signatures (one input of each is saved).</param>
/// <param name="Hangs">Inputs that ran past the time limit (the campaign stops at the first).</param>
/// <param name="Elapsed">The campaign's duration.</param>
internal sealed record CampaignResult(long Executions, long Crashes, int UniqueCrashes, int Hangs, TimeSpan Elapsed);

/// <summary>
/// The fallback engine where no coverage-guided fuzzer can run: seeded random mutations of the corpus (bit and byte
/// changes, deletions, duplications, splices, and tokens taken from the corpus itself or from a list of JSON edge
/// cases), run in process. It is not coverage-guided: it only ever mutates the seed files, so it explores far less
/// than AFL does in the same time. The same seed, corpus and number of executions give the same inputs.
/// </summary>
/// <remarks>
/// Before each input runs, it is written to <c>OUT/current</c>, so that an input that kills the process (a stack
/// overflow) is still on disk for the caller. One input per crash signature goes to <c>OUT/crashes</c>, a hang to
/// <c>OUT/hangs</c>.
/// </remarks>
internal sealed partial class MutationCampaign
{
    // JSON edge cases: numbers at and past double's range, exact-rational strings with zero denominators, huge
    // integers, structural tokens and literals of the wrong type.
    private static readonly string[] EdgeTokens =
    [
        "0", "-0", "1", "-1", "0.1", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "2.2250738585072014e-308",
        "1.7976931348623157e308", "123456789012345678901234567890", "1e999999999", "-1e-999999999", "0e0", "1E+2",
        "\"1/3\"", "\"1/0\"", "\"0/0\"", "\"-2/4\"", "\"1e5\"", "\"1e400\"", "\"0.1\"", "\"\"", "\"x\"", "\"\\u0000\"",
        "\"\\ud800\"", "\"99999999999999999999999999999/7\"", "null", "true", "false", "[]", "{}", "[[]]", "[0]",
        "[1,2]", "{\"\":0}", ",", ":", "[", "]", "{", "}", "\"", "\\", "-", ".", "e", "/",
    ];

    private static readonly byte[] InterestingBytes = "\"{}[],:-.0123456789eE+/\\ \n\t\0\x7f\xff"u8.ToArray();

    private readonly FuzzTarget _target;
    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly byte[][] _tokens;
    private readonly Random _random;
    private readonly TimeSpan _limit;
    private readonly string _outDirectory;

    /// <summary>Prepares a campaign; the corpus must not be empty.</summary>
    public MutationCampaign(FuzzTarget target, IReadOnlyList<byte[]> corpus, int seed, TimeSpan limit, string outDirectory)
    {
        if (corpus.Count == 0)
        {
            throw new ArgumentException("the corpus is empty", nameof(corpus));
        }

        _target = target;
        _corpus = corpus;
        _random = new Random(seed);
        _limit = limit;
        _outDirectory = outDirectory;
        _tokens = [.. EdgeTokens.Concat(corpus.SelectMany(Tokens)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>Runs mutated inputs for <paramref name="duration"/> (or until a hang); writes findings; returns the counts.</summary>
    public CampaignResult Run(TimeSpan duration)
    {
        Directory.CreateDirectory(Path.Combine(_outDirectory, "crashes"));
        Directory.CreateDirectory(Path.Combine(_outDirectory, "hangs"));
        var current = Path.Combine(_outDirectory, "current");
        var signatures = new HashSet<string>(StringComparer.Ordinal);
        long executions = 0, crashes = 0;
        int hangs = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            var input = Mutate(_corpus[_random.Next(_corpus.Count)]);
            File.WriteAllBytes(current, input);
            var run = Execution.Run(_target, input, _limit);
            executions++;
            if (run.TimedOut)
            {
                hangs++;
                Save("hangs", input);
                Console.Error.WriteLine($"fuzz: {_target.Name}: {run.Describe()}; stopping (the hung input keeps its thread)");
                break;
            }

            if (run.Finding is not null)
            {
                crashes++;
                if (signatures.Add(run.Signature))
                {
                    var file = Save("crashes", input);
                    Console.Error.WriteLine($"fuzz: {_target.Name}: {run.Describe()} ({file})");
                }
            }
        }

        File.Delete(current);
        return new CampaignResult(executions, crashes, signatures.Count, hangs, watch.Elapsed);
    }

    // The JSON string literals and numbers of a corpus file: the format's own names and spellings.
    private static IEnumerable<string> Tokens(byte[] file) =>
        TokenPattern().Matches(Encoding.UTF8.GetString(file)).Select(m => m.Value).Where(t => t.Length <= 64);

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|-?[0-9][0-9.eE+-]*")]
    private static partial Regex TokenPattern();

    private string Save(string kind, byte[] input)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(input))[..16];
        var path = Path.Combine(_outDirectory, kind, name);
        File.WriteAllBytes(path, input);
        return path;
    }

    private byte[] Mutate(byte[] seed)
    {
        var data = new List<byte>(seed);
        int count = 1 + _random.Next(4);
        for (int i = 0; i < count; i++)
        {
            MutateOnce(data);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data)
    {
        if (data.Count == 0)
        {
            data.AddRange(Token());
            return;
        }

        int at = _random.Next(data.Count);
        switch (_random.Next(9))
        {
            case 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1:
                data[at] = (byte)_random.Next(256);
                break;
            case 2:
                data[at] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
            case 3:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                break;
            case 4:
                {
                    int length = Math.Min(data.Count - at, 1 + _random.Next(64));
                    var copy = data.GetRange(at, length);
                    data.InsertRange(_random.Next(data.Count + 1), copy);
                    break;
                }

            case 5:
                data.InsertRange(at, Token());
                break;
            case 6:
            case 7:
                ReplaceToken(data, at);
                break;
            default:
                {
                    var other = _corpus[_random.Next(_corpus.Count)];
                    int cut = _random.Next(other.Length + 1);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(cut).ToArray());
                    break;
                }
        }
    }

    private byte[] Token() => _tokens[_random.Next(_tokens.Length)];

    // Replaces the number or string literal at or after position `at` by a token: a structure-aware edit that keeps
    // most of the document well formed.
    private void ReplaceToken(List<byte> data, int at)
    {
        int start = at;
        while (start < data.Count && data[start] != '"' && data[start] != '-' && !char.IsAsciiDigit((char)data[start]))
        {
            start++;
        }

        if (start == data.Count)
        {
            data.InsertRange(at, Token());
            return;
        }

        int end = start + 1;
        if (data[start] == '"')
        {
            while (end < data.Count && data[end] != '"')
            {
                end += data[end] == '\\' ? 2 : 1;
            }

            end = Math.Min(end + 1, data.Count);
        }
        else
        {
            while (end < data.Count && (char.IsAsciiDigit((char)data[end]) || data[end] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-'))
            {
                end++;
            }
        }

        data.RemoveRange(start, end - start);
        data.InsertRange(start, Token());
    }
}
