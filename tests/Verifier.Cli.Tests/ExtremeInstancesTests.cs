using System.Globalization;

namespace Verifier.Cli.Tests;

/// <summary>
/// Every verb on a corpus of extreme but valid instances: saturated sigmoid and tanh units, weights and data near
/// the ends of the double range (1e±300, subnormals), huge widths of zero data. None may end in an internal error
/// (exit 4) or print a stack trace; where the answer is known (a saturated unit whose gradient is tiny but not
/// zero), none may say verified for a false statement.
/// </summary>
[Category("Launcher")]
public sealed class ExtremeInstancesTests
{
    private static string Smooth(string activation, string output, string w, string x, string y) =>
        $$"""
        {"format": "verifier-instance/1", "name": "extreme", "network": {"layers": [2, 2, 1], "activation": "{{activation}}", "output": "{{output}}", "bias": true},
         "loss": "mse", "data": {"x": [[{{x}}, 1], [-2, {{x}}], [0, 0]], "y": [[0.5], [{{y}}], [-{{y}}]]},
         "weights": [{"W": [[{{w}}, 1], [-1, {{w}}]], "b": [1, 0]}, {"W": [[{{w}}, -{{w}}]], "b": [-1]}]}
        """;

    /// <summary>A one-weight network whose output unit saturates: tanh(400) and σ(800) round to 1 in double precision.</summary>
    private static string Saturated(string output, string w) =>
        $$"""
        {"format": "verifier-instance/1", "name": "saturated", "network": {"layers": [1, 1], "activation": "{{output}}", "output": "{{output}}", "bias": false},
         "loss": "sse", "data": {"x": [[1]], "y": [[0.5]]}, "weights": [{"W": [[{{w}}]]}]}
        """;

    public static IEnumerable<TestCaseData> Corpus()
    {
        yield return new TestCaseData(Saturated("tanh", "400")).SetName("tanh output saturated at W = 400");
        yield return new TestCaseData(Saturated("sigmoid", "700")).SetName("sigmoid output at W = 700");
        yield return new TestCaseData(Saturated("sigmoid", "800")).SetName("sigmoid output saturated at W = 800");
        yield return new TestCaseData(Saturated("tanh", "1e300")).SetName("tanh output at W = 1e300");
        foreach (var activation in new[] { "tanh", "sigmoid", "relu", "linear" })
        {
            foreach (var (w, x, y) in new[] { ("1e308", "1", "1"), ("1e154", "1e200", "1e200"), ("5e-324", "1e-300", "1e-300"), ("1e300", "1e-300", "1") })
            {
                yield return new TestCaseData(Smooth(activation, "linear", w, x, y)).SetName($"{activation} W {w} x {x} y {y}");
            }
        }
    }

    private static readonly string[][] Verbs =
    [
        ["check", "critical-point"],
        ["check", "strict-local-min"],
        ["check", "local-min"],
        ["check", "saddle"],
        ["check", "bad-local-min"],
        ["analyze"],
        ["hessian", "--method", "dense"],
        ["hessian", "--method", "lanczos", "--top", "1"],
        ["density", "--probes", "2", "--steps", "4"],
        ["optimize", "--max-iterations", "10", "-o", "{out}"],
        ["certify", "-o", "{out}"],
        ["linear"],
    ];

    [TestCaseSource(nameof(Corpus))]
    public void NoVerbEndsInAnInternalError(string instance)
    {
        using var dir = new TempDir();
        string path = dir.Write("instance.json", instance);
        foreach (var verb in Verbs)
        {
            var args = new List<string>();
            foreach (var a in verb)
            {
                args.Add(a == "{out}" ? dir.File("out.json") : a);
            }

            // check takes CLAIM FILE; the other verbs take FILE first.
            args.Insert(verb[0] == "check" ? 2 : 1, path);
            var result = Cli.Run([.. args]);
            string line = string.Join(' ', args.Select(a => a == path ? "FILE" : a));
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.Not.EqualTo(4), $"{line}\n{result}");
                Assert.That(result.Stderr, Does.Not.Contain("internal error").And.Not.Contain("   at "), line);
            });
        }
    }

    [TestCase("tanh", "400")]
    [TestCase("sigmoid", "800")]
    [TestCase("tanh", "1e300")]
    public void ASaturatedUnitIsNeverCertifiedCritical(string output, string w)
    {
        // L(W) = (φ(W) − ½)² has L′(W) = 2(φ(W) − ½)·φ′(W) > 0 for every W > 0: the point is not critical, however small
        // the derivative's double is, so "verified" would be false.
        using var dir = new TempDir();
        string path = dir.Write("instance.json", Saturated(output, w));
        foreach (var claim in new[] { "critical-point", "local-min", "strict-local-min", "saddle" })
        {
            var result = Cli.Run("check", claim, path, "--format", "json");
            using var json = result.Json();
            string verdict = json.RootElement.GetProperty("verdict").GetString()!;
            Assert.That(verdict, Is.AnyOf("refuted", "inconclusive"), $"{claim} at W = {w.ToString(CultureInfo.InvariantCulture)}: {result}");
        }
    }
}
