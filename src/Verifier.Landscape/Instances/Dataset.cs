using Verifier.Symbolic;

namespace Verifier.Landscape.Instances;

/// <summary>A training set of N samples (xᵢ, yᵢ) held exactly; rows are samples.</summary>
/// <remarks>The exact values are the truth; <see cref="XDouble"/> and <see cref="YDouble"/> are their nearest doubles.</remarks>
public sealed class Dataset
{
    private readonly IReadOnlyList<Rational> _x;
    private readonly IReadOnlyList<Rational> _y;

    /// <summary>Creates a dataset from row-major exact arrays.</summary>
    /// <exception cref="ArgumentException">Sizes do not match, or there are no samples.</exception>
    public Dataset(int count, int inputWidth, int outputWidth, IReadOnlyList<Rational> x, IReadOnlyList<Rational> y)
    {
        if (count < 1)
        {
            throw new ArgumentException("A dataset needs at least one sample.", nameof(count));
        }

        if (x.Count != count * inputWidth || y.Count != count * outputWidth)
        {
            throw new ArgumentException($"Expected {count}×{inputWidth} inputs and {count}×{outputWidth} targets.", nameof(x));
        }

        Count = count;
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        // A RationalArray (what instance files are read into) is immutable and converts to doubles without building
        // its rationals; any other list is copied.
        _x = x as RationalArray ?? (IReadOnlyList<Rational>)[.. x];
        _y = y as RationalArray ?? (IReadOnlyList<Rational>)[.. y];
        XDouble = RationalArray.ToDoubles(_x);
        YDouble = RationalArray.ToDoubles(_y);
    }

    /// <summary>The number N of samples.</summary>
    public int Count { get; }

    /// <summary>The input dimension.</summary>
    public int InputWidth { get; }

    /// <summary>The output dimension.</summary>
    public int OutputWidth { get; }

    /// <summary>The exact input coordinate j of sample i.</summary>
    public Rational X(int i, int j) => _x[i * InputWidth + j];

    /// <summary>The exact target coordinate j of sample i.</summary>
    public Rational Y(int i, int j) => _y[i * OutputWidth + j];

    /// <summary>All inputs, row-major (N × n₀), exact.</summary>
    public IReadOnlyList<Rational> XExact => _x;

    /// <summary>All targets, row-major (N × n_L), exact.</summary>
    public IReadOnlyList<Rational> YExact => _y;

    /// <summary>All inputs as nearest doubles, row-major.</summary>
    public IReadOnlyList<double> XDouble { get; }

    /// <summary>All targets as nearest doubles, row-major.</summary>
    public IReadOnlyList<double> YDouble { get; }
}
