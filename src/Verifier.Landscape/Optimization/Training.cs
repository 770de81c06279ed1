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

    /// <summary>Adam (Kingma and Ba 2015) with bias correction, full batch.</summary>
    Adam,
}

/// <summary>How to train: the method, the learning rate r, the epochs, Adam's constants, and the seed of the start point.</summary>
/// <param name="Method">GD or Adam.</param>
/// <param name="LearningRate">r &gt; 0.</param>
/// <param name="Epochs">The most full-batch steps.</param>
/// <param name="Seed">The seed of a random start when the instance has no weights (ignored otherwise).</param>
/// <param name="Beta1">Adam's first-moment decay (0.9).</param>
/// <param name="Beta2">Adam's second-moment decay (0.999).</param>
/// <param name="Epsilon">Adam's denominator guard (1e-8).</param>
/// <param name="StopAtZeroError">Stop at zero training error (true), or always run every epoch (for timing).</param>
/// <param name="TargetLoss">Stop as soon as the loss is at or below this level (null: no such stop); DSS trains beads to a target.</param>
public sealed record TrainingOptions(TrainingMethod Method, double LearningRate, int Epochs, int Seed = 1, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, bool StopAtZeroError = true, double? TargetLoss = null)
{
    /// <summary>The loss below which a squared-loss run counts as having zero training error.</summary>
    public const double SquaredLossTolerance = 1e-10;
}

/// <summary>Why training stopped.</summary>
public enum TrainingStop
{
    /// <summary>Zero training error: every sample classified right (logistic), or the loss at most <see cref="TrainingOptions.SquaredLossTolerance"/> (squared losses).</summary>
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
public sealed record TrainingResult(double[] Theta, double Loss, int Epochs, int Errors, TrainingStop Stop);

/// <summary>
/// Full-batch training by gradient descent or Adam on the float64 passes (the same loss and gradient as every other float
/// path). Deterministic: the same instance, options and seed give the same result bit for bit. It stops at zero training
/// error, when the epochs are spent, or at the first non-finite loss or gradient (saying at which epoch).
/// </summary>
public static class Training
{
    /// <summary>The start point: the instance's weights, or a seeded random point (N(0, 1/fan-in) weights, N(0, 0.01) biases).</summary>
    public static double[] Start(Instance instance, int seed)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Weights is { } w ? [.. w.Select(r => r.ToDouble())] : [.. RandomInstance.RandomWeights(instance.Network, new Random(seed)).Select(r => r.ToDouble())];
    }

    /// <summary>Trains from <paramref name="start"/>.</summary>
    /// <exception cref="ArgumentException">The learning rate is not positive and finite, the epochs are negative, or the start has the wrong length.</exception>
    public static TrainingResult Train(Instance instance, double[] start, TrainingOptions options, IMatrixKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.LearningRate > 0) || !double.IsFinite(options.LearningRate) || options.Epochs < 0)
        {
            throw new ArgumentException("The learning rate must be positive and finite, and the epochs non-negative.", nameof(options));
        }

        if (start.Length != instance.Network.ParameterCount)
        {
            throw new ArgumentException($"The start has {start.Length} entries; the network has {instance.Network.ParameterCount} parameters.", nameof(start));
        }

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
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.NonFinite);
            }

            if (options.TargetLoss is { } target && passes.Loss <= target)
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.TargetReached);
            }

            if (errors == 0 && options.StopAtZeroError)
            {
                return new TrainingResult(theta, passes.Loss, epoch, 0, TrainingStop.ZeroTrainingError);
            }

            if (epoch == options.Epochs)
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.EpochsSpent);
            }

            var gradient = NetworkPasses.Gradient(passes, kernels);
            if (!gradient.All(double.IsFinite))
            {
                return new TrainingResult(theta, passes.Loss, epoch, errors, TrainingStop.NonFinite);
            }

            if (options.Method == TrainingMethod.GradientDescent)
            {
                for (int k = 0; k < theta.Length; k++)
                {
                    theta[k] -= options.LearningRate * gradient[k];
                }
            }
            else
            {
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
        }
    }

    /// <summary>
    /// Training samples still wrong: for the logistic loss, those whose logit's sign does not match the target (z = 0 is
    /// wrong); for squared losses, all of them while the loss exceeds <see cref="TrainingOptions.SquaredLossTolerance"/>.
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
