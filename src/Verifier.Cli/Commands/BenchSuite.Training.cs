using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Optimization;
using Verifier.Proofs.Swirszcz2016;

namespace Verifier.Cli.Commands;

/// <summary>One Table 1 training run, for comparison with tools/swirszcz_table1_torch.py (the same run in PyTorch).</summary>
internal static partial class BenchSuite
{
    /// <summary>Epochs of the timed run (every epoch runs: no early stop).</summary>
    public const int TrainingEpochs = 2000;

    /// <summary>
    /// Full-batch GD (learning rate 0.5) for <see cref="TrainingEpochs"/> epochs on jellyfish, 2-5-1 sigmoid, logistic
    /// loss, from the seeded start of Table 1's first run of that cell; the baseline is the same run's epochs at
    /// h = 2 (so the row shows how the cost grows with width).
    /// </summary>
    public static IEnumerable<BenchCase> Training()
    {
        const string Operation = "train";
        const string Title = "one Table 1 training run (GD, 2000 epochs)";
        foreach (int hidden in new[] { 2, 5 })
        {
            var instance = Table1.Instance("jellyfish", "sigmoid", hidden);
            var start = Landscape.Optimization.Training.Start(instance, 1);
            var options = new TrainingOptions(TrainingMethod.GradientDescent, 0.5, TrainingEpochs, StopAtZeroError: false);
            yield return new BenchCase(Operation, Title, "jellyfish 2-h-1 sigmoid, logistic", hidden == 2 ? "h=2" : "h=5", "h=2",
                () => new BenchWork(() => Landscape.Optimization.Training.Train(instance, start, options)));
        }

        foreach (var row in PolynomialStep())
        {
            yield return row;
        }
    }

    /// <summary>
    /// One mini-batch step of Freeman and Bruna's quadratic task (1-4-4-1 sigmoid, mae, a fresh 10 000-point batch): the
    /// batch, the loss and the gradient, as each Adam step of DSS's bead training runs them. The fused kernel against the
    /// baseline float passes (NetworkPasses and a kernel gradient on the same batch, allocating its arrays each step).
    /// </summary>
    public static IEnumerable<BenchCase> PolynomialStep()
    {
        const string Operation = "minibatch-step";
        const string Title = "one mini-batch step (fresh batch, loss, gradient)";
        const string Size = "quadratic task, 1-4-4-1 sigmoid, mae, B=10000, P=33";
        const string Baseline = "passes";
        int batch = PolynomialTasks.PaperPoints;
        var theta = PolynomialTasks.TestInstance(PolynomialKind.Quadratic, 1, Seed).WeightsDouble();
        yield return new BenchCase(Operation, Title, Size, Baseline, Baseline, () =>
        {
            var stream = PolynomialTasks.Stream(PolynomialKind.Quadratic, batch, Seed);
            var x = new double[batch];
            var y = new double[batch];
            var kernels = Numerics.Kernels.ManagedMatrixKernels.Default;
            long step = 0;
            return new BenchWork(() =>
            {
                stream.Fill(step++, x, y);
                var data = new Dataset(batch, 1, 1, [.. x.Select(Symbolic.Rational.FromDouble)], [.. y.Select(Symbolic.Rational.FromDouble)]);
                NetworkPasses.Gradient(NetworkPasses.Compute(PolynomialTasks.Network, Landscape.Networks.LossKind.Mae, data, theta), kernels);
            });
        });
        yield return new BenchCase(Operation, Title, Size, "fused", Baseline, () =>
        {
            var stream = PolynomialTasks.Stream(PolynomialKind.Quadratic, batch, Seed);
            var kernel = new MiniBatchGradient(PolynomialTasks.Network, Landscape.Networks.LossKind.Mae);
            var x = new double[batch];
            var y = new double[batch];
            var gradient = new double[theta.Length];
            long step = 0;
            return new BenchWork(() =>
            {
                stream.Fill(step++, x, y);
                kernel.LossAndGradient(theta, x, y, batch, gradient);
            });
        });
    }
}
