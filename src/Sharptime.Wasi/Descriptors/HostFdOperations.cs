using Sharptime.Wasi.FileSystem;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>What files and directories do the same way on their host fd: stat, timestamps, sync.</summary>
internal static unsafe class HostFdOperations
{
    public static Errno GetFilestat(int fd, out Filestat stat)
    {
        var e = HostStat.OfFd(fd, out var s);
        stat = e == Errno.Success ? HostStat.ToFilestat(s) : default;
        return e;
    }

    public static Errno SetTimes(int fd, ulong atim, ulong mtim, Fstflags flags)
    {
        Span<Timespec> times = stackalloc Timespec[2];
        var e = HostStat.ToTimespecs(atim, mtim, flags, times);
        if (e != Errno.Success) return e;
        fixed (Timespec* t = times)
            return Libc.FUtimens(fd, t) == 0 ? Errno.Success : ErrnoMapping.Last();
    }

    public static Errno Sync(int fd) => Libc.FSync(fd) == 0 ? Errno.Success : ErrnoMapping.Last();

    public static Errno DataSync(int fd) => Libc.FDataSync(fd) == 0 ? Errno.Success : ErrnoMapping.Last();
}
