namespace Verifier.Numerics.Statistics;

/// <summary>A confidence interval for a binomial proportion: the estimate k/n and its bounds in [0, 1].</summary>
/// <param name="Successes">k.</param>
/// <param name="Trials">n.</param>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
public sealed record BinomialInterval(int Successes, int Trials, double Lower, double Upper)
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The estimate k/n.</summary>
    public double Estimate => Trials == 0 ? double.NaN : (double)Successes / Trials;

    /// <summary>
    /// The Wilson score interval (Wilson 1927): centre (k + z²/2)/(n + z²), half-width z·√(k(n−k)/n + z²/4)/(n + z²).
    /// Unlike the normal approximation it stays inside [0, 1] and keeps its coverage at k = 0 and k = n.
    /// </summary>
    /// <param name="successes">k, 0 ≤ k ≤ n.</param>
    /// <param name="trials">n ≥ 1.</param>
    /// <param name="z">The normal quantile (default 95%).</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 1 or k outside [0, n].</exception>
    public static BinomialInterval Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        double n = trials, k = successes, z2 = z * z;
        double centre = (k + (z2 / 2)) / (n + z2);
        double half = z * Math.Sqrt((k * (n - k) / n) + (z2 / 4)) / (n + z2);
        return new BinomialInterval(successes, trials, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
