using Verifier.Landscape.Services;
using Verifier.Numerics.Eigen;

namespace Verifier.Cli.Commands;

/// <summary>Calls a library service for a verb, turning its refusals into one-line bad-input errors (exit 2) that name the file.</summary>
internal static class ServiceCall
{
    /// <summary>The pointer given when a dense Hessian would not fit, for verbs other than <c>hessian</c>.</summary>
    public const string LanczosHint = "'verifier hessian --method lanczos --bottom K'";

    /// <summary>Runs <paramref name="service"/> on the instance at <paramref name="path"/>.</summary>
    /// <param name="path">The instance file, named in every message.</param>
    /// <param name="operation">What the verb does, as the messages name it: "density", "--method lanczos", "--exact".</param>
    /// <param name="service">The call.</param>
    /// <param name="denseAlternative">What to use instead when a dense Hessian would not fit.</param>
    public static T Run<T>(string path, string operation, Func<T> service, string denseAlternative = LanczosHint)
    {
        try
        {
            return service();
        }
        catch (BackendUnavailableException e)
        {
            throw CliException.BadInput(e.Message);
        }
        catch (DenseHessianTooLargeException e)
        {
            throw CliException.BadInput($"{path}: {e.Message}; use {denseAlternative} for extreme eigenvalues without forming it");
        }
        catch (Exception e) when (e is MatrixFreeTooLargeException or UnsupportedInstanceException)
        {
            throw CliException.BadInput($"{path}: {operation} {e.Message}");
        }
        catch (DoublePrecisionException e)
        {
            throw CliException.BadInput($"{path}: {e.Message}");
        }
    }

    /// <summary>The resources of a service call: the CUDA device when present, and the memory available.</summary>
    /// <param name="availableBytes">The memory a run may use (tests pass their own).</param>
    public static ComputeResources Resources(long availableBytes) => new(new CudaDevice(), availableBytes);
}
