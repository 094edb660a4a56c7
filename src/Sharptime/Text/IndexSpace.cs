namespace Sharptime.Text;

/// <summary>
/// The symbolic names of one index space (functions, tables, types, ...): which id denotes which index,
/// and how many entries the space has so far.
/// </summary>
internal sealed class IndexSpace(string unknownCategory, string duplicateCategory)
{
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    /// <summary>The word used in "unknown X $name" errors ("function", "elem segment", ...).</summary>
    public string UnknownCategory { get; } = unknownCategory;

    /// <summary>The word used in "duplicate X $name" errors ("func", "elem", ...).</summary>
    public string DuplicateCategory { get; } = duplicateCategory;

    public int Count { get; private set; }

    /// <summary>Adds an entry, named or not; false (and no entry) when the name is already bound.</summary>
    public bool TryAdd(string? name, out int index)
    {
        index = Count;
        if (name is not null && !_names.TryAdd(name, index)) return false;
        Count++;
        return true;
    }

    /// <summary>Adds <paramref name="count"/> unnamed entries.</summary>
    public void AddAnonymous(int count) => Count += count;

    public bool TryResolve(string name, out int index) => _names.TryGetValue(name, out index);
}
