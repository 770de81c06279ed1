using System.Globalization;
using Verifier.Landscape.Claims;
using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Derivatives;
using Verifier.Numerics.Native;
using Verifier.Symbolic;
using static Verifier.Proofs.PaperInstances;

namespace Verifier.Proofs.Kawaguchi2016;

/// <summary>
/// <c>kawaguchi2016.critical-value-gap</c>: on a tiny rational instance, no critical point has loss strictly between
/// the global minimum value and the next Baldi–Hornik critical value, so every critical point below that value is a
/// global minimum. Decided by the system's Z3 (nlsat, exact real algebraic arithmetic) on the polynomial system
/// ∇L(θ) = 0, L_min &lt; L(θ) &lt; v: "unsat" verifies, a model refutes. The verdict rests on Z3: there is no
/// certificate the project's kernel can re-check. Inconclusive when Z3 is missing, times out or answers "unknown".
/// </summary>
public sealed class CriticalValueGap : ICatalogueClaim
{
    /// <summary>Most parameters sent to Z3 (nonlinear real arithmetic grows doubly exponentially).</summary>
    public const int MaxParameters = 8;

    /// <summary>Z3's time limit, in milliseconds.</summary>
    public const int TimeoutMilliseconds = 20_000;

    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "kawaguchi2016.critical-value-gap", PaperKey.Kawaguchi2016,
        "No critical point has loss strictly between the global minimum value and the next critical value ½κ(tr YYᵀ − Σ_{i∈I} λᵢ): decided exactly by Z3 (the verdict rests on Z3).",
        [.. DeepLinearClaims.KawaguchiHypothesisNames, $"at most {MaxParameters} parameters", "Σ has rational eigenvalues", "the Z3 library (libz3-4) is installed"],
        Decide, NeedsPoint: false);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 9;

    /// <summary>Suite cases.</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        KawaguchiCase([2, 1, 2], Expectation.Verified),
        KawaguchiCase([2, 1, 1, 2], Expectation.Verified),
        GeneratedCase([2, 1, 2], Landscape.DeepLinear.LinearDataKind.MeetsHypotheses, 3, Expectation.Verified),
        KawaguchiCase([2, 2, 2, 2], Expectation.HypothesesNotMet),
        GeneratedCase([3, 1, 3], Landscape.DeepLinear.LinearDataKind.RepeatedEigenvalues, 1, Expectation.HypothesesNotMet),
    ];

    /// <summary>Z3's answer ("sat", "unsat", "unknown", or an error) to: is there θ with ∇L(θ) = 0 and lower &lt; L(θ) &lt; upper?</summary>
    internal static string Ask(Z3Solver z3, Landscape.Instances.Instance instance, Rational lower, Rational upper)
    {
        var loss = SymbolicLoss.Build(instance);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var script = new System.Text.StringBuilder();
        script.Append(CultureInfo.InvariantCulture, $"(reset)\n(set-option :timeout {TimeoutMilliseconds})\n");
        foreach (var n in names)
        {
            script.Append(CultureInfo.InvariantCulture, $"(declare-const {SmtLib.Symbol(n)} Real)\n");
        }

        foreach (var g in Calculus.Gradient(loss, names))
        {
            script.Append(CultureInfo.InvariantCulture, $"(assert (= {SmtLib.Term(g)} 0.0))\n");
        }

        string l = SmtLib.Term(loss);
        script.Append(CultureInfo.InvariantCulture, $"(assert (> {l} {SmtLib.Number(lower)}))\n(assert (< {l} {SmtLib.Number(upper)}))\n");
        script.Append("(check-sat-using qfnra-nlsat)\n");
        return z3.Evaluate(script.ToString()).Trim();
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        if (DeepLinearProblem.TryCreate(instance, input.Work) is not { } problem)
        {
            return DeepLinearClaims.NotDeepLinear(instance);
        }

        var failed = DeepLinearTheory.KawaguchiHypotheses(problem).Where(h => !h.Holds).Select(h => $"{h.Name} ({h.Detail})").ToList();
        if (instance.Network.ParameterCount > MaxParameters)
        {
            failed.Add($"at most {MaxParameters} parameters (the network has {instance.Network.ParameterCount})");
        }

        if (failed.Count > 0)
        {
            return new Verdict.HypothesesNotMet(failed);
        }

        var points = DeepLinearTheory.SubsetCriticalPoints(problem);
        var global = DeepLinearTheory.GlobalMinimum(problem);
        if (points is null || global is not { IsExact: true })
        {
            return new Verdict.HypothesesNotMet(["Σ has rational eigenvalues (the critical values are irrational)"]);
        }

        var min = global.Lower;
        var above = points.Select(p => p.Loss).Where(l => l > min).DefaultIfEmpty(problem.LossAtZero).Min();
        using var z3 = Z3Solver.TryCreate(out var missing);
        if (z3 is null)
        {
            return new Verdict.Inconclusive($"Z3 is not available: {missing}");
        }

        var answer = Ask(z3, instance, min, above);
        int variables = instance.Network.ParameterCount;
        var evidence = Evidence.Of(EvidenceMethod.Z3Nlsat,
            new EvidenceItem.SmtQuery(z3.Library, min, above, variables, $"∇L(θ) = 0 ∧ {min} < L(θ) < {above} over {variables} real variables", answer));
        switch (answer)
        {
            case "unsat":
                return new Verdict.Verified($"Z3 proves that no critical point has loss in ({min}, {above}): every critical point below {above} is a global minimum (rests on Z3)", evidence);
            case "sat":
                var model = z3.Evaluate("(get-model)\n").Trim();
                return new Verdict.Refuted($"Z3 finds a critical point with loss strictly between {min} and {above} (rests on Z3)", evidence.With(new EvidenceItem.SmtModel(model)));
            default:
                return new Verdict.Inconclusive($"Z3 answered '{answer}' (time limit {TimeoutMilliseconds} ms)", evidence);
        }
    }
}
