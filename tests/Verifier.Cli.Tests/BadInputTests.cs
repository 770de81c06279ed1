namespace Verifier.Cli.Tests;

/// <summary>
/// Every bad input ends with exit 2, exactly one line on stderr that names the problem (and where it is),
/// and nothing on stdout — also with --format json, whose consumers read stdout.
/// </summary>
public sealed class BadInputTests
{
    [TestCase(
        """{"format": "verifier-instance/1", "network": """,
        "malformed JSON", "line 1",
        TestName = "Malformed JSON")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,0],[1,1]], "y": [[0],[1]]}, "weights": [{"W": [[1,1],[1,1],[1,1]], "b": [0,0]}, {"W": [[1,1]], "b": [0]}]}""",
        "weights[0].W", "has 3 rows",
        TestName = "Weight matrix rows do not match the layer width")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,0],[1,1,1]], "y": [[0],[1]]}}""",
        "data.x[1]", "has 3 entries",
        TestName = "Input row width does not match the input layer")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,0],[1,1]], "y": [[0],[1],[1]]}}""",
        "data.y", "rows",
        TestName = "Input and target row counts differ")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [], "y": []}}""",
        "data.x", "empty",
        TestName = "Empty dataset")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,"NaN"],[1,1]], "y": [[0],[1]]}}""",
        "data.x[0][1]", "not a finite number",
        TestName = "NaN as a string")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,NaN],[1,1]], "y": [[0],[1]]}}""",
        "malformed JSON", "line 1",
        TestName = "NaN as a bare token")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,0],[1,1]], "y": [[0],["Infinity"]]}}""",
        "data.y[1][0]", "not a finite number",
        TestName = "Infinity as a string")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,0],[1,1]], "y": [[0],[-Infinity]]}}""",
        "malformed JSON", "line 1",
        TestName = "Infinity as a bare token")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "sigmoid"}, "data": {"x": [[0,0],[1,1e400]], "y": [[0],[1]]}}""",
        "data.x[1][1]", "infinite in double precision",
        TestName = "A number beyond double range")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "swish"}, "data": {"x": [[0,0]], "y": [[0]]}}""",
        "network.activation", "unknown activation 'swish'",
        TestName = "Unknown activation")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "tanh"}, "loss": "hinge", "data": {"x": [[0,0]], "y": [[0]]}}""",
        "loss", "unknown loss 'hinge'",
        TestName = "Unknown loss")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "tanh"}, "data": {"x": [[0,0]], "y": [[0]]}, "weights": [{"W": [[1,1],[1,1]], "b": [0,0]}, {"W": [[1,1]], "W": [[2,2]], "b": [0]}]}""",
        "weights[1].W", "duplicate property \"W\"",
        TestName = "A duplicated property")]
    [TestCase(
        """{"network": {"layers": [2,2,1], "activation": "tanh"}, "data": {"x": [[0,0]], "y": [[0]]}}""",
        "weights", "missing (analyze needs a point)",
        TestName = "Missing weights for analyze")]
    public void Bad_instance_file_exits_2_with_one_line_naming_file_location_and_problem(string contents, string location, string problem)
    {
        using var dir = new TempDir();
        var path = dir.Write("bad.json", contents);

        foreach (var format in new[] { "text", "json" })
        {
            var result = Cli.Run("analyze", "--format", format, path);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
                Assert.That(result.Stdout, Is.Empty, result.ToString);
                Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.ToString);
                Assert.That(result.Stderr, Does.StartWith($"error: {path}: ").And.Contain(location).And.Contain(problem));
                Assert.That(result.Stderr, Does.Not.Contain("   at "), "no stack trace");
            });
        }
    }

    [Test]
    public void Missing_file_exits_2_with_file_not_found()
    {
        using var dir = new TempDir();
        var path = dir.File("absent.json");

        var result = Cli.Run("analyze", "--format", "json", path);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.Stderr, Is.EqualTo($"error: {path}: file not found\n"));
        });
    }

    [Test]
    public void Missing_weights_message_is_exactly_the_contract_line()
    {
        using var dir = new TempDir();
        var path = dir.Write("noweights.json", """{"network": {"layers": [1,1], "activation": "linear"}, "data": {"x": [[1]], "y": [[1]]}}""");

        var result = Cli.Run("analyze", path);

        Assert.That(result.Stderr, Is.EqualTo($"error: {path}: weights: missing (analyze needs a point)\n"));
    }

    [TestCase("analyze")]
    [TestCase("hessian")]
    [TestCase("check", "local-min")]
    [TestCase("certify")]
    [TestCase("linear")]
    public void A_directory_instead_of_a_file_exits_2_saying_so(params string[] verb)
    {
        using var dir = new TempDir();
        string[] args = verb[0] == "certify" ? [.. verb, dir.Path, "-o", dir.File("c.json")] : [.. verb, dir.Path];

        var result = Cli.Run(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain($"{dir.Path}: is a directory"));
            Assert.That(result.Stdout, Is.Empty);
        });
    }

    // A verb that writes refuses an output path naming its own input, however it is spelled (relative, through "..",
    // through a symbolic link), before any work, and leaves the input unchanged.
    [TestCase("optimize", "same")]
    [TestCase("optimize", "dotted")]
    [TestCase("optimize", "link")]
    [TestCase("certify", "same")]
    [TestCase("certify", "witness")]
    public void An_output_that_is_an_input_exits_2_and_changes_nothing(string verb, string spelling)
    {
        using var dir = new TempDir();
        var input = dir.Write("point.json", File.ReadAllText(Repo.Example("fukumizu-strict-min.json")));
        var before = File.ReadAllBytes(input);
        string readFrom = input;
        string output = input;
        string[] extra = [];
        switch (spelling)
        {
            case "dotted":
                output = Path.Combine(dir.Path, "..", Path.GetFileName(dir.Path), "point.json");
                break;
            case "link":
                readFrom = Path.Combine(dir.Path, "link.json");
                File.CreateSymbolicLink(readFrom, input);
                break;
            case "witness":
                readFrom = dir.Write("other.json", File.ReadAllText(Repo.Example("fukumizu-strict-min.json")));
                extra = ["--witness", input];
                break;
        }

        var result = Cli.Run([verb, readFrom, "-o", output, .. extra]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("is the input file"));
            Assert.That(File.ReadAllBytes(input), Is.EqualTo(before), "the input is unchanged");
        });
    }
}
