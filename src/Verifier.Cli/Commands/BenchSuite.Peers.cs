using System.Globalization;
using System.Text.Json;
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Services;
using Verifier.Numerics.Backends;
using Verifier.Numerics.Eigen;
using Verifier.Symbolic;

namespace Verifier.Cli.Commands;

/// <summary>
/// The rows of <c>verifier bench</c> that are measured side by side with a peer in the same run: <c>analyze</c> against
/// the machine's LAPACK floor (tools/eigvalsh_floor.py), and, with <c>--full</c>, <c>hessian --method lanczos</c> against
/// ARPACK over PyTorch products (tools/arpack_reference.py) and <c>analyze</c> at a critical point beyond the dense limit.
/// </summary>
internal static partial class BenchSuite
{
    /// <summary>The LAPACK-floor peer of the analyze row, relative to the repository root.</summary>
    public const string EigvalshFloorScript = "tools/eigvalsh_floor.py";

    /// <summary>The ARPACK peer of the Lanczos rows, relative to the repository root.</summary>
    public const string ArpackPeerScript = "tools/arpack_reference.py";

    /// <summary>The ARPACK tolerance of the peer runs: 1e-10 relative accuracy of its Ritz values, so that both sides' eigenvalues agree to far better than <see cref="LanczosAgreement"/>.</summary>
    public const double ArpackTolerance = 1e-10;

    /// <summary>
    /// The agreement asked of the Lanczos rows: both sides' eigenvalues within 1e-9 of the largest magnitude listed.
    /// Each side's residuals bound its error (ours by 1e-8·‖H‖, ARPACK's at tol 1e-10 far less), and the error of an
    /// eigenvalue is of the order of the residual squared over the gap, so 1e-9 holds with a wide margin.
    /// </summary>
    public const double LanczosAgreement = 1e-9;

    /// <summary>The goal of the analyze row: at most 1.3 times the floor's time (the floor plus the Hessian's assembly), i.e. a speed-up of at least 1/1.3.</summary>
    public const double AnalyzeFloorGoal = 1 / 1.3;

    /// <summary>The goal of the top-5 Lanczos row: at least 3 times faster than ARPACK, whole process, start-up subtracted.</summary>
    public const double LanczosTopGoal = 3;

    /// <summary>The goal of the bottom-5 Lanczos row: at least 2 times faster than ARPACK, whole process, start-up subtracted.</summary>
    public const double LanczosBottomGoal = 2;

    // Runs of a start-up command whose median is subtracted from each process's wall time.
    private const int StartUpRuns = 3;

    // Samples of the matrix-free network (as in the README's measurements and the issue).
    private const int MatrixFreeSamples = 1024;

    // A peer or our own process that runs this long has hung.
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// <c>analyze</c>'s work in process (the batched Hessian, all its eigenvalues, the classification; the backend as
    /// <c>analyze</c> resolves it) on a 10-256-1 sigmoid network with 1024 samples (P = 3073, the instance of
    /// <c>verifier generate mlp --layers 10,256,1 --activation sigmoid --samples 1024 --seed 1</c>), against NumPy's
    /// <c>eigvalsh</c> on a random symmetric matrix of order P, timed by the peer around the call alone: the floor any
    /// dense spectrum pays on this machine. Goal: at most 1.3× the floor. A third row times <c>analyze --inertia-only</c>
    /// (the LDLᵀ pivots instead of the eigenvalues), which has no goal. The rows are sampled in turns. Without
    /// Python and NumPy the peer's row is left out, with a note, and ours is its own baseline.
    /// </summary>
    public static IEnumerable<BenchCase> AnalyzeAgainstFloor(TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        const string Operation = "analyze";
        const string Title = "analyze (Hessian + all eigenvalues + classification) vs the eigvalsh floor";
        const string Peer = "numpy-eigvalsh";
        const string Ours = "verifier";
        const int Samples = 1024;
        var network = new NetworkSpec([10, 256, 1], Activation.Sigmoid);
        int p = network.ParameterCount;
        var size = string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', network.Layers)} sigmoid, N={Samples}, P={p}");
        bool available = PeerProcesses.TryLocatePython(EigvalshFloorScript, ["numpy"], out var python, out var script, out var reason);
        if (!available)
        {
            notes.WriteLine($"bench: the numpy peer of {Operation} is not available ({reason}); only Verifier's side is timed");
        }

        string baseline = available ? Peer : Ours;
        if (available)
        {
            yield return new BenchCase(Operation, Title, size, Peer, baseline, () =>
            {
                string numpy = "?";
                return BenchWork.Timed(
                    () =>
                    {
                        var (_, stdout) = PeerProcesses.Run(python, [script, "--n", Invariant(p), "--seed", Invariant(Seed), "--repeat", "1"], ProcessTimeout);
                        using var doc = JsonDocument.Parse(stdout);
                        numpy = doc.RootElement.GetProperty("numpy").GetString() ?? "?";
                        return doc.RootElement.GetProperty("median").GetDouble();
                    },
                    () => $"NumPy {numpy} eigvalsh (LAPACK dsyevd, values only) on a random symmetric {p}x{p} matrix, timed by {EigvalshFloorScript} around the call ({python})");
            });
        }

        foreach (bool inertiaOnly in new[] { false, true })
        {
            yield return new BenchCase(Operation, Title, size, inertiaOnly ? Ours + " --inertia-only" : Ours, baseline, () =>
            {
                var instance = RandomInstance.Mlp(network, Samples, LossKind.Mse, Seed);
                var resources = ServiceCall.Resources(DenseHessianBudget.AvailableBytes);
                var request = new AnalysisRequest(instance, new Backend.Auto(), InertiaOnly: inertiaOnly);

                PointAnalysisReport? last = null;
                return BenchWork.InProcess(
                    () => last = AnalysisService.Analyze(request, resources),
                    () => $"{ClassificationNames.Of(last!.Analysis.Classification)}, {(inertiaOnly ? "factorization" : "eigen-solver")} {last.Analysis.EigenBackend}, in process after one untimed call{(inertiaOnly ? "" : "; goal: at most 1.3x the floor")}");
            }, available && !inertiaOnly ? AnalyzeFloorGoal : null);
        }
    }

    /// <summary>
    /// With <c>--full</c> (none in the quick set): on the 128-256-256-10 sigmoid network with 1024 samples (P = 101,386,
    /// <c>verifier generate mlp --layers 128,256,256,10 --activation sigmoid --samples 1024 --seed 1</c>, written to a
    /// temporary folder), whole processes timed from outside, each less the median start-up of its kind of process
    /// (ours: <c>verifier --version</c>; the peer's: Python importing NumPy, SciPy and PyTorch):
    /// <c>verifier hessian FILE --method lanczos --top 5</c> and <c>--bottom 5</c> (the defaults otherwise: tolerance,
    /// backend, multiplicity check) against <c>tools/arpack_reference.py FILE --k 5 --which LA|SA --tol 1e-10 --reps 0</c>
    /// (ARPACK <c>eigsh</c> over PyTorch double-backward products, then its residuals); and <c>verifier analyze</c> at a
    /// critical point of that network (every weight 0, each output bias the mean of its target: the hidden units are
    /// constant and the output weights 0, so the gradient vanishes for any smooth activation), our side only. The
    /// notes say how far the two sides' eigenvalues are apart, and the products each used.
    /// </summary>
    public static IEnumerable<BenchCase> MatrixFreeProcesses(bool quick, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (quick)
        {
            yield break;
        }

        var network = new NetworkSpec([128, 256, 256, 10], Activation.Sigmoid);
        var size = string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', network.Layers)} sigmoid, N={MatrixFreeSamples}, P={network.ParameterCount}");
        var files = new Lazy<MatrixFreeFiles>(() => MatrixFreeFiles.Write(network, MatrixFreeSamples));
        var (own, prefix) = PeerProcesses.OwnCommand();
        var ownStartUp = new Lazy<double>(() => PeerProcesses.MedianSeconds(own, [.. prefix, "--version"], StartUpRuns, ProcessTimeout));
        bool available = PeerProcesses.TryLocatePython(ArpackPeerScript, ["numpy", "scipy", "torch"], out var python, out var script, out var reason);
        var peerStartUp = new Lazy<double>(() => PeerProcesses.MedianSeconds(python, ["-c", "import numpy, scipy.sparse.linalg, torch"], StartUpRuns, ProcessTimeout));
        if (!available)
        {
            notes.WriteLine($"bench: the ARPACK peer of the lanczos rows is not available ({reason}); only Verifier's side is timed");
        }

        const string Peer = "arpack-pytorch";
        const string Ours = "verifier";
        foreach (var (end, which, goal) in new[] { ("top", "LA", LanczosTopGoal), ("bottom", "SA", LanczosBottomGoal) })
        {
            var operation = $"lanczos-{end}5-process";
            var title = $"hessian --method lanczos --{end} 5, whole process less start-up";
            string baseline = available ? Peer : Ours;
            LanczosSide? theirs = null;
            if (available)
            {
                yield return new BenchCase(operation, title, size, Peer, baseline, () =>
                {
                    double startUp = peerStartUp.Value;
                    string path = files.Value.Instance;
                    return BenchWork.Timed(
                        () =>
                        {
                            var (seconds, stdout) = PeerProcesses.Run(python, [script, path, "--k", "5", "--which", which, "--tol", Invariant(ArpackTolerance), "--reps", "0"], ProcessTimeout);
                            theirs = LanczosSide.FromArpack(stdout);
                            return seconds - startUp;
                        },
                        () => theirs is null ? null : string.Create(
                            CultureInfo.InvariantCulture,
                            $"{theirs.Products} products in eigsh (tol {ArpackTolerance:G2}) and {theirs.ExtraProducts} for the residuals, eigsh {theirs.IterationSeconds:F2} s; Python start-up with the imports, {startUp:F2} s, subtracted ({python})"));
                });
            }

            yield return new BenchCase(operation, title, size, Ours, baseline, () =>
            {
                double startUp = ownStartUp.Value;
                string path = files.Value.Instance;
                LanczosSide? ours = null;
                return BenchWork.Timed(
                    () =>
                    {
                        var (seconds, stdout) = PeerProcesses.Run(own, [.. prefix, "hessian", path, "--method", "lanczos", "--" + end, "5", "--format", "json"], ProcessTimeout);
                        ours = LanczosSide.FromVerifier(stdout);
                        return seconds - startUp;
                    },
                    () => ours is null ? null : LanczosNote(ours, theirs, startUp));
            }, available ? goal : null);
        }

        yield return new BenchCase("analyze-critical-process", "analyze at a critical point beyond the dense limit, whole process less start-up", size, Ours, Ours, () =>
        {
            double startUp = ownStartUp.Value;
            string path = files.Value.CriticalPoint;
            string? finding = null;
            return BenchWork.Timed(
                () =>
                {
                    var (seconds, stdout) = PeerProcesses.Run(own, [.. prefix, "analyze", path, "--format", "json"], ProcessTimeout);
                    using var doc = JsonDocument.Parse(stdout);
                    var root = doc.RootElement;
                    finding = root.GetProperty("classification").GetString();
                    if (root.TryGetProperty("lanczos", out var lanczos) && lanczos.ValueKind == JsonValueKind.Object)
                    {
                        finding += string.Create(CultureInfo.InvariantCulture, $" from Lanczos at both ends ({lanczos.GetProperty("products").GetInt32()} products; smallest Ritz value {lanczos.GetProperty("smallest").GetDouble():G3}, largest {lanczos.GetProperty("largest").GetDouble():G4})");
                    }

                    return seconds - startUp;
                },
                () => finding is null ? null : string.Create(CultureInfo.InvariantCulture, $"{finding}; our start-up, {startUp:F2} s, subtracted"));
        });
    }

    // "eigenvalues agree with ARPACK's to 3.1e-15 of the largest |λ| listed (goal 1e-9); 42 products (12 of them in the
    // multiplicity check), 0 restarts; our start-up, 0.07 s, subtracted".
    private static string LanczosNote(LanczosSide ours, LanczosSide? theirs, double startUp)
    {
        var agreement = "";
        if (theirs is not null && theirs.Eigenvalues.Length == ours.Eigenvalues.Length)
        {
            double scale = ours.Eigenvalues.Concat(theirs.Eigenvalues).Max(Math.Abs);
            double gap = ours.Eigenvalues.Zip(theirs.Eigenvalues, (a, b) => Math.Abs(a - b)).Max();
            double relative = scale > 0 ? gap / scale : gap;
            agreement = string.Create(CultureInfo.InvariantCulture, $"eigenvalues agree with ARPACK's to {relative:G2} of the largest |λ| listed ({(relative <= LanczosAgreement ? "within" : "OUTSIDE")} the goal {LanczosAgreement:G1}); ");
        }
        else if (theirs is not null)
        {
            agreement = "ARPACK listed a different number of eigenvalues; ";
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{agreement}{ours.Products} products ({ours.ExtraProducts} of them in the multiplicity check), {ours.Restarts} restarts, iteration {ours.IterationSeconds:F2} s; our start-up, {startUp:F2} s, subtracted");
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>What one side of a Lanczos row reported.</summary>
    /// <param name="Eigenvalues">The eigenvalues, ascending.</param>
    /// <param name="Products">Hessian-vector products of the iteration (ours: the multiplicity check included).</param>
    /// <param name="ExtraProducts">Ours: those of the multiplicity check; ARPACK's: those of its residuals.</param>
    /// <param name="Restarts">Thick restarts (ours; 0 for ARPACK, which does not report them).</param>
    /// <param name="IterationSeconds">The iteration's time as the side measured it.</param>
    private sealed record LanczosSide(double[] Eigenvalues, int Products, int ExtraProducts, int Restarts, double IterationSeconds)
    {
        public static LanczosSide FromVerifier(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            int check = root.TryGetProperty("multiplicityCheck", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetProperty("products").GetInt32() : 0;
            return new LanczosSide(
                [.. root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble())],
                root.GetProperty("products").GetInt32(),
                check,
                root.GetProperty("restarts").GetInt32(),
                root.GetProperty("eigenSeconds").GetDouble());
        }

        public static LanczosSide FromArpack(string json)
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var values = root.GetProperty("eigenvalues").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            return new LanczosSide(values, root.GetProperty("eigshProducts").GetInt32(), values.Length, 0, root.GetProperty("eigshSeconds").GetDouble());
        }
    }

    /// <summary>A new temporary folder for the files a peer reads, deleted when this process exits.</summary>
    internal static string TemporaryFolder()
    {
        var folder = Directory.CreateTempSubdirectory("verifier-bench-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A temporary folder left behind is harmless.
            }
        };
        return folder;
    }

    /// <summary>
    /// The instance files of the matrix-free rows, in a temporary folder removed when this process exits: the seeded
    /// random instance, and the same network and data at a critical point.
    /// </summary>
    /// <param name="Instance">The random instance (its own random weights).</param>
    /// <param name="CriticalPoint">Every weight 0, each output bias the mean of its target over the samples.</param>
    private sealed record MatrixFreeFiles(string Instance, string CriticalPoint)
    {
        public static MatrixFreeFiles Write(NetworkSpec network, int samples)
        {
            var folder = TemporaryFolder();
            var instance = RandomInstance.Mlp(network, samples, LossKind.Mse, Seed);
            var files = new MatrixFreeFiles(Path.Combine(folder, "mlp.json"), Path.Combine(folder, "critical.json"));
            InstanceFile.Write(instance, files.Instance);
            InstanceFile.Write(CriticalPointOf(instance), files.CriticalPoint);
            return files;
        }
    }

    /// <summary>
    /// The instance at a critical point of its loss (mse or sse): every weight and bias 0 except the output biases, each
    /// the exact mean of its target. The last hidden layer's outputs are then the same on every sample and the output
    /// is the bias, so the residuals sum to 0 on each output: the output weights' and biases' gradients vanish, and
    /// with the output weights 0 no gradient reaches the hidden layers.
    /// </summary>
    public static Instance CriticalPointOf(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var network = instance.Network;
        if (!network.Bias)
        {
            throw new ArgumentException("The construction needs output biases.", nameof(instance));
        }

        var data = instance.Data;
        var weights = new Rational[network.ParameterCount];
        int outputs = network.OutputWidth;
        for (int j = 0; j < outputs; j++)
        {
            var sum = Rational.Zero;
            for (int i = 0; i < data.Count; i++)
            {
                sum += data.Y(i, j);
            }

            weights[network.ParameterCount - outputs + j] = sum / new Rational(data.Count);
        }

        return instance.WithWeights(weights);
    }
}
