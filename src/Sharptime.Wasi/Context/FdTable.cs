using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Context;

/// <summary>The guest's file descriptors: numbers to descriptors, new ones taking the lowest free number.</summary>
internal sealed class FdTable : IDisposable
{
    private readonly List<Descriptor?> _slots = [];

    public Errno Get(uint fd, out Descriptor descriptor)
    {
        descriptor = fd < (uint)_slots.Count ? _slots[(int)fd]! : null!;
        return descriptor is null ? Errno.Badf : Errno.Success;
    }

    /// <summary>Adds a descriptor at the lowest free number.</summary>
    public uint Add(Descriptor descriptor)
    {
        for (int i = 0; i < _slots.Count; i++)
        {
            if (_slots[i] is null)
            {
                _slots[i] = descriptor;
                return (uint)i;
            }
        }
        _slots.Add(descriptor);
        return (uint)(_slots.Count - 1);
    }

    /// <summary>Removes and closes a descriptor.</summary>
    public Errno Close(uint fd)
    {
        var e = Get(fd, out var d);
        if (e != Errno.Success) return e;
        _slots[(int)fd] = null;
        d.Dispose();
        return Errno.Success;
    }

    /// <summary>fd_renumber: <paramref name="to"/> (which must be open) is closed and replaced by <paramref name="from"/>.</summary>
    public Errno Renumber(uint from, uint to)
    {
        var e = Get(from, out var d);
        if (e != Errno.Success) return e;
        e = Get(to, out var old);
        if (e != Errno.Success) return e;
        if (from == to) return Errno.Success;
        _slots[(int)to] = d;
        _slots[(int)from] = null;
        old.Dispose();
        return Errno.Success;
    }

    public void Dispose()
    {
        foreach (var d in _slots) d?.Dispose();
        _slots.Clear();
    }
}
