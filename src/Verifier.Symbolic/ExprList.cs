using System.Collections;

namespace Verifier.Symbolic;

/// <summary>
/// An immutable finite sequence of expressions (the operand list of a sum or product) with value equality
/// and a cached structural hash.
/// </summary>
public sealed class ExprList : IReadOnlyList<Expr>, IEquatable<ExprList>
{
    private readonly Expr[] _items;
    private readonly int _hash;

    /// <summary>The empty sequence.</summary>
    public static ExprList Empty { get; } = new([], owned: true);

    /// <summary>Creates the sequence of the given expressions, in order.</summary>
    /// <exception cref="ArgumentNullException">The sequence or one of its elements is null.</exception>
    public ExprList(IEnumerable<Expr> items)
        : this(Copy(items), owned: true)
    {
    }

#pragma warning disable IDE0060 // the flag only selects the constructor that takes ownership of the array
    internal ExprList(Expr[] items, bool owned)
#pragma warning restore IDE0060
    {
        _items = items;
        var hash = new HashCode();
        hash.Add(items.Length);
        foreach (var item in items)
        {
            hash.Add(item.GetHashCode());
        }

        _hash = hash.ToHashCode();
    }

    /// <summary>The number of expressions in the sequence.</summary>
    public int Count => _items.Length;

    /// <summary>The expression at the given position.</summary>
    public Expr this[int index] => _items[index];

    /// <summary>The expressions in order, as a read-only view without a copy.</summary>
    public ReadOnlySpan<Expr> AsSpan() => _items;

    /// <inheritdoc/>
    public IEnumerator<Expr> GetEnumerator() => ((IEnumerable<Expr>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>True when both sequences have the same length and structurally equal elements in the same order.</summary>
    public bool Equals(ExprList? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._hash != _hash || other._items.Length != _items.Length)
        {
            return false;
        }

        for (int i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ExprList);

    /// <summary>The cached structural hash, consistent with <see cref="Equals(ExprList)"/>.</summary>
    public override int GetHashCode() => _hash;

    /// <summary>Structural equality of two sequences.</summary>
    public static bool operator ==(ExprList? left, ExprList? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Structural inequality of two sequences.</summary>
    public static bool operator !=(ExprList? left, ExprList? right) => !(left == right);

    /// <summary>Writes the elements as "[a, b, c]".</summary>
    public override string ToString() => "[" + string.Join(", ", _items.Select(e => e.ToString())) + "]";

    private static Expr[] Copy(IEnumerable<Expr> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Expr[] array = [.. items];
        foreach (var item in array)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return array;
    }
}
