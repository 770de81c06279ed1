using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;

namespace Verifier.Cli.Tests.Commands;

public sealed class GenerateCommandTests
{
    private static readonly string[] Mlp = ["generate", "mlp", "--layers", "3,5,2", "--activation", "tanh", "--samples", "7"];

    [Test]
    public void Same_seed_gives_a_byte_identical_file()
    {
        using var dir = new TempDir();
        var a = dir.File("a.json");
        var b = dir.File("b.json");

        var first = Cli.Run([.. Mlp, "--seed", "42", "-o", a]);
        var second = Cli.Run([.. Mlp, "--seed", "42", "-o", b]);

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(ExitCodes.Success), first.ToString);
            Assert.That(second.ExitCode, Is.EqualTo(ExitCodes.Success), second.ToString);
            Assert.That(File.ReadAllBytes(b), Is.EqualTo(File.ReadAllBytes(a)));
        });
    }

    [Test]
    public void Different_seeds_give_different_files()
    {
        using var dir = new TempDir();
        var a = dir.File("a.json");
        var b = dir.File("b.json");

        Cli.Run([.. Mlp, "--seed", "1", "-o", a]);
        Cli.Run([.. Mlp, "--seed", "2", "-o", b]);

        var x = InstanceFile.Read(a);
        var y = InstanceFile.Read(b);
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(b), Is.Not.EqualTo(File.ReadAllText(a)));
            Assert.That(y.Data.XExact, Is.Not.EqualTo(x.Data.XExact));
            Assert.That(y.Weights, Is.Not.EqualTo(x.Weights));
        });
    }

    [Test]
    public void Generated_file_loads_with_the_requested_shape_and_analyzes()
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");

        var result = Cli.Run("generate", "mlp", "--layers", "2,3,1", "--activation", "relu", "--samples", "5", "--bias", "false",
            "--loss", "sse", "--output-activation", "sigmoid", "--seed", "9", "-o", path);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        var instance = InstanceFile.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(instance.Network, Is.EqualTo(new NetworkSpec([2, 3, 1], Activation.Relu, Activation.Sigmoid, bias: false)));
            Assert.That(instance.Loss, Is.EqualTo(LossKind.Sse));
            Assert.That(instance.Data.Count, Is.EqualTo(5));
            Assert.That(instance.Weights, Has.Count.EqualTo(9));
            Assert.That(Cli.Run("analyze", path).ExitCode, Is.EqualTo(ExitCodes.Success));
        });
    }

    [Test]
    public void Prints_one_line_to_stderr_naming_the_file_and_the_seed_and_nothing_to_stdout()
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");

        var result = Cli.Run([.. Mlp, "-o", path]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain(path).And.Contain("seed 1")); // the default seed is printed too
        });
    }

    [Test]
    public void Defaults_are_bias_mse_and_linear_output()
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");

        Cli.Run([.. Mlp, "-o", path]);

        var instance = InstanceFile.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(instance.Network.Bias, Is.True);
            Assert.That(instance.Network.Output, Is.EqualTo(Activation.Linear));
            Assert.That(instance.Loss, Is.EqualTo(LossKind.Mse));
        });
    }

    [Test]
    public void Output_into_a_missing_directory_exits_2_and_leaves_no_file()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "no-such-dir", "g.json");

        var result = Cli.Run([.. Mlp, "-o", path]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("error: ").And.Contain("does not exist"));
            Assert.That(File.Exists(path), Is.False);
            Assert.That(Directory.EnumerateFileSystemEntries(dir.Path), Is.Empty);
        });
    }

    [TestCase("--layers", "10", "at least two", TestName = "Layers with one width are rejected")]
    [TestCase("--layers", "10,0,1", "positive layer widths", TestName = "Layers with a zero width are rejected")]
    [TestCase("--layers", "10,x,1", "positive layer widths", TestName = "Layers that are not integers are rejected")]
    [TestCase("--layers", "10,-3,1", "positive layer widths", TestName = "Layers with a negative width are rejected")]
    [TestCase("--samples", "0", "--samples: must be at least 1", TestName = "Zero samples are rejected")]
    [TestCase("--samples", "many", "--samples: 'many' is not an integer", TestName = "Non-integer samples are rejected")]
    [TestCase("--activation", "swish", "unknown activation 'swish' (expected one of linear, relu, sigmoid, tanh)", TestName = "Unknown activation names the accepted words")]
    [TestCase("--output-activation", "softmax", "unknown activation 'softmax' (expected one of linear, relu, sigmoid, tanh)", TestName = "Unknown output activation names the accepted words")]
    [TestCase("--loss", "hinge", "unknown loss 'hinge' (expected one of mse, sse, logistic, mae)", TestName = "Unknown loss names the accepted words")]
    [TestCase("--seed", "1.5", "--seed: '1.5' is not an integer", TestName = "Non-integer seed is rejected")]
    [TestCase("--bias", "maybe", "maybe", TestName = "Non-boolean bias is rejected")]
    public void Invalid_option_exits_2_with_one_line(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");
        var args = new List<string> { "generate", "mlp", "--layers", "2,3,1", "--activation", "tanh", "--samples", "4", "-o", path };
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var result = Cli.Run([.. args]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.ToString);
            Assert.That(result.Stderr, Does.StartWith("error: ").And.Contain(expected).And.Contain("see 'verifier generate mlp --help'"));
            Assert.That(File.Exists(path), Is.False);
        });
    }

    [Test]
    public void Too_large_an_instance_is_refused_before_any_work()
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");

        var result = Cli.Run("generate", "mlp", "--layers", "100000,100000,1", "--activation", "tanh", "--samples", "4", "-o", path);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1));
            Assert.That(File.Exists(path), Is.False);
        });
    }

    [Test]
    public void A_network_without_a_hidden_layer_needs_no_activation()
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");

        var result = Cli.Run("generate", "mlp", "--layers", "3,2", "--samples", "5", "--seed", "2", "-o", path);

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.Success), result.ToString);
        Assert.Multiple(() =>
        {
            Assert.That(InstanceFile.Read(path).Network.Layers, Is.EqualTo(new[] { 3, 2 }));
            Assert.That(Cli.Run("analyze", path).ExitCode, Is.EqualTo(ExitCodes.Success));
        });
    }

    [Test]
    public void A_network_with_a_hidden_layer_still_needs_its_activation()
    {
        using var dir = new TempDir();
        var path = dir.File("g.json");

        var result = Cli.Run("generate", "mlp", "--layers", "3,4,2", "--samples", "5", "-o", path);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.BadInput), result.ToString);
            Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.ToString);
            Assert.That(result.Stderr, Does.Contain("'--activation' is required when the network has a hidden layer").And.Contain("see 'verifier generate mlp --help'"));
            Assert.That(File.Exists(path), Is.False);
        });
    }
}
