using System.Text.Json.Serialization;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>
/// The evidence behind a verdict: the method that produced it and typed items (exact rationals, enclosures, directions,
/// witnesses, proofs), each a case of the closed union <see cref="EvidenceItem"/>. Written out as JSON by the one JSON
/// layer: <c>{"method": "exact-rational", "items": [{"type": "inertia", …}, …]}</c>.
/// </summary>
/// <param name="Method">How the verdict was reached.</param>
/// <param name="Items">The items in a stable order.</param>
public sealed record Evidence(EvidenceMethod Method, IReadOnlyList<EvidenceItem> Items)
{
    /// <summary>Evidence with the given items.</summary>
    public static Evidence Of(EvidenceMethod method, params EvidenceItem[] items) => new(method, items);

    /// <summary>This evidence with more items appended.</summary>
    public Evidence With(params EvidenceItem[] more) => this with { Items = [.. Items, .. more] };

    /// <summary>The first item of type <typeparamref name="T"/>, or null.</summary>
    public T? Find<T>()
        where T : EvidenceItem => Items.OfType<T>().FirstOrDefault();
}

/// <summary>How a verdict was reached: a closed set of methods, written as kebab-case words.</summary>
public enum EvidenceMethod
{
    /// <summary>Exact rational arithmetic at the point or on the data ("exact-rational").</summary>
    [JsonStringEnumMemberName("exact-rational")]
    ExactRational,

    /// <summary>Outward-rounded interval arithmetic over a box and Krawczyk's test ("interval-krawczyk").</summary>
    [JsonStringEnumMemberName("interval-krawczyk")]
    IntervalKrawczyk,

    /// <summary>Floating-point arithmetic with stated tolerances, never a proof by itself ("float64").</summary>
    [JsonStringEnumMemberName("float64")]
    FloatingPoint,

    /// <summary>Z3's nlsat decision procedure for real polynomial arithmetic; the verdict rests on Z3 ("z3-nlsat").</summary>
    [JsonStringEnumMemberName("z3-nlsat")]
    Z3Nlsat,

    /// <summary>An exact identity plus a seeded Monte Carlo estimate ("exact-rational-monte-carlo").</summary>
    [JsonStringEnumMemberName("exact-rational-monte-carlo")]
    ExactRationalMonteCarlo,

    /// <summary>Seeded optimisation runs whose end points are decided exactly ("optimisation-exact").</summary>
    [JsonStringEnumMemberName("optimisation-exact")]
    OptimisationExact,

    /// <summary>Interval enclosures over a bisected parameter interval, each piece proved ("interval-bisection").</summary>
    [JsonStringEnumMemberName("interval-bisection")]
    IntervalBisection,

    /// <summary>A seeded Monte Carlo experiment with confidence intervals: statistical evidence about that experiment, not a proof ("monte-carlo").</summary>
    [JsonStringEnumMemberName("monte-carlo")]
    MonteCarlo,

    /// <summary>
    /// Dynamic String Sampling ("string-sampling"): a string of trained beads whose every segment is proved at or below the
    /// level by interval bounds, or a seeded search that found none within its limits (evidence, never a proof of disconnection).
    /// </summary>
    [JsonStringEnumMemberName("string-sampling")]
    StringSampling,

    /// <summary>Seeded optimisation runs, reported as observed ("optimisation").</summary>
    [JsonStringEnumMemberName("optimisation")]
    Optimisation,
}

/// <summary>What a direction or curve shows about the loss near the point.</summary>
public enum DirectionKind
{
    /// <summary>dᵀ·H·d &lt; 0 ("negative-curvature").</summary>
    [JsonStringEnumMemberName("negative-curvature")]
    NegativeCurvature,

    /// <summary>dᵀ·H·d &gt; 0 ("positive-curvature").</summary>
    [JsonStringEnumMemberName("positive-curvature")]
    PositiveCurvature,

    /// <summary>The loss falls along the line for small steps of some sign ("decreasing").</summary>
    [JsonStringEnumMemberName("decreasing")]
    Decreasing,

    /// <summary>The loss rises along the line for small steps of some sign ("increasing").</summary>
    [JsonStringEnumMemberName("increasing")]
    Increasing,
}

/// <summary>Whether a hypothesis holds on the instance.</summary>
public enum HypothesisStatus
{
    /// <summary>It holds ("holds").</summary>
    [JsonStringEnumMemberName("holds")]
    Holds,

    /// <summary>It fails ("fails").</summary>
    [JsonStringEnumMemberName("fails")]
    Fails,
}

/// <summary>How reliably a hypothesis was decided.</summary>
public enum HypothesisMargin
{
    /// <summary>Exactly, or in float64 far from its tolerance ("clear").</summary>
    [JsonStringEnumMemberName("clear")]
    Clear,

    /// <summary>In float64 within a factor of its tolerance: not reliable either way ("near-tolerance").</summary>
    [JsonStringEnumMemberName("near-tolerance")]
    NearTolerance,
}

/// <summary>
/// One hidden unit's local-minimum conditions at a kink: its tied samples and, for every sign choice of them, the
/// exact multipliers that place the gradient in its product coordinates in the piece's dual cone.
/// </summary>
/// <param name="Unit">The hidden unit j.</param>
/// <param name="OutputWeightSign">The sign σⱼ of its output weight (0: the gradient must vanish on every piece).</param>
/// <param name="TiedSamples">The samples i with zᵢⱼ = 0 exactly.</param>
/// <param name="Pieces">One entry per sign choice.</param>
public sealed record UnitPieces(int Unit, int OutputWeightSign, IReadOnlyList<int> TiedSamples, IReadOnlyList<PieceMultipliers> Pieces);

/// <summary>A piece (the tied samples taken as active) and its multipliers λ ≥ 0, one per tied sample in order.</summary>
/// <param name="ActiveTies">The tied samples active on this piece.</param>
/// <param name="Multipliers">λ: gⱼ(S) = σⱼ·Σᵢ λᵢ·sᵢ·x̃ᵢ with sᵢ = +1 on the piece's active ties and −1 otherwise.</param>
public sealed record PieceMultipliers(IReadOnlyList<int> ActiveTies, IReadOnlyList<Rational> Multipliers);

/// <summary>The Monte Carlo count at one depth and its 95% Wilson interval.</summary>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Dead">Draws with a layer dead on every sample.</param>
/// <param name="Draws">Draws.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
public sealed record DepthFrequency(int Depth, int Dead, int Draws, double Lower, double Upper);

/// <summary>A real number known to lie in [Lower, Upper] with rational ends (Lower = Upper when it is known exactly).</summary>
/// <param name="Lower">The lower end.</param>
/// <param name="Upper">The upper end.</param>
public sealed record RationalEnclosure(Rational Lower, Rational Upper)
{
    /// <summary>The exact value r as the enclosure [r, r].</summary>
    public static RationalEnclosure Exactly(Rational value) => new(value, value);
}

/// <summary>One hypothesis decided on an instance, as evidence.</summary>
/// <param name="Hypothesis">The hypothesis in words.</param>
/// <param name="Status">Whether it holds.</param>
/// <param name="Detail">What was found, e.g. "rank 2 of 2".</param>
/// <param name="Margin">How reliably it was decided.</param>
public sealed record HypothesisOutcome(string Hypothesis, HypothesisStatus Status, string Detail, HypothesisMargin Margin);

/// <summary>One layer's weights of a point, exactly (the instance file's <c>W</c>, out×in, and <c>b</c>).</summary>
/// <param name="W">The weight matrix, row-major.</param>
/// <param name="B">The bias vector (empty without biases).</param>
public sealed record LayerWeights(
    [property: JsonPropertyName("W")] IReadOnlyList<IReadOnlyList<Rational>> W,
    [property: JsonPropertyName("b")] IReadOnlyList<Rational> B)
{
    /// <summary>θ split into layers in the contract's parameter order (per layer W row-major, then b).</summary>
    public static IReadOnlyList<LayerWeights> Of(Networks.NetworkSpec network, IReadOnlyList<Rational> theta)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(theta);
        var layers = new List<LayerWeights>();
        for (int l = 1; l <= network.Depth; l++)
        {
            int rows = network.Layers[l], cols = network.Layers[l - 1], w0 = network.WeightOffset(l);
            var w = Enumerable.Range(0, rows).Select(r => (IReadOnlyList<Rational>)[.. Enumerable.Range(0, cols).Select(c => theta[w0 + r * cols + c])]).ToArray();
            IReadOnlyList<Rational> b = network.Bias ? [.. Enumerable.Range(0, rows).Select(r => theta[network.BiasOffset(l) + r])] : [];
            layers.Add(new LayerWeights(w, b));
        }

        return layers;
    }
}

/// <summary>One labelled critical point with its exact loss (and, where a claim decided one, that verdict's word).</summary>
/// <param name="Label">Where the point comes from, e.g. "I = {2}".</param>
/// <param name="Loss">L at the point, exactly.</param>
public sealed record LabelledPoint(string Label, Rational Loss);

/// <summary>One labelled point with the verdict word a generic claim gave there.</summary>
/// <param name="Label">Where the point comes from.</param>
/// <param name="Loss">L at the point, exactly.</param>
/// <param name="Claim">The claim decided there, e.g. "local-min".</param>
/// <param name="Verdict">Its verdict word.</param>
public sealed record LabelledVerdict(string Label, Rational Loss, string Claim, string Verdict);

/// <summary>How a witness point was obtained: a closed union.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Given), "given")]
[JsonDerivedType(typeof(Search), "search")]
public abstract record WitnessOrigin
{
    private WitnessOrigin()
    {
    }

    /// <summary>Given by the user (<c>--witness FILE</c>).</summary>
    public sealed record Given : WitnessOrigin;

    /// <summary>Found by the built-in seeded search: optimisation from random starts.</summary>
    /// <param name="Seed">The seed of the random starts.</param>
    /// <param name="Starts">How many starts were run.</param>
    /// <param name="Method">The optimiser, e.g. "trust-region".</param>
    public sealed record Search(int Seed, int Starts, string Method) : WitnessOrigin;
}

/// <summary>One typed piece of evidence: a closed union of the facts claims report (JSON: an object with a <c>type</c> word).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExactPoint), "exact-point")]
[JsonDerivedType(typeof(Gradient), "gradient")]
[JsonDerivedType(typeof(Kinks), "kinks")]
[JsonDerivedType(typeof(Inertia), "inertia")]
[JsonDerivedType(typeof(CurvatureDirection), "curvature-direction")]
[JsonDerivedType(typeof(CurvatureFromInertia), "curvature-from-inertia")]
[JsonDerivedType(typeof(IntervalCurvatureDirection), "interval-curvature-direction")]
[JsonDerivedType(typeof(LineDirection), "line-direction")]
[JsonDerivedType(typeof(ConstantLossCurve), "constant-loss-curve")]
[JsonDerivedType(typeof(Krawczyk), "krawczyk")]
[JsonDerivedType(typeof(PositiveDefiniteOverBox), "positive-definite-over-box")]
[JsonDerivedType(typeof(NegativeDefiniteOverBox), "negative-definite-over-box")]
[JsonDerivedType(typeof(Witness), "witness")]
[JsonDerivedType(typeof(WitnessSearch), "witness-search")]
[JsonDerivedType(typeof(GlobalMinimum), "global-minimum")]
[JsonDerivedType(typeof(MinimumValue), "global-minimum-value")]
[JsonDerivedType(typeof(Point), "point")]
[JsonDerivedType(typeof(Hypotheses), "hypotheses")]
[JsonDerivedType(typeof(SecondDerivativeSigns), "second-derivative-signs")]
[JsonDerivedType(typeof(SmtQuery), "smt-query")]
[JsonDerivedType(typeof(SmtModel), "smt-model")]
[JsonDerivedType(typeof(PathExpectation), "path-expectation")]
[JsonDerivedType(typeof(Eigenvalues), "eigenvalues")]
[JsonDerivedType(typeof(CriticalPoints), "critical-points")]
[JsonDerivedType(typeof(PointVerdicts), "point-verdicts")]
[JsonDerivedType(typeof(OptimisationRuns), "optimisation-runs")]
[JsonDerivedType(typeof(Counterexample), "counterexample")]
[JsonDerivedType(typeof(ConclusionTally), "conclusion-tally")]
[JsonDerivedType(typeof(PieceMinimum), "piecewise-convex-minimum")]
[JsonDerivedType(typeof(DeadLayer), "dead-layer-minimum")]
[JsonDerivedType(typeof(OneSidedDescent), "one-sided-descent")]
[JsonDerivedType(typeof(DeadLayerFrequencies), "dead-layer-frequencies")]
[JsonDerivedType(typeof(MonotonePathProof), "monotone-path")]
[JsonDerivedType(typeof(NeuronSplit), "neuron-split")]
[JsonDerivedType(typeof(StringOfBeads), "string-of-beads")]
[JsonDerivedType(typeof(KernelBoundsProof), "kernel-bounds-proof")]
[JsonDerivedType(typeof(KernelBoundCounterexample), "kernel-bound-counterexample")]
[JsonDerivedType(typeof(KernelMonteCarlo), "kernel-monte-carlo")]
[JsonDerivedType(typeof(CoveringPigeonhole), "covering-pigeonhole")]
[JsonDerivedType(typeof(SegmentLoss), "segment-loss")]
[JsonDerivedType(typeof(SliceStationarity), "slice-stationarity")]
public abstract record EvidenceItem
{
    private EvidenceItem()
    {
    }

    /// <summary>The exact loss at the point and whether its exact gradient is zero.</summary>
    /// <param name="Loss">L(θ), exactly.</param>
    /// <param name="GradientIsZero">True when ∇L(θ) = 0 exactly.</param>
    public sealed record ExactPoint(Rational Loss, bool GradientIsZero) : EvidenceItem;

    /// <summary>The exact gradient ∇L(θ).</summary>
    /// <param name="Values">Its entries in parameter order.</param>
    public sealed record Gradient(IReadOnlyList<Rational> Values) : EvidenceItem;

    /// <summary>ReLU kinks at θ: the exact loss there, how many kinks, and the first one located.</summary>
    /// <param name="Loss">L(θ), exactly.</param>
    /// <param name="Count">How many (sample, layer, unit) pre-activations are exactly 0.</param>
    /// <param name="Sample">The first kink's sample.</param>
    /// <param name="Layer">The first kink's layer.</param>
    /// <param name="Unit">The first kink's unit.</param>
    public sealed record Kinks(Rational Loss, int Count, int Sample, int Layer, int Unit) : EvidenceItem;

    /// <summary>The exact inertia of ∇²L(θ): how many negative, zero and positive eigenvalues.</summary>
    /// <param name="Negative">Negative eigenvalues.</param>
    /// <param name="Zero">Zero eigenvalues.</param>
    /// <param name="Positive">Positive eigenvalues.</param>
    public sealed record Inertia(int Negative, int Zero, int Positive) : EvidenceItem;

    /// <summary>An exact direction d with dᵀ·H·d of the kind's sign, and that exact value.</summary>
    /// <param name="Kind">Negative or positive curvature.</param>
    /// <param name="Direction">d, exactly.</param>
    /// <param name="Curvature">dᵀ·∇²L(θ)·d, exactly.</param>
    public sealed record CurvatureDirection(DirectionKind Kind, IReadOnlyList<Rational> Direction, Rational Curvature) : EvidenceItem;

    /// <summary>A direction of the kind's curvature exists by the exact inertia (Sylvester's law); no short one was found.</summary>
    /// <param name="Kind">Negative or positive curvature.</param>
    public sealed record CurvatureFromInertia(DirectionKind Kind) : EvidenceItem;

    /// <summary>A float direction d with dᵀ·H·d of the kind's sign for every Hessian H over the box, and the bound.</summary>
    /// <param name="Kind">Negative or positive curvature.</param>
    /// <param name="Direction">d (the float numbers are exact values; the bound is rigorous for them).</param>
    /// <param name="Bound">An upper bound of dᵀ·H·d over the box (negative kind) or a lower bound (positive kind).</param>
    public sealed record IntervalCurvatureDirection(DirectionKind Kind, IReadOnlyList<double> Direction, double Bound) : EvidenceItem;

    /// <summary>
    /// A line θ + t·d along which φ(t) = L(θ + t·d) − L(θ) is an exact polynomial whose lowest-order term c·tᵏ
    /// decides the kind, and a step t at which φ has that sign (re-checkable by evaluating L).
    /// </summary>
    /// <param name="Kind">Decreasing or increasing.</param>
    /// <param name="Direction">d, exactly.</param>
    /// <param name="Order">k, the order of the lowest non-zero term.</param>
    /// <param name="LeadingCoefficient">c, its coefficient.</param>
    /// <param name="Step">A step t with sign φ(t) as the kind says.</param>
    /// <param name="Polynomial">The coefficients c₀ … c_d of φ.</param>
    public sealed record LineDirection(DirectionKind Kind, IReadOnlyList<Rational> Direction, int Order, Rational LeadingCoefficient, Rational Step, IReadOnlyList<Rational> Polynomial) : EvidenceItem;

    /// <summary>
    /// A local minimum at a point of a network with one hidden ReLU layer, proved piece by piece: on each sign choice
    /// for the tied pre-activations the loss is a convex quadratic G in the product coordinates Uⱼ = vⱼ·(wⱼ, bⱼ) and the
    /// output bias, and ∇G lies in the dual of the piece's cone (exact multipliers per unit and piece).
    /// </summary>
    /// <param name="Ties">Pre-activations exactly 0 at θ.</param>
    /// <param name="Pieces">Pieces examined (Σ over units of 2 to the unit's ties).</param>
    /// <param name="Units">The conditions unit by unit.</param>
    public sealed record PieceMinimum(int Ties, int Pieces, IReadOnlyList<UnitPieces> Units) : EvidenceItem;

    /// <summary>
    /// A local minimum because hidden layer <paramref name="Layer"/> is dead on every sample with a positive margin,
    /// so the output is the same for all samples near θ, and θ's loss equals the least loss of a constant output.
    /// </summary>
    /// <param name="Layer">The dead hidden layer.</param>
    /// <param name="Margin">The least of −zᵢ over its pre-activations (all are negative).</param>
    /// <param name="ConstantOutputLoss">The loss of predicting the targets' mean, which θ attains.</param>
    public sealed record DeadLayer(int Layer, Rational Margin, Rational ConstantOutputLoss) : EvidenceItem;

    /// <summary>
    /// A direction d along which φ(t) = L(θ + t·d) − L(θ) equals an exact polynomial for 0 &lt; t &lt; ValidBelow (every
    /// t &gt; 0 when absent) whose lowest-order coefficient is negative: the loss falls for every small t &gt; 0, so θ is
    /// not a local minimum. Step is one such t, re-checked against the loss.
    /// </summary>
    /// <param name="How">How the direction was found.</param>
    /// <param name="Direction">d, exactly.</param>
    /// <param name="Order">The order of the lowest non-zero term.</param>
    /// <param name="LeadingCoefficient">Its coefficient (negative).</param>
    /// <param name="Polynomial">The coefficients c₀ … c₄ of φ.</param>
    /// <param name="ValidBelow">The end of the interval on which the polynomial is exact (null: unbounded).</param>
    /// <param name="Step">A step t in that interval with φ(t) &lt; 0.</param>
    public sealed record OneSidedDescent(string How, IReadOnlyList<Rational> Direction, int Order, Rational LeadingCoefficient, IReadOnlyList<Rational> Polynomial, Rational? ValidBelow, Rational Step) : EvidenceItem;

    /// <summary>Per depth, how many seeded initialisations had a hidden layer dead on the whole dataset, with a 95% Wilson interval.</summary>
    /// <param name="Seed">The seed of the draws.</param>
    /// <param name="Draws">Draws per depth.</param>
    /// <param name="Width">The hidden width.</param>
    /// <param name="Depths">The estimates, by depth.</param>
    public sealed record DeadLayerFrequencies(int Seed, int Draws, int Width, IReadOnlyList<DepthFrequency> Depths) : EvidenceItem;

    /// <summary>Safran and Shamir's monotone path, proved: its end values and the λ-intervals on which the output was shown not to vanish.</summary>
    /// <param name="StartLoss">L(W0).</param>
    /// <param name="ZeroLoss">L(0).</param>
    /// <param name="FinalLoss">L(c*·W*).</param>
    /// <param name="CStar">c*.</param>
    /// <param name="C2">c₂ = 2c*.</param>
    /// <param name="Pieces">λ-intervals of the proof.</param>
    /// <param name="Target">W*.</param>
    public sealed record MonotonePathProof(Rational StartLoss, Rational ZeroLoss, Rational FinalLoss, Rational CStar, Rational C2, int Pieces, IReadOnlyList<Rational> Target) : EvidenceItem;

    /// <summary>A Dynamic String Sampling run between two points (papers.md §3.3).</summary>
    /// <param name="Variant">paper or scripts.</param>
    /// <param name="Level">L₀.</param>
    /// <param name="Connected">Whether a string was found (and, with proofs, proved).</param>
    /// <param name="Beads">Beads, endpoints included.</param>
    /// <param name="NormalizedLength">ℓ, or null when the endpoints coincide.</param>
    /// <param name="MaxLoss">The largest sampled loss on the string.</param>
    /// <param name="ProvedMaxLoss">A rigorous upper bound of the loss over the whole string, when every segment was proved.</param>
    /// <param name="Depth">The depth reached.</param>
    /// <param name="Seed">The run's seed.</param>
    /// <param name="Reason">Why it stopped.</param>
    public sealed record StringOfBeads(string Variant, double Level, bool Connected, int Beads, double? NormalizedLength, double MaxLoss, double? ProvedMaxLoss, int Depth, int Seed, string Reason) : EvidenceItem;

    /// <summary>Facts about a neuron split γ_λ (papers.md §2.3): what was checked, with the measured or proved values, one line each.</summary>
    /// <param name="Layer">The split hidden layer (1-based).</param>
    /// <param name="Unit">The split unit (0-based).</param>
    /// <param name="Lambdas">The λ values examined.</param>
    /// <param name="Facts">The facts, e.g. "λ = 1/2: |SᵀHS − κB| ≤ 3e-17 (float64)".</param>
    public sealed record NeuronSplit(int Layer, int Unit, IReadOnlyList<Rational> Lambdas, IReadOnlyList<string> Facts) : EvidenceItem;

    /// <summary>A curve of constant loss through θ: hidden layer l scaled by c &gt; 0 and layer l + 1 by 1/c.</summary>
    /// <param name="Layer">The hidden layer l.</param>
    /// <param name="Scale">The c of the moved point.</param>
    /// <param name="MovedPoint">θ(c), a different point with exactly the same loss.</param>
    public sealed record ConstantLossCurve(int Layer, Rational Scale, IReadOnlyList<Rational> MovedPoint) : EvidenceItem;

    /// <summary>
    /// Krawczyk's test over the box X = [θ − ρ, θ + ρ]: the box, the image K(X) and the preconditioner Y as numbers
    /// (absent where not computed), the criticality proved and the loss enclosure over X.
    /// </summary>
    /// <param name="Radius">ρ.</param>
    /// <param name="Box">X, one [lo, hi] per parameter.</param>
    /// <param name="Criticality">What was proved: unique-critical-point, no-critical-point or undecided.</param>
    /// <param name="Loss">The enclosure of L over X, where computed.</param>
    /// <param name="Image">K(X), where computed.</param>
    /// <param name="Preconditioner">Y, where computed.</param>
    /// <param name="Coordinate">The coordinate that excludes a critical point (no-critical-point only).</param>
    public sealed record Krawczyk(double Radius, IReadOnlyList<Interval> Box, BoxCriticality Criticality, Interval? Loss, IReadOnlyList<Interval>? Image, IReadOnlyList<IReadOnlyList<double>>? Preconditioner, int? Coordinate) : EvidenceItem;

    /// <summary>Every Hessian over the box is positive definite (exact test of the midpoint minus a radius bound).</summary>
    public sealed record PositiveDefiniteOverBox : EvidenceItem;

    /// <summary>Every Hessian over the box is negative definite (exact test of minus the midpoint minus a radius bound).</summary>
    public sealed record NegativeDefiniteOverBox : EvidenceItem;

    /// <summary>A witness point of the same network and data, with its loss bound against the minimum's.</summary>
    /// <param name="Weights">Its weights, exactly, layer by layer (as in an instance file).</param>
    /// <param name="LossUpperBound">An upper bound of its loss (exact for linear and ReLU networks).</param>
    /// <param name="MinimumLossLowerBound">A lower bound of the loss at the local minimum it is compared with.</param>
    /// <param name="Origin">How the witness was obtained.</param>
    public sealed record Witness(IReadOnlyList<LayerWeights> Weights, Rational LossUpperBound, Rational MinimumLossLowerBound, WitnessOrigin Origin) : EvidenceItem;

    /// <summary>A seeded witness search that was run (its best loss in float64, never a proof).</summary>
    /// <param name="Seed">The seed.</param>
    /// <param name="Starts">How many starts.</param>
    /// <param name="Method">The optimiser.</param>
    /// <param name="BestLoss">The lowest float loss found (null when no run gave a finite loss).</param>
    public sealed record WitnessSearch(int Seed, int Starts, string Method, double BestLoss) : EvidenceItem;

    /// <summary>An exact proof that the loss at the point is the global minimum value.</summary>
    /// <param name="Value">The global minimum value, exactly.</param>
    /// <param name="Argument">The proof in one sentence.</param>
    public sealed record GlobalMinimum(Rational Value, string Argument) : EvidenceItem;

    /// <summary>The global minimum value of the loss, enclosed exactly, and the rank bound it speaks of.</summary>
    /// <param name="Value">The value (an exact enclosure; Lower = Upper when exact).</param>
    /// <param name="Rank">r, the narrowest width.</param>
    public sealed record MinimumValue(RationalEnclosure Value, int Rank) : EvidenceItem;

    /// <summary>A point the claim speaks of, exactly (e.g. a constructed minimiser or a point where a check failed).</summary>
    /// <param name="Role">What the point is, e.g. "minimiser".</param>
    /// <param name="Theta">θ in parameter order.</param>
    public sealed record Point(string Role, IReadOnlyList<Rational> Theta) : EvidenceItem;

    /// <summary>Each hypothesis of a theorem with holds or fails and what was found.</summary>
    /// <param name="Outcomes">The hypotheses in the theorem's order.</param>
    public sealed record Hypotheses(IReadOnlyList<HypothesisOutcome> Outcomes) : EvidenceItem;

    /// <summary>f(t) = L(θ + t·d) has exact second derivatives of both signs along one line: neither convex nor concave.</summary>
    /// <param name="Direction">d (through the origin).</param>
    /// <param name="NegativeAt">t₁ with f″(t₁) &lt; 0.</param>
    /// <param name="NegativeValue">f″(t₁).</param>
    /// <param name="PositiveAt">t₂ with f″(t₂) &gt; 0.</param>
    /// <param name="PositiveValue">f″(t₂).</param>
    public sealed record SecondDerivativeSigns(IReadOnlyList<Rational> Direction, Rational NegativeAt, Rational NegativeValue, Rational PositiveAt, Rational PositiveValue) : EvidenceItem;

    /// <summary>A query to an SMT solver and its answer (the verdict rests on the solver).</summary>
    /// <param name="Solver">The solver library.</param>
    /// <param name="GlobalMinimumValue">The exact global minimum value.</param>
    /// <param name="NextCriticalValue">The next exact critical value above it.</param>
    /// <param name="Variables">The number of real variables.</param>
    /// <param name="Query">The question asked, in words.</param>
    /// <param name="Answer">sat, unsat or unknown.</param>
    public sealed record SmtQuery(string Solver, Rational GlobalMinimumValue, Rational NextCriticalValue, int Variables, string Query, string Answer) : EvidenceItem;

    /// <summary>The model an SMT solver returned with a sat answer.</summary>
    /// <param name="Model">The model in SMT-LIB2.</param>
    public sealed record SmtModel(string Model) : EvidenceItem;

    /// <summary>Kawaguchi's ReLU path expectation: an exact path-sum identity and a seeded Monte Carlo check.</summary>
    /// <param name="PointSeed">The seed of the random point used, or null when the instance's own weights were used.</param>
    /// <param name="Paths">The number of input-to-output paths.</param>
    /// <param name="Rho">The gate probability ρ.</param>
    /// <param name="Samples">Monte Carlo samples per output and sample.</param>
    /// <param name="Seed">The Monte Carlo seed.</param>
    /// <param name="LargestStandardizedDeviation">The largest |mean − ρ·WX| in standard errors.</param>
    public sealed record PathExpectation(int? PointSeed, int Paths, Rational Rho, int Samples, int Seed, double LargestStandardizedDeviation) : EvidenceItem;

    /// <summary>The eigenvalues of a matrix (e.g. Σ), each enclosed exactly.</summary>
    /// <param name="Values">The enclosures, ascending.</param>
    public sealed record Eigenvalues(IReadOnlyList<RationalEnclosure> Values) : EvidenceItem;

    /// <summary>Labelled exact critical points with their losses.</summary>
    /// <param name="Points">The points examined.</param>
    /// <param name="ChangeOfBasisSeed">The seed of the random changes of basis C.</param>
    public sealed record CriticalPoints(IReadOnlyList<LabelledPoint> Points, int ChangeOfBasisSeed) : EvidenceItem;

    /// <summary>Labelled points with the verdict a generic claim gave at each.</summary>
    /// <param name="Points">The points decided, in order.</param>
    /// <param name="ChangeOfBasisSeed">The seed of the random changes of basis C.</param>
    public sealed record PointVerdicts(IReadOnlyList<LabelledVerdict> Points, int ChangeOfBasisSeed) : EvidenceItem;

    /// <summary>Seeded optimisation runs compared with the global minimum value.</summary>
    /// <param name="GlobalMinimumValue">The global minimum value, enclosed exactly.</param>
    /// <param name="Runs">How many runs.</param>
    /// <param name="Seed">The first seed (run k uses seed + k).</param>
    /// <param name="ReachedGlobalValue">Runs that converged to the global value.</param>
    /// <param name="NotConverged">Runs that stopped short of the gradient tolerance.</param>
    /// <param name="ConvergedAboveWithoutProof">Runs that converged above it at points not proved to be minima.</param>
    public sealed record OptimisationRuns(RationalEnclosure GlobalMinimumValue, int Runs, int Seed, int ReachedGlobalValue, int NotConverged, IReadOnlyList<string> ConvergedAboveWithoutProof) : EvidenceItem;

    /// <summary>The point that refutes a theorem's conclusion, exactly.</summary>
    /// <param name="Label">Where it comes from.</param>
    /// <param name="Theta">θ in parameter order.</param>
    /// <param name="Seed">The seed that produced it, where one did.</param>
    public sealed record Counterexample(string Label, IReadOnlyList<Rational> Theta, int? Seed) : EvidenceItem;

    /// <summary>How many examined points met a theorem's conclusion, and which stayed undecided.</summary>
    /// <param name="Holds">Points where the conclusion was proved.</param>
    /// <param name="Undecided">Points left undecided (not counted).</param>
    /// <param name="UndecidedPoints">Their labels.</param>
    /// <param name="LeftOut">Candidate points left out beyond the survey's limit.</param>
    public sealed record ConclusionTally(int Holds, int Undecided, IReadOnlyList<string> UndecidedPoints, int LeftOut) : EvidenceItem;

    /// <summary>
    /// A proof that lower(α) ≤ k(α) ≤ upper(α) for every α ∈ (0, π), k the degree-1 arc-cosine kernel: exact Taylor
    /// bounds slack/α² ≥ a positive rational on (0, δ] (and, by the symmetry of the upper slack, on [π − δ, π)), and
    /// interval enclosures of the slacks on the pieces of a bisection of the rest, each proved positive.
    /// </summary>
    /// <param name="UpperDenominator">U in the upper bound (1 + cos α)/U (the paper's 4).</param>
    /// <param name="LowerFactor">c in the lower bound (1 + cos α)/4 − c·((1 − cos α)/2 + sin²α) (the paper's 2).</param>
    /// <param name="Delta">δ: the Taylor bounds cover (0, δ].</param>
    /// <param name="UpperTaylorConstant">A rational with upper slack/α² ≥ it on (0, δ].</param>
    /// <param name="LowerTaylorConstant">A rational with lower slack/α² ≥ it on (0, δ].</param>
    /// <param name="UpperPieces">Pieces of the bisection of [δ, π − δ] for the upper slack.</param>
    /// <param name="LowerPieces">Pieces of the bisection of [δ, π] for the lower slack.</param>
    /// <param name="SmallestUpperSlack">The smallest lower end of the upper slack's enclosures over its pieces.</param>
    /// <param name="SmallestLowerSlack">The smallest lower end of the lower slack's enclosures over its pieces.</param>
    public sealed record KernelBoundsProof(Rational UpperDenominator, Rational LowerFactor, Rational Delta, Rational UpperTaylorConstant, Rational LowerTaylorConstant, int UpperPieces, int LowerPieces, double SmallestUpperSlack, double SmallestLowerSlack) : EvidenceItem;

    /// <summary>An angle at which a kernel bound fails, proved by an interval enclosure of the slack there.</summary>
    /// <param name="Bound">"upper" or "lower".</param>
    /// <param name="Alpha">The angle α (a double in (0, π)).</param>
    /// <param name="Slack">An enclosure of the slack (bound minus kernel, or kernel minus bound) at α: entirely negative.</param>
    public sealed record KernelBoundCounterexample(string Bound, double Alpha, Interval Slack) : EvidenceItem;

    /// <summary>A seeded Monte Carlo estimate of E[relu(w₁·X)·relu(w₂·X)] for X ~ N(0, I) against the closed form.</summary>
    /// <param name="Alpha">The angle between w₁ and w₂ (float64).</param>
    /// <param name="ClosedForm">‖w₁‖‖w₂‖·(sin α + (π − α)cos α)/(2π) (float64).</param>
    /// <param name="Estimate">The sample mean.</param>
    /// <param name="StandardError">Its standard error.</param>
    /// <param name="Samples">The number of Gaussian draws.</param>
    /// <param name="Seed">The seed of the draws.</param>
    public sealed record KernelMonteCarlo(double Alpha, double ClosedForm, double Estimate, double StandardError, int Samples, int Seed) : EvidenceItem;

    /// <summary>A greedy ε-net of m unit vectors in ℝⁿ and the pigeonhole count on it (chordal distances).</summary>
    /// <param name="Vectors">m.</param>
    /// <param name="Dimension">n.</param>
    /// <param name="Eta">η, with ε = m^((η−1)/n).</param>
    /// <param name="Epsilon">An enclosure of ε.</param>
    /// <param name="Centres">The size of the net.</param>
    /// <param name="Exponent">The exponent e of the bound (1 + 2/ε)^e checked against the net's size.</param>
    /// <param name="CoveringBound">An enclosure of (1 + 2/ε)^e.</param>
    /// <param name="LargestCell">The number of vectors in the largest cell.</param>
    /// <param name="PigeonholeBound">⌈m / |net|⌉, which the largest cell reaches.</param>
    /// <param name="LargestCellDiameter">An enclosure of the largest chordal distance between two vectors of the largest cell.</param>
    public sealed record CoveringPigeonhole(int Vectors, int Dimension, Rational Eta, Interval Epsilon, int Centres, int Exponent, Interval CoveringBound, int LargestCell, int PigeonholeBound, Interval LargestCellDiameter) : EvidenceItem;

    /// <summary>Exact losses at the ends of a straight segment and at one of its points.</summary>
    /// <param name="StartLoss">L at the start.</param>
    /// <param name="EndLoss">L at the end.</param>
    /// <param name="At">The fraction t of the point (1 − t)·start + t·end.</param>
    /// <param name="LossAt">L there.</param>
    public sealed record SegmentLoss(Rational StartLoss, Rational EndLoss, Rational At, Rational LossAt) : EvidenceItem;

    /// <summary>
    /// The exact first-order test of a one-hidden-layer ReLU network's point on the slice where its hidden units'
    /// outgoing weights are held fixed (the loss is convex there): multipliers that make 0 a subgradient, or a descent
    /// direction with an exact decrease.
    /// </summary>
    /// <param name="Role">Which point, e.g. "θ′".</param>
    /// <param name="Loss">L at the point.</param>
    /// <param name="LocalMinimum">Whether 0 is a subgradient on the slice (the point is a local minimum).</param>
    /// <param name="KinkSamples">The samples (1-based) whose absolute residual is 0 (kinks of the mean absolute error).</param>
    /// <param name="Multipliers">λᵢ ∈ [−1, 1] for those samples with Σ λᵢJᵢ + Σ sign(rᵢ)Jᵢ = 0, or null.</param>
    /// <param name="Direction">A descent direction in θ's coordinates (zero on the fixed weights), or null.</param>
    /// <param name="Step">The step s with L(θ + s·Direction) &lt; L(θ), or null.</param>
    /// <param name="LossAtStep">L(θ + s·Direction), or null.</param>
    public sealed record SliceStationarity(string Role, Rational Loss, bool LocalMinimum, IReadOnlyList<int> KinkSamples, IReadOnlyList<Rational>? Multipliers, IReadOnlyList<Rational>? Direction, Rational? Step, Rational? LossAtStep) : EvidenceItem;
}
