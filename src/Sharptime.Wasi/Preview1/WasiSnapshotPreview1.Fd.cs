using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.Native;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// fd_*: operations on an open descriptor, whatever it is (file, directory, stream, socket).
internal sealed partial class WasiSnapshotPreview1
{
    public Errno FdRead(GuestMemory memory, Fd fd, GuestList<Iovec> iovs, out uint result)
    {
        result = 0;
        var e = Lookup(fd, Rights.FdRead, out var d);
        if (e != Errno.Success) return e;
        e = d.Read(ToNative(memory, iovs, stackalloc NativeIoVec[StackIoVecs]), out ulong n);
        result = (uint)n;
        return e;
    }

    public Errno FdWrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, out uint result)
    {
        result = 0;
        var e = Lookup(fd, Rights.FdWrite, out var d);
        if (e != Errno.Success) return e;
        e = d.Write(ToNative(memory, iovs, stackalloc NativeIoVec[StackIoVecs]), out ulong n);
        result = (uint)n;
        return e;
    }

    public Errno FdPread(GuestMemory memory, Fd fd, GuestList<Iovec> iovs, ulong offset, out uint result)
    {
        result = 0;
        var e = Lookup(fd, Rights.FdRead | Rights.FdSeek, out var d);
        if (e != Errno.Success) return e;
        e = d.ReadAt(ToNative(memory, iovs, stackalloc NativeIoVec[StackIoVecs]), offset, out ulong n);
        result = (uint)n;
        return e;
    }

    public Errno FdPwrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, ulong offset, out uint result)
    {
        result = 0;
        var e = Lookup(fd, Rights.FdWrite | Rights.FdSeek, out var d);
        if (e != Errno.Success) return e;
        e = d.WriteAt(ToNative(memory, iovs, stackalloc NativeIoVec[StackIoVecs]), offset, out ulong n);
        result = (uint)n;
        return e;
    }

    public Errno FdSeek(GuestMemory memory, Fd fd, long offset, Whence whence, out ulong result)
    {
        result = 0;
        // Asking for the position only needs the right to tell it.
        var required = offset == 0 && whence == Whence.Cur ? Rights.FdTell : Rights.FdSeek;
        var e = Lookup(fd, required, out var d);
        return e != Errno.Success ? e : d.Seek(offset, whence, out result);
    }

    public Errno FdTell(GuestMemory memory, Fd fd, out ulong result)
    {
        result = 0;
        var e = Lookup(fd, Rights.FdTell, out var d);
        return e != Errno.Success ? e : d.Tell(out result);
    }

    public Errno FdClose(GuestMemory memory, Fd fd) => Fds.Close(fd.Value);

    public Errno FdRenumber(GuestMemory memory, Fd fd, Fd to) => Fds.Renumber(fd.Value, to.Value);

    public Errno FdSync(GuestMemory memory, Fd fd)
    {
        var e = Lookup(fd, Rights.FdSync, out var d);
        return e != Errno.Success ? e : d.Sync();
    }

    public Errno FdDatasync(GuestMemory memory, Fd fd)
    {
        var e = Lookup(fd, Rights.FdDatasync, out var d);
        return e != Errno.Success ? e : d.DataSync();
    }

    public Errno FdAdvise(GuestMemory memory, Fd fd, ulong offset, ulong len, Advice advice)
    {
        var e = Lookup(fd, Rights.FdAdvise, out var d);
        return e != Errno.Success ? e : d.Advise(offset, len, advice);
    }

    public Errno FdAllocate(GuestMemory memory, Fd fd, ulong offset, ulong len)
    {
        var e = Lookup(fd, Rights.FdAllocate, out var d);
        return e != Errno.Success ? e : d.Allocate(offset, len);
    }

    public Errno FdFdstatGet(GuestMemory memory, Fd fd, out Fdstat result)
    {
        result = default;
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        result = new Fdstat
        {
            FsFiletype = d.Filetype,
            FsFlags = d.Flags,
            FsRightsBase = d.RightsBase,
            FsRightsInheriting = d.RightsInheriting,
        };
        return Errno.Success;
    }

    public Errno FdFdstatSetFlags(GuestMemory memory, Fd fd, Fdflags flags)
    {
        var e = Lookup(fd, Rights.FdFdstatSetFlags, out var d);
        return e != Errno.Success ? e : d.SetFlags(flags);
    }

    /// <summary>Rights can only be dropped, never regained.</summary>
    public Errno FdFdstatSetRights(GuestMemory memory, Fd fd, Rights fsRightsBase, Rights fsRightsInheriting)
    {
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        if ((fsRightsBase & ~d.RightsBase) != 0 || (fsRightsInheriting & ~d.RightsInheriting) != 0) return Errno.Notcapable;
        d.RightsBase = fsRightsBase;
        d.RightsInheriting = fsRightsInheriting;
        return Errno.Success;
    }

    public Errno FdFilestatGet(GuestMemory memory, Fd fd, out Filestat result)
    {
        result = default;
        var e = Lookup(fd, Rights.FdFilestatGet, out var d);
        return e != Errno.Success ? e : d.GetFilestat(out result);
    }

    public Errno FdFilestatSetSize(GuestMemory memory, Fd fd, ulong size)
    {
        var e = Lookup(fd, Rights.FdFilestatSetSize, out var d);
        return e != Errno.Success ? e : d.SetSize(size);
    }

    public Errno FdFilestatSetTimes(GuestMemory memory, Fd fd, ulong atim, ulong mtim, Fstflags fstFlags)
    {
        var e = Lookup(fd, Rights.FdFilestatSetTimes, out var d);
        return e != Errno.Success ? e : d.SetTimes(atim, mtim, fstFlags);
    }

    public Errno FdPrestatGet(GuestMemory memory, Fd fd, out Prestat result)
    {
        result = default;
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        if (d.PreopenName is not { } name) return Errno.Badf;
        result = Prestat.Dir(new PrestatDir { PrNameLen = (uint)System.Text.Encoding.UTF8.GetByteCount(name) });
        return Errno.Success;
    }

    public Errno FdPrestatDirName(GuestMemory memory, Fd fd, GuestPtr<byte> path, uint pathLen)
    {
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        if (d.PreopenName is not { } name) return Errno.Badf;
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        if (pathLen < bytes.Length) return Errno.Nametoolong;
        memory.Write(path.Offset, bytes);
        return Errno.Success;
    }
}
