using System.Text.Json;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Proofs.FreemanBruna2017;

namespace Verifier.Cli.Commands;

/// <summary>
/// Freeman and Bruna's polynomial task side by side with tools/freeman_bruna_peer.py (the same work in PyTorch, float64,
/// its default threads): one Adam step on a fresh 10 000-point batch, and one whole DSS at L₀ = 0.01 between the same two
/// trained endpoints (the scripts' variant, beads trained on fresh batches). Both sides time the work alone: ours in
/// process after one untimed call, the peer around its own work. The two DSS runs draw different batches, so their strings
/// differ: the note gives each side's beads and Adam steps, and the ratio per step. Without Python and PyTorch only our
/// side is timed.
/// </summary>
internal static partial class BenchSuite
{
    /// <summary>The PyTorch peer of the Freeman–Bruna rows, relative to the repository root.</summary>
    public const string FreemanBrunaPeerScript = "tools/freeman_bruna_peer.py";

    /// <summary>The goal of the DSS row: at least 10 times faster than the PyTorch script.</summary>
    public const double DssGoal = 10;

    /// <summary>The DSS row's level.</summary>
    public const double DssLevel = 0.01;

    /// <summary>The rows: Adam steps, and (with <c>--full</c>: minutes on the peer's side) one DSS on the quadratic task.</summary>
    public static IEnumerable<BenchCase> FreemanBruna(bool quick, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        bool available = PeerProcesses.TryLocatePython(FreemanBrunaPeerScript, ["torch"], out var python, out var script, out var reason);
        if (!available)
        {
            notes.WriteLine($"bench: the PyTorch peer of the Freeman-Bruna rows is not available ({reason}); only Verifier's side is timed");
        }

        const string Ours = "verifier";
        const string Peer = "pytorch";
        string baseline = available ? Peer : Ours;
        var folder = new Lazy<string>(TemporaryFolder);
        int batch = PolynomialTasks.PaperPoints;

        (double Seconds, JsonElement Value) RunPeer(params string[] arguments)
        {
            var (_, stdout) = PeerProcesses.Run(python, [script, .. arguments], ProcessTimeout);
            using var doc = JsonDocument.Parse(stdout);
            return (doc.RootElement.GetProperty("medianSeconds").GetDouble(), doc.RootElement.GetProperty("value").Clone());
        }

        // One Adam step.
        {
            const string Operation = "adam-step";
            const string Title = "one Adam step on a fresh batch (batch, loss, gradient, update)";
            const string Size = "quadratic task, 1-4-4-1 sigmoid, mae, B=10000, float64";
            if (available)
            {
                yield return new BenchCase(Operation, Title, Size, Peer, baseline, () => BenchWork.Timed(() => RunPeer("step", "--task", "quadratic", "--batch", Invariant(batch), "--steps", "200").Seconds));
            }

            yield return new BenchCase(Operation, Title, Size, Ours, baseline, () =>
            {
                var test = PolynomialTasks.TestInstance(PolynomialKind.Quadratic, 1, Seed);
                var start = test.WeightsDouble();
                var stream = PolynomialTasks.Stream(PolynomialKind.Quadratic, batch, Seed);
                const int Steps = 200;

                // Training checks its stop rules on the one-point test set every Steps steps only: the time is the steps'.
                var options = new TrainingOptions(TrainingMethod.Adam, 1e-3, Steps, Seed, StopAtZeroError: false, BatchSize: batch, TestEvery: Steps);
                return BenchWork.Timed(() =>
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    Landscape.Optimization.Training.Train(test, start, options, stream);
                    return clock.Elapsed.TotalSeconds / Steps;
                });
            });
        }

        // One DSS at L0 = 0.01 between two endpoints trained to it.
        if (!quick)
        {
            const string Operation = "dss";
            var title = Invariant($"one DSS (the scripts' variant) at L0 = {DssLevel}");
            const string Size = "quadratic task, 1-4-4-1 sigmoid, mae, B=10000, 10000 test points";
            var endpoints = new Lazy<(Instance Test, double[] A, double[] B, string FileA, string FileB)>(() => Endpoints(folder.Value));
            DssResult? ours = null;
            double oursSeconds = double.NaN;
            if (available)
            {
                yield return new BenchCase(Operation, title, Size, Peer, baseline, () =>
                {
                    var (_, _, _, fileA, fileB) = endpoints.Value;
                    int beads = 0;
                    long steps = 0;
                    double seconds = double.NaN;
                    return BenchWork.Timed(
                        () =>
                        {
                            var (s, value) = RunPeer("dss", fileA, fileB, "--level", Invariant(DssLevel), "--task", "quadratic", "--batch", Invariant(batch));
                            beads = value.GetProperty("beads").GetInt32();
                            steps = value.GetProperty("steps").GetInt64();
                            seconds = s;
                            return s;
                        },
                        () => Invariant($"{beads} beads, {steps} Adam steps ({seconds / Math.Max(1, steps) * 1e6:0} µs per step, the check included); ours {ours?.Beads.Count} beads, {ours?.TrainingSteps} steps ({oursSeconds / Math.Max(1, ours?.TrainingSteps ?? 1) * 1e6:0} µs per step)"));
                });
            }

            yield return new BenchCase(Operation, title, Size, Ours, baseline, () =>
            {
                var (test, a, b, _, _) = endpoints.Value;
                var training = new TrainingOptions(TrainingMethod.Adam, 1e-3, 50_000, Seed, StopAtZeroError: false, BatchSize: batch, TestEvery: TrainCommand.StreamTestEvery);
                var options = new DssOptions(DssVariant.Scripts, DssLevel, training, Seed: Seed);
                var trainer = StringSampling.BeadTrainer(test, training, s => PolynomialTasks.Stream(PolynomialKind.Quadratic, batch, s));
                return BenchWork.Timed(
                    () =>
                    {
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        ours = StringSampling.Run(test, a, b, options, trainer);
                        oursSeconds = clock.Elapsed.TotalSeconds;
                        return oursSeconds;
                    },
                    () => ours is null ? null : Invariant($"{(ours.Connected ? "connected" : "not connected")}, {ours.Beads.Count} beads, ℓ = {ours.NormalizedLength:0.000}, {ours.TrainingSteps} Adam steps"));
            }, available ? DssGoal : null);
        }
    }

    // Two models of the quadratic task from N(0, 1) starts (seeds 1, 2) trained to L0 on the paper's test set, as files.
    private static (Instance Test, double[] A, double[] B, string FileA, string FileB) Endpoints(string folder)
    {
        var test = PolynomialTasks.TestInstance(PolynomialKind.Quadratic, PolynomialTasks.PaperPoints, Seed);
        var files = new string[2];
        var points = new double[2][];
        for (int e = 0; e < 2; e++)
        {
            var options = new TrainingOptions(TrainingMethod.Adam, 1e-3, 200_000, Seed + e, StopAtZeroError: false, TargetLoss: DssLevel, BatchSize: PolynomialTasks.PaperPoints, TestEvery: TrainCommand.StreamTestEvery);
            var result = Landscape.Optimization.Training.Train(test, Figure1.Start(new Random(Seed + e)), options, PolynomialTasks.Stream(PolynomialKind.Quadratic, PolynomialTasks.PaperPoints, Seed + e));
            points[e] = result.Theta;
            files[e] = Path.Combine(folder, Invariant($"dss-endpoint-{e + 1}.json"));
            InstanceFile.Write(test.WithWeights(Optimizer.ShortestDecimals(result.Theta)), files[e]);
        }

        return (test, points[0], points[1], files[0], files[1]);
    }
}
