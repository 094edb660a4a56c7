namespace Sharptime.Compilation;

/// <summary>
/// What the bounds checks already emitted in a function prove about memory 0: for an address that
/// is a local plus a constant (<c>(local + offset) mod 2^32</c>, offset 0 for the local itself), how
/// many bytes from it are known to be inside the memory. A memory never shrinks, so a check that
/// passed stays true until the local is written; an access through the same address within that
/// extent (struct fields: <c>local.get p; i32.load offset=4; local.get p; i32.load offset=8</c>)
/// needs no check of its own. A fact about the local itself also covers local + c within it (no
/// wrap is possible below the memory's length); a fact about a wrapped sum says nothing about the local.
/// Facts hold only where the check dominates the access. The compiler works in one pass, so this
/// keeps it simple: facts flow forward through straight-line code and into blocks and ifs, and are
/// forgotten wherever control merges or comes back (else, end, loop, catch, delegate).
/// </summary>
internal sealed class CheckedAddresses
{
    /// <summary>
    /// (local, offset), as <see cref="KeyOf"/>, to the extent known in bounds: [address, address + extent)
    /// is inside memory 0. Keyed by a long, with class values, not by a tuple with ulong values: a
    /// dictionary over our value types (or with ulong values) is JIT-compiled at every start.
    /// </summary>
    private readonly Dictionary<long, Extent> _extents = [];

    /// <summary>An immutable extent, so that a saved copy of the facts shares them safely.</summary>
    public sealed class Extent(ulong bytes)
    {
        public ulong Bytes { get; } = bytes;
    }

    private static long KeyOf(int local, int offset) => (long)local << 32 | (uint)offset;

    private static int LocalOf(long key) => (int)(key >> 32);

    /// <summary>
    /// Whether [value of <paramref name="local"/>, + <paramref name="reach"/>) is known to be in bounds:
    /// then local + c did not wrap for any c below the reach.
    /// </summary>
    public bool CoversFromLocal(int local, ulong reach) => _extents.TryGetValue(KeyOf(local, 0), out var extent) && reach <= extent.Bytes;

    /// <summary>Whether [(<paramref name="local"/> + <paramref name="offset"/>) mod 2^32, + <paramref name="end"/>) is known to be in bounds by a check of that same sum.</summary>
    public bool CoversSum(int local, int offset, ulong end) => _extents.TryGetValue(KeyOf(local, offset), out var extent) && end <= extent.Bytes;

    /// <summary>A check of [address, address + <paramref name="end"/>) through local + offset was emitted.</summary>
    public void Checked(int local, int offset, ulong end)
    {
        long key = KeyOf(local, offset);
        if (!_extents.TryGetValue(key, out var extent) || end > extent.Bytes) _extents[key] = new Extent(end);
    }

    /// <summary>The local was written: what was known about its old value does not hold.</summary>
    public void Written(int local)
    {
        if (_extents.Count == 0) return;
        foreach (var (key, _) in _extents)
            if (LocalOf(key) == local) _extents.Remove(key);
    }

    /// <summary>What is known now, to go back to with <see cref="Restore"/>.</summary>
    public Dictionary<long, Extent> Save() => new(_extents);

    public void Restore(Dictionary<long, Extent> saved)
    {
        _extents.Clear();
        foreach (var (key, extent) in saved) _extents[key] = extent;
    }

    /// <summary>Control may arrive from elsewhere: nothing is known.</summary>
    public void Forget()
    {
        if (_extents.Count > 0) _extents.Clear();
    }
}
