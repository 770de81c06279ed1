using System.Text.Json;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Eigen;
using Verifier.Landscape.Serialization;
using Verifier.Numerics.Intervals;
using Verifier.Numerics.Rigorous;
using Verifier.Symbolic;
using Verifier.Numerics.Budgets;

namespace Verifier.Landscape.Certificates;

/// <summary>What <see cref="CertificateWriter.Certify"/> produced: a closed union of a certificate or why there is none.</summary>
public abstract record CertifyResult
{
    private CertifyResult()
    {
    }

    /// <summary>What was proved, or why nothing could be, in one sentence.</summary>
    public abstract string Reason { get; }

    /// <summary>A certificate of the strongest statement proved.</summary>
    /// <param name="Json">The certificate text.</param>
    /// <param name="Statement">The statement certified.</param>
    /// <param name="Why">What was proved.</param>
    public sealed record Certified(string Json, string Statement, string Why) : CertifyResult
    {
        /// <inheritdoc/>
        public override string Reason => Why;
    }

    /// <summary>The point was proved not to be (near) a critical point: there is nothing to certify.</summary>
    /// <param name="Why">The proof, in one sentence.</param>
    public sealed record NoCriticalPoint(string Why) : CertifyResult
    {
        /// <inheritdoc/>
        public override string Reason => Why;
    }

    /// <summary>Nothing could be proved (a kink, or no unique critical point within the radius).</summary>
    /// <param name="Why">Why not, in one sentence.</param>
    public sealed record Undecided(string Why) : CertifyResult
    {
        /// <inheritdoc/>
        public override string Reason => Why;
    }
}

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
    /// <param name="witnessSearch">
    /// Where no witness is given, the search that looks for one at a proved strict local minimum (as <c>check
    /// bad-local-min</c> does), so that a lower point it finds is certified with the minimum: the certificate then
    /// carries the found point's weights, and the kernel compares the losses itself. Null: no search.
    /// </param>
    /// <param name="limits">The work budget of the certification, or null for <see cref="WorkLimits.Default"/>; past it the result is <see cref="CertifyResult.Undecided"/>, naming what was left undone.</param>
    public static CertifyResult Certify(string instanceJson, string? witnessJson, double? radius, ISymmetricEigenSolver? solver = null, IWitnessSearch? witnessSearch = null, WorkLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(instanceJson);
        var instance = InstanceFile.Parse(instanceJson, "instance");
        if (instance.Weights is null)
        {
            throw new InstanceFormatException("instance", "weights", "the instance has no weights: there is no point to certify");
        }

        var given = witnessJson is null ? null : InstanceFile.Parse(witnessJson, "witness");
        var witness = new Lazy<(Instance? Instance, string? Json)>(() => WitnessFor(instance, given, witnessJson, witnessSearch));

        // Certificates rest on the generic exact and interval methods only: no theory helper is consulted (a searched
        // witness is only a candidate; its loss is compared rigorously here and again by the kernel).
        var budget = new WorkBudget(limits ?? WorkLimits.Default);
        var input = new ClaimInput(instance, ClaimTheories.None, given, radius, solver, Work: budget);
        try
        {
            return ExactPointAnalysis.TryCreate(instance, budget) switch
            {
                ExactPointAnalysis.Critical exact => CertifyExact(instanceJson, witness, exact, budget),
                ExactPointAnalysis.Kinked kinked => CertifyKink(instanceJson, kinked, budget),
                _ => CertifyBox(instanceJson, witness, input),
            };
        }
        catch (WorkBudgetExhaustedException e)
        {
            return new CertifyResult.Undecided(e.Message);
        }
    }

    // The given witness, or else the best point the search finds (none without a search).
    private static (Instance? Instance, string? Json) WitnessFor(Instance instance, Instance? given, string? givenJson, IWitnessSearch? search)
    {
        if (given is not null || search is null)
        {
            return (given, givenJson);
        }

        var best = search.Search(instance).Best;
        return best is null ? (null, null) : (best, InstanceFile.Format(best));
    }

    // At a kink (or a degenerate critical point of a ReLU network): the piecewise local-minimum argument, re-checkable by the kernel.
    private static CertifyResult CertifyKink(string instanceJson, ExactPointAnalysis point, WorkBudget budget) => KinkMinimum.LocalMinimum(point.Instance, budget) switch
    {
        KinkDecision.Minimum m => CertifiedLocalMin(instanceJson, point, m),
        KinkDecision.Descent d => new CertifyResult.NoCriticalPoint($"the point is not a local minimum: the loss falls along a one-sided line ({d.Line.How}), and at a kink nothing else is certified"),
        KinkDecision.Undecided u => new CertifyResult.Undecided("the point is at a ReLU kink and its local minimality is not decided: " + u.Reason),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private static CertifyResult.Certified CertifiedLocalMin(string instanceJson, ExactPointAnalysis point, KinkDecision.Minimum m)
    {
        var argument = m.Proof switch
        {
            EvidenceItem.GlobalMinimum => new CertificateLocalMinimum("zero-loss"),
            EvidenceItem.DeadLayer d => new CertificateLocalMinimum("dead-layer", Layer: d.Layer),
            EvidenceItem.PieceMinimum p => new CertificateLocalMinimum("piecewise-convex", Units: p.Units),
            _ => throw new System.Diagnostics.UnreachableException(),
        };
        var json = Write(instanceJson, instance => new CertificateDocument(CertificateStatements.FormatTag, CertificateStatements.LocalMin, instance,
            new CertificatePoint(CertificateMode.Exact), LossBounds: new CertificateLossBounds(point.Loss, point.Loss), LocalMinimum: argument));
        return new CertifyResult.Certified(json, CertificateStatements.LocalMin, $"a local minimum (not necessarily strict) with loss {point.Loss}, by the {argument.Route} argument");
    }

    private static CertifyResult.Certified CertifyExact(string instanceJson, Lazy<(Instance? Instance, string? Json)> witnessFor, ExactPointAnalysis.Critical e, WorkBudget budget)
    {
        var exactPoint = new CertificatePoint(CertificateMode.Exact);
        var inertia = e.Inertia;
        if (inertia.IsPositiveDefinite)
        {
            var (witness, witnessJson) = witnessFor.Value;
            bool bad = witness is not null && WitnessLoss(witness) < e.Loss;
            var statement = bad ? CertificateStatements.BadLocalMin : CertificateStatements.StrictLocalMin;
            var json = Write(instanceJson, instance => new CertificateDocument(CertificateStatements.FormatTag, statement, instance, exactPoint,
                LossBounds: new CertificateLossBounds(e.Loss, e.Loss), Witness: bad ? WitnessOf(witnessJson!) : null));
            return new CertifyResult.Certified(json, statement, "exact critical point with a positive definite exact Hessian" + (bad ? ", and a witness with lower loss" : ""));
        }

        var down = ExactDirections.WithCurvatureSign(e.Hessian, -1);
        var up = ExactDirections.WithCurvatureSign(e.Hessian, +1);
        if (down is not null && up is not null)
        {
            var json = Write(instanceJson, instance => new CertificateDocument(CertificateStatements.FormatTag, CertificateStatements.StrictSaddle, instance, exactPoint,
                NegativeCurvatureDirection: down, PositiveCurvatureDirection: up));
            return new CertifyResult.Certified(json, CertificateStatements.StrictSaddle, "exact critical point with exact negative and positive curvature directions");
        }

        if (!e.IsPolynomial && inertia.Negative == 0 && CertifyKink(instanceJson, e, budget) is CertifyResult.Certified local)
        {
            return local;
        }

        var critical = Write(instanceJson, instance => new CertificateDocument(CertificateStatements.FormatTag, CertificateStatements.CriticalPoint, instance, exactPoint));
        return new CertifyResult.Certified(critical, CertificateStatements.CriticalPoint, "the gradient is exactly zero; the Hessian is singular, so nothing stronger is certified");
    }

    private static CertifyResult CertifyBox(string instanceJson, Lazy<(Instance? Instance, string? Json)> witnessFor, ClaimInput input)
    {
        var analysis = BoxAnalysis.Create(input);
        if (analysis is BoxAnalysis.NoCriticalPoint)
        {
            return new CertifyResult.NoCriticalPoint("no critical point lies within the radius: " + analysis.Reason);
        }

        if (analysis is not BoxAnalysis.UniqueCriticalPoint box)
        {
            return new CertifyResult.Undecided(analysis.Reason);
        }

        var h = box.Hessian;
        int p = h.GetLength(0);
        var point = new CertificatePoint(CertificateMode.Box, Rational.FromDouble(box.Radius));
        IReadOnlyList<IReadOnlyList<double>> preconditioner = [.. Enumerable.Range(0, p).Select(r => (IReadOnlyList<double>)[.. Enumerable.Range(0, p).Select(c => box.Preconditioner[r, c])])];
        CertificateDocument Document(JsonElement instance, string statement) => new(CertificateStatements.FormatTag, statement, instance, point, preconditioner);

        if (IntervalDefiniteness.Test(h, +1, input.Work) is Definiteness.Proved)
        {
            var loss = box.Loss;
            var lower = Rational.FromDouble(loss.Lo);
            var (witness, witnessJson) = witnessFor.Value;
            bool bad = witness is not null && WitnessLoss(witness) < lower;
            var statement = bad ? CertificateStatements.BadLocalMin : CertificateStatements.StrictLocalMin;
            var json = Write(instanceJson, instance => Document(instance, statement) with
            {
                LossBounds = new CertificateLossBounds(lower, Rational.FromDouble(loss.Hi)),
                Witness = bad ? WitnessOf(witnessJson!) : null,
            });
            return new CertifyResult.Certified(json, statement, $"exactly one critical point within ρ = {box.Radius:R}, Hessian positive definite over the box, loss in [{loss.Lo:R}, {loss.Hi:R}]" + (bad ? ", and a witness with lower loss" : ""));
        }

        var solver = input.EigenSolver ?? EigenSolvers.Managed;
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
            var json = Write(instanceJson, instance => Document(instance, CertificateStatements.StrictSaddle) with
            {
                NegativeCurvatureDirection = [.. down.Select(Rational.FromDouble)],
                PositiveCurvatureDirection = [.. up.Select(Rational.FromDouble)],
            });
            return new CertifyResult.Certified(json, CertificateStatements.StrictSaddle, $"exactly one critical point within ρ = {box.Radius:R}, with negative and positive curvature over the box");
        }

        var criticalJson = Write(instanceJson, instance => Document(instance, CertificateStatements.CriticalPoint));
        return new CertifyResult.Certified(criticalJson, CertificateStatements.CriticalPoint, $"exactly one critical point within ρ = {box.Radius:R}; its type is not proved");
    }

    private static Rational WitnessLoss(Instance witness)
    {
        if (witness.Weights is null)
        {
            throw new InstanceFormatException("witness", "weights", "the witness instance has no weights");
        }

        return witness.HasExactLoss
            ? new Derivatives.NetworkCalculus<Rational, Derivatives.RationalOps>(witness).Loss(witness.Weights)
            : Rational.FromDouble(new Derivatives.NetworkCalculus<Interval, Derivatives.IntervalOps>(witness).Loss([.. witness.Weights.Select(Interval.FromRational)]).Hi);
    }

    // The certificate document built around the instance file's own JSON (its numbers stay exactly as written).
    private static string Write(string instanceJson, Func<JsonElement, CertificateDocument> build)
    {
        using var instance = JsonDocument.Parse(instanceJson);
        return VerifierJson.Serialize(build(instance.RootElement));
    }

    // The witness file's weights, exactly as written.
    private static CertificateWitness WitnessOf(string witnessJson)
    {
        using var doc = JsonDocument.Parse(witnessJson);
        return new CertificateWitness(doc.RootElement.GetProperty("weights").Clone());
    }
}
