using System.Text;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Instances;

namespace Verifier.Fuzz;

/// <summary>
/// A fuzz target: runs one input through the code under test. It returns when the outcome is one the contract
/// documents (a valid result, or a rejection that the CLI turns into exit 1 or 2) and throws for anything else: that
/// exception is a finding.
/// </summary>
/// <param name="Name">The name on the command line and of the corpus and crash folders.</param>
/// <param name="Run">Runs one input.</param>
internal sealed record FuzzTarget(string Name, Action<byte[]> Run);

/// <summary>An outcome that breaks the contract without an exception of its own (e.g. a round trip that changes the text).</summary>
internal sealed class FuzzFindingException : Exception
{
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    public FuzzFindingException()
    {
    }

    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The targets, by name.</summary>
internal static class FuzzTargets
{
    /// <summary>The instance name the self-test target accepts; any other name it parses is a planted finding.</summary>
    public const string SelftestName = "fuzz-selftest";

    /// <summary>Every target.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("instance", Instance),
        new("certificate", Certificate),
        new("selftest", Selftest),
    ];

    /// <summary>The target of that name, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// The instance reader on the bytes of a file, as every verb reads its instance. Documented outcomes: an instance,
    /// or <see cref="InstanceFormatException"/> (exit 2). An instance read must also survive the writer: formatting it
    /// and reading the text back gives the same text again.
    /// </summary>
    private static void Instance(byte[] input)
    {
        Instance instance;
        try
        {
            instance = InstanceFile.ParseFile(input, "fuzz input");
        }
        catch (InstanceFormatException)
        {
            return;
        }

        var text = InstanceFile.Format(instance);
        var again = InstanceFile.Format(InstanceFile.Parse(text, "fuzz input, written back"));
        if (!string.Equals(text, again, StringComparison.Ordinal))
        {
            throw new FuzzFindingException("an instance read, written and read again is written differently");
        }
    }

    /// <summary>
    /// The certificate kernel on the text of a file, decoded as <c>verify-certificate</c> reads it. Documented
    /// outcomes: valid (exit 0) or rejected with a reason (exit 1); the kernel itself never throws.
    /// </summary>
    private static void Certificate(byte[] input)
    {
        using var reader = new StreamReader(new MemoryStream(input), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var check = CertificateChecker.Check(reader.ReadToEnd());
        if (check.Reason.Length == 0)
        {
            throw new FuzzFindingException("a certificate check without a reason");
        }
    }

    /// <summary>
    /// The instance target with a planted fault, to show that a campaign finds and records one: an instance whose name
    /// is not <see cref="SelftestName"/> throws. Its seed corpus holds that name, so a mutation of it finds the fault.
    /// </summary>
    private static void Selftest(byte[] input)
    {
        try
        {
            var instance = InstanceFile.ParseFile(input, "fuzz input");
            if (instance.Name != SelftestName)
            {
                throw new InvalidOperationException($"planted fault: the instance is named '{instance.Name}'");
            }
        }
        catch (InstanceFormatException)
        {
            // documented
        }
    }
}
