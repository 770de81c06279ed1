using System.Text;
using System.Text.Json;
using Verifier.Landscape.Experiments;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Paths;
using Verifier.Proofs.SafranShamir2016;

namespace Verifier.Cli.Commands;

/// <summary>
/// Safran and Shamir's path, basin and basin-quality experiment, each side by side with tools/safran_shamir_peer.py (the
/// same computations in NumPy/SciPy, float64, proving nothing), sampled in turns. Both sides time the computation alone:
/// ours in process after one untimed call, the peer around its own call (Python's start-up and imports excluded).
/// Without Python, NumPy and SciPy the peer rows are left out, with a note, and ours are their own baselines.
/// </summary>
internal static partial class BenchSuite
{
    /// <summary>The NumPy/SciPy peer of the Safran–Shamir rows, relative to the repository root.</summary>
    public const string SafranShamirPeerScript = "tools/safran_shamir_peer.py";

    /// <summary>The goal of the basin-quality experiment row: at least 5 times faster than the peer on the same draws.</summary>
    public const double BasinExperimentGoal = 5;

    /// <summary>
    /// The rows: <see cref="MonotonePath.Build"/> on a bias-free 10-64-1 ReLU network, N = 256 (from the point with its
    /// last layer scaled to a high loss to the optimiser's end point); the basin value at the random points of
    /// <c>verifier generate mlp --layers 2,n,1 --activation relu --samples n --bias false --seed 1</c> for n = 12 and 32
    /// (and 64 with <c>--full</c>, where the peer's SLSQP takes about two minutes and is timed once); and the
    /// basin-quality experiment at its defaults (widths 3, 6, 12, 40 draws each, clustered data), the peer given the
    /// same draws. The notes compare the values.
    /// </summary>
    public static IEnumerable<BenchCase> SafranShamir(bool quick, TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        bool available = PeerProcesses.TryLocatePython(SafranShamirPeerScript, ["numpy", "scipy"], out var python, out var script, out var reason);
        if (!available)
        {
            notes.WriteLine($"bench: the numpy/scipy peer of the Safran-Shamir rows is not available ({reason}); only Verifier's side is timed");
        }

        const string Ours = "verifier";
        const string Peer = "numpy-scipy";
        string baseline = available ? Peer : Ours;
        var folder = new Lazy<string>(TemporaryFolder);

        // The peer's own median seconds over one call, and its value, from its JSON line.
        (double Seconds, JsonElement Value) RunPeer(params string[] arguments)
        {
            var (_, stdout) = PeerProcesses.Run(python, [script, .. arguments, "--repeat", "1"], ProcessTimeout);
            using var doc = JsonDocument.Parse(stdout);
            return (doc.RootElement.GetProperty("medianSeconds").GetDouble(), doc.RootElement.GetProperty("value").Clone());
        }

        // The monotone path.
        {
            const string Operation = "path-monotone";
            const string Title = "monotone path, built and proved";
            const string Size = "10-64-1 relu, N=256, no biases";
            var endpoints = new Lazy<(Instance Start, Instance Target)>(() =>
            {
                var instance = RandomInstance.Mlp(new NetworkSpec([10, 64, 1], Activation.Relu, Activation.Linear, bias: false), 256, LossKind.Mse, Seed);
                return (SafranShamirInstances.HighLossStart(instance), Optimizer.ResultInstance(instance, Optimizer.Optimize(instance, OptimizationOptions.Default with { MaxIterations = 200 })));
            });
            MonotonePathOutcome? ours = null;
            if (available)
            {
                yield return new BenchCase(Operation, Title, Size, Peer, baseline, () =>
                {
                    var start = Path.Combine(folder.Value, "path-start.json");
                    var target = Path.Combine(folder.Value, "path-target.json");
                    InstanceFile.Write(endpoints.Value.Start, start);
                    InstanceFile.Write(endpoints.Value.Target, target);
                    double final = double.NaN;
                    return BenchWork.Timed(
                        () =>
                        {
                            var (seconds, value) = RunPeer("path", start, target);
                            final = value.GetDouble();
                            return seconds;
                        },
                        () => Invariant($"{PathSamples} float64 samples of the same curve, nothing proved; final loss {final:G10} (ours {(ours is MonotonePathOutcome.Built b ? b.FinalLoss.ToDouble() : double.NaN):G10})"));
                });
            }

            yield return new BenchCase(Operation, Title, Size, Ours, baseline, () => BenchWork.InProcess(
                () => ours = MonotonePath.Build(endpoints.Value.Start, endpoints.Value.Target),
                () => ours is MonotonePathOutcome.Built { Monotone: true } built ? Invariant($"proved monotone on {built.Pieces} λ-intervals, exact losses at both ends") : "not proved"));
        }

        // The basin value at three sizes.
        foreach (int width in quick ? new[] { 12, 32 } : [12, 32, 64])
        {
            const string Operation = "basin-qp";
            const string Title = "basin value (QP over the activation cone)";
            var size = Invariant($"2-{width}-1 relu, N={width}, no biases");
            var point = new Lazy<Instance>(() => RandomInstance.Mlp(new NetworkSpec([2, width, 1], Activation.Relu, Activation.Linear, bias: false), width, LossKind.Mse, Seed));
            BasinOutcome? ours = null;
            if (available)
            {
                yield return new BenchCase(Operation, Title, size, Peer, baseline, () =>
                {
                    var file = Path.Combine(folder.Value, Invariant($"basin-{width}.json"));
                    InstanceFile.Write(point.Value, file);
                    double value = double.NaN;
                    double? once = null;
                    return BenchWork.Timed(
                        () =>
                        {
                            // At width 64 one SLSQP run takes minutes: it is run once and its time reported for every sample.
                            if (once is { } seconds)
                            {
                                return seconds;
                            }

                            var (s, v) = RunPeer("basin", file);
                            value = v.GetDouble();
                            once = width >= 64 ? s : null;
                            return s;
                        },
                        () => Invariant($"SLSQP in float64 (ftol 1e-12), nothing proved; value {value:G12} (ours {(ours is BasinOutcome.Solved solved ? solved.Value.ToDouble() : double.NaN):G12}){(width >= 64 ? "; run once" : "")}"));
                });
            }

            yield return new BenchCase(Operation, Title, size, Ours, baseline, () => BenchWork.InProcess(
                () => ours = BasinValue.Compute(point.Value),
                () => ours is BasinOutcome.Solved s ? Invariant($"exact, proved by KKT multipliers ({(s.FaceVerified ? "the float64 face verified exactly" : "the exact active-set method")})") : "undecided"));
        }

        // The basin-quality experiment on its default draws.
        {
            const string Operation = "basin-experiment";
            const string Title = "basin-quality experiment (P[L(W0) ≥ L(0)], good basins)";
            var parameters = new BasinParameters(Seed, 40, [3, 6, 12], "clustered", 4);
            var size = Invariant($"widths {string.Join(',', parameters.Widths)}, {parameters.Runs} draws each, clustered, N={parameters.Widths[0] * parameters.Samples}");
            var data = new Lazy<Instance>(() => BasinExperiment.Dataset(parameters));
            string ourCounts = "?";
            if (available)
            {
                yield return new BenchCase(Operation, Title, size, Peer, baseline, () =>
                {
                    var file = Path.Combine(folder.Value, "basin-draws.json");
                    File.WriteAllText(file, ExperimentDraws(data.Value, parameters));
                    string counts = "?";
                    return BenchWork.Timed(
                        () =>
                        {
                            var (seconds, value) = RunPeer("experiment", file);
                            counts = string.Join("; ", value.EnumerateArray().Select(c => Invariant($"{c.GetProperty("high").GetInt32()} high, {c.GetProperty("good").GetInt32()} good")));
                            return seconds;
                        },
                        () => $"SLSQP basins in float64 on the same draws: {counts} (ours: {ourCounts}); goal: Verifier at least 5x faster");
                });
            }

            yield return new BenchCase(Operation, Title, size, Ours, baseline, () => BenchWork.InProcess(
                () =>
                {
                    var report = BasinExperiment.Summarize(parameters, BasinExperiment.Run(data.Value, parameters, ShardSpec.Whole));
                    ourCounts = string.Join("; ", report.Rows.Select(r => Invariant($"{r.HighStart} high, {r.Good} good")));
                },
                () => "exact L(W0) ≥ L(0) and exact basin values, proved by KKT multipliers"), available ? BasinExperimentGoal : null);
        }
    }

    // The samples the peer's path mode takes: the straight line's and the rescaling's.
    private const int PathSamples = MonotonePath.PhaseOneSamples + 1 + MonotonePath.PhaseTwoSamples;

    /// <summary>The experiment's draws for the peer: the data, the threshold, and each draw's cell, W (n×d) and v.</summary>
    private static string ExperimentDraws(Instance data, BasinParameters parameters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteRows(json, "x", data.Data.XDouble, data.Data.InputWidth);
            json.WriteStartArray("y");
            foreach (double v in data.Data.YDouble)
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            json.WriteNumber("threshold", BasinExperiment.Epsilon.ToDouble());
            json.WriteStartArray("draws");
            for (int cell = 0; cell < parameters.Widths.Count; cell++)
            {
                for (int run = 0; run < parameters.Runs; run++)
                {
                    var point = BasinExperiment.Draw(data, parameters.Widths[cell], new Random(ShardSpec.ItemSeed(parameters.Seed, cell, run)));
                    var theta = point.Weights!.Select(r => r.ToDouble()).ToArray();
                    int n = parameters.Widths[cell], d = data.Data.InputWidth;
                    json.WriteStartObject();
                    json.WriteNumber("cell", cell);
                    WriteRows(json, "W", theta[..(n * d)], d);
                    json.WriteStartArray("v");
                    foreach (double v in theta[(n * d)..])
                    {
                        json.WriteNumberValue(v);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
