using System.Collections;

namespace Verifier.Symbolic;

/// <summary>
/// An immutable set of variable names stored as a sorted array (ordinal order): the variable set every
/// expression node caches.
/// </summary>
/// <remarks>
/// Expressions hold few distinct variables, and the sets of a node's operands are usually all contained in the
/// largest of them, so a sorted array with a merge-based subset test makes building a node cheap (no hashing,
/// no allocation when the largest operand set already covers the rest). Enumeration is in ordinal order.
/// </remarks>
internal sealed class NameSet : IReadOnlySet<string>
{
    private readonly string[] _names;

    private NameSet(string[] sortedDistinct)
    {
        _names = sortedDistinct;
    }

    /// <summary>The empty set.</summary>
    public static NameSet Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _names.Length;

    /// <summary>The one-element set {name}.</summary>
    public static NameSet Of(string name) => new([name]);

    /// <summary>The union of the variable sets of the operands, reusing the largest set when it already covers the rest.</summary>
    public static NameSet UnionOf(ReadOnlySpan<Expr> operands)
    {
        var largest = Empty;
        foreach (var operand in operands)
        {
            if (operand.VariableSet.Count > largest.Count)
            {
                largest = operand.VariableSet;
            }
        }

        bool covered = true;
        foreach (var operand in operands)
        {
            var set = operand.VariableSet;
            if (!ReferenceEquals(set, largest) && set.Count != 0 && !largest.IsSupersetOf(set))
            {
                covered = false;
                break;
            }
        }

        if (covered)
        {
            return largest;
        }

        var all = new List<string>();
        foreach (var operand in operands)
        {
            all.AddRange(operand.VariableSet._names);
        }

        all.Sort(StringComparer.Ordinal);
        int count = 0;
        for (int i = 0; i < all.Count; i++)
        {
            if (count == 0 || !string.Equals(all[count - 1], all[i], StringComparison.Ordinal))
            {
                all[count++] = all[i];
            }
        }

        return new NameSet([.. all.GetRange(0, count)]);
    }

    /// <inheritdoc/>
    public bool Contains(string item) => item is not null && Array.BinarySearch(_names, item, StringComparer.Ordinal) >= 0;

    /// <summary>True when every name of the other set is in this set (a merge of the two sorted arrays).</summary>
    public bool IsSupersetOf(NameSet other)
    {
        if (ReferenceEquals(this, other) || other._names.Length == 0)
        {
            return true;
        }

        var mine = _names;
        var theirs = other._names;
        if (theirs.Length > mine.Length)
        {
            return false;
        }

        int i = 0;
        foreach (var name in theirs)
        {
            while (true)
            {
                if (i == mine.Length)
                {
                    return false;
                }

                int c = string.CompareOrdinal(mine[i], name);
                if (c == 0)
                {
                    i++;
                    break;
                }

                if (c > 0)
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public bool IsSupersetOf(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other is NameSet set ? IsSupersetOf(set) : other.All(Contains);
    }

    /// <inheritdoc/>
    public bool IsSubsetOf(IEnumerable<string> other) => Other(other).IsSupersetOf(_names);

    /// <inheritdoc/>
    public bool IsProperSubsetOf(IEnumerable<string> other) => Other(other).IsProperSupersetOf(_names);

    /// <inheritdoc/>
    public bool IsProperSupersetOf(IEnumerable<string> other) => Other(other).IsProperSubsetOf(_names);

    /// <inheritdoc/>
    public bool Overlaps(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Any(Contains);
    }

    /// <inheritdoc/>
    public bool SetEquals(IEnumerable<string> other) => Other(other).SetEquals(_names);

    /// <inheritdoc/>
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_names).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static HashSet<string> Other(IEnumerable<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new HashSet<string>(other, StringComparer.Ordinal);
    }
}
