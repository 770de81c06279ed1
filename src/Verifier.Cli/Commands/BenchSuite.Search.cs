using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Verifier.Generators;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Optimization;
using Verifier.Landscape.Search;

namespace Verifier.Cli.Commands;

/// <summary>
/// The multistart phase of <c>verifier search bad-local-min</c>, side by side with tools/multistart_torch.py (the same
/// runs in PyTorch, from the same start points on the same data).
/// </summary>
internal static partial class BenchSuite
{
    /// <summary>The index, in the sequence of seed <see cref="Seed"/>, of the dataset the multistart row optimises on.</summary>
    public const int MultistartDataset = 0;

    /// <summary>The iteration limit of each run, as in <see cref="BadMinimumSearch.Multistart"/>.</summary>
    public const int MultistartIterations = 3000;

    /// <summary>The peer script, relative to the repository root.</summary>
    public const string MultistartPeerScript = "tools/multistart_torch.py";

    /// <summary>
    /// <see cref="BadMinimumSearch.Multistart"/> on dataset <see cref="MultistartDataset"/> of the search's seed-1
    /// sequence (2-2-1 sigmoid, mse; the generator and the defaults of <c>verifier search bad-local-min</c>), one run
    /// per core at once; and, as the baseline, tools/multistart_torch.py on the same data from the same start points,
    /// which C# hands it. The peer is started once, outside the timing, with Python's and PyTorch's start-up and one
    /// untimed warm-up multistart; each timed call is then one multistart in the peer and a line each way on its pipes.
    /// The peer runs our optimiser's phases (L-BFGS to the hand-over gradient, then damped Newton polishing to our
    /// gradient tolerance, with our iteration limit and stall rule). The runs that converged and the best losses on each
    /// side, the peer's iterations, and the starts on which both sides ended at the same loss, go to
    /// <paramref name="notes"/>. Without Python and PyTorch (or the script) the peer's row is left out, with a note,
    /// and ours is its own baseline. In the small set: the peer takes about 1.5 s per multistart on two cores (ours about 30 ms).
    /// </summary>
    public static IEnumerable<BenchCase> SearchMultistart(TextWriter notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        const string Operation = "search-multistart";
        const string Ours = "verifier";
        const string Peer = "pytorch";
        var defaults = new BadMinimumSearchOptions(new NetworkSpec([2, 2, 1], Activation.Sigmoid), LossKind.Mse, Seed, TimeSpan.Zero);
        var network = defaults.Network;
        var datasets = InstanceGenerators.SearchDatasets(network.InputWidth, network.OutputWidth, BadMinimumSearchCommand.MinPoints, BadMinimumSearchCommand.DefaultMaxPoints);
        var instance = new Instance($"search-{Seed}-{MultistartDataset}", network, defaults.Loss, InstanceGenerators.Draw(datasets, Seed, MultistartDataset), null);
        var title = string.Create(CultureInfo.InvariantCulture, $"multistart phase of search bad-local-min ({defaults.Starts} starts)");
        var size = string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', network.Layers)} sigmoid, mse, N={instance.Data.Count}, P={network.ParameterCount}, seed {Seed} dataset {MultistartDataset}");
        MultistartLimit[] Multistart() => BadMinimumSearch.Multistart(instance, Seed, MultistartDataset, defaults.Starts, defaults.InitialScale, Environment.ProcessorCount);

        // Our limits, computed once (untimed) for the notes of both rows.
        var ours = new Lazy<MultistartLimit[]>(Multistart);
        bool available = MultistartPeer.TryLocate(out var python, out var script, out var reason);
        if (!available)
        {
            notes.WriteLine($"bench: the pytorch peer of {Operation} is not available ({reason}); only Verifier's side is timed");
        }

        string baseline = available ? Peer : Ours;
        if (available)
        {
            yield return new BenchCase(Operation, title, size, Peer, baseline, () =>
            {
                var starts = Enumerable.Range(0, defaults.Starts)
                    .Select(k => BadMinimumSearch.StartPoint(network.ParameterCount, Seed, MultistartDataset, k, defaults.InitialScale)).ToArray();
                var peer = MultistartPeer.Start(python, script, MultistartProblem(instance, starts), out var ready);
                notes.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"bench: {Operation} {Peer} (torch {ready.Torch}, {python}, {ready.Workers} worker processes of 1 thread): {Summary(ready.Losses, ready.Converged, ready.BestConvergedLoss)}, {ready.LbfgsIterations} L-BFGS and {ready.NewtonIterations} Newton iterations in all; the same final loss as {Ours} (within {BadMinimumSearchOptions.LevelGap:G2} relative) from {SameLevel(ours.Value, ready.Losses)} of {starts.Length} starts"));
                return new BenchWork(() => peer.Run());
            });
        }

        yield return new BenchCase(Operation, title, size, Ours, baseline, () =>
        {
            var limits = ours.Value;
            var converged = limits.Where(l => l.Converged).Select(l => l.Loss).ToArray();
            notes.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"bench: {Operation} {Ours} ({Environment.ProcessorCount} runs at once): {Summary([.. limits.Select(l => (double?)l.Loss)], converged.Length, converged.Length == 0 ? null : converged.Min())}"));
            return new BenchWork(() => Multistart());
        });
    }

    // "32 runs, 20 converged, best loss 0.0033 (of a converged run 0.0113)": the best end point can be a run that
    // drifted off towards infinity along a falling loss, which is no minimum.
    private static string Summary(double?[] losses, int converged, double? bestConverged)
    {
        var finite = losses.Where(l => l is { } v && double.IsFinite(v)).Select(l => l!.Value).ToArray();
        var best = finite.Length == 0 ? "none finite" : finite.Min().ToString("R", CultureInfo.InvariantCulture);
        var bestOfConverged = bestConverged is { } b ? b.ToString("R", CultureInfo.InvariantCulture) : "none";
        return string.Create(CultureInfo.InvariantCulture, $"{losses.Length} runs, {converged} converged, best loss {best} (of a converged run {bestOfConverged})");
    }

    // Starts on which both sides ended at the same loss level (the search's own level gap).
    private static int SameLevel(MultistartLimit[] ours, double?[] theirs)
    {
        int same = 0;
        for (int k = 0; k < Math.Min(ours.Length, theirs.Length); k++)
        {
            if (theirs[k] is { } b && ours[k].Loss is var a && double.IsFinite(a) && double.IsFinite(b)
                && Math.Abs(a - b) <= BadMinimumSearchOptions.LevelGap * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), 1e-12))
            {
                same++;
            }
        }

        return same;
    }

    /// <summary>
    /// The peer's problem as one line of JSON: the layer widths, the data as doubles, the start points, the settings of
    /// our optimiser that the peer mirrors (the iteration limit, the L-BFGS hand-over threshold and memory, the stall
    /// rule, the ceiling and factor of the gradient tolerance), and the loss at each start as Verifier computes it (the
    /// peer refuses to run when its own differ, which catches any difference in data or parameter order).
    /// </summary>
    public static string MultistartProblem(Instance instance, IReadOnlyList<double[]> starts)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(starts);
        var data = instance.Data;
        var calculus = new NetworkCalculus<double, DoubleOps>(instance);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("layers");
            foreach (int width in instance.Network.Layers)
            {
                json.WriteNumberValue(width);
            }

            json.WriteEndArray();
            WriteRows(json, "x", data.XDouble, data.InputWidth);
            WriteRows(json, "y", data.YDouble, data.OutputWidth);
            json.WriteStartArray("starts");
            foreach (var start in starts)
            {
                json.WriteStartArray();
                foreach (double v in start)
                {
                    json.WriteNumberValue(v);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            var optimizer = OptimizationOptions.Default;
            json.WriteNumber("maxIterations", MultistartIterations);
            json.WriteNumber("handOver", optimizer.PolishThreshold);
            json.WriteNumber("history", optimizer.LbfgsMemory);
            json.WriteNumber("stallIterations", optimizer.StallIterations);
            json.WriteNumber("gradientCeiling", OptimizationOptions.GradientCeiling);
            json.WriteNumber("toleranceFactor", optimizer.GradientToleranceFactor);
            json.WriteStartArray("startLosses");
            foreach (var start in starts)
            {
                json.WriteNumberValue(calculus.Loss(start));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRows(Utf8JsonWriter json, string name, IReadOnlyList<double> values, int width)
    {
        json.WriteStartArray(name);
        for (int i = 0; i < values.Count; i += width)
        {
            json.WriteStartArray();
            for (int j = 0; j < width; j++)
            {
                json.WriteNumberValue(values[i + j]);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    /// <summary>What the peer reports after a multistart.</summary>
    /// <param name="Seconds">The multistart's time as the peer measured it.</param>
    /// <param name="Converged">Runs whose gradient reached Verifier's tolerance.</param>
    /// <param name="BestConvergedLoss">The least loss of a converged run (null when none converged).</param>
    /// <param name="Losses">The final loss of each start, in order (null when not finite).</param>
    /// <param name="LbfgsIterations">L-BFGS iterations over all starts.</param>
    /// <param name="NewtonIterations">Newton iterations over all starts.</param>
    /// <param name="Torch">PyTorch's version (in the warm-up's report only).</param>
    /// <param name="Workers">Worker processes (in the warm-up's report only).</param>
    private sealed record PeerReport(double Seconds, int Converged, double? BestConvergedLoss, double?[] Losses, long LbfgsIterations, long NewtonIterations, string? Torch, int Workers)
    {
        public static PeerReport Parse(string line)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return new PeerReport(
                root.GetProperty("seconds").GetDouble(),
                root.GetProperty("converged").GetInt32(),
                root.GetProperty("bestConvergedLoss") is { ValueKind: JsonValueKind.Number } best ? best.GetDouble() : null,
                [.. root.GetProperty("losses").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)],
                root.GetProperty("lbfgsIterations").GetInt64(),
                root.GetProperty("newtonIterations").GetInt64(),
                root.TryGetProperty("torch", out var torch) ? torch.GetString() : null,
                root.TryGetProperty("workers", out var workers) ? workers.GetInt32() : 0);
        }
    }

    /// <summary>
    /// A running <c>tools/multistart_torch.py --serve</c>: it reads the problem from its first line of input, and runs the
    /// multistart once per line "run", answering with a line of JSON. It ends when its input closes: at
    /// <see cref="Dispose"/>, which runs when this process exits, or when this process dies.
    /// </summary>
    private sealed class MultistartPeer : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _errors = new();

        private MultistartPeer(Process process)
        {
            _process = process;
        }

        /// <summary>Finds the script and a Python with PyTorch (see <see cref="PeerProcesses.TryLocatePython"/>).</summary>
        public static bool TryLocate(out string python, out string script, out string reason) =>
            PeerProcesses.TryLocatePython(MultistartPeerScript, ["torch"], out python, out script, out reason);

        /// <summary>Starts the peer, sends it the problem and waits for its warm-up multistart, whose report is <paramref name="ready"/>.</summary>
        /// <exception cref="InvalidOperationException">The peer failed before it was ready.</exception>
        public static MultistartPeer Start(string python, string script, string problem, out PeerReport ready)
        {
            var info = new ProcessStartInfo(python)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardInputEncoding = new UTF8Encoding(false),
            };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add("--serve");
            info.ArgumentList.Add("--workers");
            info.ArgumentList.Add(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture));
            var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python} {script}");
            var peer = new MultistartPeer(process);
            process.ErrorDataReceived += (_, e) =>
            {
                lock (peer._errors)
                {
                    peer._errors.AppendLine(e.Data);
                }
            };
            process.BeginErrorReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => peer.Dispose();
            process.StandardInput.WriteLine(problem);
            process.StandardInput.Flush();
            ready = peer.Read();
            return peer;
        }

        /// <summary>One multistart in the peer.</summary>
        /// <exception cref="InvalidOperationException">The peer failed.</exception>
        public PeerReport Run()
        {
            _process.StandardInput.WriteLine("run");
            _process.StandardInput.Flush();
            return Read();
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or Win32Exception)
            {
                // Already gone.
            }

            _process.Dispose();
        }

        private PeerReport Read()
        {
            var line = _process.StandardOutput.ReadLine();
            if (line is null)
            {
                _process.WaitForExit(5000);
                string errors;
                lock (_errors)
                {
                    errors = _errors.ToString().Trim();
                }

                throw new InvalidOperationException($"the pytorch peer {MultistartPeerScript} stopped: {(errors.Length == 0 ? "no message" : errors)}");
            }

            return PeerReport.Parse(line);
        }
    }
}
