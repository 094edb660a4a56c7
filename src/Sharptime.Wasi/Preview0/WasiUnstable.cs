using Sharptime.Witx.Runtime;
using P1 = Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Preview0;

/// <summary>
/// <c>wasi_unstable</c> (WASI "preview 0") as an adapter over the preview 1 implementation: the
/// same errnos, rights and flags, and the few differences converted here: <c>whence</c> values
/// (cur=0, end=1, set=2), the 56-byte <c>filestat</c> with a 32-bit <c>nlink</c>, the 56-byte
/// <c>subscription</c> (see WasiUnstable.Poll.cs), and no <c>sock_accept</c>.
/// </summary>
internal sealed partial class WasiUnstable(P1.WasiSnapshotPreview1 preview1) : IWasiUnstable
{
    private readonly P1.WasiSnapshotPreview1 _p1 = preview1;

    private static Errno E(P1.Errno e) => (Errno)(ushort)e;
    private static P1.Fd F(Fd fd) => new(fd.Value);
    private static GuestList<P1.Iovec> L(GuestList<Iovec> l) => new(l.Offset, l.Length);
    private static GuestList<P1.Ciovec> L(GuestList<Ciovec> l) => new(l.Offset, l.Length);

    public Errno ArgsGet(GuestMemory memory, GuestPtr<GuestPtr<byte>> argv, GuestPtr<byte> argvBuf) => E(_p1.ArgsGet(memory, argv, argvBuf));
    public Errno ArgsSizesGet(GuestMemory memory, out uint result0, out uint result1) => E(_p1.ArgsSizesGet(memory, out result0, out result1));
    public Errno EnvironGet(GuestMemory memory, GuestPtr<GuestPtr<byte>> environ, GuestPtr<byte> environBuf) => E(_p1.EnvironGet(memory, environ, environBuf));
    public Errno EnvironSizesGet(GuestMemory memory, out uint result0, out uint result1) => E(_p1.EnvironSizesGet(memory, out result0, out result1));
    public Errno ClockResGet(GuestMemory memory, Clockid id, out ulong result) => E(_p1.ClockResGet(memory, (P1.Clockid)id, out result));
    public Errno ClockTimeGet(GuestMemory memory, Clockid id, ulong precision, out ulong result) => E(_p1.ClockTimeGet(memory, (P1.Clockid)id, precision, out result));
    public Errno FdAdvise(GuestMemory memory, Fd fd, ulong offset, ulong len, Advice advice) => E(_p1.FdAdvise(memory, F(fd), offset, len, (P1.Advice)advice));
    public Errno FdAllocate(GuestMemory memory, Fd fd, ulong offset, ulong len) => E(_p1.FdAllocate(memory, F(fd), offset, len));
    public Errno FdClose(GuestMemory memory, Fd fd) => E(_p1.FdClose(memory, F(fd)));
    public Errno FdDatasync(GuestMemory memory, Fd fd) => E(_p1.FdDatasync(memory, F(fd)));

    public Errno FdFdstatGet(GuestMemory memory, Fd fd, out Fdstat result)
    {
        var e = _p1.FdFdstatGet(memory, F(fd), out var s);
        result = new Fdstat
        {
            FsFiletype = (Filetype)s.FsFiletype,
            FsFlags = (Fdflags)s.FsFlags,
            // Preview 0 has no sock_accept right.
            FsRightsBase = (Rights)(s.FsRightsBase & ~P1.Rights.SockAccept),
            FsRightsInheriting = (Rights)(s.FsRightsInheriting & ~P1.Rights.SockAccept),
        };
        return E(e);
    }

    public Errno FdFdstatSetFlags(GuestMemory memory, Fd fd, Fdflags flags) => E(_p1.FdFdstatSetFlags(memory, F(fd), (P1.Fdflags)flags));

    public Errno FdFdstatSetRights(GuestMemory memory, Fd fd, Rights fsRightsBase, Rights fsRightsInheriting)
    {
        // Keep sock_accept as it is: preview 0 can neither see nor drop it.
        var e = _p1.FdFdstatGet(memory, F(fd), out var current);
        if (e != P1.Errno.Success) return E(e);
        var keep = current.FsRightsBase & P1.Rights.SockAccept;
        var keepInheriting = current.FsRightsInheriting & P1.Rights.SockAccept;
        return E(_p1.FdFdstatSetRights(memory, F(fd), (P1.Rights)fsRightsBase | keep, (P1.Rights)fsRightsInheriting | keepInheriting));
    }

    public Errno FdFilestatGet(GuestMemory memory, Fd fd, out Filestat result)
    {
        var e = _p1.FdFilestatGet(memory, F(fd), out var s);
        result = ToPreview0(s);
        return E(e);
    }

    public Errno FdFilestatSetSize(GuestMemory memory, Fd fd, ulong size) => E(_p1.FdFilestatSetSize(memory, F(fd), size));
    public Errno FdFilestatSetTimes(GuestMemory memory, Fd fd, ulong atim, ulong mtim, Fstflags fstFlags) => E(_p1.FdFilestatSetTimes(memory, F(fd), atim, mtim, (P1.Fstflags)fstFlags));
    public Errno FdPread(GuestMemory memory, Fd fd, GuestList<Iovec> iovs, ulong offset, out uint result) => E(_p1.FdPread(memory, F(fd), L(iovs), offset, out result));

    public Errno FdPrestatGet(GuestMemory memory, Fd fd, out Prestat result)
    {
        var e = _p1.FdPrestatGet(memory, F(fd), out var p);
        result = e == P1.Errno.Success ? Prestat.Dir(new PrestatDir { PrNameLen = p.AsDir.PrNameLen }) : default;
        return E(e);
    }

    public Errno FdPrestatDirName(GuestMemory memory, Fd fd, GuestPtr<byte> path, uint pathLen) => E(_p1.FdPrestatDirName(memory, F(fd), path, pathLen));
    public Errno FdPwrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, ulong offset, out uint result) => E(_p1.FdPwrite(memory, F(fd), L(iovs), offset, out result));
    public Errno FdRead(GuestMemory memory, Fd fd, GuestList<Iovec> iovs, out uint result) => E(_p1.FdRead(memory, F(fd), L(iovs), out result));
    public Errno FdReaddir(GuestMemory memory, Fd fd, GuestPtr<byte> buf, uint bufLen, ulong cookie, out uint result) => E(_p1.FdReaddir(memory, F(fd), buf, bufLen, cookie, out result));
    public Errno FdRenumber(GuestMemory memory, Fd fd, Fd to) => E(_p1.FdRenumber(memory, F(fd), F(to)));

    public Errno FdSeek(GuestMemory memory, Fd fd, long offset, Whence whence, out ulong result)
    {
        var w = whence switch { Whence.Cur => P1.Whence.Cur, Whence.End => P1.Whence.End, _ => P1.Whence.Set };
        return E(_p1.FdSeek(memory, F(fd), offset, w, out result));
    }

    public Errno FdSync(GuestMemory memory, Fd fd) => E(_p1.FdSync(memory, F(fd)));
    public Errno FdTell(GuestMemory memory, Fd fd, out ulong result) => E(_p1.FdTell(memory, F(fd), out result));
    public Errno FdWrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, out uint result) => E(_p1.FdWrite(memory, F(fd), L(iovs), out result));
    public Errno PathCreateDirectory(GuestMemory memory, Fd fd, string path) => E(_p1.PathCreateDirectory(memory, F(fd), path));

    public Errno PathFilestatGet(GuestMemory memory, Fd fd, Lookupflags flags, string path, out Filestat result)
    {
        var e = _p1.PathFilestatGet(memory, F(fd), (P1.Lookupflags)flags, path, out var s);
        result = ToPreview0(s);
        return E(e);
    }

    public Errno PathFilestatSetTimes(GuestMemory memory, Fd fd, Lookupflags flags, string path, ulong atim, ulong mtim, Fstflags fstFlags) =>
        E(_p1.PathFilestatSetTimes(memory, F(fd), (P1.Lookupflags)flags, path, atim, mtim, (P1.Fstflags)fstFlags));

    public Errno PathLink(GuestMemory memory, Fd oldFd, Lookupflags oldFlags, string oldPath, Fd newFd, string newPath) =>
        E(_p1.PathLink(memory, F(oldFd), (P1.Lookupflags)oldFlags, oldPath, F(newFd), newPath));

    public Errno PathOpen(GuestMemory memory, Fd fd, Lookupflags dirflags, string path, Oflags oflags, Rights fsRightsBase,
        Rights fsRightsInheriting, Fdflags fdflags, out Fd result)
    {
        var e = _p1.PathOpen(memory, F(fd), (P1.Lookupflags)dirflags, path, (P1.Oflags)oflags, (P1.Rights)fsRightsBase,
            (P1.Rights)fsRightsInheriting, (P1.Fdflags)fdflags, out var opened);
        result = new Fd(opened.Value);
        return E(e);
    }

    public Errno PathReadlink(GuestMemory memory, Fd fd, string path, GuestPtr<byte> buf, uint bufLen, out uint result) => E(_p1.PathReadlink(memory, F(fd), path, buf, bufLen, out result));
    public Errno PathRemoveDirectory(GuestMemory memory, Fd fd, string path) => E(_p1.PathRemoveDirectory(memory, F(fd), path));
    public Errno PathRename(GuestMemory memory, Fd fd, string oldPath, Fd newFd, string newPath) => E(_p1.PathRename(memory, F(fd), oldPath, F(newFd), newPath));
    public Errno PathSymlink(GuestMemory memory, string oldPath, Fd fd, string newPath) => E(_p1.PathSymlink(memory, oldPath, F(fd), newPath));
    public Errno PathUnlinkFile(GuestMemory memory, Fd fd, string path) => E(_p1.PathUnlinkFile(memory, F(fd), path));

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void ProcExit(GuestMemory memory, uint rval) => _p1.ProcExit(memory, rval);

    public Errno ProcRaise(GuestMemory memory, Signal sig) => E(_p1.ProcRaise(memory, (P1.Signal)sig));
    public Errno SchedYield(GuestMemory memory) => E(_p1.SchedYield(memory));
    public Errno RandomGet(GuestMemory memory, GuestPtr<byte> buf, uint bufLen) => E(_p1.RandomGet(memory, buf, bufLen));

    public Errno SockRecv(GuestMemory memory, Fd fd, GuestList<Iovec> riData, Riflags riFlags, out uint result0, out Roflags result1)
    {
        var e = _p1.SockRecv(memory, F(fd), L(riData), (P1.Riflags)riFlags, out result0, out var flags);
        result1 = (Roflags)flags;
        return E(e);
    }

    public Errno SockSend(GuestMemory memory, Fd fd, GuestList<Ciovec> siData, ushort siFlags, out uint result) => E(_p1.SockSend(memory, F(fd), L(siData), siFlags, out result));
    public Errno SockShutdown(GuestMemory memory, Fd fd, Sdflags how) => E(_p1.SockShutdown(memory, F(fd), (P1.Sdflags)how));

    /// <summary>Preview 0's filestat: the link count is 32 bits (saturated, not wrapped).</summary>
    private static Filestat ToPreview0(in P1.Filestat s) => new()
    {
        Dev = s.Dev,
        Ino = s.Ino,
        Filetype = (Filetype)s.Filetype,
        Nlink = (uint)Math.Min(s.Nlink, uint.MaxValue),
        Size = s.Size,
        Atim = s.Atim,
        Mtim = s.Mtim,
        Ctim = s.Ctim,
    };
}
