using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;

namespace Verifier.Landscape.Certificates;

/// <summary>What <see cref="CertificateWriter.Certify"/> produced: a certificate, or the reason there is none.</summary>
/// <param name="Json">The certificate text, or null.</param>
/// <param name="Statement">The statement certified, or null.</param>
/// <param name="Reason">What was proved, or why nothing could be.</param>
/// <param name="Refuted">True when the point was proved not to be a critical point (nothing to certify).</param>
public sealed record CertifyResult(string? Json, string? Statement, string Reason, bool Refuted);

/// <summary>
/// Produces certificates: the strongest statement the proof procedures establish for the instance's point, with
/// everything the kernel (<see cref="CertificateChecker"/>) needs to re-derive it. The instance is embedded under
/// <c>instance</c> as the file's own JSON, so its numbers stay exactly as written.
/// </summary>
public static class CertificateWriter
{
    /// <summary>Certifies the point of the instance file <paramref name="instanceJson"/>.</summary>
    /// <param name="instanceJson">The instance file's text (embedded verbatim).</param>
    /// <param name="witnessJson">An optional witness instance file's text, for a bad local minimum.</param>
    /// <param name="radius">The box radius, or null for the default of <see cref="ClaimInput"/>.</param>
    /// <param name="solver">The float eigen-solver used only to find candidate directions.</param>
    public static CertifyResult Certify(string instanceJson, string? witnessJson, double? radius, ISymmetricEigenSolver? solver = null)
    {
        ArgumentNullException.ThrowIfNull(instanceJson);
        var instance = InstanceFile.Parse(instanceJson, "instance");
        if (instance.Weights is null)
        {
            throw new ArgumentException("The instance has no weights: there is no point to certify.");
        }

        var witness = witnessJson is null ? null : InstanceFile.Parse(witnessJson, "witness");
        var input = new ClaimInput(instance, witness, radius, solver);
        var exact = ExactPointAnalysis.TryCreate(instance);
        if (exact is { Kinks.Count: 0, IsCritical: true })
        {
            return CertifyExact(instanceJson, witnessJson, witness, exact);
        }

        if (exact is { Kinks.Count: > 0 })
        {
            return new CertifyResult(null, null, "the point is at a ReLU kink: nothing derivative-based can be certified", false);
        }

        return CertifyBox(instanceJson, witnessJson, witness, input);
    }

    private static CertifyResult CertifyExact(string instanceJson, string? witnessJson, Instance? witness, ExactPointAnalysis e)
    {
        var inertia = e.Inertia!;
        if (inertia.IsPositiveDefinite)
        {
            bool bad = witness is not null && WitnessLoss(witness) < e.Loss;
            var statement = bad ? CertificateStatements.BadLocalMin : CertificateStatements.StrictLocalMin;
            var json = Write(statement, instanceJson, w =>
            {
                w.WriteStartObject("point");
                w.WriteString("mode", "exact");
                w.WriteEndObject();
                WriteBounds(w, e.Loss, e.Loss);
                WriteWitness(w, bad ? witnessJson : null);
            });
            return new CertifyResult(json, statement, "exact critical point with a positive definite exact Hessian" + (bad ? ", and a witness with lower loss" : ""), false);
        }

        var down = ExactDirections.WithCurvatureSign(e.Hessian!, -1);
        var up = ExactDirections.WithCurvatureSign(e.Hessian!, +1);
        if (down is not null && up is not null)
        {
            var json = Write(CertificateStatements.StrictSaddle, instanceJson, w =>
            {
                w.WriteStartObject("point");
                w.WriteString("mode", "exact");
                w.WriteEndObject();
                WriteRationals(w, "negativeCurvatureDirection", down);
                WriteRationals(w, "positiveCurvatureDirection", up);
            });
            return new CertifyResult(json, CertificateStatements.StrictSaddle, "exact critical point with exact negative and positive curvature directions", false);
        }

        var critical = Write(CertificateStatements.CriticalPoint, instanceJson, w =>
        {
            w.WriteStartObject("point");
            w.WriteString("mode", "exact");
            w.WriteEndObject();
        });
        return new CertifyResult(critical, CertificateStatements.CriticalPoint, "the gradient is exactly zero; the Hessian is singular, so nothing stronger is certified", false);
    }

    private static CertifyResult CertifyBox(string instanceJson, string? witnessJson, Instance? witness, ClaimInput input)
    {
        var box = BoxAnalysis.Create(input);
        if (box.Criticality == BoxCriticality.NoCriticalPoint)
        {
            return new CertifyResult(null, null, "no critical point lies within the radius: " + box.Explanation, true);
        }

        if (box.Criticality != BoxCriticality.UniqueCriticalPoint)
        {
            return new CertifyResult(null, null, box.Explanation, false);
        }

        var h = box.Hessian!;
        var radius = Rational.FromDouble(box.Radius);
        void Point(Utf8JsonWriter w)
        {
            w.WriteStartObject("point");
            w.WriteString("mode", "box");
            w.WriteString("radius", Decimal(radius));
            w.WriteEndObject();
            w.WriteStartArray("preconditioner");
            for (int r = 0; r < h.GetLength(0); r++)
            {
                w.WriteStartArray();
                for (int c = 0; c < h.GetLength(0); c++)
                {
                    w.WriteNumberValue(box.Preconditioner![r, c]);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
        }

        if (IntervalDefiniteness.Test(h, +1) is Definiteness.Proved)
        {
            var loss = box.Loss!.Value;
            var lower = Rational.FromDouble(loss.Lo);
            bool bad = witness is not null && WitnessLoss(witness) < lower;
            var statement = bad ? CertificateStatements.BadLocalMin : CertificateStatements.StrictLocalMin;
            var json = Write(statement, instanceJson, w =>
            {
                Point(w);
                WriteBounds(w, lower, Rational.FromDouble(loss.Hi));
                WriteWitness(w, bad ? witnessJson : null);
            });
            return new CertifyResult(json, statement, $"exactly one critical point within ρ = {box.Radius:R}, Hessian positive definite over the box, loss in [{loss.Lo:R}, {loss.Hi:R}]" + (bad ? ", and a witness with lower loss" : ""), false);
        }

        var solver = input.EigenSolver ?? EigenSolvers.Managed;
        int p = h.GetLength(0);
        var mid = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++)
            {
                mid[i, j] = h[Math.Min(i, j), Math.Max(i, j)].Midpoint;
            }
        }

        var eig = solver.Decompose(mid, vectors: true);
        var down = eig.Vector(0);
        var up = eig.Vector(p - 1);
        if (IntervalCurvature.Along(h, down).Hi < 0 && IntervalCurvature.Along(h, up).Lo > 0)
        {
            var json = Write(CertificateStatements.StrictSaddle, instanceJson, w =>
            {
                Point(w);
                WriteDoubles(w, "negativeCurvatureDirection", down);
                WriteDoubles(w, "positiveCurvatureDirection", up);
            });
            return new CertifyResult(json, CertificateStatements.StrictSaddle, $"exactly one critical point within ρ = {box.Radius:R}, with negative and positive curvature over the box", false);
        }

        var criticalJson = Write(CertificateStatements.CriticalPoint, instanceJson, Point);
        return new CertifyResult(criticalJson, CertificateStatements.CriticalPoint, $"exactly one critical point within ρ = {box.Radius:R}; its type is not proved", false);
    }

    private static Rational WitnessLoss(Instance witness)
    {
        if (witness.Weights is null)
        {
            throw new ArgumentException("The witness instance has no weights.");
        }

        return witness.Network.IsPiecewiseLinear
            ? new Derivatives.NetworkCalculus<Rational, Derivatives.RationalOps>(witness).Loss(witness.Weights)
            : Rational.FromDouble(new Derivatives.NetworkCalculus<Interval, Derivatives.IntervalOps>(witness).Loss([.. witness.Weights.Select(Interval.FromRational)]).Hi);
    }

    private static string Write(string statement, string instanceJson, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            w.WriteStartObject();
            w.WriteString("format", CertificateStatements.FormatTag);
            w.WriteString("statement", statement);
            w.WritePropertyName("instance");
            using (var doc = JsonDocument.Parse(instanceJson))
            {
                w.WriteRawValue(doc.RootElement.GetRawText(), skipInputValidation: true);
            }

            body(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteBounds(Utf8JsonWriter w, Rational lower, Rational upper)
    {
        w.WriteStartObject("lossBounds");
        w.WriteString("lower", Decimal(lower));
        w.WriteString("upper", Decimal(upper));
        w.WriteEndObject();
    }

    private static void WriteWitness(Utf8JsonWriter w, string? witnessJson)
    {
        if (witnessJson is null)
        {
            return;
        }

        using var doc = JsonDocument.Parse(witnessJson);
        w.WriteStartObject("witness");
        w.WritePropertyName("weights");
        w.WriteRawValue(doc.RootElement.GetProperty("weights").GetRawText(), skipInputValidation: true);
        w.WriteEndObject();
    }

    private static void WriteRationals(Utf8JsonWriter w, string name, IEnumerable<Rational> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v.ToString());
        }

        w.WriteEndArray();
    }

    private static void WriteDoubles(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    // Exact: a decimal when the value has one (every double does), else "p/q".
    private static string Decimal(Rational r) => r.ToExactDecimalString() ?? r.ToString();
}
