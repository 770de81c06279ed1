using System.Numerics;
using Verifier.Numerics.Budgets;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Budgets;

/// <summary>Work budgets: counted in units, deterministic, a wall-clock backstop, and exact routines that stop when charged past them.</summary>
public class WorkBudgetTests
{
    // A backstop no test reaches: budgets below are decided by their units alone.
    private static readonly TimeSpan NoDeadline = TimeSpan.FromDays(1);

    [Test]
    public void AChargePastTheUnitsThrowsNamingTheBudgetAndTheActivity()
    {
        var budget = new WorkBudget(new WorkLimits(100, WorkLimits.DefaultMaxRationalBits, NoDeadline));
        budget.Charge(60);
        using (budget.During("the test's activity"))
        {
            var e = Assert.Throws<WorkBudgetExhaustedException>(() => budget.Charge(41))!;
            Assert.That(e.Message, Does.Contain("100 units").And.Contain("the test's activity"));
        }

        Assert.That(budget.Activity, Is.EqualTo("the decision"), "the scope restores the previous activity");
    }

    [Test]
    public void TheDeadlineIsABackstopReadAtEachCharge()
    {
        var now = TimeSpan.Zero;
        var budget = new WorkBudget(new WorkLimits(long.MaxValue / 2, WorkLimits.DefaultMaxRationalBits, TimeSpan.FromSeconds(5)), () => now);
        budget.Charge(1);
        now = TimeSpan.FromSeconds(6);
        var e = Assert.Throws<WorkBudgetExhaustedException>(() => budget.Charge(1))!;
        Assert.That(e.Message, Does.Contain("wall-clock"));
    }

    [Test]
    public void NumbersAboveTheBitLimitAreRefused()
    {
        var budget = new WorkBudget(new WorkLimits(long.MaxValue / 2, 1000, NoDeadline));
        budget.CheckBits(1000);
        Assert.Throws<WorkBudgetExhaustedException>(() => budget.CheckBits(1001));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void ABudgetIsAPositiveFiniteNumberOfSeconds(double seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkLimits.ForSeconds(seconds));

    [Test]
    public void TheSameWorkStopsAtTheSameUnitWhateverTheClock()
    {
        // Determinism: the verdict may not depend on the machine's load, so the units spent when the budget runs out
        // are the same on every run.
        var a = RandomMatrix(10, seed: 3);
        long SpentAtExhaustion()
        {
            var budget = new WorkBudget(new WorkLimits(50_000, WorkLimits.DefaultMaxRationalBits, NoDeadline));
            Assert.Throws<WorkBudgetExhaustedException>(() => ExactLinearAlgebra.CharacteristicPolynomial(a, budget));
            return budget.Spent;
        }

        long first = SpentAtExhaustion();
        long second = SpentAtExhaustion();
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void EachExactRoutineStopsWhenItsBudgetIsTiny()
    {
        var a = RandomMatrix(8, seed: 5);
        var sym = Symmetrised(a);
        WorkBudget Tiny() => new(new WorkLimits(10, WorkLimits.DefaultMaxRationalBits, NoDeadline));
        Assert.Throws<WorkBudgetExhaustedException>(() => ExactLinearAlgebra.Determinant(a, Tiny()));
        Assert.Throws<WorkBudgetExhaustedException>(() => ExactLinearAlgebra.Rank(a, Tiny()));
        Assert.Throws<WorkBudgetExhaustedException>(() => ExactMatrices.Inverse(a, Tiny()));
        Assert.Throws<WorkBudgetExhaustedException>(() => ExactMatrices.Multiply(a, a, Tiny()));
        Assert.Throws<WorkBudgetExhaustedException>(() => ExactLinearAlgebra.Inertia(sym, Tiny()));
        var chi = ExactLinearAlgebra.CharacteristicPolynomial(sym);
        Assert.Throws<WorkBudgetExhaustedException>(() => ExactPolynomial.RealRoots(chi, new Rational(1, BigInteger.Pow(10, 30)), Tiny()));
    }

    [Test]
    public void ABudgetLargeEnoughGivesTheSameAnswerAsNoBudget()
    {
        var a = RandomMatrix(6, seed: 7);
        var budget = new WorkBudget(WorkLimits.Default);
        Assert.That(ExactLinearAlgebra.Determinant(a, budget), Is.EqualTo(ExactLinearAlgebra.Determinant(a)));
        Assert.That(ExactLinearAlgebra.CharacteristicPolynomial(a, budget), Is.EqualTo(ExactLinearAlgebra.CharacteristicPolynomial(a)));
        Assert.That(budget.Spent, Is.GreaterThan(0));
    }

    private static Rational[,] RandomMatrix(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = new Rational(rng.Next(-1000, 1000), rng.Next(1, 97));
            }
        }

        return a;
    }

    private static Rational[,] Symmetrised(Rational[,] a)
    {
        int n = a.GetLength(0);
        var s = new Rational[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s[i, j] = a[Math.Min(i, j), Math.Max(i, j)];
            }
        }

        return s;
    }
}
