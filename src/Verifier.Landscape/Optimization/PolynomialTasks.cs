using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Symbolic;

namespace Verifier.Landscape.Optimization;

/// <summary>The polynomial regression targets of Freeman and Bruna's Figure 1 experiments.</summary>
public enum PolynomialKind
{
    /// <summary>y = 0.5x² + 0.25x + 0.1.</summary>
    Quadratic,

    /// <summary>y = 8x³ − 10x² + 3x.</summary>
    Cubic,
}

/// <summary>
/// The polynomial regression tasks of Freeman and Bruna (2017, §3.3–3.4), in one place for <c>train --data</c>,
/// <c>generate task</c> and the experiments: inputs x ~ U[0, 1), targets a fixed polynomial of x, a 1-4-4-1 network with
/// sigmoid hidden layers, a linear output and biases, the mean absolute error, and the paper's N(0, 1) start.
/// </summary>
/// <remarks>
/// Targets are the polynomial evaluated in float64 at the input's double (Horner's rule), so a file's targets are within
/// a few ulps of the exact polynomial of its inputs. The authors' scripts draw x with NumPy's uniform generator; here
/// the draws come from <see cref="SeededUniforms"/>, so the numbers differ but the distribution is the same.
/// </remarks>
public static class PolynomialTasks
{
    /// <summary>The size of the paper's fixed test set and of its training batches.</summary>
    public const int PaperPoints = 10_000;

    /// <summary>The network of the experiments: 1-4-4-1, sigmoid after each hidden layer, linear output, with biases.</summary>
    public static NetworkSpec Network { get; } = new([1, 4, 4, 1], Activation.Sigmoid, Activation.Linear, bias: true);

    /// <summary>The lowercase name of a task ("quadratic" or "cubic").</summary>
    public static string Name(PolynomialKind kind) => kind switch
    {
        PolynomialKind.Quadratic => "quadratic",
        PolynomialKind.Cubic => "cubic",
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>Parses a task name; null when unknown.</summary>
    public static PolynomialKind? Parse(string? name) => name switch
    {
        "quadratic" => PolynomialKind.Quadratic,
        "cubic" => PolynomialKind.Cubic,
        _ => null,
    };

    /// <summary>The accepted task names, for error messages.</summary>
    public const string List = "quadratic, cubic";

    /// <summary>The target y(x) in float64 (Horner's rule).</summary>
    public static double Evaluate(PolynomialKind kind, double x) => kind switch
    {
        PolynomialKind.Quadratic => (((0.5 * x) + 0.25) * x) + 0.1,
        PolynomialKind.Cubic => (((8.0 * x) - 10.0) * x + 3.0) * x,
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>
    /// The instance of one task: <paramref name="testPoints"/> seeded test points x ~ U[0, 1) (rounded to
    /// <see cref="RandomInstance.SignificantDigits"/> significant digits) with their targets, and a seeded start with
    /// N(0, 1) weights and biases (the paper's initialization), rounded likewise.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one test point.</exception>
    public static Instance TestInstance(PolynomialKind kind, int testPoints, int seed, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(testPoints, 1);
        var rng = new Random(seed);
        var x = new Rational[testPoints];
        var y = new Rational[testPoints];
        for (int i = 0; i < testPoints; i++)
        {
            x[i] = RandomInstance.Round(rng.NextDouble());
            y[i] = RandomInstance.Round(Evaluate(kind, x[i].ToDouble()));
        }

        var theta = new Rational[Network.ParameterCount];
        for (int k = 0; k < theta.Length; k++)
        {
            theta[k] = RandomInstance.Round(RandomInstance.Gaussian(rng));
        }

        name ??= $"{Name(kind)}-1-4-4-1-sigmoid-mae-test{testPoints}-seed{seed}";
        return new Instance(name, Network, LossKind.Mae, new Dataset(testPoints, 1, 1, x, y), theta);
    }

    /// <summary>A seeded stream of fresh batches of <paramref name="batchSize"/> points of the task (see <see cref="PolynomialTask"/>).</summary>
    public static PolynomialTask Stream(PolynomialKind kind, int batchSize, int seed) => new(kind, batchSize, seed);
}

/// <summary>
/// A seeded stream of training batches of one polynomial task: batch s holds <see cref="BatchSize"/> fresh points
/// x ~ U[0, 1) with y = the polynomial (in float64), a function of (seed, s) alone, so a run is reproducible bit for bit
/// and any batch can be drawn without the ones before it. Each step is one epoch of the stream.
/// </summary>
public sealed class PolynomialTask : ITrainingData
{
    /// <summary>Creates the stream.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A batch size below 1.</exception>
    public PolynomialTask(PolynomialKind kind, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Kind = kind;
        BatchSize = batchSize;
        Seed = seed;
    }

    /// <summary>The target polynomial.</summary>
    public PolynomialKind Kind { get; }

    /// <summary>The seed of the stream.</summary>
    public int Seed { get; }

    /// <inheritdoc/>
    public int BatchSize { get; }

    /// <inheritdoc/>
    public int InputWidth => 1;

    /// <inheritdoc/>
    public int OutputWidth => 1;

    /// <inheritdoc/>
    public int StepsPerEpoch => 1;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Fill(long batchIndex, Span<double> x, Span<double> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        if (x.Length < BatchSize || y.Length < BatchSize)
        {
            throw new ArgumentException($"The batch needs room for {BatchSize} inputs and targets.", nameof(x));
        }

        var uniforms = new SeededUniforms(Seed, batchIndex);
        for (int i = 0; i < BatchSize; i++)
        {
            double u = uniforms.Next();
            x[i] = u;
            y[i] = PolynomialTasks.Evaluate(Kind, u);
        }
    }
}
