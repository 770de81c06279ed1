using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Tests.Claims;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Certificates;

/// <summary>
/// Mutation properties of the certificate kernel, on real certificates written by <see cref="CertificateWriter"/>:
/// random edits that keep the certified statement true (whitespace, key order, the spelling of numbers, a weaker
/// statement) are accepted, and random edits that make it false (a data entry, a weight, a radius past a second
/// critical point, a stronger or different statement) are rejected. An edit of data or weights counts as making the
/// statement false only when an independent float64 check proves it: the gradient at the point is nonzero by far more
/// than it can change over the box. The other edits are false by what is known of each point (see <see cref="Known"/>).
/// </summary>
public class CertificateCheckerTests
{
    private const int Cases = 150;

    private static readonly string[] Statements = [.. CertificateStatements.All];

    /// <summary>
    /// A certificate and what is known about its point without the kernel: the statements that are true of it, those
    /// that are provably false, and (for a box) another critical point, which a box that contains it makes the
    /// certificate's uniqueness claim false.
    /// </summary>
    public sealed record Known(string Name, string Json, string[] True, string[] False, double[]? OtherCriticalPoint)
    {
        public bool IsBox => OtherCriticalPoint is not null;

        public override string ToString() => Name;
    }

    /// <summary>An edit: which certificate, what kind of edit, and the seed of its random choices.</summary>
    public sealed record Edit(Known Certificate, string Kind, int Seed, bool AlsoReformat)
    {
        public override string ToString() => $"{Kind} of {Certificate.Name}, seed {Seed}{(AlsoReformat ? ", reformatted too" : "")}";
    }

    // Truth-keeping and truth-changing edits.
    private const string Whitespace = "whitespace", KeyOrder = "key order", Spelling = "number spelling", Weaker = "weaker statement", AllThree = "whitespace, key order and spelling";
    private const string Data = "data entry", Weight = "weight", Radius = "radius past a second critical point", Stronger = "false statement";

    // tanh(w·x + c) on x = (−1, 1, 2), y = (0.9, −0.9, 0.9), sse: two strict minima, Newton-polished (gradient ~1e-16).
    private static readonly double[] TanhBadMinimum = [2.9440131750882306, -4.415977205709328];
    private static readonly double[] TanhGlobalMinimum = [-0.10724495429148306, 0.375507173423051];

    private static readonly Lazy<Known[]> Certificates = new(() =>
    [
        Certify("Fukumizu–Amari strict minimum (box)", InstanceFile.Format(SmoothPoints.FukumizuStrictMinimum()), null,
            CertificateStatements.StrictLocalMin,
            [CertificateStatements.CriticalPoint, CertificateStatements.StrictLocalMin],
            [CertificateStatements.StrictSaddle],
            FukumizuFlatCriticalPoint()),
        Certify("tanh-output bad local minimum (box, witness)", TanhOutput(TanhBadMinimum), TanhOutput(TanhGlobalMinimum),
            CertificateStatements.BadLocalMin,
            [CertificateStatements.CriticalPoint, CertificateStatements.StrictLocalMin, CertificateStatements.BadLocalMin],
            [CertificateStatements.StrictSaddle],
            TanhGlobalMinimum),
        Certify("tanh-output global minimum (box)", TanhOutput(TanhGlobalMinimum), null,
            CertificateStatements.StrictLocalMin,
            [CertificateStatements.CriticalPoint, CertificateStatements.StrictLocalMin],
            [CertificateStatements.StrictSaddle],
            TanhBadMinimum),
        Certify("Baldi–Hornik saddle (exact)", InstanceFile.Format(ExactPoints.Linear([2, 1, 2], [0, 1, 0, 1])), null,
            CertificateStatements.StrictSaddle,
            [CertificateStatements.CriticalPoint, CertificateStatements.StrictSaddle],
            [CertificateStatements.StrictLocalMin, CertificateStatements.BadLocalMin],
            null),

        // A global minimum of a deep linear network: non-isolated (W₁ → aW₁, W₂ → W₂/a), so not strict, not a saddle.
        Certify("Baldi–Hornik global minimum (exact, singular Hessian)", InstanceFile.Format(ExactPoints.Linear([2, 1, 2], [2, 0, 1, 0])), null,
            CertificateStatements.CriticalPoint,
            [CertificateStatements.CriticalPoint],
            [CertificateStatements.StrictLocalMin, CertificateStatements.StrictSaddle, CertificateStatements.BadLocalMin],
            null),

        // Least squares on a line: a convex loss, so its unique minimum is global, strict and not bad.
        Certify("least-squares line (exact)", LeastSquaresLine, null,
            CertificateStatements.StrictLocalMin,
            [CertificateStatements.CriticalPoint, CertificateStatements.StrictLocalMin],
            [CertificateStatements.StrictSaddle, CertificateStatements.BadLocalMin],
            null),
    ]);

    /// <summary>Edits that keep the statement true.</summary>
    public static class KeepingEdits
    {
        public static Arbitrary<Edit> Edits() => Arb.From(
            from certificate in Gen.Elements(Certificates.Value)
            from kind in Gen.Elements(KeepingKinds(certificate))
            from seed in Gen.Choose(0, int.MaxValue)
            select new Edit(certificate, kind, seed, false));
    }

    /// <summary>Edits that make the statement false, alone or with the truth-keeping edits on top.</summary>
    public static class ChangingEdits
    {
        public static Arbitrary<Edit> Edits() => Arb.From(
            from certificate in Gen.Elements(Certificates.Value)
            from kind in Gen.Elements(ChangingKinds(certificate))
            from seed in Gen.Choose(0, int.MaxValue)
            from reformat in Gen.Elements(false, true)
            select new Edit(certificate, kind, seed, reformat));
    }

    [Test]
    public void EveryCertificateIsValidAsWritten()
    {
        Assert.Multiple(() =>
        {
            foreach (var c in Certificates.Value)
            {
                var check = CertificateChecker.Check(c.Json);
                Assert.That(check.Valid, Is.True, $"{c.Name}: {check.Reason}");
            }
        });
    }

    // A fuzzing finding: System.Text.Json parses an escaped unpaired surrogate but cannot decode it, so each place a
    // certificate holds a string or a property name must turn it into a format error naming where it is.
    [TestCase("\"statement\": \"certified-", "\"statement\": \"\\ud800certified-", "$.statement")]
    [TestCase("\"statement\":", "\"st\\udc00atement\":", "the object at $")]
    [TestCase("\"format\": \"verifier-certificate/1\"", "\"format\": \"verifier-certificate/1\\ud83d\"", "$.format")]
    [TestCase("\"name\": \"", "\"name\": \"\\ud800", "$.instance.name")]
    [TestCase("\"loss\":", "\"lo\\ud800ss\":", "the object at $.instance")]
    [TestCase("\"mode\":", "\"mo\\ud800de\":", "the object at $.point")]
    [TestCase("\"radius\": \"", "\"radius\": \"\\ud800", "$.point.radius")]
    public void AStringThatIsNotValidUtf16IsAFormatErrorNamingItsPlace(string find, string replace, string where)
    {
        var c = Certificates.Value[0];
        int at = c.Json.IndexOf(find, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"«{find}» is not in the certificate");
        var edited = string.Concat(c.Json.AsSpan(0, at), replace, c.Json.AsSpan(at + find.Length));

        var check = CertificateChecker.Check(edited);

        Assert.That(check.Valid, Is.False);
        Assert.That(check.Reason, Does.Contain(where).And.Contain("is not valid UTF-16").And.Not.Contain("\n"));
    }

    [Property(Arbitrary = new[] { typeof(KeepingEdits) }, MaxTest = Cases, Replay = "31415,92653")]
    public Property EditsThatKeepTheStatementTrueAreAccepted(Edit edit)
    {
        var edited = Apply(edit);
        var check = CertificateChecker.Check(edited);
        return check.Valid.Label($"{edit}: rejected: {check.Reason}\n{edited}").Classify(true, edit.Kind);
    }

    [Property(Arbitrary = new[] { typeof(ChangingEdits) }, MaxTest = Cases, Replay = "27182,81829")]
    public Property EditsThatMakeTheStatementFalseAreRejected(Edit edit)
    {
        var edited = Apply(edit);
        return Prop.When(ProvablyFalse(edit.Certificate, edit.Kind, edited), () => !CertificateChecker.Check(edited).Valid)
            .Label($"{edit}: accepted although the statement is false\n{edited}")
            .Classify(true, edit.Kind);
    }

    [Test]
    public void TheFalsityCheckOfADataEditIsNotVacuous()
    {
        // The oracle must see an unchanged certificate as possibly true, and a large change of the point as false.
        foreach (var c in Certificates.Value)
        {
            Assert.That(NoCriticalPointInTheBox(c.Json), Is.False, c.Name);
            var moved = JsonNode.Parse(c.Json)!;
            var first = NumberPaths(moved, "instance", "weights")[0];
            first.Replace(r => r + 3);
            Assert.That(NoCriticalPointInTheBox(moved.ToJsonString()), Is.True, $"{c.Name}: moving a weight by 3 leaves the gradient near zero");
        }
    }

    private static string[] KeepingKinds(Known c) =>
        c.True.Length > 1 ? [Whitespace, KeyOrder, Spelling, AllThree, Weaker] : [Whitespace, KeyOrder, Spelling, AllThree];

    private static string[] ChangingKinds(Known c) =>
        c.IsBox ? [Data, Weight, Radius, Stronger] : [Data, Weight, Stronger];

    private static string Apply(Edit edit)
    {
        var random = new Random(edit.Seed);
        var c = edit.Certificate;
        var root = JsonNode.Parse(c.Json)!;
        switch (edit.Kind)
        {
            case Whitespace:
                return Reformat(c.Json, random);
            case KeyOrder:
                return Shuffle(root, random)!.ToJsonString();
            case Spelling:
                Respell(root, random);
                return root.ToJsonString();
            case AllThree:
                Respell(root, random);
                return Reformat(Shuffle(root, random)!.ToJsonString(), random);
            case Weaker:
                root["statement"] = Pick(c.True.Where(s => s != root["statement"]!.GetValue<string>()).ToArray(), random);
                return root.ToJsonString();
            case Data:
                Pick(NumberPaths(root, "instance", "data"), random).Replace(r => r + Delta(random));
                break;
            case Weight:
                Pick(NumberPaths(root, "instance", "weights"), random).Replace(r => r + Delta(random));
                break;
            case Radius:
                {
                    // Past the other critical point by at least 1, up to 100 more.
                    var theta = InstanceFile.Read(JsonDocument.Parse(c.Json).RootElement.GetProperty("instance"), "test").WeightsDouble();
                    double distance = theta.Zip(c.OtherCriticalPoint!, (a, b) => Math.Abs(a - b)).Max();
                    var radius = Rational.FromDouble(Math.Ceiling(distance)) + 1 + new Rational(random.Next(0, 100_000), 1000);
                    root["point"]!["radius"] = radius.ToString();
                    break;
                }

            case Stronger:
                root["statement"] = Pick(c.False, random);
                break;
            default:
                throw new ArgumentException($"unknown edit {edit.Kind}");
        }

        if (!edit.AlsoReformat)
        {
            return root.ToJsonString();
        }

        Respell(root, random);
        return Reformat(Shuffle(root, random)!.ToJsonString(), random);
    }

    // Whether the edited certificate's statement is false by a check independent of the kernel.
    private static bool ProvablyFalse(Known c, string kind, string edited) => kind switch
    {
        Data or Weight => NoCriticalPointInTheBox(edited),
        Radius => BoxHolds(edited, c.OtherCriticalPoint!),
        Stronger => c.False.Contains(JsonNode.Parse(edited)!["statement"]!.GetValue<string>()),
        _ => false,
    };

    /// <summary>
    /// True when some float64 gradient entry at the certificate's point is so far from zero that no point of its box
    /// (radius 0 in exact mode) is critical: |gₖ(θ)| exceeds the drift bound 10·max|H(θ)|·r·P plus the float error
    /// allowance. Every statement of a certificate asserts a critical point in the box, so the statement is then false.
    /// </summary>
    private static bool NoCriticalPointInTheBox(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Instance instance;
        try
        {
            instance = InstanceFile.Read(doc.RootElement.GetProperty("instance"), "edited certificate");
        }
        catch (InstanceFormatException)
        {
            return false;
        }

        double radius = doc.RootElement.GetProperty("point").TryGetProperty("radius", out var r) ? ExactNumber(r).ToDouble() : 0;
        var theta = instance.WeightsDouble();
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        var gradient = calculus.Gradient(theta);
        var hessian = calculus.Hessian(theta);
        double maxHessian = hessian.Cast<double>().Max(Math.Abs);
        double drift = Tolerance.GradientDriftOverBoxFactor * maxHessian * radius * theta.Length;
        return gradient.Max(Math.Abs) > drift + Tolerance.NonzeroFloatGradient;
    }

    // Whether the edited certificate's box holds the other critical point, by the margin it is known to.
    private static bool BoxHolds(string json, double[] other)
    {
        using var doc = JsonDocument.Parse(json);
        var theta = InstanceFile.Read(doc.RootElement.GetProperty("instance"), "edited certificate").WeightsDouble();
        double radius = ExactNumber(doc.RootElement.GetProperty("point").GetProperty("radius")).ToDouble();
        return theta.Zip(other, (a, b) => Math.Abs(a - b)).Max() + Tolerance.OtherCriticalPointMargin < radius;
    }

    private static Rational ExactNumber(JsonElement e) => Rational.Parse(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());

    private static Rational Delta(Random random) => new Rational(random.Next(1, 21), 10) * (random.Next(2) == 0 ? 1 : -1);

    private static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];

    // --- the edits that keep the statement true ---------------------------------------------------------------

    // New whitespace around every structural character (none, spaces, tabs, CR LF, newlines), strings untouched.
    private static string Reformat(string json, Random random)
    {
        string[] runs = ["", "", " ", "\n", "\t", "\r\n", "   ", "\n    "];
        string Run() => runs[random.Next(runs.Length)];
        var sb = new StringBuilder(Run());
        bool inString = false, escaped = false;
        foreach (char ch in json)
        {
            if (inString)
            {
                sb.Append(ch);
                escaped = !escaped && ch == '\\';
                inString = escaped || ch != '"';
                continue;
            }

            switch (ch)
            {
                case ' ' or '\t' or '\n' or '\r':
                    break;
                case '{' or '}' or '[' or ']' or ',' or ':':
                    sb.Append(Run()).Append(ch).Append(Run());
                    break;
                default:
                    inString = ch == '"';
                    sb.Append(ch);
                    break;
            }
        }

        return sb.Append(Run()).ToString();
    }

    // Every object's keys in a random order, at every depth.
    private static JsonNode? Shuffle(JsonNode? node, Random random)
    {
        switch (node)
        {
            case JsonObject obj:
                {
                    var shuffled = new JsonObject();
                    foreach (var (key, value) in obj.ToArray().OrderBy(_ => random.Next()))
                    {
                        shuffled[key] = Shuffle(value?.DeepClone(), random);
                    }

                    return shuffled;
                }

            case JsonArray array:
                return new JsonArray([.. array.Select(item => Shuffle(item?.DeepClone(), random))]);
            default:
                return node?.DeepClone();
        }
    }

    // Every number of the instance, the witness and the certificate's own exact fields spelled anew with the same
    // value (exponents, trailing zeros, "p/q" with a common factor where strings are allowed); the preconditioner's
    // floating numbers as JSON numbers of the same decimal value.
    private static void Respell(JsonNode root, Random random)
    {
        foreach (var path in NumberPaths(root, "instance", "data").Concat(NumberPaths(root, "instance", "weights"))
                     .Concat(NumberPaths(root, "witness", "weights")).Concat(NumberPaths(root, "lossBounds"))
                     .Concat(NumberPaths(root, "point", "radius")).Concat(NumberPaths(root, "negativeCurvatureDirection"))
                     .Concat(NumberPaths(root, "positiveCurvatureDirection")))
        {
            if (random.Next(3) > 0)
            {
                path.Respell(random, stringsAllowed: true);
            }
        }

        foreach (var path in NumberPaths(root, "preconditioner"))
        {
            if (random.Next(3) > 0)
            {
                path.Respell(random, stringsAllowed: false);
            }
        }
    }

    /// <summary>A spelling of <paramref name="value"/>: JSON number text, or a JSON string when allowed.</summary>
    private static string Spell(Rational value, Random random, bool stringsAllowed)
    {
        var decimals = new List<string>();
        if (value.ToExactDecimalString() is { } plain)
        {
            // value = n·10^(−s) with integer n.
            int s = plain.Contains('.', StringComparison.Ordinal) ? plain.Length - plain.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            var n = value.Numerator * BigInteger.Pow(10, s) / value.Denominator;
            int j = random.Next(0, 4);
            int exponent = -(s + j);
            decimals.Add($"{n * BigInteger.Pow(10, j)}{(random.Next(2) == 0 ? "e" : "E")}{(exponent >= 0 ? "+" : "")}{exponent}");
            decimals.Add(plain + (s == 0 ? "." : "") + new string('0', random.Next(1, 4)));
            int t = random.Next(0, BigInteger.Abs(n).ToString(CultureInfo.InvariantCulture).Length + 3);
            decimals.Add($"{WithPoint(n, t)}e{t - s}");
        }

        var spellings = new List<string>(decimals);

        if (stringsAllowed)
        {
            int k = random.Next(2, 1000);
            spellings.Add($"\"{value.Numerator * k}/{value.Denominator * k}\"");
            if (decimals.Count > 0)
            {
                spellings.Add($"\"{Pick(decimals, random)}\"");
            }
        }

        return Pick(spellings, random);
    }

    // n·10^(−t) written with a decimal point (t digits after it).
    private static string WithPoint(BigInteger n, int t)
    {
        var digits = BigInteger.Abs(n).ToString(CultureInfo.InvariantCulture);
        if (t > 0)
        {
            digits = digits.PadLeft(t + 1, '0');
            digits = digits[..^t] + "." + digits[^t..];
        }

        return (n.Sign < 0 ? "-" : "") + digits;
    }

    // --- numbers in a JSON tree ----------------------------------------------------------------------------------

    /// <summary>A number (JSON number or numeric string) in a JSON tree: its parent and its key or index.</summary>
    private sealed record NumberAt(JsonNode Parent, string? Key, int Index)
    {
        public JsonNode Node => Key is null ? Parent.AsArray()[Index]! : Parent[Key]!;

        public Rational Value => Node.GetValueKind() == JsonValueKind.String ? Rational.Parse(Node.GetValue<string>()) : Rational.Parse(Node.ToJsonString());

        public void Replace(Func<Rational, Rational> change) => Set(InstanceFile.FormatNumber(change(Value)));

        public void Respell(Random random, bool stringsAllowed) => Set(Spell(Value, random, stringsAllowed));

        private void Set(string jsonText)
        {
            var replacement = JsonNode.Parse(jsonText);
            if (Key is null)
            {
                Parent.AsArray()[Index] = replacement;
            }
            else
            {
                Parent[Key] = replacement;
            }
        }
    }

    // The numbers under root[path[0]][path[1]]…, in document order.
    private static List<NumberAt> NumberPaths(JsonNode root, params string[] path)
    {
        var found = new List<NumberAt>();
        JsonNode? start = root;
        JsonNode parent = root;
        foreach (var key in path)
        {
            parent = start!;
            start = start is JsonObject o && o.TryGetPropertyValue(key, out var child) ? child : null;
            if (start is null)
            {
                return found;
            }
        }

        void Walk(JsonNode node, JsonNode owner, string? key, int index)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (k, child) in obj.ToArray())
                    {
                        if (child is not null)
                        {
                            Walk(child, obj, k, -1);
                        }
                    }

                    break;
                case JsonArray array:
                    for (int i = 0; i < array.Count; i++)
                    {
                        Walk(array[i]!, array, null, i);
                    }

                    break;
                case JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String:
                    found.Add(new NumberAt(owner, key, index));
                    break;
            }
        }

        Walk(start!, parent, path[^1], -1);
        return found;
    }

    // --- the certificates ------------------------------------------------------------------------------------

    private static Known Certify(string name, string instance, string? witness, string expected, string[] isTrue, string[] isFalse, double[]? other)
    {
        var result = CertificateWriter.Certify(instance, witness, radius: null);
        if (result is not CertifyResult.Certified certified || certified.Statement != expected)
        {
            throw new InvalidOperationException($"{name}: expected a certificate of {expected}, got {result}");
        }

        if (isTrue.Intersect(isFalse).Any() || !isTrue.Concat(isFalse).All(Statements.Contains) || !isTrue.Contains(expected))
        {
            throw new InvalidOperationException($"{name}: inconsistent statements");
        }

        return new Known(name, certified.Json, isTrue, isFalse, other);
    }

    // Fukumizu–Amari's network with the output weight zero, the output bias the mean of y and the input weight zero
    // is critical for every hidden bias (the flat critical line of papers.md §8.3); take the minimum's hidden bias.
    private static double[] FukumizuFlatCriticalPoint()
    {
        var min = SmoothPoints.FukumizuStrictMinimum();
        double mean = min.Data.YExact.Aggregate(Rational.Zero, (a, b) => a + b).ToDouble() / min.Data.Count;
        return [0, min.Weights![1].ToDouble(), 0, mean];
    }

    private static string TanhOutput(double[] theta) => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "format": "verifier-instance/1",
          "name": "tanh-output",
          "network": { "layers": [1, 1], "activation": "tanh", "output": "tanh", "bias": true },
          "loss": "sse",
          "data": { "x": [[-1], [1], [2]], "y": [[0.9], [-0.9], [0.9]] },
          "weights": [{ "W": [[{{theta[0]:R}}]], "b": [{{theta[1]:R}}] }]
        }
        """);

    // y = x/2 + 1/2, the least-squares line through (0, 1), (1, 0), (2, 2).
    private const string LeastSquaresLine = """
        {
          "format": "verifier-instance/1",
          "name": "least-squares-line",
          "network": { "layers": [1, 1], "activation": "linear", "output": "linear", "bias": true },
          "loss": "sse",
          "data": { "x": [[0], [1], [2]], "y": [[1], [0], [2]] },
          "weights": [{ "W": [[0.5]], "b": [0.5] }]
        }
        """;
}
