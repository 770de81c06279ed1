using System.Globalization;
using System.Text.Json.Nodes;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Claims;

/// <summary>
/// Change one number of a valid certificate at a time; the kernel must reject every change that makes it false.
/// The counts of tamperings tried and rejected are printed (and quoted in the README).
/// </summary>
[NonParallelizable]
public class TamperingTests
{
    private static readonly Lazy<string> StrictMinimumCertificate = new(() =>
        ((CertifyResult.Certified)CertificateWriter.Certify(InstanceFile.Format(SmoothPoints.FukumizuStrictMinimum()), null, null)).Json);

    [Test]
    public void EveryChangeOfInstanceDataOrPointIsRejected()
    {
        // Data (x, y) and the point itself: a change of 1/10 moves the critical point, or the box, by far more than
        // the radius 1e-8, so the Krawczyk test must fail. None of these changes can leave the statement true.
        int tried = 0, rejected = 0;
        foreach (var path in NumberPaths(JsonNode.Parse(StrictMinimumCertificate.Value)!, "instance", n => n is "x" or "y" or "W" or "b"))
        {
            var tampered = Change(StrictMinimumCertificate.Value, path, r => r + new Rational(1, 10));
            tried++;
            var check = CertificateChecker.Check(tampered);
            if (!check.Valid)
            {
                rejected++;
            }
            else
            {
                Assert.Fail($"tampering {string.Join('.', path)} was accepted: {check.Reason}");
            }
        }

        TestContext.Out.WriteLine($"instance data and point: {tried} tamperings tried, {rejected} rejected");
        Assert.That(tried, Is.EqualTo(12 + 12 + 4));
        Assert.That(rejected, Is.EqualTo(tried));
    }

    [TestCase("lower", "0.000001", false, TestName = "Raising the loss's lower bound above the truth is rejected")]
    [TestCase("upper", "-0.000001", false, TestName = "Lowering the loss's upper bound below the truth is rejected")]
    [TestCase("lower", "-1", true, TestName = "Lowering the lower bound keeps a true (weaker) statement and is accepted")]
    [TestCase("upper", "1", true, TestName = "Raising the upper bound keeps a true (weaker) statement and is accepted")]
    public void LossBoundChanges(string bound, string delta, bool stillTrue)
    {
        var tampered = Change(StrictMinimumCertificate.Value, ["lossBounds", bound], r => r + Rational.Parse(delta));
        Assert.That(CertificateChecker.Check(tampered).Valid, Is.EqualTo(stillTrue));
    }

    [TestCase("1e-300", TestName = "A radius too small to contain the point's enclosure is rejected")]
    [TestCase("0.5", TestName = "A radius so wide that the Krawczyk test fails is rejected")]
    [TestCase("0", TestName = "A zero radius is rejected")]
    public void RadiusChangesThatBreakTheProofAreRejected(string radius)
    {
        var tampered = Change(StrictMinimumCertificate.Value, ["point", "radius"], _ => Rational.Parse(radius));
        Assert.That(CertificateChecker.Check(tampered).Valid, Is.False);
    }

    [Test]
    public void AChangedPreconditionerCanOnlyMakeAValidCertificateFail()
    {
        // Y is a hint: Krawczyk's theorem holds for any Y, so an accepted certificate stays true; a bad Y fails.
        var tampered = Change(StrictMinimumCertificate.Value, ["preconditioner", "0", "0"], r => r * 1000);
        Assert.That(CertificateChecker.Check(tampered).Valid, Is.False);
    }

    [Test]
    public void AStatementSwappedForAnotherIsRejected()
    {
        var node = JsonNode.Parse(StrictMinimumCertificate.Value)!;
        node["statement"] = CertificateStatements.StrictSaddle;
        Assert.That(CertificateChecker.Check(node.ToJsonString()).Valid, Is.False);
    }

    // Paths to every number (JSON number or numeric string) under the top-level key, in arrays under keys accepted by the filter.
    private static List<string[]> NumberPaths(JsonNode root, string top, Func<string, bool> underKey)
    {
        var results = new List<string[]>();
        void Walk(JsonNode? node, List<string> path, bool inside)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj)
                    {
                        Walk(child, [.. path, key], inside || underKey(key));
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], [.. path, i.ToString(CultureInfo.InvariantCulture)], inside);
                    }

                    break;
                case JsonValue value when inside:
                    results.Add([.. path]);
                    break;
            }
        }

        Walk(root[top], [top], false);
        return results;
    }

    private static string Change(string json, string[] path, Func<Rational, Rational> change)
    {
        var root = JsonNode.Parse(json)!;
        JsonNode parent = root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            parent = parent is JsonArray a ? a[int.Parse(path[i], CultureInfo.InvariantCulture)]! : parent[path[i]]!;
        }

        var last = path[^1];
        var current = parent is JsonArray arr ? arr[int.Parse(last, CultureInfo.InvariantCulture)]! : parent[last]!;
        var value = current.GetValueKind() == System.Text.Json.JsonValueKind.String ? Rational.Parse(current.GetValue<string>()) : Rational.Parse(current.ToJsonString());
        var replacement = JsonValue.Create(change(value).ToString());
        if (parent is JsonArray array)
        {
            array[int.Parse(last, CultureInfo.InvariantCulture)] = replacement;
        }
        else
        {
            parent[last] = replacement;
        }

        return root.ToJsonString();
    }
}
