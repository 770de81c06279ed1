using System.Buffers;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Instances;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>
/// A certificate with a property name twice in one object means different things to readers that keep the first
/// copy and readers that keep the last, so the kernel must refuse it wherever the duplicate sits, naming the name and
/// the object's path in one line.
/// </summary>
public class DuplicateNameTests
{
    private static readonly Lazy<string> BoxCertificate = new(() =>
        ((CertifyResult.Certified)CertificateWriter.Certify(InstanceFile.Format(SmoothPoints.FukumizuStrictMinimum()), null, null)).Json);

    private static readonly Lazy<string> ExactCertificate = new(() =>
        ((CertifyResult.Certified)CertificateWriter.Certify(File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "instances", "baldi-hornik-saddle.json")), null, null)).Json);

    [Test]
    public void TheValidCertificatesAreAccepted()
    {
        Assert.That(CertificateChecker.Check(BoxCertificate.Value).Valid, Is.True);
        Assert.That(CertificateChecker.Check(ExactCertificate.Value).Valid, Is.True);
    }

    [Test]
    public void ASecondDataObjectInTheEmbeddedInstanceIsRejected()
    {
        // The reported hole: the kernel checked the first "data" while last-wins readers see a different dataset.
        var text = Duplicate(BoxCertificate.Value, "$.instance", "data", """{"x": [[0]], "y": [[0]]}""");
        var check = CertificateChecker.Check(text);
        Assert.That(check.Valid, Is.False);
        Assert.That(check.Reason, Does.Contain("duplicate name 'data'").And.Contain("$.instance"));
        Assert.That(check.Reason, Does.Not.Contain("\n"));
    }

    [Test]
    public void ASecondStatementIsRejected()
    {
        var text = Duplicate(BoxCertificate.Value, "$", "statement", "\"certified-critical-point\"");
        var check = CertificateChecker.Check(text);
        Assert.That(check.Valid, Is.False);
        Assert.That(check.Reason, Does.Contain("duplicate name 'statement'").And.Contain("$"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void EveryPropertyRepeatedAtEveryDepthIsRejected(bool box)
    {
        // Hidden variants: each property of each object (root, point, bounds, instance, network, data, every weight
        // layer) is written twice, once with its own value (harmless-looking) and once with another; all are refused.
        var valid = box ? BoxCertificate.Value : ExactCertificate.Value;
        using var doc = JsonDocument.Parse(valid);
        int tried = 0;
        foreach (var (path, name, raw) in Properties(doc.RootElement, "$"))
        {
            foreach (var value in new[] { raw, "0" })
            {
                var check = CertificateChecker.Check(Duplicate(valid, path, name, value));
                Assert.That(check.Valid, Is.False, $"{name} twice at {path}");
                Assert.That(check.Reason, Does.Contain($"duplicate name '{name}' in the object at {path}"), $"{name} twice at {path}");
                tried++;
            }
        }

        TestContext.Out.WriteLine($"{tried} duplicated properties tried, all rejected");
        Assert.That(tried, Is.GreaterThan(box ? 30 : 20));
    }

    // Every (object path, property name, raw value) of the document, depth first.
    private static IEnumerable<(string Path, string Name, string Raw)> Properties(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                yield return (path, p.Name, p.Value.GetRawText());
                foreach (var inner in Properties(p.Value, $"{path}.{p.Name}"))
                {
                    yield return inner;
                }
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in e.EnumerateArray())
            {
                foreach (var inner in Properties(item, $"{path}[{i++}]"))
                {
                    yield return inner;
                }
            }
        }
    }

    // The document with the property written a second time, right after the first, with the given raw value.
    private static string Duplicate(string json, string path, string name, string rawValue)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Rewrite(w, doc.RootElement, "$", path, name, rawValue);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Rewrite(Utf8JsonWriter w, JsonElement e, string at, string path, string name, string rawValue)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    Rewrite(w, p.Value, $"{at}.{p.Name}", path, name, rawValue);
                    if (at == path && p.Name == name)
                    {
                        w.WritePropertyName(p.Name);
                        w.WriteRawValue(rawValue, skipInputValidation: true);
                    }
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                int i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    Rewrite(w, item, $"{at}[{i++}]", path, name, rawValue);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteRawValue(e.GetRawText(), skipInputValidation: true);
                break;
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Verifier.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Verifier.sln not found above the test directory");
    }
}
