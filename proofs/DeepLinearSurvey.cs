using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Proofs;

/// <summary>One exact critical point examined by a theorem claim, with its exact analysis and (lazily) its generic verdicts.</summary>
internal sealed class SurveyedPoint
{
    private readonly Lazy<Verdict> _localMin;
    private readonly Lazy<Verdict> _saddle;

    public SurveyedPoint(string label, DeepLinearProblem problem, Instance instance, ExactPointAnalysis.Critical exact, ClaimTheories theories)
    {
        Label = label;
        Instance = instance;
        Exact = exact;
        Proof = DeepLinearTheory.ProveGlobalMinimum(problem, exact.Theta);
        _localMin = new(() => GenericClaims.LocalMin.Decide(new ClaimInput(instance, theories, Work: problem.Budget)));
        _saddle = new(() => GenericClaims.Saddle.Decide(new ClaimInput(instance, theories, Work: problem.Budget)));
    }

    /// <summary>Where the point comes from, e.g. "subset {2}" or "the origin".</summary>
    public string Label { get; }

    public Instance Instance { get; }

    public ExactPointAnalysis.Critical Exact { get; }

    /// <summary>The exact global-minimum proof attempt at the point.</summary>
    public GlobalMinimumAttempt Proof { get; }

    public Verdict LocalMin => _localMin.Value;

    public Verdict Saddle => _saddle.Value;

    public string Loss => Exact.Loss.ToString();

    public LabelledPoint Listed => new(Label, Exact.Loss);
}

/// <summary>
/// The exact critical points a deep-linear theorem claim examines on an instance: the instance's own point (when it
/// is exactly critical), the origin (when critical), and every Baldi–Hornik subset point, each also after a seeded
/// change of basis C ∈ GL(k). Theorem claims check their conclusion at every one of them and say how many they
/// examined and how many stayed undecided.
/// </summary>
internal sealed class DeepLinearSurvey
{
    /// <summary>Seed of the random changes of basis C (reported in the evidence).</summary>
    public const int ChangeOfBasisSeed = 1;

    /// <summary>Most critical points examined (the plain subset points come first, then those after a change of basis).</summary>
    public const int MaxPoints = 128;

    private readonly ProgressReporter _progress;

    private readonly ClaimTheories _theories;

    private DeepLinearSurvey(Instance instance, DeepLinearProblem problem, ClaimTheories theories, Action<string>? progress)
    {
        _progress = new ProgressReporter(progress);
        _theories = theories;
        Instance = instance;
        Problem = problem;
        Hypotheses = DeepLinearTheory.KawaguchiHypotheses(problem);
        GlobalMinimum = DeepLinearTheory.GlobalMinimum(problem);
        var points = new List<SurveyedPoint>();
        if (instance.Weights is not null)
        {
            Add(points, "the instance's point", [.. instance.Weights]);
        }

        Add(points, "the origin", [.. Enumerable.Repeat(Rational.Zero, instance.Network.ParameterCount)]);
        if (DeepLinearTheory.SubsetCriticalPoints(problem) is { } plain)
        {
            foreach (var s in plain)
            {
                if (s.Subset.Length > 0)
                {
                    Add(points, $"subset {s.SubsetText}", s.Theta);
                }
            }

            var rng = new Random(ChangeOfBasisSeed);
            foreach (var s in DeepLinearTheory.SubsetCriticalPoints(problem, k => RationalLinearInstances.RandomInvertible(k, rng))!)
            {
                if (s.Subset.Length > 0)
                {
                    Add(points, $"subset {s.SubsetText} after a change of basis C", s.Theta);
                }
            }
        }

        Points = points;
        Skipped = _candidates - points.Count - _notCritical;
    }

    /// <summary>Candidate points left out by <see cref="MaxPoints"/>.</summary>
    public int Skipped { get; }

    private int _candidates;
    private int _notCritical;

    /// <summary>Reports progress at most every two seconds.</summary>
    public void Report(Func<string> line) => _progress.Report(line);

    public Instance Instance { get; }

    public DeepLinearProblem Problem { get; }

    public IReadOnlyList<Hypothesis> Hypotheses { get; }

    public IReadOnlyList<Hypothesis> Failed => [.. Hypotheses.Where(h => !h.Holds)];

    public GlobalMinimumValue? GlobalMinimum { get; }

    public IReadOnlyList<SurveyedPoint> Points { get; }

    /// <summary>The survey of a deep linear instance (generic verdicts decided with the input's theories), or null for any other network.</summary>
    public static DeepLinearSurvey? Of(ClaimInput input) =>
        DeepLinearProblem.TryCreate(input.Instance, input.Work) is { } problem ? new DeepLinearSurvey(input.Instance, problem, input.Theories, input.Progress) : null;

    /// <summary>True when the point's loss is provably above the global minimum value.</summary>
    public bool AboveGlobalMinimum(SurveyedPoint point) => GlobalMinimum is { } g && point.Exact.Loss > g.Upper;

    /// <summary>True when the point is provably a global minimum (exact proof, or loss equal to an exact global value).</summary>
    public bool IsGlobal(SurveyedPoint point) => point.Proof is GlobalMinimumAttempt.Proved || (GlobalMinimum is { IsExact: true } g && point.Exact.Loss == g.Lower);

    /// <summary>The evidence every theorem claim reports about its survey: the global minimum value (when Σ is defined) and the points examined.</summary>
    public Evidence Evidence(params EvidenceItem[] more)
    {
        var items = new List<EvidenceItem>();
        if (GlobalMinimum is { } g)
        {
            items.Add(new EvidenceItem.MinimumValue(g.Enclosure, g.Rank));
        }

        items.Add(new EvidenceItem.CriticalPoints([.. Points.Select(p => p.Listed)], ChangeOfBasisSeed));
        items.AddRange(more);
        return new Evidence(EvidenceMethod.ExactRational, items);
    }

    /// <summary>The verdict when the conclusion held everywhere but the hypotheses fail, else null.</summary>
    public Verdict.HypothesesNotMet? HypothesesVerdict() =>
        Failed.Count == 0 ? null : new Verdict.HypothesesNotMet([.. Failed.Select(h => $"{h.Name} ({h.Detail})")]);

    private void Add(List<SurveyedPoint> points, string label, Rational[] theta)
    {
        _candidates++;
        if (points.Count >= MaxPoints)
        {
            return;
        }

        Report(() => $"built {points.Count} exact critical points ({label})");
        var instance = Instance.WithWeights(theta);
        if (ExactPointAnalysis.TryCreate(instance, Problem.Budget) is ExactPointAnalysis.Critical exact)
        {
            points.Add(new SurveyedPoint(label, Problem, instance, exact, _theories));
        }
        else
        {
            _notCritical++;
        }
    }
}

/// <summary>Progress lines for long decisions, at most one every two seconds, to a sink that may be absent.</summary>
internal sealed class ProgressReporter(Action<string>? sink)
{
    private DateTime _last = DateTime.UtcNow;

    /// <summary>Sends the line (built only when it is sent) if two seconds have passed since the last one.</summary>
    public void Report(Func<string> line)
    {
        if (sink is not null && DateTime.UtcNow - _last > TimeSpan.FromSeconds(2))
        {
            _last = DateTime.UtcNow;
            sink(line());
        }
    }
}

/// <summary>Helpers shared by the deep-linear claims.</summary>
internal static class DeepLinearClaims
{
    /// <summary>The hypothesis texts of Kawaguchi's Theorem 2.3.</summary>
    public static readonly string[] KawaguchiHypothesisNames =
    [
        "the network is linear without biases (squared loss)",
        "XXᵀ has full rank",
        "XYᵀ has full rank",
        "d_y ≤ d_x",
        "Σ = YXᵀ(XXᵀ)⁻¹XYᵀ has d_y distinct eigenvalues",
    ];

    /// <summary>The verdict for an instance outside the linear setting.</summary>
    public static Verdict.HypothesesNotMet NotDeepLinear(Instance instance) =>
        new([$"{KawaguchiHypothesisNames[0]} (activation {instance.Network.Activation.ToString().ToLowerInvariant()}, bias {(instance.Network.Bias ? "true" : "false")}, loss {Landscape.Networks.Names.Of(instance.Loss)})"]);

    /// <summary>
    /// Decides a theorem's conclusion over the survey: <paramref name="examine"/> returns, per point, a counterexample
    /// reason (refutes), "undecided", or null (the conclusion holds there). Hypotheses that fail give
    /// hypotheses-not-met unless a counterexample was found.
    /// </summary>
    public static Verdict Decide(ClaimInput input, Func<DeepLinearSurvey, SurveyedPoint, string?> examine, string holdsWhy, Func<DeepLinearSurvey, int, string?>? vacuous = null)
    {
        var instance = input.Instance;
        var survey = DeepLinearSurvey.Of(input);
        if (survey is null)
        {
            return NotDeepLinear(instance);
        }

        int undecided = 0, held = 0;
        var undecidedLabels = new List<string>();
        for (int k = 0; k < survey.Points.Count; k++)
        {
            var point = survey.Points[k];
            survey.Report(() => $"examined {k} of {survey.Points.Count} exact critical points");
            var outcome = examine(survey, point);
            if (outcome is null)
            {
                held++;
            }
            else if (outcome == Undecided)
            {
                undecided++;
                undecidedLabels.Add(point.Label);
            }
            else
            {
                return new Verdict.Refuted($"counterexample at {point.Label}: {outcome}",
                    survey.Evidence(new EvidenceItem.Counterexample(point.Label, point.Exact.Theta, Seed: null)));
            }
        }

        if (survey.HypothesesVerdict() is { } notMet)
        {
            return notMet;
        }

        var evidence = survey.Evidence(new EvidenceItem.ConclusionTally(held, undecided, [.. undecidedLabels], survey.Skipped));
        if (vacuous?.Invoke(survey, held) is { } why)
        {
            return new Verdict.Inconclusive(why, evidence);
        }

        string leftOut = survey.Skipped > 0 ? $"; {survey.Skipped} more left out beyond {DeepLinearSurvey.MaxPoints}" : "";
        return new Verdict.Verified($"{holdsWhy}: the conclusion holds at each of {held} exact critical points examined ({undecided} undecided, not counted{leftOut})", evidence);
    }

    /// <summary>
    /// The hypotheses of the claims built on the curve t ↦ L(tA) through the origin, those that <see cref="OriginGate"/>
    /// checks: the linear setting, the network's depth as <paramref name="depth"/> words it, and XYᵀ ≠ 0.
    /// </summary>
    public static IReadOnlyList<string> OriginHypotheses(string depth) => [KawaguchiHypothesisNames[0], depth, "XYᵀ ≠ 0"];

    /// <summary>
    /// The gate of the claims built on the curve t ↦ L(tA) through the origin: a deep linear network of at least
    /// <paramref name="minDepth"/> weight matrices with XYᵀ ≠ 0. Returns the verdict when the gate fails, else null
    /// with the problem and the exact analysis at the origin.
    /// </summary>
    public static Verdict? OriginGate(Instance instance, int minDepth, string depthWhy, Verifier.Numerics.Budgets.WorkBudget? budget, out DeepLinearProblem problem, out ExactPointAnalysis origin)
    {
        problem = null!;
        origin = null!;
        if (DeepLinearProblem.TryCreate(instance, budget) is not { } p)
        {
            return NotDeepLinear(instance);
        }

        var failed = new List<string>();
        if (instance.Network.Depth < minDepth)
        {
            failed.Add($"depth ≥ {minDepth} ({depthWhy}; the network has depth {instance.Network.Depth})");
        }

        if (ExactMatrices.IsZero(p.XYt))
        {
            failed.Add("XYᵀ ≠ 0 (it is zero)");
        }

        if (failed.Count > 0)
        {
            return new Verdict.HypothesesNotMet(failed);
        }

        problem = p;
        origin = ExactPointAnalysis.TryCreate(instance.WithWeights([.. Enumerable.Repeat(Rational.Zero, instance.Network.ParameterCount)]), budget)!;
        return null;
    }

    /// <summary>The outcome word for a point the exact methods could not decide.</summary>
    public const string Undecided = "undecided";

    /// <summary>The exact rank of W_H⋯W_2 (the identity of size d₁ for one hidden layer).</summary>
    public static int MiddleRank(DeepLinearProblem problem, IReadOnlyList<Rational> theta) =>
        ExactLinearAlgebra.Rank(problem.Product(theta, 2, problem.Network.Depth - 1), problem.Budget);
}
