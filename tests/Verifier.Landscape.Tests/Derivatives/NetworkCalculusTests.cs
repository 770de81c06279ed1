using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Derivatives;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;
using Verifier.Generators;
using static Verifier.Landscape.Tests.ExactPoints;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>The float64 and exact network derivatives held to exact oracles and to each other.</summary>
public class NetworkCalculusTests
{
    // Step sizes for the exact difference quotients: any non-zero rational works for polynomials of degree ≤ 2
    // in each parameter; two unrelated values guard against a coincidence.
    private static readonly Rational[] Steps = [new(1, 3), new(7, 5)];

    [Property(Arbitrary = new[] { typeof(LinearArbitraries) }, MaxTest = 60)]
    public bool GradientEqualsExactCentralDifferenceQuotientOnLinearNetworks(NetworkCase c)
    {
        // A linear network's output is affine in any single parameter, so L is a quadratic polynomial in it and
        // (L(θ + h·eₖ) − L(θ − h·eₖ)) / 2h equals ∂ₖL exactly for every h ≠ 0.
        var theta = c.Instance.Weights!;
        var exact = Exact(c.Instance);
        var gradient = exact.Gradient(theta);
        foreach (var h in Steps)
        {
            for (int k = 0; k < theta.Count; k++)
            {
                var quotient = (exact.Loss(Shift(theta, k, h)) - exact.Loss(Shift(theta, k, -h))) / (2 * h);
                if (quotient != gradient[k])
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = new[] { typeof(LinearArbitraries) }, MaxTest = 40)]
    public bool HessianEqualsExactSecondDifferencesOnLinearNetworks(NetworkCase c)
    {
        // L has degree ≤ 2 in each parameter separately, so the second central difference gives ∂²ₖₖL and the
        // mixed central difference gives ∂ⱼ∂ₖL exactly (δᵤuᵐ/2h = m·uᵐ⁻¹ for m ≤ 2).
        var theta = c.Instance.Weights!;
        var exact = Exact(c.Instance);
        var hessian = exact.Hessian(theta);
        var h = Steps[0];
        var l0 = exact.Loss(theta);
        int p = theta.Count;
        for (int j = 0; j < p; j++)
        {
            var diagonal = (exact.Loss(Shift(theta, j, h)) - 2 * l0 + exact.Loss(Shift(theta, j, -h))) / (h * h);
            if (diagonal != hessian[j, j])
            {
                return false;
            }

            // All pairs for small P, a fixed stride of pairs otherwise, to bound the cost.
            for (int k = j + 1; k < p; k += Math.Max(1, p / 6))
            {
                Rational L(Rational sj, Rational sk) => exact.Loss(Shift(Shift(theta, j, sj), k, sk));
                var mixed = (L(h, h) - L(h, -h) - L(-h, h) + L(-h, -h)) / (4 * h * h);
                if (mixed != hessian[j, k])
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = new[] { typeof(PiecewiseLinearArbitraries) }, MaxTest = 60, MaxFail = 20)]
    public Property ExactHessianVectorProductsAreSymmetricAndMatchTheHessian(NetworkCase c)
    {
        // Derivatives do not exist at kinks: such cases are moved off them, or rejected (counted; MaxFail bounds them).
        var moved = AwayFromKinks(c.Instance);
        return Prop.When(moved is not null, () => ExactHessianVectorProductsAreSymmetricAndMatchTheHessianHolds(moved!));
    }

    private static bool ExactHessianVectorProductsAreSymmetricAndMatchTheHessianHolds(Landscape.Instances.Instance instance)
    {
        var theta = instance.Weights!;
        var exact = Exact(instance);
        int p = theta.Count;
        var columns = new Rational[p][];
        for (int j = 0; j < p; j++)
        {
            var e = new Rational[p];
            e[j] = Rational.One;
            columns[j] = exact.HessianVectorProduct(theta, e);
        }

        // Symmetry of the unsymmetrised R-operator columns: (H eⱼ)ᵢ = (H eᵢ)ⱼ.
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (columns[j][i] != columns[i][j])
                {
                    return false;
                }
            }
        }

        // H·v for a dense rational v equals the assembled Hessian times v.
        var v = Enumerable.Range(0, p).Select(k => new Rational(k % 5 - 2, k % 3 + 1)).ToArray();
        var hv = exact.HessianVectorProduct(theta, v);
        var reference = ExactLinearAlgebra.Multiply(exact.Hessian(theta), v);
        return hv.SequenceEqual(reference);
    }

    [Property(Arbitrary = new[] { typeof(PiecewiseLinearArbitraries) }, MaxTest = 60, MaxFail = 20)]
    public Property FloatPathMatchesTheExactPathOnPiecewiseLinearNetworks(NetworkCase c)
    {
        // Derivatives do not exist at kinks: such cases are moved off them, or rejected (counted; MaxFail bounds them).
        var moved = AwayFromKinks(c.Instance);
        return Prop.When(moved is not null, () => FloatPathMatchesTheExactPathOnPiecewiseLinearNetworksHolds(moved!));
    }

    private static bool FloatPathMatchesTheExactPathOnPiecewiseLinearNetworksHolds(Landscape.Instances.Instance instance)
    {
        var theta = instance.Weights!;
        var exact = Exact(instance);
        var fl = Float(instance);
        var thetaD = instance.WeightsDouble();
        var (lossE, gradE) = exact.LossAndGradient(theta);
        var (lossF, gradF) = fl.LossAndGradient(thetaD);
        var hE = exact.Hessian(theta);
        var hF = fl.Hessian(thetaD);
        double scale = Math.Max(1, hE.Cast<Rational>().Select(r => Math.Abs(r.ToDouble())).DefaultIfEmpty(0).Max());
        double gScale = Math.Max(1, gradE.Select(r => Math.Abs(r.ToDouble())).DefaultIfEmpty(0).Max());
        return Close(lossF, lossE.ToDouble(), Math.Abs(lossE.ToDouble()))
            && gradF.Zip(gradE).All(z => Close(z.First, z.Second.ToDouble(), gScale))
            && hF.Cast<double>().Zip(hE.Cast<Rational>()).All(z => Close(z.First, z.Second.ToDouble(), scale));
    }

    [Property(Arbitrary = new[] { typeof(SmallNetworkArbitraries) }, MaxTest = 40)]
    public bool SymbolicHessianEqualsFloatHessianOnEveryNetworkKind(NetworkCase c)
    {
        var instance = c.Instance;
        var expr = SymbolicLoss.Build(instance);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var thetaD = instance.WeightsDouble();
        var env = names.Select((n, k) => (n, k)).ToDictionary(t => t.n, t => thetaD[t.k]);
        var fl = Float(instance);
        var (loss, grad) = fl.LossAndGradient(thetaD);
        var h = fl.Hessian(thetaD);
        var hs = Symbolic.Calculus.Hessian(expr, names);
        var gs = Symbolic.Calculus.Gradient(expr, names);
        double scale = Math.Max(1, h.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max());
        double gScale = Math.Max(1, grad.Select(Math.Abs).DefaultIfEmpty(0).Max());
        if (!Close(DoubleEvaluator.Evaluate(expr, env), loss, Math.Abs(loss)))
        {
            return false;
        }

        for (int i = 0; i < names.Length; i++)
        {
            if (!Close(DoubleEvaluator.Evaluate(gs[i], env), grad[i], gScale))
            {
                return false;
            }

            for (int j = 0; j < names.Length; j++)
            {
                if (!Close(DoubleEvaluator.Evaluate(hs[i, j], env), h[i, j], scale))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(Arbitrary = new[] { typeof(PiecewiseLinearArbitraries) }, MaxTest = 40, MaxFail = 13)]
    public Property SymbolicExactHessianEqualsRationalHessianAwayFromKinks(NetworkCase c)
    {
        // Derivatives do not exist at kinks: such cases are moved off them, or rejected (counted; MaxFail bounds them).
        var moved = AwayFromKinks(c.Instance);
        return Prop.When(moved is not null, () => SymbolicExactHessianEqualsRationalHessianAwayFromKinksHolds(moved!));
    }

    private static bool SymbolicExactHessianEqualsRationalHessianAwayFromKinksHolds(Landscape.Instances.Instance instance)
    {
        var theta = instance.Weights!;
        var exact = Exact(instance);

        var expr = SymbolicLoss.Build(instance);
        var names = SymbolicLoss.VariableNames(instance.Network);
        var env = names.Select((n, k) => (n, k)).ToDictionary(t => t.n, t => theta[t.k]);
        var hs = Symbolic.Calculus.Hessian(expr, names);
        var h = exact.Hessian(theta);
        for (int i = 0; i < names.Length; i++)
        {
            for (int j = 0; j < names.Length; j++)
            {
                if (ExactEvaluator.Evaluate(hs[i, j], env) is not ExactResult.Value v || v.Number != h[i, j])
                {
                    return false;
                }
            }
        }

        return ExactEvaluator.Evaluate(expr, env) is ExactResult.Value loss && loss.Number == exact.Loss(theta);
    }

    [Test]
    public void SymbolicAndFloatHessiansAgreeAtTheOriginOfADeepSigmoidNetwork()
    {
        // A case FsCheck once shrank to: every weight 0, sigmoid(0) = 1/2 everywhere.
        var net = new Networks.NetworkSpec([2, 3, 1, 2], Networks.Activation.Sigmoid);
        var data = new Landscape.Instances.Dataset(1, 2, 2, [new Rational(2, 5), new Rational(9, 10)], [new Rational(3, 10), new Rational(3, 2)]);
        var instance = new Landscape.Instances.Instance("origin", net, Networks.LossKind.Mse, data, [.. Enumerable.Repeat(Rational.Zero, net.ParameterCount)]);
        Assert.That(SymbolicHessianEqualsFloatHessianOnEveryNetworkKind(new NetworkCase(instance)), Is.True);
    }

    [Test]
    public void KinksAreFoundExactlyWhereAReluPreActivationIsZero()
    {
        var net = new Networks.NetworkSpec([1, 1, 1], Networks.Activation.Relu);
        var data = new Landscape.Instances.Dataset(2, 1, 1, [1, 2], [0, 1]);
        var instance = new Landscape.Instances.Instance("kink", net, Networks.LossKind.Mse, data, [1, -1, 1, 0]);
        var kinks = Exact(instance).Kinks(instance.Weights!);
        Assert.That(kinks, Is.EqualTo(new[] { new Kink(0, 1, 0) }));
    }

    [Test]
    public void RationalDerivativeAtAKinkIsRefusedRatherThanGuessed()
    {
        var net = new Networks.NetworkSpec([1, 1, 1], Networks.Activation.Relu);
        var data = new Landscape.Instances.Dataset(2, 1, 1, [1, 2], [0, 1]);
        var instance = new Landscape.Instances.Instance("kink", net, Networks.LossKind.Mse, data, [1, -1, 1, 0]);
        Assert.That(() => Exact(instance).Gradient(instance.Weights!), Throws.InvalidOperationException.With.Message.Contains("kink"));
    }

    // Moves every parameter by a distinct small amount when the point is at a kink; null when a kink survives
    // (e.g. a dead ReLU layer without biases, whose successors see exactly 0 whatever the weights).
    private static Landscape.Instances.Instance? AwayFromKinks(Landscape.Instances.Instance instance)
    {
        var theta = instance.Weights!;
        if (Exact(instance).Kinks(theta).Count == 0)
        {
            return instance;
        }

        var moved = instance.WithWeights([.. theta.Select((t, k) => t + new Rational(1, 1000 + k))]);
        return Exact(moved).Kinks(moved.Weights!).Count == 0 ? moved : null;
    }

    private static bool Close(double actual, double expected, double scale) =>
        Math.Abs(actual - expected) <= Tolerance.FloatVsExactRelative * Math.Max(1, scale);
}
