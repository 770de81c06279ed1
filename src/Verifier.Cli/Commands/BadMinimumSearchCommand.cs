using System.CommandLine;
using System.Globalization;
using System.Text;
using Verifier.Cli.Output;
using Verifier.Generators;
using Verifier.Landscape.Certificates;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Search;
using Verifier.Landscape.Splitting;

namespace Verifier.Cli.Commands;

/// <summary>
/// <c>verifier search bad-local-min --layers 2,2,1 --activation sigmoid [--loss mse|sse|logistic] [--max-points K]
/// [--seed S] [--budget SECONDS] -o FILE</c>: generates small datasets (Verifier's FsCheck generators), optimises from
/// many starts in parallel, certifies a bad strict local minimum (strict-local-min and bad-local-min verified, the best
/// point found as the witness), shrinks its data, and writes the instance, the witness (FILE's .witness.json) and a
/// certificate (FILE's .cert.json). Exit 1 when a certified counterexample is written (the claim "every local minimum
/// is global" is refuted on it), 3 when the budget ran out without one.
/// </summary>
internal static class BadMinimumSearchCommand
{
    /// <summary>The search kind's word.</summary>
    public const string Kind = "bad-local-min";

    /// <summary>The default budget of the whole search, in seconds.</summary>
    public const double DefaultBudget = 300;

    /// <summary>The default largest number of samples.</summary>
    public const int DefaultMaxPoints = 10;

    /// <summary>The fewest samples a generated dataset has.</summary>
    public const int MinPoints = 4;

    /// <summary>The options only this kind takes.</summary>
    public sealed class Options
    {
        private readonly Option<int[]?> _layers = new("--layers")
        {
            Description = $"{Kind}: layer widths from input to output, e.g. 2,2,1 (required for {Kind}).",
            HelpName = "n0,n1,...",
            CustomParser = r => OptionParsers.LayerWidths(r),
        };

        private readonly Option<string?> _activation = new("--activation")
        {
            Description = $"{Kind}: hidden activation: sigmoid, tanh or relu (required for {Kind}).",
            HelpName = "name",
            CustomParser = r => OptionParsers.ActivationName(r),
        };

        private readonly Option<string?> _loss = new("--loss")
        {
            Description = $"{Kind}: loss: {Names.LossList} (default mse).",
            HelpName = "name",
            CustomParser = r => OptionParsers.LossName(r),
        };

        private readonly Option<int?> _maxPoints = new("--max-points")
        {
            Description = $"{Kind}: the most samples a generated dataset has (default {DefaultMaxPoints}, at least {MinPoints}).",
            HelpName = "K",
            CustomParser = r => OptionParsers.PositiveInt(r),
        };

        private readonly Option<string?> _route = new("--route")
        {
            Description = $"{Kind}: strict (default: a certified bad strict local minimum of the network itself) or split (a certified strict bad minimum of the network with one hidden unit fewer, split with B definite: a non-strict bad local minimum by Fukumizu–Amari).",
            HelpName = "strict|split",
        };

        /// <summary>Every option, for the verb.</summary>
        public Symbol[] All => [_layers, _activation, _loss, _maxPoints, _route];

        /// <summary>The first of these options given on the command line, or null (the other kinds refuse them).</summary>
        public string? Given(ParseResult parse) =>
            parse.GetResult(_layers) is { Implicit: false } ? "--layers"
            : parse.GetResult(_activation) is { Implicit: false } ? "--activation"
            : parse.GetResult(_loss) is { Implicit: false } ? "--loss"
            : parse.GetResult(_maxPoints) is { Implicit: false } ? "--max-points"
            : parse.GetResult(_route) is { Implicit: false } ? "--route"
            : null;

        /// <summary>The settings given, checked.</summary>
        public Settings Read(ParseResult parse)
        {
            var layers = parse.GetValue(_layers) ?? throw CliException.Usage($"--layers is required for search {Kind} (e.g. --layers 2,2,1)", "search");
            var activationName = parse.GetValue(_activation) ?? throw CliException.Usage($"--activation is required for search {Kind} (sigmoid, tanh or relu)", "search");
            var activation = Names.ParseActivation(activationName)!.Value;
            if (activation is not (Activation.Sigmoid or Activation.Tanh or Activation.Relu))
            {
                throw CliException.Usage($"--activation: search {Kind} needs a nonlinear hidden activation (sigmoid, tanh or relu); a linear network has no bad local minima", "search");
            }

            if (layers.Length < 3)
            {
                throw CliException.Usage($"--layers: search {Kind} needs at least one hidden layer, such as 2,2,1", "search");
            }

            var loss = Names.ParseLoss(parse.GetValue(_loss) ?? "mse")!.Value;
            if (loss == LossKind.Mae)
            {
                throw CliException.Usage("--loss mae is not searched: the search's refits and certificates are written for smooth losses (mse, sse, logistic)", "search");
            }

            if (loss == LossKind.Logistic && layers[^1] != 1)
            {
                throw CliException.Usage("--loss logistic needs a single output unit (the last width 1)", "search");
            }

            int maxPoints = parse.GetValue(_maxPoints) ?? DefaultMaxPoints;
            if (maxPoints < MinPoints)
            {
                throw CliException.Usage($"--max-points: {maxPoints} is below the {MinPoints} samples a generated dataset has at the least", "search");
            }

            var route = parse.GetValue(_route) ?? "strict";
            if (route is not ("strict" or "split"))
            {
                throw CliException.Usage($"--route: '{route}' is not a route (strict or split)", "search");
            }

            if (route == "split" && (layers[^2] < 2 || activation == Activation.Relu || layers[^1] != 1 || !loss.IsSquared()))
            {
                throw CliException.Usage("--route split needs a last hidden layer of at least 2 units (the smaller network has one fewer), a smooth activation (sigmoid or tanh: B vanishes for relu), one output and a squared loss (mse or sse: its targets are built as f(x; θ₀) − r)", "search");
            }

            return new Settings(new NetworkSpec(layers, activation), loss, maxPoints, route == "split");
        }
    }

    /// <summary>What to search.</summary>
    /// <param name="Network">The architecture of the counterexample.</param>
    /// <param name="Loss">The loss.</param>
    /// <param name="MaxPoints">The most samples of a generated dataset.</param>
    /// <param name="SplitRoute">True for --route split.</param>
    public sealed record Settings(NetworkSpec Network, LossKind Loss, int MaxPoints, bool SplitRoute = false);

    public static int Run(CliContext context, Settings settings, int seed, string path, double? budgetSeconds)
    {
        var (witnessPath, certificatePath) = Companions(path);
        OutputPaths.CheckTarget(path);
        OutputPaths.CheckTarget(witnessPath);
        OutputPaths.CheckTarget(certificatePath);
        var net = settings.Network;
        double budget = budgetSeconds ?? DefaultBudget;
        var progress = ProgressLine.For(context, ProgressLine.QuietStart);
        if (settings.SplitRoute)
        {
            // More samples than the smaller network's parameters, so that residuals orthogonal to its Jacobian exist.
            int points = Math.Max(settings.MaxPoints, Narrowed(net).ParameterCount + 4);
            var inputs = InstanceGenerators.SearchDatasets(net.InputWidth, net.OutputWidth, points, points);
            context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search {Kind} --route split: {net} from a proved minimum of {Narrowed(net)}, {Names.Of(settings.Loss)} loss, {points} samples, seed {seed}, budget {budget} s"));
            var route = SplitRouteSearch.Run(net, settings.Loss, seed, SearchCommand.Budget(budget), i => InstanceGenerators.Draw(inputs, seed, i),
                (d, t) => progress.Show(string.Create(CultureInfo.InvariantCulture, $"split route: {d} datasets, {t:F0} s")));
            progress.Done();
            return WriteSplit(context, route.Found, seed, path, witnessPath, certificatePath, route.Datasets, route.Seconds, budget);
        }

        var gen = InstanceGenerators.SearchDatasets(net.InputWidth, net.OutputWidth, MinPoints, settings.MaxPoints, labels: settings.Loss == LossKind.Logistic);
        context.Stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search {Kind}: {net}, {Names.Of(settings.Loss)} loss, up to {settings.MaxPoints} samples, seed {seed}, budget {budget} s, {Environment.ProcessorCount} cores"));
        var outcome = BadMinimumSearch.Run(
            index => InstanceGenerators.Draw(gen, seed, index),
            new BadMinimumSearchOptions(net, settings.Loss, seed, SearchCommand.Budget(budget), Progress: p => progress.Show(Describe(p), force: p.Phase == "shrinking")));
        progress.Done();

        var sb = new StringBuilder();
        string runs = string.Create(CultureInfo.InvariantCulture, $"{outcome.Datasets} datasets, {outcome.Candidates} candidates certified or tried, {outcome.Runs} optimisation runs ({outcome.MultistartSeconds:F1} s of multistart), {outcome.Seconds:F1} s in all, seed {seed}");
        if (outcome.Found is not { } found)
        {
            sb.Append(CultureInfo.InvariantCulture, $"no certified bad local minimum within the budget of {budget} s: {runs}\n");
            sb.Append("nothing was written; a larger --budget or another --seed may find one\n");
            context.Stdout.Write(sb.ToString());
            return ExitCodes.Inconclusive;
        }

        var certificate = CertificateWriter.Certify(InstanceFile.Format(found.Minimum), InstanceFile.Format(found.Witness), found.Radius);
        if (certificate is not CertifyResult.Certified certified)
        {
            throw new InvalidOperationException("the certificate of a verified bad local minimum was refused: " + certificate.Reason);
        }

        try
        {
            InstanceFile.Write(found.Minimum with { Name = $"bad-local-min-seed-{seed}" }, path);
            InstanceFile.Write(found.Witness with { Name = $"bad-local-min-seed-{seed}-witness" }, witnessPath);
            AtomicFile.WriteAllText(certificatePath, certified.Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: cannot write the files ({e.Message})");
        }

        var data = found.Minimum.Data;
        double loss = new NetworkCalculus<double, DoubleOps>(found.Minimum).Loss(found.Minimum.WeightsDouble());
        double witnessLoss = new NetworkCalculus<double, DoubleOps>(found.Witness).Loss(found.Witness.WeightsDouble());
        bool exact = found.Minimum.HasExactLoss;
        sb.Append(CultureInfo.InvariantCulture, $"found a certified bad {(exact ? "" : "strict ")}local minimum: {runs}\n");
        sb.Append(CultureInfo.InvariantCulture, $"dataset {found.DatasetIndex} of the seed, shrunk from {found.OriginalPoints} to {data.Count} samples in {found.ShrinkSteps} steps{(found.Minimal ? " (no shrinking move left)" : " (the budget ran out while shrinking: it may not be minimal)")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"loss at the minimum {loss:R}, at the witness {witnessLoss:R} (float64; the comparison below is {(exact ? "exact" : "rigorous")})\n");
        sb.Append(CultureInfo.InvariantCulture, $"{(exact ? "local-min (exact; a ReLU network has no strict minima: rescaling orbits)" : "strict-local-min")}: {found.StrictVerdict.Word} ({found.StrictVerdict.Reason})\n");
        sb.Append(CultureInfo.InvariantCulture, $"bad-local-min: {found.BadVerdict.Word} ({found.BadVerdict.Reason})\n");
        sb.Append(CultureInfo.InvariantCulture, $"certificate: {certified.Statement} ({certified.Why})\n");
        sb.Append("data (x → y):\n");
        for (int i = 0; i < data.Count; i++)
        {
            var x = Enumerable.Range(0, data.InputWidth).Select(j => data.XExact[(i * data.InputWidth) + j].ToString());
            var y = Enumerable.Range(0, data.OutputWidth).Select(j => data.YExact[(i * data.OutputWidth) + j].ToString());
            sb.Append(CultureInfo.InvariantCulture, $"  ({string.Join(", ", x)}) → {string.Join(", ", y)}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"wrote {path} (the minimum), {witnessPath} (the witness), {certificatePath} (check it with: verifier verify-certificate {certificatePath})\n");
        sb.Append("the claim \"every local minimum is global\" is refuted on this instance\n");
        context.Stdout.Write(sb.ToString());
        return ExitCodes.Refuted;
    }

    /// <summary>The network with one unit fewer in its last hidden layer (the split route searches it).</summary>
    public static NetworkSpec Narrowed(NetworkSpec net)
    {
        ArgumentNullException.ThrowIfNull(net);
        var widths = net.Layers.ToArray();
        widths[^2]--;
        return new NetworkSpec(widths, net.Activation, net.Output, net.Bias);
    }

    // The split route's output: γ_λ, the witness and the smaller network's proof, as a JSON document beside them.
    private static int WriteSplit(CliContext context, SplitMinimum? found, int seed, string path, string witnessPath, string certificatePath, int datasets, double seconds, double budget)
    {
        string runs = string.Create(CultureInfo.InvariantCulture, $"{datasets} datasets, {seconds:F1} s, seed {seed}");
        if (found is null)
        {
            context.Stdout.Write(string.Create(CultureInfo.InvariantCulture, $"no split bad local minimum within the budget of {budget} s: {runs}\nnothing was written; a larger --budget or another --seed may find one\n"));
            return ExitCodes.Inconclusive;
        }

        var a = found.Analysis;
        string sign = a.BSign == SplitSign.PositiveDefinite ? "positive" : "negative";
        string range = a.BSign == SplitSign.PositiveDefinite ? "in (0, 1)" : "outside [0, 1]";
        var proof = new
        {
            format = "verifier-split-minimum/1",
            statement = "local-min (non-strict) and bad, by Fukumizu and Amari's theorem from the proved facts below",
            smallInstance = System.Text.Json.JsonDocument.Parse(InstanceFile.Format(found.Small)).RootElement,
            layer = found.Small.Network.Depth - 1,
            unit = found.Unit,
            lambda = found.Lambda.ToString(),
            critical = a.Critical,
            smallType = a.SmallType,
            bSign = sign + " definite",
            m = a.MWhy,
            minimumLoss = new[] { found.MinimumLoss.Lo, found.MinimumLoss.Hi },
            witnessLoss = new[] { found.WitnessLoss.Lo, found.WitnessLoss.Hi },
            seed,
        };
        try
        {
            InstanceFile.Write(found.Minimum with { Name = $"bad-local-min-split-seed-{seed}" }, path);
            InstanceFile.Write(found.Witness with { Name = $"bad-local-min-split-seed-{seed}-witness" }, witnessPath);
            AtomicFile.WriteAllText(certificatePath, Landscape.Serialization.VerifierJson.Serialize(proof));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"{path}: cannot write the files ({e.Message})");
        }

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"found a bad local minimum by the split route: {runs} (residual draw {found.Tries} of dataset {found.DatasetIndex})\n");
        sb.Append(CultureInfo.InvariantCulture, $"the smaller network {found.Small.Network}: strict-local-min ({a.Critical}; every Hessian over the box positive definite)\n");
        sb.Append(CultureInfo.InvariantCulture, $"split unit {found.Unit} of hidden layer {found.Small.Network.Depth - 1} at λ = {found.Lambda}: B is {sign} definite over its enclosure, M = 0 ({a.MWhy})\n");
        sb.Append(CultureInfo.InvariantCulture, $"local-min, not strict (Fukumizu–Amari): γ_λ is a local minimum of {found.Minimum.Network} for every λ {range}, on a line of constant loss\n");
        sb.Append(CultureInfo.InvariantCulture, $"bad: the witness's loss ≤ {found.WitnessLoss.Hi:R} < the minimum's ≥ {found.MinimumLoss.Lo:R} (interval arithmetic)\n");
        sb.Append(CultureInfo.InvariantCulture, $"wrote {path} (γ_λ), {witnessPath} (the witness), {certificatePath} (the proved facts; the smaller network's instance is inside)\n");
        sb.Append("the claim \"every local minimum is global\" is refuted on this instance (a non-strict minimum; the default route gives strict ones)\n");
        context.Stdout.Write(sb.ToString());
        return ExitCodes.Refuted;
    }

    /// <summary>The witness and certificate paths beside FILE: FILE without ".json", then ".witness.json" and ".cert.json".</summary>
    public static (string Witness, string Certificate) Companions(string path)
    {
        string stem = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path[..^5] : path;
        return (stem + ".witness.json", stem + ".cert.json");
    }

    private static string Describe(BadMinimumSearchProgress p) => p.Points == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{p.Phase}: {p.Datasets} datasets, {p.Candidates} candidates, {p.Seconds:F0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{p.Phase}: {p.Datasets} datasets, best so far {p.Points} samples with loss gap {p.Gap:G3}, {p.Seconds:F0} s");
}
