using Sharptime.Wasi.Preview1;
using Sharptime.Witx.Runtime;

namespace Sharptime.Witx.Tests;

/// <summary>
/// An implementation of every preview1 function that answers <c>nosys</c>; tests override the
/// functions they exercise. (Removing any method from it would not compile: CS0535.)
/// </summary>
internal class WasiStub : IWasiSnapshotPreview1
{
    public List<string> Calls { get; } = new();

    public virtual Errno ArgsGet(GuestMemory memory, GuestPtr<GuestPtr<byte>> argv, GuestPtr<byte> argvBuf)
    {
        Calls.Add("ArgsGet");
        return Errno.Nosys;
    }

    public virtual Errno ArgsSizesGet(GuestMemory memory, out uint result0, out uint result1)
    {
        Calls.Add("ArgsSizesGet");
        result0 = default;
        result1 = default;
        return Errno.Nosys;
    }

    public virtual Errno EnvironGet(GuestMemory memory, GuestPtr<GuestPtr<byte>> environ, GuestPtr<byte> environBuf)
    {
        Calls.Add("EnvironGet");
        return Errno.Nosys;
    }

    public virtual Errno EnvironSizesGet(GuestMemory memory, out uint result0, out uint result1)
    {
        Calls.Add("EnvironSizesGet");
        result0 = default;
        result1 = default;
        return Errno.Nosys;
    }

    public virtual Errno ClockResGet(GuestMemory memory, Clockid id, out ulong result)
    {
        Calls.Add("ClockResGet");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno ClockTimeGet(GuestMemory memory, Clockid id, ulong precision, out ulong result)
    {
        Calls.Add("ClockTimeGet");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdAdvise(GuestMemory memory, Fd fd, ulong offset, ulong len, Advice advice)
    {
        Calls.Add("FdAdvise");
        return Errno.Nosys;
    }

    public virtual Errno FdAllocate(GuestMemory memory, Fd fd, ulong offset, ulong len)
    {
        Calls.Add("FdAllocate");
        return Errno.Nosys;
    }

    public virtual Errno FdClose(GuestMemory memory, Fd fd)
    {
        Calls.Add("FdClose");
        return Errno.Nosys;
    }

    public virtual Errno FdDatasync(GuestMemory memory, Fd fd)
    {
        Calls.Add("FdDatasync");
        return Errno.Nosys;
    }

    public virtual Errno FdFdstatGet(GuestMemory memory, Fd fd, out Fdstat result)
    {
        Calls.Add("FdFdstatGet");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdFdstatSetFlags(GuestMemory memory, Fd fd, Fdflags flags)
    {
        Calls.Add("FdFdstatSetFlags");
        return Errno.Nosys;
    }

    public virtual Errno FdFdstatSetRights(GuestMemory memory, Fd fd, Rights fsRightsBase, Rights fsRightsInheriting)
    {
        Calls.Add("FdFdstatSetRights");
        return Errno.Nosys;
    }

    public virtual Errno FdFilestatGet(GuestMemory memory, Fd fd, out Filestat result)
    {
        Calls.Add("FdFilestatGet");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdFilestatSetSize(GuestMemory memory, Fd fd, ulong size)
    {
        Calls.Add("FdFilestatSetSize");
        return Errno.Nosys;
    }

    public virtual Errno FdFilestatSetTimes(GuestMemory memory, Fd fd, ulong atim, ulong mtim, Fstflags fstFlags)
    {
        Calls.Add("FdFilestatSetTimes");
        return Errno.Nosys;
    }

    public virtual Errno FdPread(GuestMemory memory, Fd fd, GuestList<Iovec> iovs, ulong offset, out uint result)
    {
        Calls.Add("FdPread");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdPrestatGet(GuestMemory memory, Fd fd, out Prestat result)
    {
        Calls.Add("FdPrestatGet");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdPrestatDirName(GuestMemory memory, Fd fd, GuestPtr<byte> path, uint pathLen)
    {
        Calls.Add("FdPrestatDirName");
        return Errno.Nosys;
    }

    public virtual Errno FdPwrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, ulong offset, out uint result)
    {
        Calls.Add("FdPwrite");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdRead(GuestMemory memory, Fd fd, GuestList<Iovec> iovs, out uint result)
    {
        Calls.Add("FdRead");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdReaddir(GuestMemory memory, Fd fd, GuestPtr<byte> buf, uint bufLen, ulong cookie, out uint result)
    {
        Calls.Add("FdReaddir");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdRenumber(GuestMemory memory, Fd fd, Fd to)
    {
        Calls.Add("FdRenumber");
        return Errno.Nosys;
    }

    public virtual Errno FdSeek(GuestMemory memory, Fd fd, long offset, Whence whence, out ulong result)
    {
        Calls.Add("FdSeek");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdSync(GuestMemory memory, Fd fd)
    {
        Calls.Add("FdSync");
        return Errno.Nosys;
    }

    public virtual Errno FdTell(GuestMemory memory, Fd fd, out ulong result)
    {
        Calls.Add("FdTell");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno FdWrite(GuestMemory memory, Fd fd, GuestList<Ciovec> iovs, out uint result)
    {
        Calls.Add("FdWrite");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno PathCreateDirectory(GuestMemory memory, Fd fd, string path)
    {
        Calls.Add("PathCreateDirectory");
        return Errno.Nosys;
    }

    public virtual Errno PathFilestatGet(GuestMemory memory, Fd fd, Lookupflags flags, string path, out Filestat result)
    {
        Calls.Add("PathFilestatGet");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno PathFilestatSetTimes(GuestMemory memory, Fd fd, Lookupflags flags, string path, ulong atim, ulong mtim, Fstflags fstFlags)
    {
        Calls.Add("PathFilestatSetTimes");
        return Errno.Nosys;
    }

    public virtual Errno PathLink(GuestMemory memory, Fd oldFd, Lookupflags oldFlags, string oldPath, Fd newFd, string newPath)
    {
        Calls.Add("PathLink");
        return Errno.Nosys;
    }

    public virtual Errno PathOpen(GuestMemory memory, Fd fd, Lookupflags dirflags, string path, Oflags oflags, Rights fsRightsBase, Rights fsRightsInheriting, Fdflags fdflags, out Fd result)
    {
        Calls.Add("PathOpen");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno PathReadlink(GuestMemory memory, Fd fd, string path, GuestPtr<byte> buf, uint bufLen, out uint result)
    {
        Calls.Add("PathReadlink");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno PathRemoveDirectory(GuestMemory memory, Fd fd, string path)
    {
        Calls.Add("PathRemoveDirectory");
        return Errno.Nosys;
    }

    public virtual Errno PathRename(GuestMemory memory, Fd fd, string oldPath, Fd newFd, string newPath)
    {
        Calls.Add("PathRename");
        return Errno.Nosys;
    }

    public virtual Errno PathSymlink(GuestMemory memory, string oldPath, Fd fd, string newPath)
    {
        Calls.Add("PathSymlink");
        return Errno.Nosys;
    }

    public virtual Errno PathUnlinkFile(GuestMemory memory, Fd fd, string path)
    {
        Calls.Add("PathUnlinkFile");
        return Errno.Nosys;
    }

    public virtual Errno PollOneoff(GuestMemory memory, GuestPtr<Subscription> @in, GuestPtr<Event> @out, uint nsubscriptions, out uint result)
    {
        Calls.Add("PollOneoff");
        result = default;
        return Errno.Nosys;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public virtual void ProcExit(GuestMemory memory, uint rval)
    {
        Calls.Add("ProcExit");
        throw new GuestExitException(-1);
    }

    public virtual Errno ProcRaise(GuestMemory memory, Signal sig)
    {
        Calls.Add("ProcRaise");
        return Errno.Nosys;
    }

    public virtual Errno SchedYield(GuestMemory memory)
    {
        Calls.Add("SchedYield");
        return Errno.Nosys;
    }

    public virtual Errno RandomGet(GuestMemory memory, GuestPtr<byte> buf, uint bufLen)
    {
        Calls.Add("RandomGet");
        return Errno.Nosys;
    }

    public virtual Errno SockAccept(GuestMemory memory, Fd fd, Fdflags flags, out Fd result)
    {
        Calls.Add("SockAccept");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno SockRecv(GuestMemory memory, Fd fd, GuestList<Iovec> riData, Riflags riFlags, out uint result0, out Roflags result1)
    {
        Calls.Add("SockRecv");
        result0 = default;
        result1 = default;
        return Errno.Nosys;
    }

    public virtual Errno SockSend(GuestMemory memory, Fd fd, GuestList<Ciovec> siData, ushort siFlags, out uint result)
    {
        Calls.Add("SockSend");
        result = default;
        return Errno.Nosys;
    }

    public virtual Errno SockShutdown(GuestMemory memory, Fd fd, Sdflags how)
    {
        Calls.Add("SockShutdown");
        return Errno.Nosys;
    }

}
