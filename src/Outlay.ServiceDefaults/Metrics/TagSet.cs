using System.Diagnostics.CodeAnalysis;

namespace Outlay.ServiceDefaults.Metrics;

/// <summary>Owned copy of a measurement's tags, used as the dictionary key of a series.</summary>
internal sealed class TagSet(KeyValuePair<string, object?>[] tags, int hash)
{
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    public int Hash { get; } = hash;

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags) => new(tags.ToArray(), TagSetComparer.HashOf(tags));
}

/// <summary>Borrowed view over the tags of an in-flight measurement; lets the hot path look up without allocating.</summary>
internal readonly ref struct TagSpan(ReadOnlySpan<KeyValuePair<string, object?>> tags)
{
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags { get; } = tags;
}

/// <summary>
/// Compares tag lists as unordered sets: call sites may pass the same tags in different orders, and sorting
/// them on every measurement would cost a copy. The hash is therefore order-independent.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<TagSpan, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            // Keys come from a small fixed vocabulary per instrument, so a length/first-char hash separates them well
            // enough and skips a full string hash per tag; equality is still checked exactly.
            var keyHash = tag.Key.Length == 0 ? 0 : (tag.Key.Length << 16) | tag.Key[0];
            hash = unchecked(hash + HashCode.Combine(keyHash, tag.Value?.GetHashCode() ?? 0));
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SameTags(x.Tags, y.Tags));

    public int GetHashCode([DisallowNull] TagSet obj) => obj.Hash;

    public bool Equals(TagSpan alternate, TagSet other) => SameTags(alternate.Tags, other.Tags);

    public int GetHashCode(TagSpan alternate) => HashOf(alternate.Tags);

    public TagSet Create(TagSpan alternate) => TagSet.Create(alternate.Tags);

    private static bool SameTags(ReadOnlySpan<KeyValuePair<string, object?>> left, ReadOnlySpan<KeyValuePair<string, object?>> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            // Fast path: call sites almost always emit tags in the same order, so the positional match usually hits.
            if (!(SameTag(left[i], right[i]) || Contains(right, left[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(ReadOnlySpan<KeyValuePair<string, object?>> tags, KeyValuePair<string, object?> tag)
    {
        foreach (var candidate in tags)
        {
            if (SameTag(candidate, tag))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameTag(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
        string.Equals(a.Key, b.Key, StringComparison.Ordinal) && Equals(a.Value, b.Value);
}
