using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>
/// Every <see cref="Activation"/> and <see cref="LossKind"/> value is handled by every place that must define it
/// (the places the README's contributing checklist lists), and each agrees with the symbolic definition: a new
/// activation or loss fails here until it is defined everywhere.
/// </summary>
public class ActivationAndLossDefinitionsTests
{
    /// <summary>
    /// φ, φ′, φ″ in float64 against the symbolic derivatives evaluated in float64, relative to max(1, |value|): both
    /// evaluate the same closed form with at most a few roundings of relative size ε ≈ 1.1e-16 each (one
    /// exponential or tanh, a handful of products), so they differ by ≲ 1e-15; 1e-13 leaves a factor 100.
    /// </summary>
    private const double FloatVsSymbolicRelative = 1e-13;

    /// <summary>
    /// Width of the rigorous enclosure of φ, φ′, φ″ on a point interval, relative to max(1, |value|): an enclosure
    /// a few ulps wide (≲ 1e-15) is expected; 1e-12 only rules out a loose or unbounded one.
    /// </summary>
    private const double PointEnclosureRelativeWidth = 1e-12;

    // Points away from the ReLU kink, with exact rational counterparts.
    private static readonly Rational[] Points = [new(-5, 2), new(-7, 10), new(-1, 10), new(3, 10), new(11, 10), new(3, 1)];

    private static IEnumerable<Activation> Activations => Enum.GetValues<Activation>();

    private static IEnumerable<LossKind> Losses => Enum.GetValues<LossKind>();

    [TestCaseSource(nameof(Activations))]
    public void TheFloatJetAgreesWithTheSymbolicDerivatives(Activation activation)
    {
        var (phi, d1, d2) = Symbolic(activation);
        foreach (var point in Points)
        {
            double z = point.ToDouble();
            var values = new Dictionary<string, double> { ["z"] = z };
            var jet = DoubleOps.Jet(activation, z);

            Assert.That(jet.Value, Is.EqualTo(DoubleEvaluator.Evaluate(phi, values)).Within(FloatVsSymbolicRelative * Math.Max(1, Math.Abs(jet.Value))), $"φ({z})");
            Assert.That(jet.First, Is.EqualTo(DoubleEvaluator.Evaluate(d1, values)).Within(FloatVsSymbolicRelative * Math.Max(1, Math.Abs(jet.First))), $"φ′({z})");
            Assert.That(jet.Second, Is.EqualTo(DoubleEvaluator.Evaluate(d2, values)).Within(FloatVsSymbolicRelative * Math.Max(1, Math.Abs(jet.Second))), $"φ″({z})");
            Assert.That(
                (DoubleOps.Activate(activation, z), DoubleOps.Derivative(activation, z), DoubleOps.SecondDerivative(activation, z)),
                Is.EqualTo(jet),
                "the scalar members read the jet");
        }
    }

    [TestCaseSource(nameof(Activations))]
    public void TheBatchedActivationKernelEqualsTheFloatJetBitForBit(Activation activation)
    {
        double[] z = [.. Points.Select(p => p.ToDouble()), 0.0, -0.0, 1e-300, -40.0, 40.0];
        var a = new double[z.Length];
        var d1 = new double[z.Length];
        var d2 = new double[z.Length];

        ActivationKernels.Activate(activation, z, a, d1, d2);

        for (int k = 0; k < z.Length; k++)
        {
            var jet = DoubleOps.Jet(activation, z[k]);
            Assert.That(
                (Bits(a[k]), Bits(d1[k]), Bits(d2[k])),
                Is.EqualTo((Bits(jet.Value), Bits(jet.First), Bits(jet.Second))),
                $"z = {z[k]}");
        }
    }

    [TestCaseSource(nameof(Activations))]
    public void TheIntervalEnclosuresContainTheSymbolicValuesAndAreTight(Activation activation)
    {
        var (phi, d1, d2) = Symbolic(activation);
        foreach (var point in Points)
        {
            double z = point.ToDouble();
            var x = new Interval(z, z);
            var values = new Dictionary<string, double> { ["z"] = z };
            var cases = new (string Name, Interval Enclosure, double Value)[]
            {
                ("φ", IntervalOps.Activate(activation, x), DoubleEvaluator.Evaluate(phi, values)),
                ("φ′", IntervalOps.Derivative(activation, x), DoubleEvaluator.Evaluate(d1, values)),
                ("φ″", IntervalOps.SecondDerivative(activation, x), DoubleEvaluator.Evaluate(d2, values)),
            };
            foreach (var (name, enclosure, value) in cases)
            {
                double slack = FloatVsSymbolicRelative * Math.Max(1, Math.Abs(value));
                Assert.That(enclosure.Lo - slack <= value && value <= enclosure.Hi + slack, Is.True, $"{name}({z}) = {value} in {enclosure}");
                Assert.That(enclosure.Width, Is.LessThanOrEqualTo(PointEnclosureRelativeWidth * Math.Max(1, Math.Abs(value))), $"{name}({z}) width");
            }
        }
    }

    [TestCaseSource(nameof(Activations))]
    public void TheRationalOpsAreExactOrRefuseTheActivation(Activation activation)
    {
        var (phi, d1, d2) = Symbolic(activation);
        foreach (var z in Points)
        {
            Rational value;
            try
            {
                value = RationalOps.Activate(activation, z);
            }
            catch (NotSupportedException)
            {
                // No exact rational values: every member refuses alike.
                Assert.That(() => RationalOps.Derivative(activation, z), Throws.InstanceOf<NotSupportedException>());
                Assert.That(() => RationalOps.SecondDerivative(activation, z), Throws.InstanceOf<NotSupportedException>());
                continue;
            }

            var values = new Dictionary<string, Rational> { ["z"] = z };
            Assert.That(value, Is.EqualTo(ExactValue(phi, values)), $"φ({z})");
            Assert.That(RationalOps.Derivative(activation, z), Is.EqualTo(ExactValue(d1, values)), $"φ′({z})");
            Assert.That(RationalOps.SecondDerivative(activation, z), Is.EqualTo(ExactValue(d2, values)), $"φ″({z})");
        }
    }

    [Test]
    public void TheReluKinkIsAConventionInFloatAndRefusedInExactAndIntervalArithmetic()
    {
        Assert.That(DoubleOps.Jet(Activation.Relu, 0.0), Is.EqualTo((0.0, 0.0, 0.0)));
        Assert.That(() => RationalOps.Derivative(Activation.Relu, Rational.Zero), Throws.InvalidOperationException);
        Assert.That(() => IntervalOps.Derivative(Activation.Relu, new Interval(-1e-3, 1e-3)), Throws.InstanceOf<KinkInBoxException>());
    }

    [TestCaseSource(nameof(Activations))]
    public void EveryActivationHasAFileName(Activation activation)
    {
        var name = Names.Of(activation);

        Assert.That(Names.ParseActivation(name), Is.EqualTo(activation));
        Assert.That(Names.ActivationList.Split(", "), Does.Contain(name));
    }

    [TestCaseSource(nameof(Losses))]
    public void EveryLossHasAFileNameAndAScale(LossKind loss)
    {
        var name = Names.Of(loss);

        Assert.That(Names.ParseLoss(name), Is.EqualTo(loss));
        Assert.That(Names.LossList.Split(", "), Does.Contain(name));
        Assert.That(LossScale.Of(loss, 7).Sign, Is.GreaterThan(0));
    }

    [TestCaseSource(nameof(Losses))]
    public void EveryLossIsTheSameOnTheSymbolicExactAndFloatPaths(LossKind loss)
    {
        var network = new NetworkSpec([2, 3, 1], Activation.Relu, Activation.Linear, bias: true);
        var instance = RandomInstance.Mlp(network, 5, loss, seed: 17);
        var theta = instance.Weights!;
        var variables = SymbolicLoss.VariableNames(network);
        var assignment = variables.Zip(theta).ToDictionary(p => p.First, p => p.Second);

        var passes = NetworkPasses.Compute(network, loss, instance.Data, instance.WeightsDouble());
        var reference = new NetworkCalculus<double, DoubleOps>(instance).Loss(instance.WeightsDouble());
        if (loss == LossKind.Logistic)
        {
            // The logistic loss is transcendental: no exact value; the float paths agree bit for bit and with the
            // symbolic expression evaluated in double, and the exact path refuses it.
            var values = variables.Zip(instance.WeightsDouble()).ToDictionary(p => p.First, p => p.Second);
            double symbolicValue = DoubleEvaluator.Evaluate(SymbolicLoss.Build(instance), values);
            Assert.That(Bits(passes.Loss), Is.EqualTo(Bits(reference)));
            Assert.That(passes.Loss, Is.EqualTo(symbolicValue).Within(FloatVsSymbolicRelative * Math.Max(1, Math.Abs(symbolicValue))));
            Assert.Throws<NotSupportedException>(() => new NetworkCalculus<Rational, RationalOps>(instance).Loss(theta));
            return;
        }

        // Squared losses and the mean absolute error have exact values at rational points (|e| = relu(e) + relu(−e)).
        var symbolic = ExactValue(SymbolicLoss.Build(instance), assignment);
        var exact = new NetworkCalculus<Rational, RationalOps>(instance).Loss(theta);

        Assert.That(exact, Is.EqualTo(symbolic));
        Assert.That(Bits(passes.Loss), Is.EqualTo(Bits(reference)));
        Assert.That(passes.Loss, Is.EqualTo(exact.ToDouble()).Within(Tolerance.FloatVsExactRelative * Math.Max(1, Math.Abs(exact.ToDouble()))));
    }

    private static (Expr Phi, Expr First, Expr Second) Symbolic(Activation activation)
    {
        var phi = SymbolicLoss.Activate(activation, Expr.Variable("z"));
        var first = Calculus.Differentiate(phi, "z");
        return (phi, first, Calculus.Differentiate(first, "z"));
    }

    private static Rational ExactValue(Expr expr, IReadOnlyDictionary<string, Rational> values) =>
        ExactEvaluator.Evaluate(expr, values).TryGetValue(out var value)
            ? value
            : throw new AssertionException($"{expr} has no exact value at the point.");

    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
}
