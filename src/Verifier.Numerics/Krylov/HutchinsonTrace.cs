namespace Verifier.Numerics.Krylov;

/// <summary>A trace estimate: the mean of the probes' quadratic forms, its standard error, and what it cost.</summary>
/// <param name="Trace">The estimate (1/M)·Σ zₖᵀAzₖ.</param>
/// <param name="StandardError">The sample standard deviation of zₖᵀAzₖ over √M (0 for a single probe).</param>
/// <param name="Probes">M.</param>
/// <param name="Products">Operator products used (one per probe).</param>
/// <param name="Seed">The seed of the Rademacher probes.</param>
public sealed record TraceEstimate(double Trace, double StandardError, int Probes, int Products, int Seed);

/// <summary>
/// Hutchinson's estimator of tr A from products alone: E[zᵀAz] = tr A for z with independent Rademacher (±1) entries,
/// whose variance 2·Σ_{i≠j} aᵢⱼ² is the least among i.i.d. probes (a diagonal A is estimated exactly by every probe).
/// Seeded and deterministic.
/// </summary>
public static class HutchinsonTrace
{
    /// <summary>Estimates tr A with <paramref name="probes"/> Rademacher probes drawn from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one probe.</exception>
    public static TraceEstimate Estimate(ILinearOperator a, int probes, int seed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 1);
        int n = a.Dimension;
        var rng = new Random(seed);
        var z = new double[n];
        var az = new double[n];
        double mean = 0, m2 = 0;
        for (int k = 1; k <= probes; k++)
        {
            for (int i = 0; i < n; i++)
            {
                z[i] = rng.Next(2) == 0 ? -1.0 : 1.0;
            }

            a.Apply(z, az);
            double q = 0;
            for (int i = 0; i < n; i++)
            {
                q += z[i] * az[i];
            }

            // Welford's running mean and sum of squared deviations.
            double delta = q - mean;
            mean += delta / k;
            m2 += delta * (q - mean);
        }

        double se = probes > 1 ? Math.Sqrt(m2 / (probes - 1) / probes) : 0;
        return new TraceEstimate(mean, se, probes, probes, seed);
    }
}
