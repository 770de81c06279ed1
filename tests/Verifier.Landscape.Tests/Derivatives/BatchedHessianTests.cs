using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Native;
using Verifier.Symbolic;
using Verifier.Generators;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// The batched Hessian held to the column-by-column R-operator Hessian (every network kind, ReLU kinks included),
/// to the exact rational Hessian (linear and ReLU networks away from kinks), to symmetry, and to additivity over
/// samples on instances large enough that every work buffer is split into chunks.
/// </summary>
public class BatchedHessianTests
{
    private static readonly IMatrixKernels Managed = new ManagedMatrixKernels();

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 300)]
    public bool EqualsTheColumnByColumnHessianOnEveryNetworkKind(NetworkCase c)
    {
        // No kink is avoided: the forward and backward passes round exactly as NetworkCalculus's, so both apply
        // ReLU′(0) = 0 to the same units and only the assembly of the second derivatives differs.
        var theta = c.Instance.WeightsDouble();
        var expected = Float(c.Instance).Hessian(theta);
        var actual = BatchedHessian.Compute(c.Instance, theta, Managed);
        return MaxRelativeDifference(actual, expected) <= BatchedTolerance.VsColumnsRelative;
    }

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 150)]
    public bool GivesTheLossOfTheColumnPathBitForBitAndItsGradientToRounding(NetworkCase c)
    {
        var theta = c.Instance.WeightsDouble();
        var (loss, gradient) = Float(c.Instance).LossAndGradient(theta);
        var result = new BatchedHessian(c.Instance, Managed).Evaluate(theta);
        double scale = Math.Max(1, gradient.Select(Math.Abs).DefaultIfEmpty(0).Max());
        return result.Loss.Equals(loss)
            && result.Gradient.Length == gradient.Length
            && result.Gradient.Zip(gradient).All(z => Math.Abs(z.First - z.Second) <= BatchedTolerance.VsColumnsRelative * scale);
    }

    [Property(Arbitrary = new[] { typeof(EveryNetworkArbitraries) }, MaxTest = 100)]
    public bool IsExactlySymmetric(NetworkCase c)
    {
        var h = BatchedHessian.Compute(c.Instance, c.Instance.WeightsDouble(), Managed);
        int p = h.GetLength(0);
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (!h[i, j].Equals(h[j, i]))
                {
                    return false;
                }
            }
        }

        return p == c.Instance.Network.ParameterCount && h.GetLength(1) == p;
    }

    [Property(Arbitrary = new[] { typeof(PiecewiseLinearDeepArbitraries) }, MaxTest = 150, MaxFail = 60)]
    public Property EqualsTheExactRationalHessianOnLinearAndReluNetworksAwayFromKinks(NetworkCase c)
    {
        // Derivatives do not exist at kinks: such cases are moved off them, or rejected (counted; MaxFail bounds them).
        var moved = AwayFromKinks(c.Instance);
        return Prop.When(moved is not null, () =>
        {
            var exact = Exact(moved!).Hessian(moved!.Weights!);
            var actual = BatchedHessian.Compute(moved, moved.WeightsDouble(), Managed);
            double scale = Math.Max(1, exact.Cast<Rational>().Select(r => Math.Abs(r.ToDouble())).DefaultIfEmpty(0).Max());
            int p = exact.GetLength(0);
            for (int i = 0; i < p; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    if (Math.Abs(actual[i, j] - exact[i, j].ToDouble()) > Tolerance.FloatVsExactRelative * scale)
                    {
                        return false;
                    }
                }
            }

            return true;
        });
    }

    // Widths up to about 40 and about 100 samples: every assembly strategy (Jacobian rows for rank ≤ 2, the Kronecker
    // form for narrow inputs, one product per unit for wide inputs (16 or more), both forms of the diag(C_l) term,
    // adjacent and non-adjacent couplings, with and without biases) on realistic sizes.
    [TestCase(new[] { 12, 40, 1 }, Activation.Sigmoid, Activation.Linear, true, LossKind.Mse, 100)]
    [TestCase(new[] { 6, 40, 2 }, Activation.Tanh, Activation.Sigmoid, true, LossKind.Sse, 90)]
    [TestCase(new[] { 7, 24, 20, 3 }, Activation.Tanh, Activation.Linear, true, LossKind.Mse, 100)]
    [TestCase(new[] { 5, 16, 12, 8, 2 }, Activation.Relu, Activation.Tanh, false, LossKind.Mse, 80)]
    [TestCase(new[] { 40, 8, 40 }, Activation.Linear, Activation.Linear, true, LossKind.Sse, 60)]
    [TestCase(new[] { 3, 41, 1, 1 }, Activation.Sigmoid, Activation.Tanh, true, LossKind.Mse, 70)]
    [TestCase(new[] { 20, 6, 5, 4 }, Activation.Sigmoid, Activation.Linear, true, LossKind.Sse, 60)]
    public void EqualsTheColumnByColumnHessianOnLargerNetworks(int[] layers, Activation hidden, Activation output, bool bias, LossKind loss, int samples)
    {
        var network = new NetworkSpec(layers, hidden, output, bias);
        var instance = RandomInstance.Mlp(network, samples, loss, seed: layers.Sum() + samples);
        var theta = instance.WeightsDouble();
        var expected = Float(instance).Hessian(theta);
        Assert.That(expected.Cast<double>().Count(v => v != 0), Is.GreaterThan(expected.Length / 2), "a mostly vanishing Hessian would test little");
        foreach (var kernels in new[] { Managed, new ManagedMatrixKernels(1, allowVector512: false) })
        {
            var actual = BatchedHessian.Compute(instance, theta, kernels);
            Assert.That(MaxRelativeDifference(actual, expected), Is.LessThanOrEqualTo(BatchedTolerance.LargeRelative), $"{network} with {((ManagedMatrixKernels)kernels).MicroKernel}");
        }
    }

    // 2000 samples split every work buffer into chunks (unit pairs, input columns, samples, couplings); under sse the
    // Hessian of the whole data set is the sum of those of its halves, which are chunked differently or not at all.
    [TestCase(new[] { 2, 46, 3 }, Activation.Tanh, Activation.Linear)]
    [TestCase(new[] { 39, 5, 3 }, Activation.Sigmoid, Activation.Tanh)]
    [TestCase(new[] { 4, 150, 2 }, Activation.Tanh, Activation.Linear)]
    [TestCase(new[] { 2, 30, 40, 3 }, Activation.Sigmoid, Activation.Linear)]
    public void IsAdditiveOverSamplesWhereverTheWorkIsChunked(int[] layers, Activation hidden, Activation output)
    {
        var network = new NetworkSpec(layers, hidden, output);
        var whole = RandomInstance.Mlp(network, 2000, LossKind.Sse, seed: layers.Sum());
        var theta = whole.WeightsDouble();
        var d = whole.Data;
        Instance Half(int first) => new(
            "half", network, LossKind.Sse,
            new Dataset(1000, d.InputWidth, d.OutputWidth, [.. d.XExact.Skip(first * d.InputWidth).Take(1000 * d.InputWidth)], [.. d.YExact.Skip(first * d.OutputWidth).Take(1000 * d.OutputWidth)]),
            whole.Weights);

        var h = BatchedHessian.Compute(whole, theta, Managed);
        var h1 = BatchedHessian.Compute(Half(0), theta, Managed);
        var h2 = BatchedHessian.Compute(Half(1000), theta, Managed);
        var sum = new double[h.GetLength(0), h.GetLength(1)];
        for (int i = 0; i < h.GetLength(0); i++)
        {
            for (int j = 0; j < h.GetLength(1); j++)
            {
                sum[i, j] = h1[i, j] + h2[i, j];
            }
        }

        Assert.That(MaxRelativeDifference(h, sum), Is.LessThanOrEqualTo(BatchedTolerance.AdditivityRelative));
    }

    [Test]
    public void NativeKernelsGiveTheSameHessianWhenOpenBlasIsInstalled()
    {
        if (!MatrixKernels.TryCreateOpenBlas(out var native, out var reason))
        {
            Assert.Ignore($"OpenBLAS is not installed here: {reason}");
        }

        var instance = RandomInstance.Mlp(new NetworkSpec([6, 30, 20, 3], Activation.Tanh, Activation.Sigmoid), 64, LossKind.Mse, seed: 4);
        var theta = instance.WeightsDouble();
        var expected = Float(instance).Hessian(theta);

        Assert.That(MaxRelativeDifference(BatchedHessian.Compute(instance, theta, native), expected), Is.LessThanOrEqualTo(BatchedTolerance.LargeRelative));
    }

    [Test]
    public void APointOfTheWrongLengthIsRejected()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Tanh), 4, LossKind.Mse, seed: 1);

        Assert.That(() => BatchedHessian.Compute(instance, new double[5], Managed), Throws.ArgumentException.With.Message.Contains("13 parameters"));
    }

    [Test]
    public void ACancelledRequestStopsWithoutAResult()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([4, 20, 3], Activation.Sigmoid), 50, LossKind.Mse, seed: 2);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(() => BatchedHessian.Compute(instance, instance.WeightsDouble(), Managed, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    [Explicit("Timing, not a check: run by hand in Release (dotnet test -c Release --filter Category=Slow).")]
    [Category("Slow")]
    public void TimesTheBatchedHessianAgainstTheColumnByColumnOne()
    {
        var cases = new (NetworkSpec Network, int Samples)[]
        {
            (new([10, 64, 1], Activation.Sigmoid), 256),
            (new([10, 256, 1], Activation.Sigmoid), 1024),
            (new([128, 64, 64, 10], Activation.Tanh), 512),
        };
        foreach (var (network, samples) in cases)
        {
            var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, seed: 1);
            var theta = instance.WeightsDouble();
            var batched = new BatchedHessian(instance, Managed);
            var times = new List<double>();
            for (int run = 0; run < 4; run++)
            {
                var watch = Stopwatch.StartNew();
                batched.Hessian(theta);
                if (run > 0)
                {
                    times.Add(watch.Elapsed.TotalSeconds);
                }
            }

            times.Sort();
            TestContext.Out.WriteLine($"{network}, N = {samples}, P = {network.ParameterCount}: batched {times[1] * 1e3:F1} ms (median of 3)");
        }
    }

    private static double MaxRelativeDifference(double[,] actual, double[,] expected)
    {
        Assert.That(actual.GetLength(0), Is.EqualTo(expected.GetLength(0)));
        double scale = 1, difference = 0;
        foreach (var v in expected)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++)
            {
                difference = Math.Max(difference, Math.Abs(actual[i, j] - expected[i, j]));
            }
        }

        return difference / scale;
    }

    // Moves every parameter by a distinct small amount when the point is at a kink; null when a kink survives
    // (e.g. a dead ReLU layer without biases, whose successors see exactly 0 whatever the weights).
    private static Instance? AwayFromKinks(Instance instance)
    {
        var theta = instance.Weights!;
        if (Exact(instance).Kinks(theta).Count == 0)
        {
            return instance;
        }

        var moved = instance.WithWeights([.. theta.Select((t, k) => t + new Rational(1, 1000 + k))]);
        return Exact(moved).Kinks(moved.Weights!).Count == 0 ? moved : null;
    }
}

/// <summary>Every network kind: depth 1–4, widths 1–4, any hidden and any output activation, with and without biases, up to 4 samples, both losses.</summary>
public static class EveryNetworkArbitraries
{
    /// <summary>The arbitrary.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() =>
        InstanceGenerators.Arbitrary(InstanceGenerators.Cases(Networks(InstanceGenerators.AllActivations, InstanceGenerators.AllActivations), 4));

    /// <summary>Architectures of depth 1–4 and widths 1–4 with the given hidden and output activations.</summary>
    internal static Gen<NetworkSpec> Networks(Activation[] hidden, Activation[] output) =>
        from depth in Gen.Choose(1, 4)
        from widths in Gen.Choose(1, 4).ArrayOf(depth + 1)
        from activation in Gen.Elements(hidden)
        from outputActivation in Gen.Elements(output)
        from bias in Gen.Elements(true, false)
        select new NetworkSpec(widths, activation, outputActivation, bias);
}

/// <summary>Linear and ReLU networks of depth 1–4 (linear or ReLU output), where exact rational derivatives exist.</summary>
public static class PiecewiseLinearDeepArbitraries
{
    /// <summary>The arbitrary.</summary>
    public static Arbitrary<NetworkCase> NetworkCase()
    {
        Activation[] kinds = [Activation.Linear, Activation.Relu];
        return InstanceGenerators.Arbitrary(InstanceGenerators.Cases(EveryNetworkArbitraries.Networks(kinds, kinds), 4));
    }
}

/// <summary>The floating tolerances of the batched Hessian's tests, with why each has its size (relative to max(1, max|H|)).</summary>
internal static class BatchedTolerance
{
    /// <summary>
    /// Against the column-by-column R-operator Hessian on generated networks (≤ 4 samples, widths ≤ 4, numbers
    /// ≤ 1.5): both round the same first-order quantities bit for bit and then sum the same second-order terms
    /// in different orders (blocked products with fused multiply–adds against left-to-right sums), a few hundred
    /// terms of size ≲ |H| per entry, so they differ by ≲ 1e-14·|H| (3.7e-16 measured over 300 random
    /// networks); 1e-12 leaves a factor 100.
    /// </summary>
    public const double VsColumnsRelative = 1e-12;

    /// <summary>
    /// The same on networks of widths up to about 40 with about 100 samples: each entry sums N·(a few) terms
    /// instead of a few, so the worst-case rounding grows to N·ε·Σ|terms| ≈ 2e-14·Σ|terms|, with Σ|terms| a few
    /// times |H|; measured at most 4.6e-16. 1e-12 leaves a factor 10 over the worst case.
    /// </summary>
    public const double LargeRelative = 1e-12;

    /// <summary>
    /// H(D) against H(D₁) + H(D₂) with 2000 samples in D: two sums of 2000 per-sample terms in different
    /// groupings differ by at most 2000·ε·Σ|terms| ≈ 4.4e-13·Σ|terms| (measured at most 3.5e-16·|H|); 1e-11 covers
    /// Σ|terms| up to 20·|H|.
    /// </summary>
    public const double AdditivityRelative = 1e-11;
}
