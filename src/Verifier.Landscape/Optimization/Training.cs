using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Kernels;

namespace Verifier.Landscape.Optimization;

/// <summary>The training method: full-batch gradient descent or Adam.</summary>
public enum TrainingMethod
{
    /// <summary>θ ← θ − r·∇L.</summary>
    GradientDescent,

    /// <summary>Adam (Kingma and Ba 2015) with bias correction.</summary>
    Adam,
}

/// <summary>
/// How to train: the method, the learning rate r, the epochs, Adam's constants, the seed, and for mini-batch training
/// the batch size and how often the stop rules are evaluated.
/// </summary>
/// <param name="Method">GD or Adam.</param>
/// <param name="LearningRate">r &gt; 0.</param>
/// <param name="Epochs">The most epochs: full-batch steps; with mini-batches, passes over the data (⌈N/B⌉ steps each), or steps of a stream (one fresh batch each).</param>
/// <param name="Seed">The seed of a random start when the instance has no weights, and of the mini-batch order over the instance's data.</param>
/// <param name="Beta1">Adam's first-moment decay (0.9).</param>
/// <param name="Beta2">Adam's second-moment decay (0.999).</param>
/// <param name="Epsilon">Adam's denominator guard (1e-8).</param>
/// <param name="StopAtZeroError">Stop at zero training error (true), or always run every epoch (for timing).</param>
/// <param name="TargetLoss">Stop as soon as the loss is at or below this level (null: no such stop); DSS trains beads to a target.</param>
/// <param name="BatchSize">Mini-batches of this many samples of the instance's data (null: full batch); with a stream, null or the stream's batch size.</param>
/// <param name="TestEvery">
/// With mini-batches, the stop rules are evaluated on the instance's whole data (the fixed test set of a stream) every
/// this many epochs, and at the last one (Freeman and Bruna's scripts test every 15 steps of a 10 000-point batch).
/// </param>
public sealed record TrainingOptions(TrainingMethod Method, double LearningRate, int Epochs, int Seed = 1, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, bool StopAtZeroError = true, double? TargetLoss = null, int? BatchSize = null, int TestEvery = 1)
{
    /// <summary>The loss below which a regression run (squared or absolute loss) counts as having zero training error.</summary>
    public const double SquaredLossTolerance = 1e-10;
}

/// <summary>Why training stopped.</summary>
public enum TrainingStop
{
    /// <summary>Zero training error: every sample classified right (logistic), or the loss at most <see cref="TrainingOptions.SquaredLossTolerance"/> (regression losses).</summary>
    ZeroTrainingError,

    /// <summary>All epochs were spent.</summary>
    EpochsSpent,

    /// <summary>The loss or the gradient stopped being finite.</summary>
    NonFinite,

    /// <summary>The loss reached <see cref="TrainingOptions.TargetLoss"/>.</summary>
    TargetReached,
}

/// <summary>What a training run ended with.</summary>
/// <param name="Theta">The final point (the last finite one when <see cref="Stop"/> is <see cref="TrainingStop.NonFinite"/>).</param>
/// <param name="Loss">L there.</param>
/// <param name="Epochs">Steps taken.</param>
/// <param name="Errors">Training samples still wrong (logistic: misclassified; squared: samples with a non-zero residual beyond the tolerance).</param>
/// <param name="Stop">Why it stopped.</param>
/// <param name="Steps">Optimizer steps taken (full batch: the epochs).</param>
/// <remarks>With mini-batches, <see cref="Loss"/> and <see cref="Errors"/> are those on the instance's whole data (the test set) at <see cref="Theta"/>.</remarks>
public sealed record TrainingResult(double[] Theta, double Loss, int Epochs, int Errors, TrainingStop Stop, long Steps = 0);

/// <summary>
/// Training by gradient descent or Adam: full batch on the float64 passes (the same loss and gradient as every other float
/// path), or mini-batch on the fused <see cref="MiniBatchGradient"/>, with batches of the instance's data or of a seeded
/// <see cref="ITrainingData"/> stream (then the instance's data is the fixed test set). Deterministic: the same instance,
/// options, seed and stream give the same result bit for bit. It stops at zero training error, at the target loss, when
/// the epochs are spent, or at the first non-finite loss or gradient (saying at which epoch).
/// </summary>
public static class Training
{
    /// <summary>The start point: the instance's weights, or a seeded random point (N(0, 1/fan-in) weights, N(0, 0.01) biases).</summary>
    public static double[] Start(Instance instance, int seed)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Weights is { } w ? [.. w.Select(r => r.ToDouble())] : [.. RandomInstance.RandomWeights(instance.Network, new Random(seed)).Select(r => r.ToDouble())];
    }

    /// <summary>Trains from <paramref name="start"/>: full batch, or mini-batches of the instance's data when <see cref="TrainingOptions.BatchSize"/> is set.</summary>
    /// <exception cref="ArgumentException">The learning rate is not positive and finite, the epochs are negative, or the start has the wrong length.</exception>
    public static TrainingResult Train(Instance instance, double[] start, TrainingOptions options, IMatrixKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.BatchSize is not null ? Train(instance, start, options, stream: null, kernels) : FullBatch(instance, start, options, kernels);
    }

    /// <summary>
    /// Trains from <paramref name="start"/> by mini-batches: batch s of <paramref name="stream"/> at step s (null: seeded
    /// mini-batches of the instance's data, <see cref="TrainingOptions.BatchSize"/> samples each, in the order of
    /// <see cref="TrainingOptions.Seed"/>). The stop rules (zero error, target loss, epochs) are evaluated on the
    /// instance's whole data every <see cref="TrainingOptions.TestEvery"/> epochs and at the last; with a stream that data
    /// is the fixed test set, as in Freeman and Bruna's scripts. Allocation-free per step.
    /// </summary>
    /// <param name="instance">The network, the loss and the evaluation data (a stream's fixed test set).</param>
    /// <param name="start">The start point θ₀.</param>
    /// <param name="options">The method, rate, epochs and stop rules; <see cref="TrainingOptions.BatchSize"/> is required without a stream.</param>
    /// <param name="stream">The training batches, or null for mini-batches of the instance's data.</param>
    /// <param name="kernels">Unused by the mini-batch path (kept for the full-batch signature's symmetry).</param>
    /// <exception cref="ArgumentException">
    /// Bad rate or epochs, a start of the wrong length, a batch size below 1 or missing, one that differs from the
    /// stream's, a test interval below 1, or a stream whose widths do not fit the network.
    /// </exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static TrainingResult Train(Instance instance, double[] start, TrainingOptions options, ITrainingData? stream, IMatrixKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        CheckCommon(instance, start, options);
        if (options.TestEvery < 1)
        {
            throw new ArgumentException("The test interval must be at least 1 epoch.", nameof(options));
        }

        if (stream is null)
        {
            if (options.BatchSize is not { } b || b < 1)
            {
                throw new ArgumentException("Mini-batch training over the instance's data needs a batch size of at least 1.", nameof(options));
            }

            stream = new ShuffledBatches(instance.Data, b, options.Seed);
        }
        else if (options.BatchSize is { } b && b != stream.BatchSize)
        {
            throw new ArgumentException($"The batch size {b} differs from the stream's {stream.BatchSize}.", nameof(options));
        }

        var net = instance.Network;
        if (stream.InputWidth != net.InputWidth || stream.OutputWidth != net.OutputWidth)
        {
            throw new ArgumentException($"The stream has {stream.InputWidth} inputs and {stream.OutputWidth} targets; the network needs {net.InputWidth} and {net.OutputWidth}.", nameof(stream));
        }

        var kernel = new MiniBatchGradient(net, instance.Loss);
        double[] testX = [.. instance.Data.XDouble], testY = [.. instance.Data.YDouble];
        int testCount = instance.Data.Count, batch = stream.BatchSize, perEpoch = stream.StepsPerEpoch;
        var bx = new double[batch * net.InputWidth];
        var by = new double[batch * net.OutputWidth];
        var theta = (double[])start.Clone();
        var gradient = new double[theta.Length];
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        double beta1Power = 1, beta2Power = 1;
        long maxSteps = (long)options.Epochs * perEpoch, testSteps = (long)options.TestEvery * perEpoch;
        double testLoss = double.NaN;
        int errors = testCount;
        for (long step = 0; ; step++)
        {
            int epoch = (int)(step / perEpoch);
            if (step % testSteps == 0 || step == maxSteps)
            {
                testLoss = kernel.LossOf(theta, testX, testY, testCount);
                errors = double.IsFinite(testLoss) ? ErrorsAt(instance, theta, testLoss) : testCount;
                if (!double.IsFinite(testLoss))
                {
                    return new TrainingResult(theta, testLoss, epoch, errors, TrainingStop.NonFinite, step);
                }

                if (options.TargetLoss is { } target && testLoss <= target)
                {
                    return new TrainingResult(theta, testLoss, epoch, errors, TrainingStop.TargetReached, step);
                }

                if (errors == 0 && options.StopAtZeroError)
                {
                    return new TrainingResult(theta, testLoss, epoch, 0, TrainingStop.ZeroTrainingError, step);
                }

                if (step == maxSteps)
                {
                    return new TrainingResult(theta, testLoss, epoch, errors, TrainingStop.EpochsSpent, step);
                }
            }

            stream.Fill(step, bx, by);
            double batchLoss = kernel.LossAndGradient(theta, bx, by, batch, gradient);
            if (!double.IsFinite(batchLoss) || !Vectors.AllFinite(gradient))
            {
                // θ is the last finite point; its test loss is re-evaluated so the result speaks of θ.
                testLoss = kernel.LossOf(theta, testX, testY, testCount);
                return new TrainingResult(theta, testLoss, epoch, double.IsFinite(testLoss) ? ErrorsAt(instance, theta, testLoss) : testCount, TrainingStop.NonFinite, step);
            }

            Update(theta, gradient, m, v, ref beta1Power, ref beta2Power, options);
        }
    }

    private static void CheckCommon(Instance instance, double[] start, TrainingOptions options)
    {
        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate) || options.Epochs < 0)
        {
            throw new ArgumentException("The learning rate must be positive and finite, and the epochs non-negative.", nameof(options));
        }

        if (start.Length != instance.Network.ParameterCount)
        {
            throw new ArgumentException($"The start has {start.Length} entries; the network has {instance.Network.ParameterCount} parameters.", nameof(start));
        }
    }

    // The test-set errors at θ: for the logistic loss, the misclassified samples (one float pass); otherwise all or none by the tolerance.
    private static int ErrorsAt(Instance instance, double[] theta, double loss) =>
        instance.Loss == LossKind.Logistic
            ? Errors(instance, NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta))
            : loss <= TrainingOptions.SquaredLossTolerance ? 0 : instance.Data.Count;

    // One step of gradient descent or Adam (with bias correction) in place.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Update(double[] theta, double[] gradient, double[] m, double[] v, ref double beta1Power, ref double beta2Power, TrainingOptions options)
    {
        if (options.Method == TrainingMethod.GradientDescent)
        {
            for (int k = 0; k < theta.Length; k++)
            {
                theta[k] -= options.LearningRate * gradient[k];
            }

            return;
        }

        beta1Power *= options.Beta1;
        beta2Power *= options.Beta2;
        for (int k = 0; k < theta.Length; k++)
        {
            m[k] = (options.Beta1 * m[k]) + ((1 - options.Beta1) * gradient[k]);
            v[k] = (options.Beta2 * v[k]) + ((1 - options.Beta2) * gradient[k] * gradient[k]);
            double mHat = m[k] / (1 - beta1Power), vHat = v[k] / (1 - beta2Power);
            theta[k] -= options.LearningRate * mHat / (Math.Sqrt(vHat) + options.Epsilon);
        }
    }

    private static TrainingResult FullBatch(Instance instance, double[] start, TrainingOptions options, IMatrixKernels? kernels)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(start);
        CheckCommon(instance, start, options);
        kernels ??= new ManagedMatrixKernels();
        var theta = (double[])start.Clone();
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        double beta1Power = 1, beta2Power = 1;
        for (int epoch = 0; ; epoch++)
        {
            var passes = NetworkPasses.Compute(instance.Network, instance.Loss, instance.Data, theta);
            int errors = Errors(instance, passes);
            if (!double.IsFinite(passes.Loss))
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.NonFinite, epoch);
            }

            if (options.TargetLoss is { } target && passes.Loss <= target)
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.TargetReached, epoch);
            }

            if (errors == 0 && options.StopAtZeroError)
            {
                return new TrainingResult(theta, passes.Loss, epoch, 0, TrainingStop.ZeroTrainingError, epoch);
            }

            if (epoch == options.Epochs)
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.EpochsSpent, epoch);
            }

            var gradient = NetworkPasses.Gradient(passes, kernels);
            if (!gradient.All(double.IsFinite))
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.NonFinite, epoch);
            }

            Update(theta, gradient, m, v, ref beta1Power, ref beta2Power, options);
        }
    }

    /// <summary>
    /// Training samples still wrong: for the logistic loss, those whose logit's sign does not match the target (z = 0 is
    /// wrong); for regression losses (squared and absolute), all of them while the loss exceeds <see cref="TrainingOptions.SquaredLossTolerance"/>.
    /// </summary>
    public static int Errors(Instance instance, NetworkPasses<double> passes)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(passes);
        if (instance.Loss != LossKind.Logistic)
        {
            return passes.Loss <= TrainingOptions.SquaredLossTolerance ? 0 : instance.Data.Count;
        }

        var z = passes.Activations(instance.Network.Depth);
        var y = instance.Data.YDouble;
        int wrong = 0;
        for (int i = 0; i < z.Length; i++)
        {
            bool positive = z[i] > 0;
            wrong += positive == (y[i] == 1) ? 0 : 1;
        }

        return wrong;
    }
}
