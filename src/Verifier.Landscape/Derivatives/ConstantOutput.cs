using Verifier.Landscape.Instances;
using Verifier.Symbolic;

namespace Verifier.Landscape.Derivatives;

/// <summary>The least squared loss of an output that is the same on every sample (papers.md §5.3, Lemma 1).</summary>
public static class ConstantOutput
{
    /// <summary>The squared loss of predicting the targets' mean on every sample, the least of any constant output, exactly.</summary>
    /// <param name="instance">An instance with a squared loss (sse or mse).</param>
    /// <exception cref="ArgumentException">The loss is not squared (the best constant is then not the mean).</exception>
    public static Rational BestLoss(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!Networks.LossKinds.IsSquared(instance.Loss))
        {
            throw new ArgumentException($"The least constant-output loss is the mean's only for a squared loss, not {Networks.Names.Of(instance.Loss)}.", nameof(instance));
        }

        var y = instance.Data.YExact;
        int n = instance.Data.Count, m = instance.Data.OutputWidth;
        Rational sum = Rational.Zero;
        for (int o = 0; o < m; o++)
        {
            Rational mean = Rational.Zero;
            for (int i = 0; i < n; i++)
            {
                mean += y[(i * m) + o];
            }

            mean /= n;
            for (int i = 0; i < n; i++)
            {
                var e = y[(i * m) + o] - mean;
                sum += e * e;
            }
        }

        return LossScale.Of(instance.Loss, n) * sum / 2;
    }
}
