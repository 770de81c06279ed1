namespace Verifier.Numerics.Backends;

/// <summary>
/// The compute backend a caller names for Hessian spectra and Hessian-vector products: a closed choice of
/// <see cref="Auto"/>, <see cref="Managed"/>, <see cref="Lapack"/> and <see cref="Gpu"/>.
/// <see cref="BackendResolver"/> turns it into the kernels and eigen-solver that run.
/// </summary>
public abstract record Backend
{
    private Backend(string name) => Name = name;

    /// <summary>The backend's name as the command line spells it: auto, managed, lapack or gpu.</summary>
    public string Name { get; }

    /// <summary>Every backend, in the order help texts list them.</summary>
    public static IReadOnlyList<Backend> All { get; } = [new Auto(), new Managed(), new Lapack(), new Gpu()];

    /// <summary>The names of <see cref="All"/>, comma-separated: "auto, managed, lapack, gpu".</summary>
    public static string NameList { get; } = string.Join(", ", All.Select(b => b.Name));

    /// <summary>The backend with this name, or null when the name is none of <see cref="All"/>.</summary>
    /// <param name="name">A name such as "lapack" (case-sensitive, as the command line spells it).</param>
    public static Backend? Parse(string? name) => All.FirstOrDefault(b => b.Name == name);

    /// <summary>The name, as the command line spells it.</summary>
    public sealed override string ToString() => Name;

    /// <summary>The fastest backend available here, falling back step by step and saying which ran.</summary>
    public sealed record Auto() : Backend("auto");

    /// <summary>Managed code that always runs: MathNet's eigen-solver and the SIMD matrix kernels.</summary>
    public sealed record Managed() : Backend("managed");

    /// <summary>Native OpenBLAS: LAPACK's symmetric eigen-solver and dgemm.</summary>
    public sealed record Lapack() : Backend("lapack");

    /// <summary>Matrix kernels on a CUDA device (the optional GPU assembly supplies them).</summary>
    public sealed record Gpu() : Backend("gpu");
}
