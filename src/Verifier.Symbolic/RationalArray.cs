using System.Collections;

namespace Verifier.Symbolic;

/// <summary>
/// An immutable array of exact rationals, stored compactly for the numbers instance files are made of: a plain
/// decimal ±d/10^s (at most 19 digits) takes nine bytes instead of two big integers, and its nearest double is computed
/// without building the rational. Other values are kept as <see cref="Rational"/>s.
/// </summary>
/// <remarks>
/// The floating paths read <see cref="ToDoubles()"/> only; the exact values are built once, on the first access
/// through the list interface, and kept. An instance is safe to share between threads.
/// </remarks>
public sealed class RationalArray : IReadOnlyList<Rational>
{
    // Per entry: the decimal digits d and a form byte, the scale s (0–19) with NegativeBit for a minus sign, or
    // General when the value is in _general instead.
    private const byte NegativeBit = 0x80;
    private const byte General = 0xFF;

    private readonly ulong[] _digits;
    private readonly byte[] _form;
    private readonly Rational[]? _general;
    private Rational[]? _values;

    private RationalArray(ulong[] digits, byte[] form, Rational[]? general)
    {
        _digits = digits;
        _form = form;
        _general = general;
    }

    /// <summary>The number of entries.</summary>
    public int Count => _form.Length;

    /// <summary>The exact entry at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the array.</exception>
    public Rational this[int index] => Values[index];

    /// <summary>The nearest double of every entry (ties to even), as <see cref="Rational.ToDouble"/> gives it.</summary>
    /// <exception cref="OverflowException">An entry is beyond the range of a double.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public double[] ToDoubles()
    {
        var result = new double[Count];
        for (int i = 0; i < result.Length; i++)
        {
            byte form = _form[i];
            result[i] = form == General
                ? _general![i].ToDouble()
                : Rational.DecimalToDouble(_digits[i], form & ~NegativeBit, (form & NegativeBit) != 0);
        }

        return result;
    }

    /// <summary>
    /// The nearest doubles of any list of exact values: a <see cref="RationalArray"/>'s without building its rationals,
    /// any other list's by <see cref="Rational.ToDouble"/>.
    /// </summary>
    /// <exception cref="OverflowException">An entry is beyond the range of a double.</exception>
    public static double[] ToDoubles(IReadOnlyList<Rational> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values is RationalArray array ? array.ToDoubles() : [.. values.Select(r => r.ToDouble())];
    }

    /// <inheritdoc/>
    public IEnumerator<Rational> GetEnumerator() => ((IEnumerable<Rational>)Values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // The exact values, built on first use (a race builds them twice, with the same result).
    private Rational[] Values
    {
        get
        {
            if (_values is { } values)
            {
                return values;
            }

            var built = new Rational[Count];
            for (int i = 0; i < built.Length; i++)
            {
                byte form = _form[i];
                built[i] = form == General
                    ? _general![i]
                    : Rational.FromDecimal(_digits[i], form & ~NegativeBit, (form & NegativeBit) != 0);
            }

            return Interlocked.CompareExchange(ref _values, built, null) ?? built;
        }
    }

    /// <summary>Collects the entries of a <see cref="RationalArray"/> in order.</summary>
    /// <param name="capacity">The expected number of entries (the builder grows beyond it).</param>
    public sealed class Builder(int capacity = 16)
    {
        private ulong[] _digits = new ulong[Math.Max(capacity, 1)];
        private byte[] _form = new byte[Math.Max(capacity, 1)];
        private Rational[]? _general;

        /// <summary>The number of entries so far.</summary>
        public int Count { get; private set; }

        /// <summary>
        /// Appends the plain decimal [-]digits[.digits] (at most 19 digits) written in <paramref name="utf8"/>; false,
        /// with nothing appended, for any other text (parse it with <see cref="Rational.Parse"/> and use <see cref="Add"/>).
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public bool TryAddPlainDecimal(ReadOnlySpan<byte> utf8)
        {
            if (!Rational.TryParsePlainDecimal(utf8, out ulong digits, out int scale, out bool negative))
            {
                return false;
            }

            Grow();
            _digits[Count] = digits;
            _form[Count] = (byte)(scale | (negative ? NegativeBit : 0));
            Count++;
            return true;
        }

        /// <summary>Appends an exact value.</summary>
        public void Add(Rational value)
        {
            Grow();
            _general ??= new Rational[_form.Length];
            _form[Count] = General;
            _general[Count] = value;
            Count++;
        }

        /// <summary>Appends the entries <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of an array.</summary>
        /// <exception cref="ArgumentOutOfRangeException">The range is not inside the array.</exception>
        public void AddRange(RationalArray values, int start, int count)
        {
            ArgumentNullException.ThrowIfNull(values);
            ArgumentOutOfRangeException.ThrowIfNegative(start);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, values.Count - start);
            for (int i = start; i < start + count; i++)
            {
                Grow();
                _digits[Count] = values._digits[i];
                _form[Count] = values._form[i];
                if (values._form[i] == General)
                {
                    _general ??= new Rational[_form.Length];
                    _general[Count] = values._general![i];
                }

                Count++;
            }
        }

        /// <summary>Keeps the first <paramref name="count"/> entries and drops the rest.</summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or beyond <see cref="Count"/>.</exception>
        public void Truncate(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
            Count = count;
        }

        /// <summary>The entries collected so far; the builder can go on collecting.</summary>
        public RationalArray ToArray() => new(
            _digits.AsSpan(0, Count).ToArray(),
            _form.AsSpan(0, Count).ToArray(),
            _general?.AsSpan(0, Count).ToArray());

        private void Grow()
        {
            if (Count < _form.Length)
            {
                return;
            }

            int size = _form.Length * 2;
            Array.Resize(ref _digits, size);
            Array.Resize(ref _form, size);
            if (_general is not null)
            {
                Array.Resize(ref _general, size);
            }
        }
    }
}
