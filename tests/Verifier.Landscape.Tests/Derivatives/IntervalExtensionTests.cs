using FsCheck;
using FsCheck.Fluent;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;
using Verifier.Generators;
using static Verifier.Landscape.Tests.ExactPoints;
using Interval = Verifier.Numerics.Intervals.Interval;

namespace Verifier.Landscape.Tests.Derivatives;

/// <summary>Arbitraries of ReLU networks with biases and a hidden layer, where a kink can be placed at will.</summary>
public static class ReluKinkArbitraries
{
    /// <summary>Depth 2–3, widths 1–3, ReLU hidden layers with biases, up to 3 samples.</summary>
    public static Arbitrary<NetworkCase> NetworkCase() =>
        InstanceGenerators.Arbitrary(InstanceGenerators.Cases(InstanceGenerators.Networks(2, 3, 3, Activation.Relu).Where(n => n.Bias), 3));
}

/// <summary>
/// The interval extension of the network calculus (<see cref="IntervalOps"/>) held to the exact and float paths:
/// over a point box it contains the exact values (linear and ReLU networks) and the float64 values; over a small
/// box it contains the values at points of the box; and a ReLU box that meets a kink is refused.
/// </summary>
public class IntervalExtensionTests
{
    /// <summary>
    /// Half-width of the boxes around θ: a power of two, so θ ± k/1024·r are exact rationals inside the box; small
    /// enough that the generated networks (pre-activations multiples of 1/1000 or 0) rarely straddle a kink.
    /// </summary>
    private static readonly double BoxRadius = Math.ScaleB(1.0, -10);

    [Property(Arbitrary = new[] { typeof(PiecewiseLinearArbitraries) }, MaxTest = 60)]
    public Property PointBoxContainsTheExactAndFloatValuesOnPiecewiseLinearNetworks(NetworkCase c)
    {
        var instance = c.Instance;
        var theta = instance.Weights!;
        var box = IntervalVector.FromRationals(theta);
        var interval = IntervalCalculus(instance);
        var exact = Exact(instance);
        var lossBox = interval.Loss(box);
        if (!lossBox.Contains(exact.Loss(theta)))
        {
            return false.Label($"loss {lossBox} misses {exact.Loss(theta)}");
        }

        if (exact.Kinks(theta).Count > 0)
        {
            // The exact point is a kink: every derivative over the box must be refused.
            return RefusesDerivatives(interval, box).Label("a derivative at an exact kink was not refused");
        }

        var (loss, gradient) = interval.LossAndGradient(box);
        var hessian = interval.Hessian(box);
        var (lossE, gradientE) = exact.LossAndGradient(theta);
        var hessianE = exact.Hessian(theta);
        var fl = Float(instance);
        var thetaD = instance.WeightsDouble();
        var (lossF, gradientF) = fl.LossAndGradient(thetaD);
        var hessianF = fl.Hessian(thetaD);
        var v = Enumerable.Range(0, theta.Count).Select(k => new Rational(k % 5 - 2, k % 3 + 1)).ToArray();
        var hv = interval.HessianVectorProduct(box, IntervalVector.FromRationals(v));
        var hvE = exact.HessianVectorProduct(theta, v);

        // Float results lie inside too: the float path runs the same operations in the same order, rounding to
        // nearest, which is monotone, so each float value stays between the interval's endpoints.
        return (loss.Contains(lossE) && loss.Contains(lossF)
                && IntervalVector.Contains(gradient, gradientE) && IntervalVector.Contains(gradient, gradientF)
                && ContainsAll(hessian, hessianE) && IntervalMatrix.Contains(hessian, hessianF)
                && IntervalVector.Contains(hv, hvE))
            .Label($"loss {loss} vs {lossE} / {lossF:R}; gradient [{string.Join(", ", gradient)}]");
    }

    [Property(Arbitrary = new[] { typeof(SmallNetworkArbitraries) }, MaxTest = 60, MaxFail = 30)]
    public Property PointBoxIsTightAndAgreesWithTheFloatPathOnEveryNetworkKind(NetworkCase c)
    {
        var instance = c.Instance;
        var theta = instance.Weights!;
        bool kink = instance.Network.HasRelu && Exact(instance).Kinks(theta).Count > 0;
        return Prop.When(!kink, () => PointBoxIsTightAndAgreesWithTheFloatPath(instance));
    }

    [Property(Arbitrary = new[] { typeof(SmallNetworkArbitraries) }, MaxTest = 40, MaxFail = 40)]
    public Property BoxContainsTheValuesAtPointsOfTheBox(NetworkCase c, int seed)
    {
        var instance = c.Instance;
        var theta = instance.Weights!;
        var box = IntervalVector.Box(theta, BoxRadius);
        var interval = IntervalCalculus(instance);
        (Interval Loss, Interval[] Gradient, Interval[,] Hessian)? values;
        try
        {
            var (loss, gradient) = interval.LossAndGradient(box);
            values = (loss, gradient, interval.Hessian(box));
        }
        catch (KinkInBoxException)
        {
            values = null; // the box reaches a ReLU kink: no derivative to check (counted as discarded)
        }

        return Prop.When(values is not null, () => BoxContainsTheValuesAtPointsOfTheBoxHolds(instance, values!.Value, seed));
    }

    [Property(Arbitrary = new[] { typeof(ReluKinkArbitraries) }, MaxTest = 40)]
    public Property ABoxAroundAReluKinkRefusesDerivativesButBoundsTheLoss(NetworkCase c)
    {
        // Place a kink: the first unit of layer 1 on sample 0 gets the bias −Σ W₀c·x₀c, so its pre-activation is 0.
        var instance = c.Instance;
        var net = instance.Network;
        var theta = instance.Weights!.ToArray();
        int w0 = net.WeightOffset(1), b0 = net.BiasOffset(1), nIn = net.Layers[0];
        var z = Rational.Zero;
        for (int j = 0; j < nIn; j++)
        {
            z += theta[w0 + j] * instance.Data.X(0, j);
        }

        theta[b0] = -z;
        var atKink = instance.WithWeights(theta);
        var interval = IntervalCalculus(atKink);
        var box = IntervalVector.Box(theta, BoxRadius);
        var exactLoss = Exact(atKink).Loss(theta);
        return (RefusesDerivatives(interval, box) && interval.Loss(box).Contains(exactLoss))
            .Label($"box around the kink: loss {interval.Loss(box)} vs {exactLoss}");
    }

    [Test]
    public void ThePointBoxOfAKinkIsRefusedWithAReasonAndTheKinkIsReported()
    {
        var net = new NetworkSpec([1, 1, 1], Activation.Relu);
        var data = new Dataset(2, 1, 1, [1, 2], [0, 1]);
        var instance = new Instance("kink", net, LossKind.Mse, data, [1, -1, 1, 0]);
        var interval = IntervalCalculus(instance);
        var box = IntervalVector.FromRationals(instance.Weights!);
        Assert.That(() => interval.Gradient(box), Throws.TypeOf<KinkInBoxException>().With.Message.Contains("kink"));
        Assert.That(() => interval.Hessian(box), Throws.TypeOf<KinkInBoxException>());
        Assert.That(interval.Kinks(box), Is.EqualTo(new[] { new Kink(0, 1, 0) }), "the pre-activation is exactly [0, 0]");
        Assert.That(interval.Loss(box).Contains(Exact(instance).Loss(instance.Weights!)), Is.True);
    }

    [Test]
    public void ExactZerosStayExactAtKawaguchisOrigin()
    {
        // Integer data and a zero point: every operation is exact, so the interval gradient and Hessian are the
        // point intervals [0, 0] (the exact Hessian there is zero), and the loss is the point 5/2.
        var origin = Origin(2, 2, 2, 2);
        var interval = IntervalCalculus(origin);
        var box = IntervalVector.FromRationals(origin.Weights!);
        var (loss, gradient) = interval.LossAndGradient(box);
        Assert.That(loss, Is.EqualTo(Interval.Point(2.5)));
        Assert.That(gradient.All(IntervalOps.IsZero), Is.True);
        Assert.That(interval.Hessian(box).Cast<Interval>().All(IntervalOps.IsZero), Is.True);
    }

    [Test]
    public void DecimalDataAreEnclosedAsExactDecimals()
    {
        // y = 0.1 is 1/10, not the double 0.1000000000000000055…: the loss encloses the exact rational value.
        var net = new NetworkSpec([1, 1], Activation.Linear, Activation.Linear, bias: false);
        var data = new Dataset(1, 1, 1, [1], [new Rational(1, 10)]);
        var instance = new Instance("tenth", net, LossKind.Sse, data, [0]);
        var loss = IntervalCalculus(instance).Loss(IntervalVector.FromRationals(instance.Weights!));
        Assert.That(loss.Contains(new Rational(1, 200)), Is.True, $"{loss}");
        Assert.That(loss.IsPoint, Is.False, "1/200 is not a double");
    }

    private static Property PointBoxIsTightAndAgreesWithTheFloatPath(Instance instance)
    {
        var theta = instance.Weights!;
        var interval = IntervalCalculus(instance);
        var box = IntervalVector.FromRationals(theta);
        var (loss, gradient) = interval.LossAndGradient(box);
        var hessian = interval.Hessian(box);
        var fl = Float(instance);
        var thetaD = instance.WeightsDouble();
        var (lossF, gradientF) = fl.LossAndGradient(thetaD);
        var hessianF = fl.Hessian(thetaD);
        bool smooth = !instance.Network.IsPiecewiseLinear;
        var pairs = new List<(string What, Interval Box, double Float, double Scale)> { ("loss", loss, lossF, Math.Abs(lossF)) };
        double gScale = gradientF.Select(Math.Abs).DefaultIfEmpty(0).Max();
        double hScale = hessianF.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max();
        pairs.AddRange(gradient.Select((g, k) => ($"gradient[{k}]", g, gradientF[k], gScale)));
        pairs.AddRange(hessian.Cast<Interval>().Zip(hessianF.Cast<double>()).Select((h, k) => ($"hessian #{k}", h.First, h.Second, hScale)));
        foreach (var (what, value, f, scale) in pairs)
        {
            double s = Math.Max(1, scale);
            if (value.Width > NetworkIntervalTolerance.PointBoxWidthRelative * s)
            {
                return false.Label($"{what} = {value} is wider than {NetworkIntervalTolerance.PointBoxWidthRelative}·{s}");
            }

            // Piecewise-linear networks: the float value lies inside (same operations, monotone rounding).
            // Smooth ones: the float path's own activation error (Math.Tanh, the float sigmoid) may put it just outside.
            double allowed = smooth ? NetworkIntervalTolerance.FloatOutsideRelative * s : 0;
            if (Distance(value, f) > allowed)
            {
                return false.Label($"{what} = {value} is {Distance(value, f):R} from the float value {f:R}");
            }
        }

        return true.ToProperty();
    }

    private static Property BoxContainsTheValuesAtPointsOfTheBoxHolds(Instance instance, (Interval Loss, Interval[] Gradient, Interval[,] Hessian) values, int seed)
    {
        var theta = instance.Weights!;
        var random = new Random(seed);
        var r = Rational.FromDouble(BoxRadius);
        bool smooth = !instance.Network.IsPiecewiseLinear;
        var fl = Float(instance);
        for (int sample = 0; sample < 3; sample++)
        {
            // An exact point of the box (θ + k/1024·r, |k| ≤ 1024) and its nearest doubles, which lie in the box too.
            var point = theta.Select(t => t + new Rational(random.Next(-1024, 1025), 1024) * r).ToArray();
            var pointD = point.Select(p => p.ToDouble()).ToArray();
            var (lossF, gradientF) = fl.LossAndGradient(pointD);
            var hessianF = fl.Hessian(pointD);
            double allowed(double scale) => smooth ? NetworkIntervalTolerance.FloatOutsideRelative * Math.Max(1, scale) : 0;
            double gScale = gradientF.Select(Math.Abs).DefaultIfEmpty(0).Max();
            double hScale = hessianF.Cast<double>().Select(Math.Abs).DefaultIfEmpty(0).Max();
            bool floats = Distance(values.Loss, lossF) <= allowed(Math.Abs(lossF))
                && values.Gradient.Zip(gradientF).All(z => Distance(z.First, z.Second) <= allowed(gScale))
                && values.Hessian.Cast<Interval>().Zip(hessianF.Cast<double>()).All(z => Distance(z.First, z.Second) <= allowed(hScale));
            if (!floats)
            {
                return false.Label($"a float value at a point of the box lies outside: loss {values.Loss} vs {lossF:R}");
            }

            if (!smooth)
            {
                // No pre-activation enclosure contains 0 (else the calculus had thrown), so the exact point has no kink.
                var exact = Exact(instance);
                var (lossE, gradientE) = exact.LossAndGradient(point);
                if (!values.Loss.Contains(lossE) || !IntervalVector.Contains(values.Gradient, gradientE) || !ContainsAll(values.Hessian, exact.Hessian(point)))
                {
                    return false.Label($"an exact value at a point of the box lies outside: loss {values.Loss} vs {lossE}");
                }
            }
        }

        return true.ToProperty();
    }

    private static NetworkCalculus<Interval, IntervalOps> IntervalCalculus(Instance instance) => new(instance);

    private static bool RefusesDerivatives(NetworkCalculus<Interval, IntervalOps> interval, Interval[] box)
    {
        bool Refused(Action a)
        {
            try
            {
                a();
                return false;
            }
            catch (KinkInBoxException e)
            {
                return e.Message.Contains("kink", StringComparison.Ordinal);
            }
        }

        var v = new Interval[box.Length];
        Array.Fill(v, Interval.One);
        return Refused(() => interval.Gradient(box)) && Refused(() => interval.Hessian(box)) && Refused(() => interval.HessianVectorProduct(box, v));
    }

    private static bool ContainsAll(Interval[,] box, Rational[,] exact)
    {
        for (int i = 0; i < exact.GetLength(0); i++)
        {
            for (int j = 0; j < exact.GetLength(1); j++)
            {
                if (!box[i, j].Contains(exact[i, j]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static double Distance(Interval box, double x) => x < box.Lo ? box.Lo - x : x > box.Hi ? x - box.Hi : 0;

    /// <summary>The tolerances of this file, with why each has its size.</summary>
    private static class NetworkIntervalTolerance
    {
        /// <summary>
        /// How far a float64 value of a sigmoid or tanh network may lie outside the enclosure of the exact value,
        /// relative to max(1, the largest magnitude of that quantity): the float path's own error on networks with
        /// ≤ 3 samples, widths ≤ 3 and weights ≤ 1.5 is ≲ 1e-14 relatively (as in
        /// <see cref="Tolerance.FloatVsExactRelative"/>); 1e-12 leaves a factor 100. For linear and ReLU networks
        /// the allowance is exactly 0.
        /// </summary>
        public const double FloatOutsideRelative = 1e-12;

        /// <summary>
        /// The largest width of a point-box enclosure, relative to max(1, the largest magnitude of that quantity):
        /// each of the few hundred operations of these tiny networks widens by an ulp or two, and the activation
        /// enclosures are ≤ 32 ulps wide, so widths stay near 1e-14; 1e-10 says the enclosure is useful, not just sound.
        /// </summary>
        public const double PointBoxWidthRelative = 1e-10;
    }
}
