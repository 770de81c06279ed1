using System.Globalization;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Renders an <see cref="AnalysisReport"/> as the contract's JSON document or as a readable summary.</summary>
/// <remarks>
/// Both renderings are built whole in memory and written in one piece, so a failure never leaves a
/// partial document on stdout. Numbers are written in the shortest form that round-trips to the same double.
/// </remarks>
internal static class AnalysisOutput
{
    /// <summary>At most this many kinks are listed individually.</summary>
    public const int MaxKinksListed = 10;

    /// <summary>Eigenvalues are listed one by one in the text format up to this many parameters.</summary>
    public const int MaxEigenvaluesListed = 20;

    /// <summary>The JSON document (camelCase fields, one trailing newline). Non-finite numbers become null, with a note on <paramref name="notes"/>.</summary>
    public static string Json(Instance instance, AnalysisReport report, TextWriter notes, ExactPointAnalysis? exact = null)
    {
        var nonFinite = new List<string>();
        var text = VerifierJson.Write(w =>
        {
            void Number(string name, double value)
            {
                w.WritePropertyName(name);
                Value(value, name);
            }

            // {"check"?, "count", "first": [{sample, layer, unit}, …]} with at most MaxKinksListed listed.
            void Kinks(string name, string? check, IReadOnlyList<Kink> kinks)
            {
                w.WriteStartObject(name);
                if (check is not null)
                {
                    w.WriteString("check", check);
                }

                w.WriteNumber("count", kinks.Count);
                w.WritePropertyName("first");
                VerifierJson.Serialize(w, kinks.Take(MaxKinksListed));
                w.WriteEndObject();
            }

            void Value(double value, string name)
            {
                if (double.IsFinite(value))
                {
                    w.WriteNumberValue(value);
                }
                else
                {
                    nonFinite.Add(name);
                    w.WriteNullValue();
                }
            }

            w.WriteStartObject();
            ReportFields.WriteInstance(w, instance);
            Number("loss", report.Loss);
            Number("gradientNorm", report.GradientNorm);
            w.WritePropertyName("eigenvalues");
            if (report.Eigenvalues is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStartArray();
                foreach (var lambda in report.Eigenvalues)
                {
                    Value(lambda, "eigenvalues");
                }

                w.WriteEndArray();
            }

            w.WriteString("classification", ClassificationNames.Of(report.Classification));
            w.WritePropertyName("inertia");
            if (report.Inertia is { } inertia)
            {
                w.WriteStartObject();
                w.WriteNumber("negative", inertia.Negative);
                w.WriteNumber("zero", inertia.Zero);
                w.WriteNumber("positive", inertia.Positive);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            if (report.Pivots is { } pivots)
            {
                // --inertia-only: where the inertia came from, and how near the factorization came to deciding nothing.
                w.WriteStartObject("inertiaMethod");
                w.WriteString("factorization", "Bunch-Kaufman LDL^T");
                w.WriteString("backend", pivots.Backend);
                Number("smallestPivot", pivots.SmallestPivot);
                w.WriteNumber("nearZeroPivots", pivots.NearZero);
                w.WriteNumber("twoByTwoBlocks", pivots.TwoByTwoBlocks);
                w.WriteEndObject();
            }

            w.WriteStartObject("tolerances");
            Number("gradient", report.Tolerances.Gradient);
            Number("eigenvalue", report.Tolerances.Eigenvalue);
            w.WriteString("gradientRule", report.Tolerances.GradientRule);
            w.WriteString("eigenvalueRule", report.Tolerances.EigenvalueRule);
            w.WriteEndObject();
            Kinks("kinks", report.KinkCheck, report.Kinks);
            if (report.EigenBackend is null)
            {
                w.WriteNull("backend");
            }
            else
            {
                w.WriteString("backend", report.EigenBackend);
            }

            Number("seconds", report.Seconds);
            if (report.Lanczos is { } l)
            {
                w.WriteStartObject("lanczos");
                Number("smallest", l.Smallest);
                Number("smallestResidual", l.SmallestResidual);
                Number("largest", l.Largest);
                Number("largestResidual", l.LargestResidual);
                Number("roundingAllowance", l.Allowance);
                w.WriteNumber("products", l.Products);
                w.WriteNumber("seed", l.Seed);
                w.WriteBoolean("converged", l.Converged);
                w.WriteString("finding", l.Finding);
                w.WriteEndObject();
            }

            if (exact is not null)
            {
                w.WriteString("exactLoss", exact.Loss.ToString());
                w.WriteString("exactClassification", ExactClassification.Of(exact));
                w.WriteString("exactGradient", exact switch { ExactPointAnalysis.Kinked => "undefined (kink)", ExactPointAnalysis.Critical => "zero", _ => "non-zero" });
                if (exact is ExactPointAnalysis.Critical { Inertia: var i })
                {
                    w.WriteStartObject("exactInertia");
                    w.WriteNumber("negative", i.Negative);
                    w.WriteNumber("zero", i.Zero);
                    w.WriteNumber("positive", i.Positive);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("exactInertia");
                }

                Kinks("exactKinks", null, exact is ExactPointAnalysis.Kinked kinked ? kinked.Kinks : []);
            }

            w.WriteEndObject();
        });

        foreach (var name in nonFinite.Distinct())
        {
            notes.WriteLine($"note: a non-finite value in '{name}' is written as null");
        }

        return text;
    }

    /// <summary>A readable summary for a terminal.</summary>
    public static string Text(Instance instance, AnalysisReport report, ExactPointAnalysis? exact = null)
    {
        var sb = new SummaryLines(instance, report.ParameterCount);
        sb.Line("loss", R(report.Loss));
        sb.Line("gradient norm", $"{R(report.GradientNorm)}  (zero below {R(report.Tolerances.Gradient)})");
        sb.Line("classification", ClassificationNames.Of(report.Classification));
        if (report.Eigenvalues is { } eigenvalues)
        {
            if (eigenvalues.Count > 0)
            {
                sb.Line("eigenvalues", $"min {R(eigenvalues[0])}, max {R(eigenvalues[^1])} ({eigenvalues.Count} in all)");
            }

            if (eigenvalues.Count <= MaxEigenvaluesListed)
            {
                sb.Line("", "[" + string.Join(", ", eigenvalues.Select(R)) + "]");
            }
        }
        else if (report.Pivots is { } pivots)
        {
            sb.Line("eigenvalues", $"not computed (--inertia-only): inertia from the Bunch-Kaufman LDL^T pivots ({pivots.Backend}), smallest pivot magnitude {R(pivots.SmallestPivot)}, {pivots.TwoByTwoBlocks} 2x2 blocks");
        }
        else if (report.Lanczos is { } l)
        {
            sb.Line("eigenvalues", $"not all computed (too many parameters for a dense Hessian); Lanczos: smallest {R(l.Smallest)} ± {R(l.SmallestResidual + l.Allowance)}, largest {R(l.Largest)} ± {R(l.LargestResidual + l.Allowance)} ({l.Products} products, seed {l.Seed})");
            sb.Line("", l.Finding);
        }
        else
        {
            sb.Line("eigenvalues", "not computed (too many parameters for a dense Hessian)");
        }

        if (report.Inertia is { } inertia)
        {
            sb.Line("inertia", $"{inertia.Negative} negative, {inertia.Zero} {(report.Pivots is null ? "zero" : "near-zero pivots")}, {inertia.Positive} positive  (zero within ±{R(report.Tolerances.Eigenvalue)})");
        }

        sb.Line("tolerances", $"gradient {R(report.Tolerances.Gradient)} = {report.Tolerances.GradientRule}");
        sb.Line("", $"eigenvalue {R(report.Tolerances.Eigenvalue)} = {report.Tolerances.EigenvalueRule}");
        if (report.KinkCheck == "none")
        {
            sb.Line("kinks", "none possible (no ReLU layer, smooth loss)");
        }
        else if (report.Kinks.Count == 0)
        {
            sb.Line("kinks", $"none ({report.KinkCheck} check)");
        }
        else
        {
            var listed = report.Kinks.Take(MaxKinksListed).Select(k => k.IsResidual(instance.Network)
                ? $"sample {k.Sample} residual of output {k.Unit} (layer {k.Layer}: the absolute loss)"
                : $"sample {k.Sample} layer {k.Layer} unit {k.Unit}");
            var more = report.Kinks.Count > MaxKinksListed ? ", ..." : "";
            sb.Line("kinks", $"{report.Kinks.Count} ({report.KinkCheck} check): {string.Join("; ", listed)}{more}");
        }

        sb.Line("backend", $"{report.EigenBackend ?? "none"}, {report.Seconds.ToString("0.000", CultureInfo.InvariantCulture)} s");
        if (exact is not null)
        {
            sb.Line("exact loss", exact.Loss.ToString());
            sb.Line("exact", ExactClassification.Of(exact) + (exact is ExactPointAnalysis.Critical { Inertia: var ei } ? $" (exact inertia: {ei.Negative} negative, {ei.Zero} zero, {ei.Positive} positive)" : ""));
        }

        return sb.ToString();
    }

    /// <summary>The shortest text that round-trips to the same double.</summary>
    internal static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
}
