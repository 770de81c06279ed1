using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Symbolic;

namespace Verifier.Proofs.Petzka2018;

/// <summary>
/// The instances of papers.md §8.3 (Fukumizu–Amari / Petzka split): a 1-1-1 sigmoid network with bias and a linear
/// output, loss <c>sse</c> (E = ½Σr²), on 12 inputs with two target vectors, one for which B is positive definite and one
/// for which it is negative definite. The critical points are found here by Newton's method from the digest's start
/// (w, b, v, c) = (1, 0.7, 1, 0), to full double precision, and written exactly; the variants move the data and the
/// point together (shifted inputs, scaled targets) so that the claims are tried where the digest printed nothing.
/// </summary>
public static class PetzkaInstances
{
    /// <summary>The inputs x of §8.3.</summary>
    public static IReadOnlyList<Rational> X { get; } = [.. new[] { "-4", "-3", "-2.5", "-1.5", "-1", "-0.5", "0", "0.5", "1", "2", "3", "4" }.Select(Rational.Parse)];

    /// <summary>The targets for which B is positive definite.</summary>
    public static IReadOnlyList<Rational> YPositive { get; } = [.. new[] { "-0.124532", "0.591123", "-0.214326", "0.149268", "0.697725", "0.529374", "0.579627", "0.729651", "0.872386", "0.997609", "0.985215", "0.946976" }.Select(Rational.Parse)];

    /// <summary>The targets for which B is negative definite.</summary>
    public static IReadOnlyList<Rational> YNegative { get; } = [.. new[] { "0.195675", "-0.408877", "0.498028", "0.470783", "0.15339", "0.570294", "0.756748", "0.807399", "0.818683", "0.876444", "0.966531", "1.034997" }.Select(Rational.Parse)];

    /// <summary>The digest's Newton start (w, b, v, c).</summary>
    public static IReadOnlyList<double> Start { get; } = [1, 0.7, 1, 0];

    /// <summary>The 1-1-1 sigmoid network with bias and linear output.</summary>
    public static NetworkSpec Small { get; } = new([1, 1, 1], Activation.Sigmoid, Activation.Linear, bias: true);

    private static readonly Lazy<Instance> PositiveLazy = new(() => Critical("petzka-8.3-B-positive", X, YPositive, Start));
    private static readonly Lazy<Instance> NegativeLazy = new(() => Critical("petzka-8.3-B-negative", X, YNegative, Start));

    /// <summary>§8.3, B positive definite, at its critical point (≈ (0.999999593, 0.699999917, 0.9999998, 1.06e-7)).</summary>
    public static Instance Positive => PositiveLazy.Value;

    /// <summary>§8.3, B negative definite, at its critical point (≈ (1.000001454, 0.69999979, 0.999999268, 4.83e-7)).</summary>
    public static Instance Negative => NegativeLazy.Value;

    /// <summary>The instance with every input shifted by s, at its critical point (b moves by −w·s: a different θ*).</summary>
    public static Instance Shifted(Instance instance, Rational s)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var x = instance.Data.XExact.Select(v => v + s).ToArray();
        var t = instance.WeightsDouble();
        return Critical(instance.Name + $"-shifted-{s}", x, instance.Data.YExact, [t[0], t[1] - (t[0] * s.ToDouble()), t[2], t[3]]);
    }

    /// <summary>The instance with targets scaled by a, at its critical point (v and c scale by a).</summary>
    public static Instance Scaled(Instance instance, Rational a)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var y = instance.Data.YExact.Select(v => v * a).ToArray();
        var t = instance.WeightsDouble();
        return Critical(instance.Name + $"-scaled-{a}", instance.Data.XExact, y, [t[0], t[1], t[2] * a.ToDouble(), t[3] * a.ToDouble()]);
    }

    /// <summary>The instance with its point moved off the critical point (the output bias c raised by δ).</summary>
    public static Instance Moved(Instance instance, Rational delta)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var w = instance.Weights!.ToArray();
        w[^1] += delta;
        return instance.WithWeights(w) with { Name = instance.Name + "-moved" };
    }

    /// <summary>
    /// A deep instance for PS-6: 2-2-2-1 sigmoid (each first-layer unit feeds two sigmoid units), loss sse, on the 7×7
    /// grid {−2, −4/3, …, 2}², built by the digest's recipe: choose θ* (<see cref="DeepPoint"/>), take a residual r orthogonal
    /// to every column of the output Jacobian (so θ* is critical), scale it to max|r| = <see cref="DeepResidual"/>, set y = f(x; θ*) − r (the shortest decimals of the
    /// doubles), and re-solve by Newton's method from θ*. Small residuals keep the Hessian near JᵀJ ≻ 0, so the critical
    /// point is non-degenerate and provable.
    /// </summary>
    public static Instance Deep => DeepLazy.Value;

    /// <summary>The chosen θ* of <see cref="Deep"/>: W₁ (2×2), b₁, W₂ (2×2), b₂, W₃ (1×2), b₃.</summary>
    public static IReadOnlyList<double> DeepPoint { get; } = [-2.75, 1.5, 2.25, 5, -2.5, 4, -5.5, -3.75, 4.75, -1.25, 1, -1.75, -5.5, 2.75, -1.75];

    /// <summary>max|r| of the deep instance's residual: small, so that the Hessian stays near JᵀJ (cond(J) ≈ 350 here).</summary>
    public const double DeepResidual = 1e-2;

    /// <summary>The deep instance's inputs: the grid {−2, −4/3, …, 2}² (7 × 7, step 2/3), row by row.</summary>
    public static IReadOnlyList<Rational> Grid { get; } = [.. Enumerable.Range(0, 49).SelectMany(i => new Rational[] { new(((i / 7) * 2) - 6, 3), new(((i % 7) * 2) - 6, 3) })];

    private static readonly Lazy<Instance> DeepLazy = new(() =>
    {
        var net = new NetworkSpec([2, 2, 2, 1], Activation.Sigmoid, Activation.Linear, bias: true);
        int n = Grid.Count / 2;
        var outputs = OutputJacobian.Outputs(net, Grid, DeepPoint);
        var columns = OutputJacobian.Columns(net, Grid, DeepPoint);

        // r: a fixed vector with the Jacobian's column space projected out.
        var r = OutputJacobian.ProjectOut(columns, [.. Enumerable.Range(0, n).Select(a => Math.Cos(1.7 * a) + (0.3 * Math.Sin(5.1 * a)))]);
        double scale = DeepResidual / r.Max(Math.Abs);
        var y = Optimizer.ShortestDecimals([.. Enumerable.Range(0, n).Select(a => outputs[a] - (scale * r[a]))]);
        var instance = new Instance("petzka-deep-2-2-2-1", net, LossKind.Sse, new Dataset(n, 2, 1, Grid, y), null);
        var result = Optimizer.Optimize(instance, DeepPoint, null, OptimizationOptions.Default with { Method = OptimizationMethod.Newton });
        if (!result.Converged)
        {
            throw new InvalidOperationException($"the deep instance's Newton run did not converge: {result.StopDetail} (gradient norm {result.GradientNorm})");
        }

        return Optimizer.ResultInstance(instance, result) with { Name = "petzka-deep-2-2-2-1" };
    });

    /// <summary>Newton's method from <paramref name="start"/> to the nearby critical point, written exactly (the float64 values).</summary>
    public static Instance Critical(string name, IReadOnlyList<Rational> x, IReadOnlyList<Rational> y, IReadOnlyList<double> start)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var instance = new Instance(name, Small, LossKind.Sse, new Dataset(x.Count, 1, 1, x, y), null);
        var result = Optimizer.Optimize(instance, start, null, OptimizationOptions.Default with { Method = OptimizationMethod.Newton });
        return Optimizer.ResultInstance(instance, result) with { Name = name };
    }
}
