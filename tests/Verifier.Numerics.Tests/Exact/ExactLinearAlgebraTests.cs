using FsCheck;
using FsCheck.Fluent;
using Verifier.Numerics.Exact;
using Verifier.Symbolic;

namespace Verifier.Numerics.Tests.Exact;

/// <summary>
/// The defining identities of exact linear algebra over the rationals, checked exactly (no tolerance anywhere):
/// Sylvester's law of inertia, rank of the transpose, rank–nullity, the four Moore–Penrose conditions, exact solutions,
/// the multiplicativity of the determinant and Cayley–Hamilton.
/// </summary>
public class ExactLinearAlgebraTests
{
    private const int Cases = 150;

    // Fixed seeds (FsCheck "seed,gamma"), so that every run checks the same cases; a failure prints its own case.
    private const string SeedA = "1701,2719";
    private const string SeedB = "31337,4243";
    private const string SeedC = "8128,6271";

    /// <summary>A symmetric matrix with an invertible congruence.</summary>
    public sealed record CongruenceCase(Rational[,] A, Rational[,] S)
    {
        public override string ToString() => $"A = {RationalMatrices.Show(A)}, S = {RationalMatrices.Show(S)}";
    }

    /// <summary>A matrix of any shape with a known bound on its rank.</summary>
    public sealed record ShapeCase(Rational[,] A)
    {
        public override string ToString() => $"A = {RationalMatrices.Show(A)}";
    }

    /// <summary>Two square matrices of one order, the first invertible, and a vector.</summary>
    public sealed record SquareCase(Rational[,] Invertible, Rational[,] Any, Rational[] X)
    {
        public override string ToString() => $"A = {RationalMatrices.Show(Invertible)}, B = {RationalMatrices.Show(Any)}, x = [{string.Join(", ", X)}]";
    }

    public static class Arbitraries
    {
        public static Arbitrary<CongruenceCase> Congruences() => Arb.From(
            from n in Gen.Choose(1, 5)
            from a in RationalMatrices.Symmetric(n)
            from s in RationalMatrices.Invertible(n)
            select new CongruenceCase(a, s));

        public static Arbitrary<ShapeCase> Shapes() => Arb.From(
            from rows in Gen.Choose(1, 5)
            from cols in Gen.Choose(1, 5)
            from k in Gen.Choose(0, 5)
            from full in Gen.Elements(true, false)
            from a in full ? RationalMatrices.Matrix(rows, cols) : RationalMatrices.LowRank(rows, cols, k)
            select new ShapeCase(a));

        public static Arbitrary<SquareCase> Squares() => Arb.From(
            from n in Gen.Choose(1, 5)
            from a in RationalMatrices.Invertible(n)
            from b in RationalMatrices.Matrix(n, n)
            from x in RationalMatrices.Entries().ArrayOf(n)
            select new SquareCase(a, b, x));
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedA)]
    public Property InertiaIsInvariantUnderCongruenceAndCountsEveryEigenvalue(CongruenceCase c)
    {
        int n = c.A.GetLength(0);
        var inertia = ExactLinearAlgebra.Inertia(c.A);
        var congruent = ExactMatrices.Multiply(ExactMatrices.Multiply(ExactMatrices.Transpose(c.S), c.A), c.S);
        var other = ExactLinearAlgebra.Inertia(congruent);
        return (other == inertia && inertia.Negative + inertia.Zero + inertia.Positive == n
                && inertia.Zero == n - ExactLinearAlgebra.Rank(c.A))
            .Label($"inertia {inertia}, of SᵀAS {other}, rank {ExactLinearAlgebra.Rank(c.A)}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedB)]
    public Property InertiaOfACongruentDiagonalMatrixIsItsSignPattern(CongruenceCase c)
    {
        int n = c.A.GetLength(0);
        var d = Enumerable.Range(0, n).Select(i => c.A[i, i]).ToArray();
        var expected = new ExactInertia(d.Count(x => x.Sign < 0), d.Count(x => x.IsZero), d.Count(x => x.Sign > 0));

        // SᵀDS has D's sign pattern as its inertia (Sylvester), however full S makes it.
        var congruent = ExactMatrices.Multiply(ExactMatrices.Multiply(ExactMatrices.Transpose(c.S), RationalMatrices.Diagonal(d)), c.S);
        return (ExactLinearAlgebra.Inertia(RationalMatrices.Diagonal(d)) == expected && ExactLinearAlgebra.Inertia(congruent) == expected)
            .Label($"diagonal [{string.Join(", ", d)}], expected {expected}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedA)]
    public Property RankOfTheTransposeAndRankNullity(ShapeCase c)
    {
        int cols = c.A.GetLength(1);
        int rank = ExactLinearAlgebra.Rank(c.A);
        var kernel = ExactMatrices.NullSpace(c.A);
        int k = kernel.GetLength(1);
        bool annihilated = ExactMatrices.IsZero(ExactMatrices.Multiply(c.A, kernel));
        return (rank == ExactLinearAlgebra.Rank(ExactMatrices.Transpose(c.A))
                && rank + k == cols
                && annihilated
                && ExactLinearAlgebra.Rank(kernel) == k
                && ExactMatrices.ColumnBasis(c.A).GetLength(1) == rank)
            .Label($"rank {rank}, rank of Aᵀ {ExactLinearAlgebra.Rank(ExactMatrices.Transpose(c.A))}, kernel dimension {k}, A·N = 0: {annihilated}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedB)]
    public Property PseudoInverseSatisfiesTheFourMoorePenroseConditions(ShapeCase c)
    {
        var a = c.A;
        var p = ExactMatrices.PseudoInverse(a);
        var ap = ExactMatrices.Multiply(a, p);
        var pa = ExactMatrices.Multiply(p, a);
        bool first = ExactMatrices.AreEqual(ExactMatrices.Multiply(ap, a), a);
        bool second = ExactMatrices.AreEqual(ExactMatrices.Multiply(pa, p), p);
        bool third = ExactMatrices.AreEqual(ExactMatrices.Transpose(ap), ap);
        bool fourth = ExactMatrices.AreEqual(ExactMatrices.Transpose(pa), pa);
        return (first && second && third && fourth).Label($"A·A⁺·A = A {first}, A⁺·A·A⁺ = A⁺ {second}, (A·A⁺)ᵀ = A·A⁺ {third}, (A⁺·A)ᵀ = A⁺·A {fourth}; A⁺ = {RationalMatrices.Show(p)}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedC)]
    public Property PseudoInverseOfAnInvertibleMatrixIsItsInverse(SquareCase c)
    {
        var inverse = ExactMatrices.Inverse(c.Invertible);
        return (inverse is not null && ExactMatrices.AreEqual(ExactMatrices.PseudoInverse(c.Invertible), inverse)).ToProperty();
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedC)]
    public Property EliminationSolvesExactlyAndDetectsSingularity(SquareCase c)
    {
        int n = c.X.Length;
        var b = ExactLinearAlgebra.Multiply(c.Invertible, c.X);
        var x = ExactLinearAlgebra.Solve(c.Invertible, b);
        bool solved = x is not null && x.SequenceEqual(c.X);

        // A second matrix: solved when its determinant is non-zero, null exactly when it is singular.
        var y = ExactLinearAlgebra.Solve(c.Any, b);
        bool singular = ExactLinearAlgebra.Determinant(c.Any).IsZero;
        bool consistent = singular
            ? y is null && ExactLinearAlgebra.Rank(c.Any) < n
            : y is not null && ExactLinearAlgebra.Multiply(c.Any, y).SequenceEqual(b);
        return (solved && consistent).Label($"solved {solved}, singular {singular}, consistent {consistent}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedB)]
    public Property FractionFreeEliminationGivesTheSameSolutionAsElimination(SquareCase c)
    {
        // Both matrices: the fraction-free (Bareiss) solve, with its integer back substitution, equals the rational one
        // exactly, and is null exactly when the rational one is (a singular matrix).
        var b = ExactLinearAlgebra.Multiply(c.Invertible, c.X);
        var x = ExactLinearAlgebra.SolveFractionFree(c.Invertible, b);
        bool solved = x is not null && x.SequenceEqual(c.X);
        var y = ExactLinearAlgebra.SolveFractionFree(c.Any, b);
        var reference = ExactLinearAlgebra.Solve(c.Any, b);
        bool same = y is null ? reference is null : reference is not null && y.SequenceEqual(reference);
        return (solved && same).Label($"solved {solved}, same as Solve {same}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedA)]
    public Property DeterminantIsMultiplicativeAndInvariantUnderTransposition(SquareCase c)
    {
        var da = ExactLinearAlgebra.Determinant(c.Invertible);
        var db = ExactLinearAlgebra.Determinant(c.Any);
        var dab = ExactLinearAlgebra.Determinant(ExactMatrices.Multiply(c.Invertible, c.Any));
        var dt = ExactLinearAlgebra.Determinant(ExactMatrices.Transpose(c.Any));
        return (dab == da * db && dt == db && !da.IsZero).Label($"det A = {da}, det B = {db}, det AB = {dab}, det Bᵀ = {dt}");
    }

    [Property(Arbitrary = new[] { typeof(Arbitraries) }, MaxTest = Cases, Replay = SeedB)]
    public Property CharacteristicPolynomialAnnihilatesItsMatrix(SquareCase c)
    {
        // Cayley–Hamilton: p(A) = Σ cₖ Aᵏ = 0, with p monic of degree n and p(0) = (−1)ⁿ det A.
        var a = c.Any;
        int n = a.GetLength(0);
        var coefficients = ExactLinearAlgebra.CharacteristicPolynomial(a);
        var sum = ExactMatrices.Zeros(n, n);
        var power = ExactMatrices.Identity(n);
        for (int k = 0; k <= n; k++)
        {
            sum = ExactMatrices.Add(sum, ExactMatrices.Scale(power, coefficients[k]));
            power = ExactMatrices.Multiply(power, a);
        }

        var sign = n % 2 == 0 ? Rational.One : Rational.MinusOne;
        return (coefficients.Length == n + 1 && coefficients[n] == Rational.One && coefficients[0] == sign * ExactLinearAlgebra.Determinant(a)
                && ExactMatrices.IsZero(sum))
            .Label($"coefficients [{string.Join(", ", coefficients)}], p(A) = {RationalMatrices.Show(sum)}");
    }

    [Test]
    public void InertiaRejectsAnAsymmetricMatrix()
    {
        var a = new Rational[,] { { 1, 2 }, { 3, 1 } };
        Assert.Throws<ArgumentException>(() => ExactLinearAlgebra.Inertia(a));
    }
}
