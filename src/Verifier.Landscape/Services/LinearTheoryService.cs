using Verifier.Landscape.DeepLinear;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Budgets;

namespace Verifier.Landscape.Services;

/// <summary>The deep linear theory of an instance, exactly.</summary>
/// <param name="Problem">The deep linear problem (Σ, its spectrum, whether XXᵀ has full rank).</param>
/// <param name="Hypotheses">Kawaguchi's hypotheses (2016, Theorem 2.3), each with whether it holds.</param>
/// <param name="GlobalMinimum">The global minimum value (exact, or enclosed), or null when it cannot be computed.</param>
/// <param name="CriticalPoints">Every Baldi–Hornik critical point, classified; null when Σ's eigenvalues are irrational (its eigenvectors are then not rational).</param>
public sealed record LinearTheoryReport(
    DeepLinearProblem Problem,
    IReadOnlyList<Hypothesis> Hypotheses,
    GlobalMinimumValue? GlobalMinimum,
    IReadOnlyList<ClassifiedCriticalPoint>? CriticalPoints);

/// <summary>
/// The deep linear theory of an instance, exactly: Kawaguchi's hypotheses, Σ's eigenvalues, the global minimum
/// value and every Baldi–Hornik critical point with its exact classification. What <c>verifier linear</c>
/// computes, for any caller.
/// </summary>
public static class LinearTheoryService
{
    /// <summary>The theory of a linear network without biases (weights are not needed).</summary>
    /// <param name="instance">The instance.</param>
    /// <param name="limits">The work budget of the whole analysis, or null for <see cref="WorkLimits.Default"/>.</param>
    /// <exception cref="UnsupportedInstanceException">The network is not linear or has biases.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The analysis ran past its budget; the message says where.</exception>
    public static LinearTheoryReport Analyze(Instance instance, WorkLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var budget = new WorkBudget(limits ?? WorkLimits.Default);
        var problem = DeepLinearProblem.TryCreate(instance, budget)
            ?? throw new UnsupportedInstanceException(!instance.Loss.IsSquared()
                ? $"needs a squared loss (the deep-linear theory is for squared errors; this instance's loss is {Names.Of(instance.Loss)})"
                : $"needs a linear network without biases (this one is {instance.Network})");
        return new LinearTheoryReport(
            problem,
            DeepLinearTheory.KawaguchiHypotheses(problem),
            DeepLinearTheory.GlobalMinimum(problem),
            CriticalPointCatalogue.Enumerate(instance, budget: budget));
    }

    /// <summary>
    /// The file stem of a critical point: the instance's name (or "point"), then "-I" and the subset I ("0" when
    /// empty, its indices joined by "-"), then "-c" for a point moved by a change of basis C.
    /// </summary>
    /// <param name="instance">The instance the point belongs to.</param>
    /// <param name="point">The critical point.</param>
    public static string PointName(Instance instance, ClassifiedCriticalPoint point)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(point);
        string stem = string.IsNullOrEmpty(instance.Name) ? "point" : instance.Name;
        string subset = point.Point.Subset.Length == 0 ? "0" : string.Join("-", point.Point.Subset);
        return $"{stem}-I{subset}{(point.Label.Contains(", C", StringComparison.Ordinal) ? "-c" : "")}";
    }

    /// <summary>Writes every critical point as an instance file (named by <see cref="PointName"/>) into a directory it creates when missing.</summary>
    /// <param name="instance">The instance the points belong to.</param>
    /// <param name="points">The points.</param>
    /// <param name="directory">The directory.</param>
    /// <returns>The paths written, one per point, in order.</returns>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static IReadOnlyList<string> WritePoints(Instance instance, IReadOnlyList<ClassifiedCriticalPoint> points, string directory)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(points);
        Directory.CreateDirectory(directory);
        var files = new List<string>(points.Count);
        foreach (var point in points)
        {
            string name = PointName(instance, point);
            string target = Path.Combine(directory, name + ".json");
            InstanceFile.Write(CriticalPointCatalogue.AsInstance(instance, point, name), target);
            files.Add(target);
        }

        return files;
    }
}
