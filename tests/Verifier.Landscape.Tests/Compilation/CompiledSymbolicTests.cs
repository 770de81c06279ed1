using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Symbolic;
using Verifier.Symbolic.Compilation;
using Verifier.Generators;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.Compilation;

/// <summary>
/// Compiled symbolic gradients and Hessians of network losses: the same doubles as the interpreted symbolic
/// ones, and within <see cref="Tolerance.SymbolicVsFloatRelative"/> of the float64 backpropagation path.
/// </summary>
public class CompiledSymbolicTests
{
    [Property(Arbitrary = new[] { typeof(SmallNetworkArbitraries) }, MaxTest = 40)]
    public bool CompiledGradientAndHessianEqualTheInterpretedOnesBitForBit(NetworkCase c)
    {
        var instance = c.Instance;
        var loss = SymbolicLoss.Build(instance);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var theta = instance.WeightsDouble();
        var env = Environment(names, theta);
        var gradient = Symbolic.Calculus.Gradient(loss, names);
        var hessian = Symbolic.Calculus.Hessian(loss, names);
        var compiledGradient = Compiler.CompileGradient(loss, names).Evaluate(theta);
        var compiledHessian = Compiler.CompileSymmetric(hessian, names).Evaluate(theta);
        for (int i = 0; i < names.Length; i++)
        {
            if (!Same(compiledGradient[i], DoubleEvaluator.Evaluate(gradient[i], env)))
            {
                return false;
            }

            for (int j = 0; j < names.Length; j++)
            {
                if (!Same(compiledHessian[i, j], DoubleEvaluator.Evaluate(hessian[i, j], env)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = new[] { typeof(SmallNetworkArbitraries) }, MaxTest = 40)]
    public bool CompiledLossGradientAndHessianMatchTheFloatPath(NetworkCase c)
    {
        var instance = c.Instance;
        var loss = SymbolicLoss.Build(instance);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var theta = instance.WeightsDouble();
        var fl = Float(instance);
        var (floatLoss, floatGradient) = fl.LossAndGradient(theta);
        var floatHessian = fl.Hessian(theta);

        // The loss and its gradient compiled together into one function: output 0 is L, outputs 1..P are ∇L.
        var valueAndGradient = Compiler.Compile([loss, .. Symbolic.Calculus.Gradient(loss, names)], names).Evaluate(theta);
        var hessian = Compiler.CompileHessian(loss, names).Evaluate(theta);
        double scale = Math.Max(1, floatHessian.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max());
        double gradientScale = Math.Max(1, floatGradient.Select(Math.Abs).DefaultIfEmpty(0).Max());
        if (!Close(valueAndGradient[0], floatLoss, Math.Max(1, Math.Abs(floatLoss))))
        {
            return false;
        }

        for (int i = 0; i < names.Length; i++)
        {
            if (!Close(valueAndGradient[1 + i], floatGradient[i], gradientScale))
            {
                return false;
            }

            for (int j = 0; j < names.Length; j++)
            {
                if (!Close(hessian[i, j], floatHessian[i, j], scale) || hessian[i, j] != hessian[j, i])
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Test]
    public void TheXorHessianCompilesToOneSharedProgram()
    {
        var instance = InstanceFile.Read(Path.Combine(RepositoryRoot(), "examples", "instances", "xor-2-2-1-sigmoid.json"));
        var loss = SymbolicLoss.Build(instance);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var hessian = Symbolic.Calculus.Hessian(loss, names);
        var compiled = Compiler.CompileSymmetric(hessian, names);
        Assert.That(compiled.Dimension, Is.EqualTo(9));

        // The 45 entries of the upper triangle share most of their subtrees (the 8 hidden sigmoids, their
        // derivatives, the 4 residuals): the distinct nodes are far fewer than the nodes of 45 separate trees.
        var entries = new List<Expr>();
        for (int i = 0; i < 9; i++)
        {
            for (int j = i; j < 9; j++)
            {
                entries.Add(hessian[i, j]);
            }
        }

        int separate = entries.Sum(e => CommonSubexpressions.Find([e]).NodeCount);
        Assert.That(compiled.Function.NodeCount, Is.LessThan(separate / 2), $"{compiled.Function.NodeCount} shared nodes, {separate} when compiled one by one");

        var theta = instance.WeightsDouble();
        var h = compiled.Evaluate(theta);
        var reference = Float(instance).Hessian(theta);
        var env = Environment(names, theta);
        double scale = Math.Max(1, reference.Cast<double>().Select(Math.Abs).Max());
        for (int i = 0; i < 9; i++)
        {
            for (int j = 0; j < 9; j++)
            {
                Assert.That(h[i, j], Is.EqualTo(DoubleEvaluator.Evaluate(hessian[i, j], env)));
                Assert.That(h[i, j], Is.EqualTo(reference[i, j]).Within(Tolerance.SymbolicVsFloatRelative * scale));
            }
        }
    }

    private static Dictionary<string, double> Environment(string[] names, double[] theta) =>
        names.Select((n, k) => (n, k)).ToDictionary(t => t.n, t => theta[t.k], StringComparer.Ordinal);

    // The same double; NaN (an overflowing sigmoid network never gives one, but a log could) as NaN.
    private static bool Same(double a, double b) =>
        BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b) || (double.IsNaN(a) && double.IsNaN(b));

    private static bool Close(double actual, double expected, double scale) =>
        Math.Abs(actual - expected) <= Tolerance.SymbolicVsFloatRelative * Math.Max(1, scale);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Verifier.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Verifier.sln not found above the test directory.");
    }
}
