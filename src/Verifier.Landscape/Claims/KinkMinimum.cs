using Verifier.Landscape.Derivatives;
using Verifier.Landscape.Instances;
using Verifier.Landscape.Networks;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Landscape.Claims;

/// <summary>What the exact local-minimum decision at a piecewise-linear point found.</summary>
public abstract record KinkDecision
{
    private KinkDecision()
    {
    }

    /// <summary>θ is proved a local minimum (not necessarily strict); the item carries the argument.</summary>
    /// <param name="Proof">A <see cref="EvidenceItem.PieceMinimum"/>, <see cref="EvidenceItem.DeadLayer"/> or <see cref="EvidenceItem.GlobalMinimum"/> (zero loss).</param>
    public sealed record Minimum(EvidenceItem Proof) : KinkDecision;

    /// <summary>θ is proved not a local minimum: the loss falls along the one-sided line of the item.</summary>
    /// <param name="Line">The direction and the exact polynomial of the loss along it.</param>
    public sealed record Descent(EvidenceItem.OneSidedDescent Line) : KinkDecision;

    /// <summary>The method cannot decide; the reason says why.</summary>
    /// <param name="Reason">One sentence.</param>
    public sealed record Undecided(string Reason) : KinkDecision;
}

/// <summary>
/// Exact local-minimum decisions at points of ReLU networks, kinks included, where derivatives do not decide.
/// Three routes, tried in order:
/// <list type="number">
/// <item>zero loss: a sum of squares that is exactly 0 is a global, hence local, minimum;</item>
/// <item>a dead layer: a hidden ReLU layer whose pre-activations are all strictly negative on every sample makes the
/// output the same for every sample near θ, so L ≥ the loss of the best constant (the targets' mean), and θ is a
/// local minimum when it attains it;</item>
/// <item>one hidden ReLU layer with a linear scalar output and a squared loss: each sign choice for the tied
/// pre-activations is a polyhedral piece, on which f is linear in Uⱼ = vⱼ·(wⱼ, bⱼ) and c, so the loss is a convex
/// quadratic G in (U, c), and the piece maps onto a polyhedral cone of (U, c) around θ's image (for vⱼ ≠ 0). θ is a
/// local minimum exactly when, on every piece, ∇G lies in the dual cone (exact KKT, by <see cref="ConeMembership"/>);
/// the conditions separate unit by unit, so only Σⱼ 2^tⱼ pieces are examined, tⱼ the ties of unit j. A failing
/// condition gives a rational direction inside one piece along which L(θ + t·d) − L(θ) is an exact polynomial
/// with a negative lowest-order coefficient.</item>
/// </list>
/// Everything else (ties in deeper layers, several outputs, units with output weight 0 whose condition fails without a
/// second-order descent) is undecided, with the reason.
/// </summary>
public static class KinkMinimum
{
    /// <summary>The most pieces examined (Σⱼ 2^tⱼ over the hidden units) before the decision is refused.</summary>
    public const int MaxPieces = 1 << 12;

    /// <summary>Steps κ tried (κ = 1, 4, 16, …) for a second-order descent through a unit with output weight 0.</summary>
    private const int SecondOrderScales = 24;

    /// <summary>Decides whether θ (the instance's point) is a local minimum, exactly.</summary>
    /// <param name="instance">A linear or ReLU network with a squared loss, and its point.</param>
    /// <param name="budget">Charged for the linear programs, or null for no limit.</param>
    /// <exception cref="ArgumentException">The instance has no point or is not piecewise linear.</exception>
    /// <exception cref="WorkBudgetExhaustedException">The budget ran out.</exception>
    public static KinkDecision LocalMinimum(Instance instance, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Weights is null || !instance.Network.IsPiecewiseLinear)
        {
            throw new ArgumentException("The exact kink decision needs a linear or ReLU network with a point.", nameof(instance));
        }

        if (instance.Loss is not (LossKind.Sse or LossKind.Mse))
        {
            return new KinkDecision.Undecided($"the exact kink decision covers the squared losses, not {Names.Of(instance.Loss)}");
        }

        using var activity = budget?.During("the exact local-minimum decision at the point's pieces");
        var calculus = new NetworkCalculus<Rational, RationalOps>(instance);
        var theta = instance.Weights;
        var loss = calculus.Loss(theta);
        if (loss.IsZero)
        {
            return new KinkDecision.Minimum(new EvidenceItem.GlobalMinimum(Rational.Zero, "the loss is a sum of squares and is exactly 0 at the point"));
        }

        if (DeadLayer(instance, calculus, theta, loss) is { } dead)
        {
            return dead;
        }

        var net = instance.Network;
        string? outside = net.Depth > 2 || net.Activation != Activation.Relu
            ? "ties in a network with more than one hidden layer: its pieces are not polyhedral cones, and no dead layer decides it"
            : net.Output != Activation.Linear ? "a ReLU output layer: the loss is not convex in the product coordinates on a piece"
            : net.OutputWidth != 1 ? $"{net.OutputWidth} outputs: the product coordinates vⱼ·(wⱼ, bⱼ) of a piece are rank-one matrices, not a convex set"
            : null;
        if (outside is not null)
        {
            // Outside the piecewise-convex setting only refutation is attempted: exact one-sided lines.
            foreach (var (d, how) in CandidateLines(theta.Count))
            {
                if (OneSidedLine.Descent(instance, d, how) is { } line)
                {
                    return new KinkDecision.Descent(line);
                }
            }

            return new KinkDecision.Undecided($"{outside}; none of {(2 * theta.Count) + RandomLines} one-sided lines (± each coordinate and {RandomLines} random directions, seed {LineSeed}) descends");
        }

        return new ShallowPoint(instance, theta).Decide(budget);
    }

    /// <summary>Random one-sided lines tried where the piecewise-convex argument does not apply.</summary>
    public const int RandomLines = 24;

    /// <summary>Seed of those lines (reported in the reason).</summary>
    public const int LineSeed = 1;

    // ± every coordinate, then seeded random integer directions in [−3, 3].
    private static IEnumerable<(Rational[] Direction, string How)> CandidateLines(int p)
    {
        for (int k = 0; k < p; k++)
        {
            foreach (int sign in new[] { 1, -1 })
            {
                var d = new Rational[p];
                d[k] = sign;
                yield return (d, $"moving parameter {k} by {(sign > 0 ? "+" : "−")}t");
            }
        }

        var rng = new Random(LineSeed);
        for (int r = 0; r < RandomLines; r++)
        {
            yield return ([.. Enumerable.Range(0, p).Select(_ => (Rational)rng.Next(-3, 4))], $"random direction {r} (seed {LineSeed})");
        }
    }

    private static KinkDecision.Minimum? DeadLayer(Instance instance, NetworkCalculus<Rational, RationalOps> calculus, IReadOnlyList<Rational> theta, Rational loss)
    {
        var net = instance.Network;
        if (net.Activation != Activation.Relu || net.Depth < 2)
        {
            return null;
        }

        var z = calculus.PreActivations(theta);
        for (int l = 1; l < net.Depth; l++)
        {
            if (!z[l - 1].All(v => v.Sign < 0))
            {
                continue;
            }

            var best = ConstantOutput.BestLoss(instance);
            if (loss == best)
            {
                var margin = z[l - 1].Select(v => -v).Min();
                return new KinkDecision.Minimum(new EvidenceItem.DeadLayer(l, margin, best));
            }
        }

        return null;
    }

    /// <summary>
    /// A point of a network with one hidden ReLU layer and a linear output: the data with a 1 appended when the
    /// network has biases (x̃), the first layer's rows w̃ⱼ = (wⱼ, bⱼ), the output weights and the exact pre-activations.
    /// </summary>
    private sealed class ShallowPoint
    {
        private readonly Instance _instance;
        private readonly NetworkSpec _net;
        private readonly Rational[] _theta;
        private readonly int _n;
        private readonly int _h;
        private readonly int _d;
        private readonly int _m;
        private readonly Rational[][] _x;
        private readonly Rational[,] _z;

        public ShallowPoint(Instance instance, IReadOnlyList<Rational> theta)
        {
            _instance = instance;
            _net = instance.Network;
            if (_net.Depth != 2 || _net.Output != Activation.Linear || _net.Activation is not (Activation.Relu or Activation.Linear))
            {
                throw new ArgumentException("The one-sided line polynomial needs one hidden ReLU layer and a linear output.", nameof(instance));
            }

            _theta = [.. theta];
            _n = instance.Data.Count;
            _h = _net.Layers[1];
            _m = _net.OutputWidth;
            int dx = _net.InputWidth;
            _d = dx + (_net.Bias ? 1 : 0);
            _x = new Rational[_n][];
            for (int i = 0; i < _n; i++)
            {
                _x[i] = new Rational[_d];
                for (int k = 0; k < dx; k++)
                {
                    _x[i][k] = instance.Data.XExact[(i * dx) + k];
                }

                if (_net.Bias)
                {
                    _x[i][dx] = Rational.One;
                }
            }

            _z = new Rational[_n, _h];
            for (int i = 0; i < _n; i++)
            {
                for (int j = 0; j < _h; j++)
                {
                    _z[i, j] = ExactLinearAlgebra.Dot(Row(_theta, j), _x[i]);
                }
            }
        }

        // w̃ⱼ of a parameter vector: unit j's incoming weights, then its bias.
        private Rational[] Row(Rational[] p, int j)
        {
            int dx = _net.InputWidth;
            var r = new Rational[_d];
            for (int k = 0; k < dx; k++)
            {
                r[k] = p[_net.WeightOffset(1) + (j * dx) + k];
            }

            if (_net.Bias)
            {
                r[dx] = p[_net.BiasOffset(1) + j];
            }

            return r;
        }

        private int RowIndex(int j, int k) => k < _net.InputWidth ? _net.WeightOffset(1) + (j * _net.InputWidth) + k : _net.BiasOffset(1) + j;

        private int OutputWeightIndex(int o, int j) => _net.WeightOffset(2) + (o * _h) + j;

        private Rational OutputBias(Rational[] p, int o) => _net.Bias ? p[_net.BiasOffset(2) + o] : Rational.Zero;

        public KinkDecision Decide(WorkBudget? budget)
        {
            // Residuals eᵢ = f(xᵢ) − yᵢ at θ (the same on every piece: tied units contribute 0 there).
            var e = new Rational[_n];
            for (int i = 0; i < _n; i++)
            {
                e[i] = Output(_theta, i, j => _z[i, j].Sign > 0) - _instance.Data.YExact[i];
            }

            int ties = 0, pieces = 0;
            for (int j = 0; j < _h; j++)
            {
                int t = Enumerable.Range(0, _n).Count(i => _z[i, j].IsZero);
                ties += t;
                pieces += t >= 30 ? MaxPieces + 1 : 1 << t;
                if (pieces > MaxPieces)
                {
                    return new KinkDecision.Undecided($"{TieText(ties)} or more give more than {MaxPieces} pieces to examine unit by unit, above the limit of {MaxPieces}");
                }
            }

            // The output bias c: ∂G/∂c = s·Σ eᵢ must vanish.
            if (_net.Bias)
            {
                Rational gc = e.Aggregate(Rational.Zero, (a, b) => a + b);
                if (!gc.IsZero)
                {
                    var d = new Rational[_theta.Length];
                    d[_net.BiasOffset(2)] = -gc;
                    return Descent(d, "moving the output bias against its exact derivative");
                }
            }

            var units = new List<UnitPieces>();
            for (int j = 0; j < _h; j++)
            {
                var tied = Enumerable.Range(0, _n).Where(i => _z[i, j].IsZero).ToArray();
                var baseGradient = new Rational[_d];
                for (int i = 0; i < _n; i++)
                {
                    if (_z[i, j].Sign > 0)
                    {
                        Accumulate(baseGradient, e[i], _x[i]);
                    }
                }

                var v = _theta[OutputWeightIndex(0, j)];
                var decided = v.IsZero ? DeadOutputUnit(j, tied, baseGradient, e, budget) : LiveUnit(j, v, tied, baseGradient, e, budget);
                switch (decided)
                {
                    case KinkDecision d:
                        return d;
                    case UnitPieces u:
                        units.Add(u);
                        break;
                }
            }

            return new KinkDecision.Minimum(new EvidenceItem.PieceMinimum(ties, units.Sum(u => u.Pieces.Count), units));
        }

        // vⱼ ≠ 0: on piece S (the tied samples made active), ∇_{Uⱼ}G = gⱼ(S) must lie in σⱼ·cone{sᵢx̃ᵢ}, sᵢ = +1 on S, −1 off it.
        private object LiveUnit(int j, Rational v, int[] tied, Rational[] baseGradient, Rational[] e, WorkBudget? budget)
        {
            var pieces = new List<PieceMultipliers>();
            int sigma = v.Sign;
            for (int mask = 0; mask < 1 << tied.Length; mask++)
            {
                var g = PieceGradient(baseGradient, tied, mask, e);
                var generators = tied.Select((i, k) => Scale(_x[i], sigma * (((mask >> k) & 1) == 1 ? 1 : -1))).ToArray();
                switch (ConeMembership.Decide(generators, g, budget))
                {
                    case ConeAnswer.Member member:
                        pieces.Add(new PieceMultipliers(ActiveTies(tied, mask), member.Multipliers));
                        break;
                    case ConeAnswer.Separated separated:
                        // δw̃ⱼ = y / vⱼ keeps the piece (σⱼ·sᵢ·y·x̃ᵢ ≥ 0) and has first-order change gⱼ(S)·y < 0.
                        var d = new Rational[_theta.Length];
                        for (int k = 0; k < _d; k++)
                        {
                            d[RowIndex(j, k)] = separated.Direction[k] / v;
                        }

                        return Descent(d, $"moving hidden unit {j}'s weights into the piece where {PieceText(tied, mask)}");
                }
            }

            return new UnitPieces(j, sigma, tied, pieces);
        }

        // vⱼ = 0: first order, ∂L/∂vⱼ ∝ gⱼ·w̃ⱼ (the same on every piece); then gⱼ(S) must vanish on every piece, or
        // a second-order descent (vⱼ and w̃ⱼ moved together) is sought; failing that, undecided.
        private object DeadOutputUnit(int j, int[] tied, Rational[] baseGradient, Rational[] e, WorkBudget? budget)
        {
            var row = Row(_theta, j);
            var gv = ExactLinearAlgebra.Dot(baseGradient, row);
            if (!gv.IsZero)
            {
                var d = new Rational[_theta.Length];
                d[OutputWeightIndex(0, j)] = -gv;
                return Descent(d, $"moving hidden unit {j}'s output weight (now 0) against its exact derivative");
            }

            var pieces = new List<PieceMultipliers>();
            for (int mask = 0; mask < 1 << tied.Length; mask++)
            {
                var g = PieceGradient(baseGradient, tied, mask, e);
                if (g.All(x => x.IsZero))
                {
                    pieces.Add(new PieceMultipliers(ActiveTies(tied, mask), [.. tied.Select(_ => Rational.Zero)]));
                    continue;
                }

                // A direction e of w̃ⱼ inside the piece (sᵢ·e·x̃ᵢ ≥ 0) with gⱼ(S)·e ≠ 0; vⱼ moves with the sign that makes the t² term fall.
                var generators = tied.Select((i, k) => Scale(_x[i], ((mask >> k) & 1) == 1 ? 1 : -1)).ToArray();
                (Rational[] E, int Sign)? found = ConeMembership.Decide(generators, g, budget) switch
                {
                    ConeAnswer.Separated s => (s.Direction, 1),
                    _ => ConeMembership.Decide(generators, [.. g.Select(x => -x)], budget) is ConeAnswer.Separated s2 ? (s2.Direction, -1) : null,
                };
                if (found is { } f)
                {
                    Rational kappa = Rational.One;
                    for (int attempt = 0; attempt < SecondOrderScales; attempt++, kappa *= 4)
                    {
                        var d = new Rational[_theta.Length];
                        d[OutputWeightIndex(0, j)] = f.Sign;
                        for (int k = 0; k < _d; k++)
                        {
                            d[RowIndex(j, k)] = kappa * f.E[k];
                        }

                        if (TryDescent(d, $"moving hidden unit {j}'s output weight (now 0) together with its weights into the piece where {PieceText(tied, mask)}") is { } descent)
                        {
                            return descent;
                        }
                    }
                }

                return new KinkDecision.Undecided(
                    $"hidden unit {j} has output weight 0 and a non-zero gradient in its product coordinates on the piece where {PieceText(tied, mask)}, and no second-order descent was found");
            }

            return new UnitPieces(j, 0, tied, pieces);
        }

        private Rational[] PieceGradient(Rational[] baseGradient, int[] tied, int mask, Rational[] e)
        {
            var g = (Rational[])baseGradient.Clone();
            for (int k = 0; k < tied.Length; k++)
            {
                if (((mask >> k) & 1) == 1)
                {
                    Accumulate(g, e[tied[k]], _x[tied[k]]);
                }
            }

            return g;
        }

        private KinkDecision.Descent Descent(Rational[] d, string how) =>
            TryDescent(d, how) ?? throw new InvalidOperationException("A first-order descent direction did not give a falling polynomial (a bug).");

        private KinkDecision.Descent? TryDescent(Rational[] d, string how) =>
            OneSidedLine.Descent(_instance, d, how) is { } line ? new KinkDecision.Descent(line) : null;

        private Rational Output(Rational[] p, int i, Func<int, bool> active, int o = 0)
        {
            Rational f = OutputBias(p, o);
            for (int j = 0; j < _h; j++)
            {
                if (active(j))
                {
                    f += p[OutputWeightIndex(o, j)] * ExactLinearAlgebra.Dot(Row(p, j), _x[i]);
                }
            }

            return f;
        }

        private static int[] ActiveTies(int[] tied, int mask) => [.. tied.Where((_, k) => ((mask >> k) & 1) == 1)];

        private static string PieceText(int[] tied, int mask) =>
            tied.Length == 0
                ? "no pre-activation is tied"
                : string.Join(", ", tied.Select((i, k) => $"sample {i} is {(((mask >> k) & 1) == 1 ? "active" : "inactive")}"));

        private static string TieText(int ties) => ties == 1 ? "1 tied pre-activation" : $"{ties} tied pre-activations";

        private static void Accumulate(Rational[] g, Rational c, Rational[] x)
        {
            if (c.IsZero)
            {
                return;
            }

            for (int k = 0; k < g.Length; k++)
            {
                g[k] += c * x[k];
            }
        }

        private static Rational[] Scale(Rational[] x, int s) => [.. x.Select(v => s * v)];
    }
}
