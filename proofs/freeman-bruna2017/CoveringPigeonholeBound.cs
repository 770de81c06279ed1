using Verifier.Landscape.Claims;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Intervals;
using Verifier.Symbolic;
using static Verifier.Proofs.FreemanBruna2017.FreemanBrunaInstances;

namespace Verifier.Proofs.FreemanBruna2017;

/// <summary>
/// <c>freeman-bruna2017.covering-pigeonhole</c>: the covering and pigeonhole step of Cor. 2.5, papers.md FB-6. The m
/// vectors are the directions uᵢ = wᵢ/‖wᵢ‖ of the instance's m hidden units (rows of W₁) in ℝⁿ, η = 1/(2(n + 1))
/// (half the largest η the corollary allows, 0 &lt; η &lt; n⁻¹(1 + n⁻¹)⁻¹ = 1/(n + 1)) and ε = m^((η−1)/n). A greedy
/// pass builds a net: a vector farther than ε (chordal distance ‖uᵢ − u_c‖) from every centre so far becomes a centre,
/// the others join their nearest centre's cell. Checked per instance: (1) every vector is within ε of its cell's
/// centre and the centres are pairwise more than ε apart (interval enclosures of the distances and of ε); (2) the net's
/// size N is at most (1 + 2/ε)ⁿ (the packing bound: balls of radius ε/2 around ε-separated centres on the sphere are
/// disjoint and lie in the ball of radius 1 + ε/2); (3) the largest cell holds at least ⌈m/N⌉ ≥ m/(1 + 2/ε)ⁿ vectors
/// (pigeonhole: exact integer arithmetic on the computed net); (4) its vectors are pairwise within chordal distance 2ε
/// (the triangle inequality through the centre; checked with intervals). A distance within rounding of ε leaves the
/// verdict inconclusive.
/// </summary>
public sealed class CoveringPigeonholeBound : ICatalogueClaim
{
    /// <summary>The claim.</summary>
    public static Claim Claim { get; } = new(
        "freeman-bruna2017.covering-pigeonhole", PaperKey.FreemanBruna2017,
        "FB-6 (Cor. 2.5's covering step): for the m unit directions of the hidden units in ℝⁿ, η = 1/(2(n+1)) and ε = m^((η−1)/n), a greedy ε-net has N ≤ (1+2/ε)ⁿ centres, and its largest cell holds ≥ ⌈m/N⌉ ≥ m/(1+2/ε)ⁿ vectors pairwise within chordal distance 2ε (distances by intervals, counts exact).",
        ["one hidden layer with at least two units, and no hidden unit with an all-zero weight row"],
        Decide);

    /// <summary>The claim's place among the paper's claims.</summary>
    public static int Order => 9;

    /// <summary>Suite cases: seeded Gaussian rows (uniform directions).</summary>
    public static IReadOnlyList<SuiteCase> Cases { get; } =
    [
        new("m = 5000 directions in ℝ², seed 1 (ε ≈ 0.029)", () => ReluLayer(2, 5000, 1), Expectation.Verified),
        new("m = 600 directions in ℝ³, seed 2 (ε ≈ 0.15)", () => ReluLayer(3, 600, 2), Expectation.Verified),
        new("2-2-1 network whose second unit has a zero row", ZeroRow, Expectation.HypothesesNotMet),
    ];

    /// <summary>η = 1/(2(n + 1)).</summary>
    public static Rational EtaFor(int n) => new(1, 2 * (n + 1));

    /// <summary>
    /// Builds the greedy net of <paramref name="rows"/>' directions and checks (1)–(4) with the bound
    /// (1 + 2/ε)^<paramref name="exponent"/> (the paper's exponent is n; a smaller one is a false variant a large
    /// enough net refutes: an ε-separated set larger than the bound, proved separated by intervals).
    /// </summary>
    /// <param name="rows">The m vectors (not necessarily unit; their directions are used), each non-zero.</param>
    /// <param name="eta">η, with ε = m^((η−1)/n).</param>
    /// <param name="exponent">The exponent of the bound on the net's size.</param>
    /// <param name="work">The work budget, or null.</param>
    public static Verdict Check(IReadOnlyList<Rational[]> rows, Rational eta, int exponent, WorkBudget? work = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int m = rows.Count, n = rows[0].Length;
        var epsilon = Interval.Exp(Interval.Log(Interval.Point(m)) * Interval.FromRational((eta - 1) / n));
        var epsilonSquared = Interval.Square(epsilon);
        var units = rows.Select(r => Unit(r)).ToArray();
        var mid = units.Select(u => u.Select(c => c.Midpoint).ToArray()).ToArray();

        // The greedy pass (float distances choose; intervals check below).
        var centres = new List<int>();
        var cellOf = new int[m];
        double eps2 = epsilonSquared.Midpoint;
        for (int i = 0; i < m; i++)
        {
            work?.Charge(centres.Count + 1);
            int nearest = -1;
            double best = double.PositiveInfinity;
            for (int c = 0; c < centres.Count; c++)
            {
                double d = FloatDistanceSquared(mid[i], mid[centres[c]]);
                if (d < best)
                {
                    (best, nearest) = (d, c);
                }
            }

            if (nearest < 0 || best > eps2)
            {
                cellOf[i] = centres.Count;
                centres.Add(i);
            }
            else
            {
                cellOf[i] = nearest;
            }
        }

        // (1) covering and separation, rigorously.
        for (int i = 0; i < m; i++)
        {
            int centre = centres[cellOf[i]];
            if (centre != i && !(DistanceSquared(units[i], units[centre]).Hi <= epsilonSquared.Lo))
            {
                return new Verdict.Inconclusive($"vector {i} is within rounding of ε = {epsilon} of its centre {centre}: its cell membership is not proved");
            }
        }

        for (int a = 0; a < centres.Count; a++)
        {
            work?.Charge(centres.Count);
            for (int b = a + 1; b < centres.Count; b++)
            {
                if (!(DistanceSquared(units[centres[a]], units[centres[b]]).Lo > epsilonSquared.Hi))
                {
                    return new Verdict.Inconclusive($"centres {centres[a]} and {centres[b]} are within rounding of ε = {epsilon}: their separation is not proved");
                }
            }
        }

        // (2) the packing bound on the net's size.
        int size = centres.Count;
        var bound = Interval.Pow(Interval.One + (Interval.Point(2) / epsilon), exponent);

        // (3) pigeonhole on the cells.
        var cellSizes = new int[size];
        foreach (int c in cellOf)
        {
            cellSizes[c]++;
        }

        int largest = cellSizes.Max(), largestCell = Array.IndexOf(cellSizes, largest);
        int pigeonhole = (m + size - 1) / size;

        // (4) the largest cell's diameter.
        var members = Enumerable.Range(0, m).Where(i => cellOf[i] == largestCell).ToArray();
        var diameterSquared = Interval.Zero;
        for (int a = 0; a < members.Length; a++)
        {
            work?.Charge(members.Length);
            for (int b = a + 1; b < members.Length; b++)
            {
                diameterSquared = Interval.Max(diameterSquared, DistanceSquared(units[members[a]], units[members[b]]));
            }
        }

        var diameter = Interval.Sqrt(diameterSquared);
        var item = new EvidenceItem.CoveringPigeonhole(m, n, eta, epsilon, size, exponent, bound, largest, pigeonhole, diameter);
        var evidence = Evidence.Of(EvidenceMethod.IntervalBisection, item);
        if (size > bound.Hi)
        {
            return new Verdict.Refuted($"the greedy net has {size} centres, proved pairwise more than ε = {epsilon} apart, more than (1+2/ε)^{exponent} ∈ {bound}", evidence);
        }

        if (!(size <= bound.Lo))
        {
            return new Verdict.Inconclusive($"the net's size {size} is within rounding of (1+2/ε)^{exponent} ∈ {bound}", evidence);
        }

        if (largest < pigeonhole || (long)largest * size < m)
        {
            throw new InvalidOperationException("Internal error: the pigeonhole count fails on a partition.");
        }

        var share = Interval.Point(m) / bound;
        if (!(pigeonhole >= share.Hi))
        {
            return new Verdict.Inconclusive($"⌈m/N⌉ = {pigeonhole} is not proved ≥ m/(1+2/ε)^{exponent} ∈ {share}", evidence);
        }

        if (!(diameter.Hi <= (Interval.Point(2) * epsilon).Lo))
        {
            return new Verdict.Refuted($"two vectors of the largest cell are {diameter} apart, more than 2ε", evidence);
        }

        return new Verdict.Verified(
            $"ε = m^((η−1)/n) ∈ {epsilon} (m = {m}, n = {n}, η = {eta}); the greedy net has N = {size} centres (ε-separated and ε-covering, proved with intervals), N ≤ (1+2/ε)^{exponent} ∈ {bound}; its largest cell holds {largest} ≥ ⌈m/N⌉ = {pigeonhole} ≥ m/(1+2/ε)^{exponent} ∈ {share} vectors, pairwise within chordal distance {diameter.Hi:G4} ≤ 2ε",
            evidence);
    }

    private static Instance ZeroRow() =>
        new("fb-zero-row-2-2-1", new NetworkSpec([2, 2, 1], Activation.Relu, Activation.Linear, bias: false), LossKind.Mse, new Dataset(1, 2, 1, [1, 0], [0]), [1, 0, 0, 0, 1, 1]);

    private static Interval[] Unit(Rational[] row)
    {
        var x = row.Select(Interval.FromRational).ToArray();
        var norm = Interval.Sqrt(x.Aggregate(Interval.Zero, (s, v) => s + Interval.Square(v)));
        return [.. x.Select(v => v / norm)];
    }

    private static Interval DistanceSquared(Interval[] u, Interval[] v)
    {
        var sum = Interval.Zero;
        for (int k = 0; k < u.Length; k++)
        {
            sum += Interval.Square(u[k] - v[k]);
        }

        return sum;
    }

    private static double FloatDistanceSquared(double[] u, double[] v)
    {
        double sum = 0;
        for (int k = 0; k < u.Length; k++)
        {
            sum += (u[k] - v[k]) * (u[k] - v[k]);
        }

        return sum;
    }

    private static Verdict Decide(ClaimInput input)
    {
        var instance = input.Instance;
        var net = instance.Network;
        if (net.Depth != 2 || net.Layers[1] < 2 || instance.Weights is null)
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        int n = net.InputWidth, m = net.Layers[1], offset = net.WeightOffset(1);
        var rows = Enumerable.Range(0, m).Select(j => Enumerable.Range(0, n).Select(k => instance.Weights[offset + (j * n) + k]).ToArray()).ToArray();
        if (rows.Any(r => r.All(v => v.IsZero)))
        {
            return new Verdict.HypothesesNotMet([Claim.Hypotheses[0]]);
        }

        return Check(rows, EtaFor(n), n, input.Work);
    }
}
