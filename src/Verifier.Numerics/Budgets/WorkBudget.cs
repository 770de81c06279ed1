using System.Diagnostics;
using System.Globalization;

namespace Verifier.Numerics.Budgets;

/// <summary>
/// The limits of one decision: work units, the largest exact number allowed, and a wall-clock backstop. Immutable; a
/// <see cref="WorkBudget"/> is drawn from it for each verdict.
/// </summary>
/// <param name="Units">The work units one decision may spend (see <see cref="WorkBudget"/> for what a unit is).</param>
/// <param name="MaxRationalBits">The largest size, in bits, of an exact number an exact routine may create.</param>
/// <param name="Deadline">The wall-clock backstop: past it, the next charge stops the work whatever the units say.</param>
public sealed record WorkLimits(long Units, long MaxRationalBits, TimeSpan Deadline)
{
    /// <summary>The default seconds per verdict (design contract): 60.</summary>
    public const double DefaultSeconds = 60;

    /// <summary>
    /// Work units per second of budget: 2·10⁸. Measured on a 2-core x86-64 container (exact elimination, characteristic
    /// polynomials and root isolation on random matrices of order 6 to 30 with entries from 1 to 10²⁰⁰, and the linear
    /// theory on 3-2-2 data with 20- to 100-digit fractions), the exact routines spend 1 to 7·10⁸ units per second, most
    /// near 2·10⁸. So a budget of S seconds in units ends, on such a machine, in about S/3 to S seconds whatever the
    /// load, and the same inputs and budget give the same verdict; only work slower than the model (or a loaded
    /// machine) reaches the wall-clock backstop of S seconds first.
    /// </summary>
    public const long UnitsPerSecond = 200_000_000;

    /// <summary>
    /// Largest exact number: 2²⁰ bits (about 315 000 decimal digits). Numbers near it make one multiplication cost
    /// milliseconds; an elimination that grows its entries this far is beyond any budget anyway, and stops at once.
    /// </summary>
    public const long DefaultMaxRationalBits = 1L << 20;

    /// <summary>The limits of a budget of <paramref name="seconds"/> seconds (in units, with the same seconds as the backstop).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The seconds are not a positive finite number.</exception>
    public static WorkLimits ForSeconds(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A budget is a positive number of seconds.");
        }

        double units = Math.Min(seconds * UnitsPerSecond, long.MaxValue / 2.0);
        return new WorkLimits((long)units, DefaultMaxRationalBits, TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2)));
    }

    /// <summary>The default limits: <see cref="DefaultSeconds"/> seconds.</summary>
    public static WorkLimits Default { get; } = ForSeconds(DefaultSeconds);

    /// <summary>The seconds this budget stands for, as the CLI's --budget gives them.</summary>
    public double Seconds => Deadline.TotalSeconds;
}

/// <summary>
/// The work one decision may still do: counted in work units, so that a verdict does not depend on the machine or
/// its load, with a wall-clock deadline only as a backstop. Exact routines charge it as they go (<see cref="Charge"/>,
/// usable as an <c>Action&lt;long&gt;</c>) and the charge that overdraws it throws
/// <see cref="WorkBudgetExhaustedException"/>, which the decision turns into an inconclusive verdict naming the
/// budget and what was left undone.
/// </summary>
/// <remarks>
/// A unit is one machine-word operation: an exact multiplication or division of numbers of a and b 64-bit words costs
/// a·b units, an addition a + b, a double-precision floating operation one. Routines charge before each step whose
/// cost they can bound (an elimination step, a polynomial evaluation), so a step is never more than one charge
/// beyond the budget. Not thread-safe: one decision, one thread.
/// </remarks>
public sealed class WorkBudget
{
    private readonly Stopwatch _clock;
    private readonly Func<TimeSpan>? _elapsed;
    private string _activity = "the decision";

    /// <summary>A budget with the given limits, its clock started now.</summary>
    /// <param name="limits">The limits.</param>
    /// <param name="elapsed">The wall clock read by the backstop (tests pass their own); null for a stopwatch started now.</param>
    public WorkBudget(WorkLimits limits, Func<TimeSpan>? elapsed = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _elapsed = elapsed;
        _clock = Stopwatch.StartNew();
    }

    /// <summary>A budget of the default limits.</summary>
    public static WorkBudget Default() => new(WorkLimits.Default);

    /// <summary>The limits.</summary>
    public WorkLimits Limits { get; }

    /// <summary>The units spent so far.</summary>
    public long Spent { get; private set; }

    /// <summary>What is being done now, as the exhaustion message names it (e.g. "the exact eigenvalues of Σ").</summary>
    public string Activity => _activity;

    /// <summary>The wall-clock time since the budget was drawn.</summary>
    public TimeSpan Elapsed => _elapsed?.Invoke() ?? _clock.Elapsed;

    /// <summary>
    /// Names what the work charged until the returned scope is disposed stands for; the exhaustion message names it, and
    /// the previous activity comes back at the end of the scope.
    /// </summary>
    public ActivityScope During(string activity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activity);
        var previous = _activity;
        _activity = activity;
        return new ActivityScope(this, previous);
    }

    /// <summary>Spends <paramref name="units"/> units.</summary>
    /// <exception cref="WorkBudgetExhaustedException">The units are spent, or the wall-clock backstop has passed.</exception>
    public void Charge(long units)
    {
        Spent = units >= long.MaxValue - Spent ? long.MaxValue : Spent + Math.Max(0, units);
        if (Spent > Limits.Units)
        {
            throw new WorkBudgetExhaustedException(this, deadline: false);
        }

        if (Elapsed > Limits.Deadline)
        {
            throw new WorkBudgetExhaustedException(this, deadline: true);
        }
    }

    /// <summary>Refuses an exact number of <paramref name="bits"/> bits above <see cref="WorkLimits.MaxRationalBits"/>.</summary>
    /// <exception cref="WorkBudgetExhaustedException">The number is too large.</exception>
    public void CheckBits(long bits)
    {
        if (bits > Limits.MaxRationalBits)
        {
            throw new WorkBudgetExhaustedException(this, deadline: false, bits);
        }
    }

    /// <summary>The cost in units of multiplying numbers of <paramref name="bitsA"/> and <paramref name="bitsB"/> bits (words times words, at least 1).</summary>
    public static long ProductCost(long bitsA, long bitsB) => Math.Max(1, ((bitsA + 63) / 64) * ((bitsB + 63) / 64));

    /// <summary>
    /// The cost in units of one exact rational update x ← x − f·y with operands of about <paramref name="bitsA"/> and
    /// <paramref name="bitsB"/> bits: eight products' worth (the products of numerators and denominators, and the
    /// gcds that reduce the result, which cost several products each), plus a fixed 64 units for the allocations and
    /// normalisation a rational operation costs whatever its size.
    /// </summary>
    public static long EntryUpdateCost(long bitsA, long bitsB) => (8 * ProductCost(bitsA, bitsB)) + 64;

    /// <summary>Ends an activity's scope.</summary>
    public readonly struct ActivityScope : IDisposable
    {
        private readonly WorkBudget _budget;
        private readonly string _previous;

        internal ActivityScope(WorkBudget budget, string previous) => (_budget, _previous) = (budget, previous);

        /// <summary>Restores the previous activity.</summary>
        public void Dispose() => _budget._activity = _previous;
    }

    internal static string Describe(WorkBudget budget, bool deadline, long? bits)
    {
        var limits = budget.Limits;
        string seconds = limits.Seconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (bits is long b)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the work budget stopped {budget.Activity}: an exact number of {b} bits exceeds the limit of {limits.MaxRationalBits} bits; that step and the rest of the decision were not done (--budget {seconds} s)");
        }

        return deadline
            ? string.Create(CultureInfo.InvariantCulture,
                $"the wall-clock backstop of {seconds} s was reached during {budget.Activity} after {budget.Spent} work units; the rest of the decision was not done (--budget SECONDS gives more)")
            : string.Create(CultureInfo.InvariantCulture,
                $"the work budget of {limits.Units} units (--budget {seconds} s) was exhausted during {budget.Activity}; the rest of the decision was not done (--budget SECONDS gives more)");
    }
}

/// <summary>A decision ran past its <see cref="WorkBudget"/>: the message names the budget and what was left undone.</summary>
public sealed class WorkBudgetExhaustedException : Exception
{
    /// <summary>Creates the exception for a budget.</summary>
    public WorkBudgetExhaustedException(WorkBudget budget, bool deadline, long? bits = null)
        : base(WorkBudget.Describe(budget ?? throw new ArgumentNullException(nameof(budget)), deadline, bits))
    {
        Activity = budget.Activity;
        Spent = budget.Spent;
        Deadline = deadline;
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkBudgetExhaustedException()
        : base("the work budget was exhausted")
    {
        Activity = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorkBudgetExhaustedException(string message)
        : base(message)
    {
        Activity = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WorkBudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Activity = "";
    }

    /// <summary>What was being done.</summary>
    public string Activity { get; }

    /// <summary>The units spent when it stopped.</summary>
    public long Spent { get; }

    /// <summary>True when the wall-clock backstop, not the units, stopped it.</summary>
    public bool Deadline { get; }
}
