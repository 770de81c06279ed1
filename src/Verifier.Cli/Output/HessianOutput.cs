using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Services;
using Verifier.Landscape.Serialization;

namespace Verifier.Cli.Output;

/// <summary>Renders a <see cref="HessianReport"/> as the contract's JSON document or as a readable summary.</summary>
/// <remarks>
/// The document is built whole in memory before anything is written, so a failure never leaves a partial
/// document on stdout; it is then written in pieces, since eigenvectors make it large (P² numbers).
/// Numbers are written in the shortest form that round-trips to the same double.
/// </remarks>
internal static class HessianOutput
{
    /// <summary>Eigenvalues (and eigenvectors) are listed in the text format up to this many.</summary>
    public const int MaxListed = 20;

    /// <summary>Writes the JSON document (camelCase fields, one trailing newline). Non-finite numbers become null, with a note.</summary>
    public static void WriteJson(Instance instance, HessianReport report, TextWriter stdout, TextWriter notes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        bool nonFinite = false;
        using (var w = new Utf8JsonWriter(buffer, VerifierJson.WriterOptions))
        {
            void Value(double x)
            {
                if (double.IsFinite(x))
                {
                    w.WriteNumberValue(x);
                }
                else
                {
                    nonFinite = true;
                    w.WriteNullValue();
                }
            }

            w.WriteStartObject();
            w.WriteString("format", Commands.CommonOptions.Tag("hessian"));
            ReportFields.WriteInstance(w, instance);
            w.WriteString("method", report.Run.Name);
            w.WriteString("backend", report.Backend);
            w.WriteString("selection", report.Selection);
            w.WriteStartArray("eigenvalues");
            foreach (var lambda in report.Eigenvalues)
            {
                Value(lambda);
            }

            w.WriteEndArray();
            if (report.Eigenvectors is { } vectors)
            {
                w.WriteStartArray("eigenvectors");
                foreach (var v in vectors)
                {
                    // One vector per line would be friendlier, but JSON writers indent every element alike.
                    w.WriteStartArray();
                    foreach (var x in v)
                    {
                        Value(x);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndArray();
            }

            if (report.Run is HessianRun.Lanczos { Result: var lanczos })
            {
                w.WriteStartArray("residuals");
                foreach (var r in lanczos.Residuals)
                {
                    Value(r);
                }

                w.WriteEndArray();
                double allowance = LanczosBounds.RoundingAllowance(lanczos, report.ParameterCount);
                w.WriteNumber("roundingAllowance", allowance);
                w.WriteStartArray("provedSigns");
                for (int i = 0; i < lanczos.Eigenvalues.Count; i++)
                {
                    w.WriteStringValue(LanczosBounds.ProvedSign(lanczos.Eigenvalues[i], lanczos.Residuals[i], allowance));
                }

                w.WriteEndArray();
                w.WriteStartObject("multiplicityCheck");
                w.WriteBoolean("ran", lanczos.MultiplicityReplacements is not null);
                w.WriteNumber("products", lanczos.MultiplicityProducts);
                if (lanczos.MultiplicityReplacements is { } replaced)
                {
                    w.WriteNumber("replaced", replaced);
                }

                w.WriteEndObject();
                w.WriteBoolean("converged", lanczos.Converged);
                w.WriteNumber("tolerance", lanczos.Tolerance);
                w.WriteNumber("residualScale", lanczos.Scale);
                w.WriteNumber("products", lanczos.Products);
                w.WriteNumber("restarts", lanczos.Restarts);
                w.WriteNumber("basisSize", lanczos.BasisSize);
                w.WriteNumber("seed", lanczos.Seed);
            }

            w.WriteNumber("hessianSeconds", report.HessianSeconds);
            w.WriteNumber("eigenSeconds", report.EigenSeconds);
            w.WriteNumber("seconds", report.Seconds);
            w.WriteEndObject();
        }

        if (nonFinite)
        {
            notes.WriteLine("note: a non-finite value is written as null");
        }

        WriteUtf8(buffer.WrittenSpan, stdout);
        stdout.Write('\n');
    }

    /// <summary>A readable summary for a terminal.</summary>
    public static string Text(Instance instance, HessianReport report)
    {
        var sb = new SummaryLines(instance, report.ParameterCount);
        sb.Line("method", $"{report.Run.Name}, backend {report.Backend}");
        var values = report.Eigenvalues;
        var what = report.Selection == "all" ? "" : $" ({report.Selection})";
        if (values.Count > 0)
        {
            sb.Line("eigenvalues", $"min {R(values[0])}, max {R(values[^1])}, {values.Count} in all{what}");
        }

        if (values.Count <= MaxListed)
        {
            sb.Line("", "[" + string.Join(", ", values.Select(R)) + "]");
        }

        if (report.Eigenvectors is { } vectors)
        {
            if (vectors.Count <= MaxListed && report.ParameterCount <= MaxListed)
            {
                for (int j = 0; j < vectors.Count; j++)
                {
                    sb.Line(j == 0 ? "eigenvectors" : "", $"λ = {R(values[j])}: [{string.Join(", ", vectors[j].Select(R))}]");
                }
            }
            else
            {
                sb.Line("eigenvectors", $"{vectors.Count} of length {report.ParameterCount} (use --format json to list them)");
            }
        }

        if (report.Run is HessianRun.Lanczos { Result: var lanczos })
        {
            if (lanczos.Residuals.Count <= MaxListed)
            {
                sb.Line("residuals", "[" + string.Join(", ", lanczos.Residuals.Select(r => r.ToString("0.0e0", CultureInfo.InvariantCulture))) + "]");
            }

            double allowance = LanczosBounds.RoundingAllowance(lanczos, report.ParameterCount);
            if (lanczos.Eigenvalues.Count <= MaxListed)
            {
                sb.Line("signs", "[" + string.Join(", ", lanczos.Eigenvalues.Select((e, i) => LanczosBounds.ProvedSign(e, lanczos.Residuals[i], allowance))) + "] (an eigenvalue within residual + " + allowance.ToString("0.0e0", CultureInfo.InvariantCulture) + " of each Ritz value, by the residual bound)");
            }

            sb.Line("multiplicity", lanczos.MultiplicityReplacements is { } replaced
                ? string.Create(CultureInfo.InvariantCulture, $"checked with {lanczos.MultiplicityProducts} products: {(replaced == 0 ? "no missed copy" : $"{replaced} found pair(s) replaced by missed copies further out")}")
                : "not checked (--multiplicity-check off): a repeated extreme eigenvalue may be counted once");
            sb.Line("lanczos", string.Create(CultureInfo.InvariantCulture,
                $"{(lanczos.Converged ? "converged" : "NOT converged")}: residuals ≤ {lanczos.Tolerance:G3}·{R(lanczos.Scale)}; {lanczos.Products} products, {lanczos.Restarts} restarts, basis {lanczos.BasisSize}, seed {lanczos.Seed}"));
            sb.Line("time", string.Create(CultureInfo.InvariantCulture,
                $"{report.Seconds:0.000} s (preparing the products {report.HessianSeconds:0.000} s, Lanczos {report.EigenSeconds:0.000} s)"));
        }
        else
        {
            sb.Line("time", string.Create(CultureInfo.InvariantCulture,
                $"{report.Seconds:0.000} s (Hessian {report.HessianSeconds:0.000} s, eigen-solver {report.EigenSeconds:0.000} s)"));
        }
        return sb.ToString();
    }

    private static string R(double x) => AnalysisOutput.R(x);

    /// <summary>Decodes UTF-8 to the writer in pieces, never holding the whole document as one string.</summary>
    private static void WriteUtf8(ReadOnlySpan<byte> utf8, TextWriter writer)
    {
        const int Piece = 1 << 16;
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(Piece)];
        while (!utf8.IsEmpty)
        {
            var piece = utf8[..Math.Min(Piece, utf8.Length)];
            utf8 = utf8[piece.Length..];
            int n = decoder.GetChars(piece, chars, flush: utf8.IsEmpty);
            writer.Write(chars, 0, n);
        }
    }
}
