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
    }
}
