using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;

namespace Verifier.Landscape.Tests.Optimization;

/// <summary>
/// Mini-batch training: the fused kernel's loss and gradient against the reference calculus on the same batch, the
/// kernel allocation-free, the seeded streams and the task instance reproducible, training reproducible bit for bit,
/// and the stop rules evaluated on the fixed test set.
/// </summary>
public class MiniBatchTrainingTests
{
    /// <summary>
    /// Kernel vs reference: the same float64 formulas summed in another order (blocks of 256 and four lanes against
    /// sample order) and a vectorized exponential; over a few hundred samples that is a few hundred ulps of the largest term.
    /// </summary>
    private const double Relative = 1e-12;

    private static IEnumerable<(Activation Hidden, LossKind Loss, int Samples)> Cases() =>
        from hidden in new[] { Activation.Sigmoid, Activation.Tanh, Activation.Relu }
        from loss in new[] { LossKind.Mae, LossKind.Mse, LossKind.Sse }
        from samples in new[] { 3, 603 }
        select (hidden, loss, samples);

    [TestCaseSource(nameof(Cases))]
    public void TheKernelMatchesTheReferenceCalculusOnTheBatch((Activation Hidden, LossKind Loss, int Samples) c)
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 4, 3, 2], c.Hidden), c.Samples, c.Loss, seed: 11);
        var theta = instance.WeightsDouble();
        var (loss, gradient) = new NetworkCalculus<double, DoubleOps>(instance).LossAndGradient(theta);
        var kernel = new MiniBatchGradient(instance.Network, instance.Loss);
        var g = new double[theta.Length];
        double k = kernel.LossAndGradient(theta, instance.Data.XDouble.ToArray(), instance.Data.YDouble.ToArray(), c.Samples, g);
        Assert.That(k, Is.EqualTo(loss).Within(Relative * Math.Max(1, loss)));
        Assert.That(kernel.LossOf(theta, instance.Data.XDouble.ToArray(), instance.Data.YDouble.ToArray(), c.Samples), Is.EqualTo(k));
        double scale = gradient.Max(Math.Abs);
        for (int p = 0; p < theta.Length; p++)
        {
            Assert.That(g[p], Is.EqualTo(gradient[p]).Within(Relative * Math.Max(1, scale)), $"∂L/∂{instance.Network.ParameterName(p)}");
        }
    }

    [Test]
    public void TheKernelMatchesTheReferenceForTheLogisticLoss()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([2, 4, 1], Activation.Sigmoid), 300, LossKind.Logistic, seed: 12);
        var theta = instance.WeightsDouble();
        var (loss, gradient) = new NetworkCalculus<double, DoubleOps>(instance).LossAndGradient(theta);
        var g = new double[theta.Length];
        double k = new MiniBatchGradient(instance.Network, instance.Loss).LossAndGradient(theta, instance.Data.XDouble.ToArray(), instance.Data.YDouble.ToArray(), 300, g);
        Assert.That(k, Is.EqualTo(loss).Within(Relative * Math.Max(1, loss)));
        Assert.That(g, Is.EqualTo(gradient).Within(Relative * Math.Max(1, gradient.Max(Math.Abs))));
    }

    [Test]
    public void AKernelStepAllocatesNothing()
    {
        var kernel = new MiniBatchGradient(PolynomialTasks.Network, LossKind.Mae);
        var stream = PolynomialTasks.Stream(PolynomialKind.Cubic, 1000, seed: 3);
        var x = new double[1000];
        var y = new double[1000];
        var theta = Enumerable.Range(0, PolynomialTasks.Network.ParameterCount).Select(k => Math.Sin(k + 1.0)).ToArray();
        var g = new double[theta.Length];
        stream.Fill(0, x, y);
        kernel.LossAndGradient(theta, x, y, 1000, g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        stream.Fill(1, x, y);
        kernel.LossAndGradient(theta, x, y, 1000, g);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void StreamBatchesAreAFunctionOfSeedAndIndexAlone()
    {
        var a = PolynomialTasks.Stream(PolynomialKind.Quadratic, 64, seed: 5);
        var b = PolynomialTasks.Stream(PolynomialKind.Quadratic, 64, seed: 5);
        double[] x1 = new double[64], y1 = new double[64], x2 = new double[64], y2 = new double[64];
        a.Fill(7, x1, y1);
        b.Fill(3, x2, y2);
        b.Fill(7, x2, y2);
        Assert.That(x2, Is.EqualTo(x1));
        Assert.That(y2, Is.EqualTo(y1));
        a.Fill(8, x2, y2);
        Assert.That(x2, Is.Not.EqualTo(x1));
        Assert.That(x1.All(v => v is >= 0 and < 1), Is.True);
        for (int i = 0; i < 64; i++)
        {
            Assert.That(y1[i], Is.EqualTo((0.5 * x1[i] * x1[i]) + (0.25 * x1[i]) + 0.1).Within(1e-15), "y = 0.5x² + 0.25x + 0.1");
        }
    }

    [Test]
    public void TheTaskInstanceIsThePapersSetting()
    {
        var instance = PolynomialTasks.TestInstance(PolynomialKind.Cubic, 50, seed: 4);
        Assert.That(instance.Network, Is.EqualTo(PolynomialTasks.Network));
        Assert.That(instance.Loss, Is.EqualTo(LossKind.Mae));
        Assert.That(instance.Data.Count, Is.EqualTo(50));
        Assert.That(InstanceFile.Format(PolynomialTasks.TestInstance(PolynomialKind.Cubic, 50, seed: 4)), Is.EqualTo(InstanceFile.Format(instance)));
        for (int i = 0; i < 50; i++)
        {
            double x = instance.Data.XDouble[i];
            Assert.That(instance.Data.YDouble[i], Is.EqualTo((8 * x * x * x) - (10 * x * x) + (3 * x)).Within(1e-8), "y rounded to 9 significant digits");
        }
    }

    [Test]
    public void StreamTrainingIsReproducibleBitForBitAndStopsOnTheTestSet()
    {
        var instance = PolynomialTasks.TestInstance(PolynomialKind.Quadratic, 400, seed: 1);
        var start = instance.WeightsDouble();
        var options = new TrainingOptions(TrainingMethod.Adam, 1e-2, Epochs: 300, TestEvery: 15);
        var one = Training.Train(instance, start, options, PolynomialTasks.Stream(PolynomialKind.Quadratic, 256, 9));
        var two = Training.Train(instance, start, options, PolynomialTasks.Stream(PolynomialKind.Quadratic, 256, 9));
        Assert.That(two.Theta, Is.EqualTo(one.Theta));
        Assert.That(BitConverter.DoubleToInt64Bits(two.Loss), Is.EqualTo(BitConverter.DoubleToInt64Bits(one.Loss)));
        Assert.That(one.Stop, Is.EqualTo(TrainingStop.EpochsSpent));
        Assert.That(one.Steps, Is.EqualTo(300));

        // The reported loss is the test set's at the final point, and a target above the start's stops at step 0.
        var exact = new NetworkCalculus<double, DoubleOps>(instance).Loss(one.Theta);
        Assert.That(one.Loss, Is.EqualTo(exact).Within(Relative * Math.Max(1, exact)));
        Assert.That(one.Loss, Is.LessThan(new NetworkCalculus<double, DoubleOps>(instance).Loss(start)));
        var target = Training.Train(instance, start, options with { TargetLoss = 1e6 }, PolynomialTasks.Stream(PolynomialKind.Quadratic, 256, 9));
        Assert.That(target.Stop, Is.EqualTo(TrainingStop.TargetReached));
        Assert.That(target.Steps, Is.Zero);

        // A reachable target is seen only at a test step: a multiple of 15.
        var reached = Training.Train(instance, start, options with { Epochs = 5000, TargetLoss = one.Loss }, PolynomialTasks.Stream(PolynomialKind.Quadratic, 256, 9));
        Assert.That(reached.Stop, Is.EqualTo(TrainingStop.TargetReached));
        Assert.That(reached.Steps % 15, Is.Zero);
        Assert.That(reached.Loss, Is.LessThanOrEqualTo(one.Loss));
    }

    [Test]
    public void MiniBatchesOfTheFileAreReproducibleAndTheOldSignatureStillTrainsFullBatch()
    {
        var instance = RandomInstance.Mlp(new NetworkSpec([1, 4, 1], Activation.Sigmoid), 50, LossKind.Mae, seed: 2);
        var start = instance.WeightsDouble();
        var options = new TrainingOptions(TrainingMethod.Adam, 1e-2, Epochs: 20, BatchSize: 16);
        var one = Training.Train(instance, start, options);
        var two = Training.Train(instance, start, options, stream: null);
        Assert.That(two.Theta, Is.EqualTo(one.Theta));
        Assert.That(one.Steps, Is.EqualTo(20 * 4), "⌈50/16⌉ = 4 steps an epoch");
        var full = Training.Train(instance, start, options with { BatchSize = null });
        Assert.That(full.Steps, Is.EqualTo(20));
    }

    [Test]
    public void BadMiniBatchOptionsAreRefused()
    {
        var instance = PolynomialTasks.TestInstance(PolynomialKind.Quadratic, 10, seed: 1);
        var start = instance.WeightsDouble();
        var stream = PolynomialTasks.Stream(PolynomialKind.Quadratic, 8, 1);
        var options = new TrainingOptions(TrainingMethod.Adam, 1e-3, 5);
        Assert.Throws<ArgumentException>(() => Training.Train(instance, start, options with { BatchSize = 9 }, stream));
        Assert.Throws<ArgumentException>(() => Training.Train(instance, start, options with { TestEvery = 0 }, stream));
        Assert.Throws<ArgumentException>(() => Training.Train(instance, start, options with { BatchSize = 0 }, stream: null));
        Assert.Throws<ArgumentOutOfRangeException>(() => PolynomialTasks.Stream(PolynomialKind.Cubic, 0, 1));
        var wide = RandomInstance.Mlp(new NetworkSpec([2, 3, 1], Activation.Sigmoid), 4, LossKind.Mae, 1);
        Assert.Throws<ArgumentException>(() => Training.Train(wide, wide.WeightsDouble(), options, stream));
    }
}
