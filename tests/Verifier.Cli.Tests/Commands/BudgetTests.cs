using System.Globalization;
using System.Numerics;
using System.Text;

namespace Verifier.Cli.Tests.Commands;

/// <summary>
/// --budget on check, certify, linear and suite: a spent budget is an inconclusive verdict (exit 3) that names the
/// budget and what was left undone, the same on every run; a budget that is not a positive number is a usage error.
/// </summary>
public class BudgetTests
{
    // A budget far below what the exact linear theory of the long-fraction instance costs, and far above zero.
    private const string Tiny = "1e-7";

    [Test]
    public void ASpentBudgetIsInconclusiveNamingTheBudgetTheSameOnEveryRun()
    {
        using var dir = new TempDir();
        var file = dir.Write("long-fractions.json", LongFractionInstance(digits: 50, seed: 1));
        var first = Cli.Run("check", "kawaguchi2016.global-minimum-value", file, "--budget", Tiny);
        Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), first.ToString());
        Assert.That(first.Stdout, Does.Contain("work budget").And.Contain("--budget"));
        var second = Cli.Run("check", "kawaguchi2016.global-minimum-value", file, "--budget", Tiny);
        Assert.That(second.Stdout, Is.EqualTo(first.Stdout), "a verdict counted in work units does not depend on the clock");
    }

    [Test]
    public void LinearWithASpentBudgetSaysInconclusiveInTextAndJson()
    {
        using var dir = new TempDir();
        var file = dir.Write("long-fractions.json", LongFractionInstance(digits: 50, seed: 2));
        var text = Cli.Run("linear", file, "--budget", Tiny);
        Assert.That(text.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), text.ToString());
        Assert.That(text.Stdout, Does.Contain("inconclusive").And.Contain("work budget"));
        var json = Cli.Run("linear", file, "--budget", Tiny, "--format", "json");
        Assert.That(json.ExitCode, Is.EqualTo(ExitCodes.Inconclusive), json.ToString());
        using var doc = json.Json();
        Assert.That(doc.RootElement.GetProperty("verdict").GetString(), Is.EqualTo("inconclusive"));
    }

    [Test]
    public void TheIssuesLongFractionInstanceIsDecidedWithinTheDefaultBudget()
    {
        // A 3-2-2 linear network on 4 samples of 50-digit fractions once ran for minutes; under the default budget it
        // answers (an exact analysis, exit 0), never an internal error.
        using var dir = new TempDir();
        var file = dir.Write("long-fractions.json", LongFractionInstance(digits: 50, seed: 3));
        var r = Cli.Run("linear", file);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.Success), r.ToString());
    }

    [TestCase("check", "0")]
    [TestCase("check", "-5")]
    [TestCase("check", "nan")]
    [TestCase("check", "soon")]
    [TestCase("certify", "0")]
    [TestCase("linear", "infinity")]
    [TestCase("suite", "-1")]
    public void ABudgetThatIsNotAPositiveNumberIsAUsageError(string verb, string budget)
    {
        string[] args = verb switch
        {
            "check" => ["check", "critical-point", Repo.Example("fukumizu-strict-min.json"), "--budget", budget],
            "certify" => ["certify", Repo.Example("fukumizu-strict-min.json"), "--budget", budget, "-o", Path.Combine(Path.GetTempPath(), "never-written-" + Guid.NewGuid().ToString("N") + ".json")],
            "linear" => ["linear", Repo.Example("kawaguchi-2-1-2-origin.json"), "--budget", budget],
            _ => ["suite", "--budget", budget],
        };
        var r = Cli.Run(args);
        Assert.That(r.ExitCode, Is.EqualTo(ExitCodes.BadInput), r.ToString());
        Assert.That(r.Stderr, Does.Contain("--budget"));
    }

    // A 3-2-2 linear instance on 4 samples whose entries are random fractions of `digits` digits over `digits` digits.
    private static string LongFractionInstance(int digits, int seed)
    {
        var rng = new Random(seed);
        string Fraction()
        {
            string Digits() => string.Concat(Enumerable.Range(0, digits).Select(i => (char)('0' + (i == 0 ? rng.Next(1, 10) : rng.Next(10)))));
            var p = BigInteger.Parse(Digits(), CultureInfo.InvariantCulture) * (rng.Next(2) == 0 ? -1 : 1);
            return $"\"{p}/{Digits()}\"";
        }

        string Rows(int rows, int cols) =>
            "[" + string.Join(", ", Enumerable.Range(0, rows).Select(_ => "[" + string.Join(", ", Enumerable.Range(0, cols).Select(_ => Fraction())) + "]")) + "]";

        var sb = new StringBuilder();
        sb.Append("{\"format\": \"verifier-instance/1\", \"name\": \"long-fractions\", ");
        sb.Append("\"network\": {\"layers\": [3, 2, 2], \"activation\": \"linear\", \"output\": \"linear\", \"bias\": false}, ");
        sb.Append("\"loss\": \"sse\", \"data\": {\"x\": ").Append(Rows(4, 3)).Append(", \"y\": ").Append(Rows(4, 2)).Append("}}");
        return sb.ToString();
    }
}
