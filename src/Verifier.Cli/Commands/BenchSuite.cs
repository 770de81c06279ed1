using System.Globalization;
using System.Text.Json;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Eigen;
using Verifier.Numerics.Kernels;
using Verifier.Numerics.Krylov;
using Verifier.Numerics.Native;
using Verifier.Symbolic;
using Verifier.Symbolic.Compilation;

namespace Verifier.Cli.Commands;

/// <summary>
/// The rows of <c>verifier bench</c>. Each family yields one <see cref="BenchCase"/> per operation, size and
/// available backend; the inputs are built in <see cref="BenchCase.Prepare"/>, outside the timing. To add a
/// row, add a case to a family or a new family to <see cref="Cases"/>.
/// </summary>
internal static partial class BenchSuite
{
    /// <summary>The seed of every random input, so that runs compare like with like.</summary>
    public const int Seed = 1;

    /// <summary>Every row for the given settings, in table order; unavailable backends are noted on <paramref name="notes"/>.</summary>
    public static IEnumerable<BenchCase> Cases(BenchSettings settings, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(notes);
        return [.. SymbolicXorHessian(), .. InstanceReading(), .. DenseHessians(settings.Quick, notes), .. EigenProblems(settings.Quick, notes), .. AnalyzeAgainstFloor(notes), .. Curvature(settings.Quick, notes), .. MatrixFreeProcesses(settings.Quick, notes), .. KinkDecisions(), .. Training(), .. SafranShamir(settings.Quick, notes), .. FreemanBruna(settings.Quick, notes), .. SearchMultistart(notes)];
    }

    /// <summary>
    /// The symbolic Hessian of the 2-2-1 sigmoid network (biases, linear output, mse) on the four XOR points:
    /// building it, compiling it, and evaluating it interpreted and compiled.
    /// </summary>
    public static IEnumerable<BenchCase> SymbolicXorHessian()
    {
        const string Size = "2-2-1 sigmoid XOR, N=4, P=9";
        var instance = XorInstance();
        var names = SymbolicLoss.VariableNames(instance.Network);
        var point = instance.WeightsDouble();

        yield return new BenchCase("symbolic-hessian-build", "symbolic Hessian: build", Size, "symbolic", "symbolic",
            () => new BenchWork(() => Calculus.Hessian(SymbolicLoss.Build(instance), names)));
        yield return new BenchCase("symbolic-hessian-compile", "symbolic Hessian: compile", Size, "compiled", "compiled", () =>
        {
            var hessian = Calculus.Hessian(SymbolicLoss.Build(instance), names);
            return new BenchWork(() => Compiler.CompileSymmetric(hessian, names));
        });
        yield return new BenchCase("symbolic-hessian-build-compile", "symbolic Hessian: build + compile", Size, "compiled", "compiled",
            () => new BenchWork(() => Compiler.CompileHessian(SymbolicLoss.Build(instance), names)));

        const string Evaluate = "symbolic-hessian-evaluate";
        const string EvaluateTitle = "symbolic Hessian: one evaluation";
        yield return new BenchCase(Evaluate, EvaluateTitle, Size, "interpreted", "interpreted", () =>
        {
            var hessian = Calculus.Hessian(SymbolicLoss.Build(instance), names);
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            var matrix = new double[names.Length, names.Length];
            return new BenchWork(() =>
            {
                for (int k = 0; k < names.Length; k++)
                {
                    values[names[k]] = point[k];
                }

                for (int i = 0; i < names.Length; i++)
                {
                    for (int j = i; j < names.Length; j++)
                    {
                        matrix[i, j] = matrix[j, i] = DoubleEvaluator.Evaluate(hessian[i, j], values);
                    }
                }
            });
        });
        yield return new BenchCase(Evaluate, EvaluateTitle, Size, "compiled", "interpreted", () =>
        {
            var compiled = Compiler.CompileHessian(SymbolicLoss.Build(instance), names);
            var matrix = new double[names.Length, names.Length];
            return new BenchWork(() => compiled.Evaluate(point, matrix));
        });
    }

    /// <summary>
    /// Reading the 3.3 MB instance file of the matrix-free measurements (128-256-256-10 sigmoid, N = 1024, seed 1, as
    /// <c>verifier generate mlp</c> writes it) from its UTF-8 bytes in memory: the <see cref="InstanceFile"/> reader
    /// against <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> of the same bytes, the floor
    /// of any reader built on System.Text.Json (a tree of the same text, no number read).
    /// </summary>
    public static IEnumerable<BenchCase> InstanceReading()
    {
        const string Operation = "read-instance";
        const string Title = "read the 3.3 MB instance";
        const string Baseline = "json-document";
        var network = new NetworkSpec([128, 256, 256, 10], Activation.Sigmoid);
        var size = string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', network.Layers)} sigmoid, N=1024, P={network.ParameterCount}");
        byte[] File() => System.Text.Encoding.UTF8.GetBytes(InstanceFile.Format(RandomInstance.Mlp(network, 1024, LossKind.Mse, Seed)));
        yield return new BenchCase(Operation, Title, size, Baseline, Baseline, () =>
        {
            var bytes = File();
            return new BenchWork(() => JsonDocument.Parse(bytes).Dispose());
        });
        yield return new BenchCase(Operation, Title, size, "instance-reader", Baseline, () =>
        {
            var bytes = File();
            return new BenchWork(() => InstanceFile.Parse(bytes, "bench"));
        });
    }

    /// <summary>
    /// The full float64 Hessian of a sigmoid network with mse loss, by each assembly method: P Hessian-vector
    /// products by the R-operator (the baseline), and the batched assembly on each available matrix-kernel backend.
    /// </summary>
    public static IEnumerable<BenchCase> DenseHessians(bool quick, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var kernels = new List<IMatrixKernels> { ManagedMatrixKernels.Default };
        if (MatrixKernels.TryCreateOpenBlas(out var openBlas, out var reason))
        {
            kernels.Add(openBlas);
        }
        else
        {
            notes.WriteLine($"bench: the openblas matrix kernels are not available ({reason}); the batched Hessian runs on the managed ones only");
        }

        (int[] Layers, int Samples)[] sizes = quick
            ? [([10, 64, 1], 256)]
            : [([10, 64, 1], 256), ([10, 256, 1], 1024)];
        foreach (var (layers, samples) in sizes)
        {
            var network = new NetworkSpec(layers, Activation.Sigmoid);
            var size = string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', layers)} sigmoid, N={samples}, P={network.ParameterCount}");
            const string Operation = "dense-hessian";
            const string Title = "Hessian assembly";
            const string Baseline = "r-operator";
            yield return new BenchCase(Operation, Title, size, Baseline, Baseline, () =>
            {
                var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, Seed);
                var calculus = new NetworkCalculus<double, DoubleOps>(instance);
                var theta = instance.WeightsDouble();
                return new BenchWork(() => calculus.Hessian(theta));
            });
            foreach (var k in kernels)
            {
                yield return new BenchCase(Operation, Title, size, "batched-" + k.Name, Baseline, () =>
                {
                    var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, Seed);
                    var batched = new BatchedHessian(instance, k);
                    var theta = instance.WeightsDouble();
                    return new BenchWork(() => batched.Hessian(theta));
                });
            }
        }
    }

    /// <summary>Eigenvalues, and the full eigen-decomposition, of random symmetric matrices on each available backend.</summary>
    public static IEnumerable<BenchCase> EigenProblems(bool quick, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var solvers = new List<ISymmetricEigenSolver> { EigenSolvers.Managed };
        if (EigenSolvers.TryCreateLapack(out var lapack, out var reason))
        {
            solvers.Add(lapack);
        }
        else
        {
            notes.WriteLine($"bench: the lapack eigen backend is not available ({reason}); only the managed one is timed");
        }

        int[] sizes = quick ? [500] : [500, 1000, 2000];
        foreach (int n in sizes)
        {
            var size = string.Create(CultureInfo.InvariantCulture, $"n={n}");
            foreach (bool vectors in new[] { false, true })
            {
                var operation = vectors ? "eigen-decomposition" : "eigenvalues";
                var title = vectors ? "eigenvalues and vectors" : "eigenvalues only";
                foreach (var solver in solvers)
                {
                    yield return new BenchCase(operation, title, size, solver.Name, EigenSolvers.Managed.Name, () =>
                    {
                        var a = RandomSymmetric(n, Seed);
                        return vectors
                            ? new BenchWork(() => solver.Decompose(a, vectors: true))
                            : new BenchWork(() => solver.Eigenvalues(a));
                    });
                }
            }
        }
    }

    /// <summary>
    /// Matrix-free curvature of sigmoid MLPs with mse loss: one Hessian-vector product by the per-sample R-operator
    /// (the baseline) and by the batched R-operator on each available matrix-kernel backend; and the 5 largest
    /// eigenvalues by Lanczos at the default tolerance over those products (preparing the products at the point
    /// included; baseline the managed kernels). The full sizes include the 128-256-256-10 network on 1024 samples
    /// (P = 101,386) that the Python peers are measured on.
    /// </summary>
    public static IEnumerable<BenchCase> Curvature(bool quick, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var kernels = new List<IMatrixKernels> { ManagedMatrixKernels.Default };
        if (MatrixKernels.TryCreateOpenBlas(out var openBlas, out var reason))
        {
            kernels.Add(openBlas);
        }
        else
        {
            notes.WriteLine($"bench: the openblas matrix kernels are not available ({reason}); Hessian-vector products run on the managed ones only");
        }

        (int[] Layers, int Samples)[] sizes = quick
            ? [([20, 64, 64, 3], 256)]
            : [([20, 64, 64, 3], 256), ([128, 256, 256, 10], 1024)];
        foreach (var (layers, samples) in sizes)
        {
            var network = new NetworkSpec(layers, Activation.Sigmoid);
            var size = string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', layers)} sigmoid, N={samples}, P={network.ParameterCount}");
            const string Hvp = "hvp";
            const string HvpTitle = "Hessian-vector product";
            const string Baseline = "r-operator";
            yield return new BenchCase(Hvp, HvpTitle, size, Baseline, Baseline, () =>
            {
                var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, Seed);
                var calculus = new NetworkCalculus<double, DoubleOps>(instance);
                var theta = instance.WeightsDouble();
                var v = Direction(theta.Length);
                return new BenchWork(() => calculus.HessianVectorProduct(theta, v));
            });
            foreach (var k in kernels)
            {
                yield return new BenchCase(Hvp, HvpTitle, size, "batched-" + k.Name, Baseline, () =>
                {
                    var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, Seed);
                    var products = new HessianVectorProducts(instance, instance.WeightsDouble(), k);
                    var v = Direction(products.Dimension);
                    var hv = new double[v.Length];
                    return new BenchWork(() => products.Apply(v, hv));
                });
            }

            foreach (var k in kernels)
            {
                yield return new BenchCase("lanczos-top5", "Lanczos: 5 largest eigenvalues", size, k.Name, ManagedMatrixKernels.Default.Name, () =>
                {
                    var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, Seed);
                    var theta = instance.WeightsDouble();
                    var options = new LanczosOptions { Top = 5, Kernels = MatrixKernels.Fastest() };
                    return new BenchWork(() => Lanczos.Compute(new HessianVectorProducts(instance, theta, k), options));
                });
            }
        }
    }

    // A fixed direction with entries uniform in [−1, 1].
    private static double[] Direction(int length)
    {
        var rng = new Random(Seed);
        return [.. Enumerable.Range(0, length).Select(_ => (2 * rng.NextDouble()) - 1)];
    }

    /// <summary>The 2-2-1 sigmoid XOR instance of the examples (examples/instances/xor-2-2-1-sigmoid.json), built in code.</summary>
    public static Instance XorInstance()
    {
        var network = new NetworkSpec([2, 2, 1], Activation.Sigmoid, Activation.Linear, bias: true);
        var data = new Dataset(4, 2, 1, [0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0]);
        return new Instance("xor-2-2-1-sigmoid", network, LossKind.Mse, data, [1, -1, -1, 1, 0, 0, 1, 1, new Rational(-1, 2)]);
    }

    /// <summary>A symmetric matrix with independent standard normal entries on and above the diagonal.</summary>
    public static double[,] RandomSymmetric(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                a[i, j] = a[j, i] = RandomInstance.Gaussian(rng);
            }
        }

        return a;
    }
}
