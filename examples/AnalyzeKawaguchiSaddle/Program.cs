// Kawaguchi's bad saddle (papers.md §4.4): the origin of a depth-3 linear network on X = I₂, Y = diag(2, 1).
// The gradient and the whole Hessian vanish there, so the second-order test cannot decide; the exact loss
// along W₁ = W₂ = tI, W₃ = tY is 5/2·(1 − t³)², which falls for t > 0 and rises for t < 0.
using Verifier.Landscape.Analysis;
using Verifier.Landscape.Claims;
using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Landscape.Services;
using Verifier.Landscape.Theories;
using Verifier.Numerics.Backends;
using Verifier.Symbolic;

// [snippet:kawaguchi-origin]
var network = new NetworkSpec([2, 2, 2, 2], Activation.Linear, Activation.Linear, bias: false);
var data = new Dataset(count: 2, inputWidth: 2, outputWidth: 2, x: [1, 0, 0, 1], y: [2, 0, 0, 1]);
var origin = new Instance("kawaguchi-depth3-origin", network, LossKind.Sse, data, [.. Enumerable.Repeat(Rational.Zero, network.ParameterCount)]);

var report = PointAnalysis.Analyze(origin, AnalysisOptions.Default);
Console.WriteLine($"loss {report.Loss}, gradient norm {report.GradientNorm}, classification {ClassificationNames.Of(report.Classification)}");

var exact = new NetworkCalculus<Rational, RationalOps>(origin);
foreach (var t in new[] { new Rational(1, 10), new Rational(-1, 10) })
{
    Rational[] theta = [t, 0, 0, t, t, 0, 0, t, 2 * t, 0, 0, t];
    Console.WriteLine($"L(t·A) at t = {t}: {exact.Loss(theta)} (exact)");
}
// [/snippet:kawaguchi-origin]

// [snippet:library-calls]
var saddle = GenericClaims.Saddle.Decide(new ClaimInput(origin, StandardTheories.All));
Console.WriteLine($"saddle: {saddle.Word}, {saddle.Reason}");

var spectrum = HessianService.Compute(
    new HessianRequest(origin, new HessianMethod.Dense(new DenseSelection.All()), new Backend.Managed()), ComputeResources.Here());
Console.WriteLine($"Hessian eigenvalues ({spectrum.Backend}): {string.Join(", ", spectrum.Eigenvalues)}");
// [/snippet:library-calls]

return report.Classification == Classification.Degenerate && saddle is Verdict.Verified && spectrum.Eigenvalues.All(l => l == 0) ? 0 : 1;
