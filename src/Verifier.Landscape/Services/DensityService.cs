using System.Diagnostics;
using System.Globalization;
using Verifier.Landscape.Instances;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Krylov;

namespace Verifier.Landscape.Services;

/// <summary>A request for the spectral density of the Hessian ∇²L(θ) at an instance's point.</summary>
/// <param name="Instance">The instance, with weights (the point θ).</param>
/// <param name="Backend">The kernels of the Hessian-vector products.</param>
/// <param name="Options">The quadrature's settings (probes, steps, σ, grid, seed).</param>
/// <param name="Progress">
/// Hears of the work after each Hessian-vector product: the products done and the most the run will take
/// (probes × steps; a probe whose Krylov space closes early takes fewer), or null.
/// </param>
public sealed record DensityRequest(Instance Instance, Backend Backend, SpectralDensityOptions Options, Action<int, int>? Progress = null);

/// <summary>The spectral density at an instance's point, as <see cref="DensityService.Compute"/> found it.</summary>
/// <param name="ParameterCount">P.</param>
/// <param name="Backend">The kernels that ran.</param>
/// <param name="Notes">What the backend choice has to say, one line each (auto: which ran and why).</param>
/// <param name="Density">The spectral density and its quadrature.</param>
/// <param name="Seconds">Time of the whole computation, the backend's resolution included.</param>
public sealed record DensityReport(int ParameterCount, string Backend, IReadOnlyList<string> Notes, SpectralDensityResult Density, double Seconds);

/// <summary>
/// The Hessian's spectral density at an instance's point by stochastic Lanczos quadrature over Hessian-vector
/// products (the Hessian is never formed): what <c>verifier density</c> computes, for any caller.
/// </summary>
public static class DensityService
{
    /// <summary>Computes the density.</summary>
    /// <param name="request">The instance, backend and quadrature settings.</param>
    /// <param name="resources">The optional GPU and the memory available.</param>
    /// <exception cref="ArgumentException">The instance has no weights.</exception>
    /// <exception cref="BackendUnavailableException">The backend was named explicitly and cannot run here.</exception>
    /// <exception cref="MatrixFreeTooLargeException">The run would not fit in memory.</exception>
    /// <exception cref="DoublePrecisionException">The instance's numbers overflow double precision at its point.</exception>
    public static DensityReport Compute(DensityRequest request, ComputeResources resources)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resources);
        var instance = ServiceArguments.WithPoint(request.Instance, nameof(request));

        var clock = Stopwatch.StartNew();
        using var backend = resources.Backends.ForProducts(request.Backend);
        int p = instance.Network.ParameterCount;
        MatrixFree.CheckBudget(instance, SpectralDensity.WorkspaceBytes(p, request.Options),
            string.Create(CultureInfo.InvariantCulture, $"a Lanczos basis of {Math.Min(request.Options.Steps, p) + 1} vectors of P = {p}"), resources.AvailableBytes);
        var products = MatrixFree.Products(backend, resources.Gpu, instance, MatrixFree.Point(instance));
        using var owned = products as IDisposable;
        SpectralDensityResult density;
        try
        {
            ILinearOperator op = request.Progress is { } progress
                ? new CountingOperator(products, done => progress(done, request.Options.Probes * Math.Min(request.Options.Steps, p)))
                : products;
            density = SpectralDensity.Compute(op, request.Options);
        }
        catch (ArithmeticException e)
        {
            throw new DoublePrecisionException($"cannot compute the Hessian spectrum in double precision: {e.Message}", e);
        }

        if (density.Nodes.Concat(density.Density).Any(x => !double.IsFinite(x)))
        {
            throw new DoublePrecisionException("cannot compute the spectral density in double precision: a Hessian-vector product is not finite");
        }

        return new DensityReport(p, backend.Description, backend.Notes, density, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>An operator that counts its products and reports the count after each one.</summary>
internal sealed class CountingOperator(ILinearOperator inner, Action<int> report) : ILinearOperator
{
    private int _products;

    /// <inheritdoc/>
    public int Dimension => inner.Dimension;

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        inner.Apply(x, y);
        report(++_products);
    }
}
