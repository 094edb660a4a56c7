namespace Sharptime.Compilation;

/// <summary>
/// What the bounds checks already emitted in a function prove about memory 0: for a local, how many
/// bytes from its current value are known to be inside the memory. A memory never shrinks, so a
/// check that passed stays true until the local is written; an access through the same local
/// within that extent (struct fields: <c>local.get p; i32.load offset=4; local.get p;
/// i32.load offset=8</c>) needs no check of its own.
/// Facts hold only where the check dominates the access. The compiler works in one pass, so this
/// keeps it simple: facts flow forward through straight-line code and into blocks and ifs, and are
/// forgotten wherever control merges or comes back (else, end, loop, catch, delegate).
/// </summary>
internal sealed class CheckedAddresses
{
    /// <summary>Local index to the extent known in bounds: [value, value + extent) is inside memory 0.</summary>
    private readonly Dictionary<int, ulong> _extents = [];

    /// <summary>Whether [value of <paramref name="local"/>, + <paramref name="end"/>) is known to be in bounds.</summary>
    public bool Covers(int local, ulong end) => _extents.TryGetValue(local, out var extent) && end <= extent;

    /// <summary>A check of [value, value + <paramref name="end"/>) through <paramref name="local"/> was emitted.</summary>
    public void Checked(int local, ulong end)
    {
        if (!_extents.TryGetValue(local, out var extent) || end > extent) _extents[local] = end;
    }

    /// <summary>The local was written: what was known about its old value does not hold.</summary>
    public void Written(int local)
    {
        if (_extents.Count > 0) _extents.Remove(local);
    }

    /// <summary>What is known now, to go back to with <see cref="Restore"/>.</summary>
    public Dictionary<int, ulong> Save() => new(_extents);

    public void Restore(Dictionary<int, ulong> saved)
    {
        _extents.Clear();
        foreach (var (local, extent) in saved) _extents[local] = extent;
    }

    /// <summary>Control may arrive from elsewhere: nothing is known.</summary>
    public void Forget()
    {
        if (_extents.Count > 0) _extents.Clear();
    }
}
