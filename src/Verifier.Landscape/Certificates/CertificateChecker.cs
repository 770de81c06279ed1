using System.Diagnostics;
using System.Text.Json;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;
using Verifier.Numerics.Exact;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;

namespace Verifier.Landscape.Certificates;

/// <summary>The outcome of checking a certificate.</summary>
/// <param name="Valid">True when every inequality of the certificate was re-derived from its data.</param>
/// <param name="Statement">The statement checked.</param>
/// <param name="Reason">Why it was accepted or rejected, in one sentence.</param>
public sealed record CertificateCheck(bool Valid, string Statement, string Reason);

/// <summary>
/// The small independent kernel that checks certificates. It uses only exact rationals and outward-rounded
/// intervals: no optimiser, no native library and no floating eigen-solver. Every inequality is re-derived from the
/// certificate's own data; the preconditioner and directions it carries are only hints, so a changed hint can make a
/// true certificate fail but never a false one pass.
/// </summary>
/// <remarks>
/// The code it shares with the prover, and nothing more: <see cref="Rational"/>; <see cref="Interval"/> with its
/// directed rounding and elementary enclosures; <see cref="ExactLinearAlgebra.Inertia"/> and
/// <see cref="ExactLinearAlgebra.QuadraticForm"/>; from <c>Verifier.Numerics.Rigorous</c>
/// <see cref="IntervalBox"/>, <see cref="KrawczykOperator"/> (with <see cref="KrawczykResult"/>),
/// <see cref="IntervalDefiniteness"/> (with <see cref="Definiteness"/>) and <see cref="IntervalCurvature"/>;
/// <see cref="NetworkCalculus{T, TOps}"/> over <see cref="IntervalOps"/> and <see cref="RationalOps"/>; the instance
/// reader <see cref="InstanceFile"/>; and <see cref="CertificateStatements"/>. A definiteness test skipped for size
/// rejects the certificate with that reason.
/// </remarks>
public static class CertificateChecker
{
    /// <summary>
    /// Checks certificate text. A document with a duplicate property name anywhere (e.g. a second <c>"data"</c> in
    /// the embedded instance, which readers that keep the last copy would see differently) is rejected, naming the
    /// name and its path.
    /// </summary>
    public static CertificateCheck Check(string json)
    {
        string statement = "";
        try
        {
            using var doc = VerifierJson.ParseStrict(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "format") != CertificateStatements.FormatTag)
            {
                return Reject("", $"not a {CertificateStatements.FormatTag} document");
            }

            statement = Text(root, "statement");
            if (!CertificateStatements.All.Contains(statement))
            {
                return Reject(statement, $"unknown statement '{statement}'");
            }

            var certificate = VerifierJson.Deserialize<CertificateDocument>(root);
            var instance = ReadEmbeddedInstance(certificate.Instance);
            if (instance.Weights is null)
            {
                return Reject(statement, "the embedded instance has no point");
            }

            if (statement == CertificateStatements.LocalMin && certificate.Point.Mode != CertificateMode.Exact)
            {
                return Reject(statement, "a local-minimum certificate speaks of the exact point only");
            }

            return certificate.Point.Mode switch
            {
                CertificateMode.Exact => CheckExact(certificate, instance),
                CertificateMode.Box => CheckBox(certificate, instance, certificate.Point.Radius ?? throw new FormatException("a box needs a radius")),
                _ => throw new UnreachableException(),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
                                      or InstanceFormatException or ArgumentException or ArithmeticException or KinkInBoxException)
        {
            return Reject(statement, "malformed or inconsistent certificate: " + e.Message.ReplaceLineEndings(" "));
        }
    }

    // The embedded instance, read from its JSON object (the only place a certificate's instance is read).
    private static Instance ReadEmbeddedInstance(JsonElement element) => InstanceFile.Read(element, "certificate instance");

    private static T Required<T>(T? value, string name)
        where T : class => value ?? throw new FormatException($"the certificate has no '{name}'");

    private static CertificateCheck CheckBox(CertificateDocument certificate, Instance instance, Rational radius)
    {
        string statement = certificate.Statement;
        if (radius.Sign <= 0)
        {
            return Reject(statement, "the radius must be positive");
        }

        var theta = instance.Weights!;
        int p = theta.Count;
        var box = IntervalBox.Around(theta, radius);
        var center = theta.Select(Interval.FromRational).ToArray();
        var calculus = new NetworkCalculus<Interval, IntervalOps>(instance);
        var y = ReadMatrix(Required(certificate.Preconditioner, "preconditioner"), p);
        var hessian = calculus.Hessian(box);
        if (KrawczykOperator.Test(center, calculus.Gradient(center), hessian, box, y) is not KrawczykResult.UniqueZero)
        {
            return Reject(statement, "the Krawczyk image is not inside the box: no unique critical point is proved within the radius");
        }

        if (statement == CertificateStatements.CriticalPoint)
        {
            return Accept(statement, "exactly one critical point lies within the radius (Krawczyk)");
        }

        if (statement == CertificateStatements.StrictSaddle)
        {
            var down = IntervalCurvature.Along(hessian, ReadDoubles(Required(certificate.NegativeCurvatureDirection, "negativeCurvatureDirection"), p));
            var up = IntervalCurvature.Along(hessian, ReadDoubles(Required(certificate.PositiveCurvatureDirection, "positiveCurvatureDirection"), p));
            return down.Hi < 0 && up.Lo > 0
                ? Accept(statement, "the unique critical point within the radius has negative and positive curvature for every Hessian over the box")
                : Reject(statement, "the curvature directions are not proved negative and positive over the box");
        }

        // Strict local minimum (also the first half of a bad local minimum).
        switch (IntervalDefiniteness.Test(hessian, +1))
        {
            case Definiteness.NotProved:
                return Reject(statement, "the Hessian over the box is not proved positive definite");
            case Definiteness.Inconclusive skipped:
                return Reject(statement, "the Hessian over the box is not proved positive definite because " + skipped.Reason);
        }

        var loss = calculus.Loss(box);
        var bounds = Required(certificate.LossBounds, "lossBounds");
        if (Rational.FromDouble(loss.Lo) < bounds.Lower || Rational.FromDouble(loss.Hi) > bounds.Upper)
        {
            return Reject(statement, $"the stated loss bounds [{bounds.Lower}, {bounds.Upper}] do not contain the loss over the box [{loss.Lo:R}, {loss.Hi:R}]");
        }

        if (statement == CertificateStatements.StrictLocalMin)
        {
            return Accept(statement, "a unique critical point within the radius with a positive definite Hessian over the box: a strict local minimum, with the stated loss bounds");
        }

        return CheckWitness(certificate, instance, bounds.Lower);
    }

    private static CertificateCheck CheckExact(CertificateDocument certificate, Instance instance)
    {
        string statement = certificate.Statement;
        if (!instance.HasExactLoss)
        {
            return Reject(statement, "exact mode needs a linear or ReLU network with a squared loss");
        }

        if (statement == CertificateStatements.LocalMin)
        {
            return CheckLocalMin(certificate, instance);
        }

        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights!;
        if (calculus.Kinks(theta).Count > 0)
        {
            return Reject(statement, "the point is at a ReLU kink");
        }

        if (!calculus.Gradient(theta).All(g => g.IsZero))
        {
            return Reject(statement, "the gradient is not exactly zero at the point");
        }

        if (statement == CertificateStatements.CriticalPoint)
        {
            return Accept(statement, "the gradient is exactly zero at the point");
        }

        var hessian = calculus.Hessian(theta);
        if (statement == CertificateStatements.StrictSaddle)
        {
            var down = ExactLinearAlgebra.QuadraticForm(hessian, ReadRationals(Required(certificate.NegativeCurvatureDirection, "negativeCurvatureDirection"), theta.Count));
            var up = ExactLinearAlgebra.QuadraticForm(hessian, ReadRationals(Required(certificate.PositiveCurvatureDirection, "positiveCurvatureDirection"), theta.Count));
            return down.Sign < 0 && up.Sign > 0
                ? Accept(statement, "exact critical point with exact negative and positive curvature directions")
                : Reject(statement, "the curvature directions are not exactly negative and positive");
        }

        if (!ExactLinearAlgebra.Inertia(hessian).IsPositiveDefinite)
        {
            return Reject(statement, "the exact Hessian is not positive definite");
        }

        var loss = calculus.Loss(theta);
        var bounds = Required(certificate.LossBounds, "lossBounds");
        if (loss < bounds.Lower || loss > bounds.Upper)
        {
            return Reject(statement, $"the stated loss bounds [{bounds.Lower}, {bounds.Upper}] do not contain the exact loss {loss}");
        }

        return statement == CertificateStatements.StrictLocalMin
            ? Accept(statement, "exact critical point with a positive definite exact Hessian: a strict local minimum")
            : CheckWitness(certificate, instance, bounds.Lower);
    }

    // A local minimum, not necessarily strict, at an exact point of a ReLU network (kinks allowed).
    private static CertificateCheck CheckLocalMin(CertificateDocument certificate, Instance instance)
    {
        string statement = certificate.Statement;
        var loss = new NetworkCalculus<Rational, RationalOps>(instance).Loss(instance.Weights!);
        var bounds = Required(certificate.LossBounds, "lossBounds");
        if (loss < bounds.Lower || loss > bounds.Upper)
        {
            return Reject(statement, $"the stated loss bounds [{bounds.Lower}, {bounds.Upper}] do not contain the exact loss {loss}");
        }

        var argument = Required(certificate.LocalMinimum, "localMinimum");
        return LocalMinimumCheck.Failure(instance, argument) is { } failure
            ? Reject(statement, failure)
            : Accept(statement, $"a local minimum with loss {loss} by the {argument.Route} argument, re-derived exactly");
    }

    private static CertificateCheck CheckWitness(CertificateDocument certificate, Instance instance, Rational minimumLower)
    {
        string statement = certificate.Statement;
        var witnessWeights = Required(certificate.Witness, "witness").Weights;
        var weights = InstanceFile.ReadWeights(witnessWeights, instance.Network, "certificate witness");
        var witness = instance.WithWeights(weights);
        Rational witnessUpper = instance.HasExactLoss
            ? new NetworkCalculus<Rational, RationalOps>(witness).Loss(weights)
            : Rational.FromDouble(new NetworkCalculus<Interval, IntervalOps>(witness).Loss([.. weights.Select(Interval.FromRational)]).Hi);
        return witnessUpper < minimumLower
            ? Accept(statement, $"a strict local minimum with loss ≥ {minimumLower} and a witness with loss ≤ {witnessUpper}")
            : Reject(statement, $"the witness's loss (≤ {witnessUpper}) is not below the minimum's lower bound {minimumLower}");
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static Rational[] ReadRationals(IReadOnlyList<Rational> values, int count) =>
        values.Count == count ? [.. values] : throw new FormatException($"expected {count} entries, got {values.Count}");

    private static double[] ReadDoubles(IReadOnlyList<Rational> values, int count) => [.. ReadRationals(values, count).Select(r => r.ToDouble())];

    private static double[,] ReadMatrix(IReadOnlyList<IReadOnlyList<double>> rows, int p)
    {
        if (rows.Count != p || rows.Any(r => r.Count != p))
        {
            throw new FormatException($"the preconditioner must be {p}×{p}");
        }

        var y = new double[p, p];
        for (int r = 0; r < p; r++)
        {
            for (int c = 0; c < p; c++)
            {
                y[r, c] = rows[r][c];
            }
        }

        return y;
    }

    private static CertificateCheck Accept(string statement, string reason) => new(true, statement, reason);

    private static CertificateCheck Reject(string statement, string reason) => new(false, statement, reason);
}
