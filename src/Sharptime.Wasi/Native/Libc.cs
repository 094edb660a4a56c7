using System.Runtime.InteropServices;

namespace Sharptime.Wasi.Native;

/// <summary>
/// The libc calls WASI needs where .NET has no API: the <c>*at()</c> family, through which every
/// guest path is resolved one component at a time relative to an open directory (so nothing
/// outside a preopen is ever named to the kernel), plus vectored and positioned I/O on guest
/// memory, statx, timestamps, advice and allocation. Linux only (x64 and arm64 share every layout
/// used here; the open flags that differ are in <see cref="OpenFlags"/>).
/// Functions return -1 and set errno, except posix_fadvise / posix_fallocate, which return it.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;

    public const int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    public const int F_GETFL = 3, F_SETFL = 4;

    public const long UTIME_NOW = (1L << 30) - 1;
    public const long UTIME_OMIT = (1L << 30) - 2;

    public const uint STATX_BASIC_STATS = 0x7ff;

    public const short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    public const int FIONREAD = 0x541B;

    /// <summary>The errno of the last call (read right after it).</summary>
    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Lib, EntryPoint = "openat", SetLastError = true)]
    public static partial int OpenAt(int dirfd, byte* path, int flags, uint mode);

    [LibraryImport(Lib, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Lib, EntryPoint = "dup", SetLastError = true)]
    public static partial int Dup(int fd);

    [LibraryImport(Lib, EntryPoint = "readv", SetLastError = true)]
    public static partial nint ReadV(int fd, NativeIoVec* iov, int iovcnt);

    [LibraryImport(Lib, EntryPoint = "writev", SetLastError = true)]
    public static partial nint WriteV(int fd, NativeIoVec* iov, int iovcnt);

    [LibraryImport(Lib, EntryPoint = "preadv", SetLastError = true)]
    public static partial nint PReadV(int fd, NativeIoVec* iov, int iovcnt, long offset);

    [LibraryImport(Lib, EntryPoint = "pwritev", SetLastError = true)]
    public static partial nint PWriteV(int fd, NativeIoVec* iov, int iovcnt, long offset);

    [LibraryImport(Lib, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport(Lib, EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport(Lib, EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int FDataSync(int fd);

    [LibraryImport(Lib, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncate(int fd, long length);

    /// <summary>Returns an errno (0 on success), not -1.</summary>
    [LibraryImport(Lib, EntryPoint = "posix_fadvise")]
    public static partial int PosixFAdvise(int fd, long offset, long len, int advice);

    /// <summary>Returns an errno (0 on success), not -1.</summary>
    [LibraryImport(Lib, EntryPoint = "posix_fallocate")]
    public static partial int PosixFAllocate(int fd, long offset, long len);

    /// <summary>fcntl with an int argument (F_GETFL ignores it).</summary>
    [LibraryImport(Lib, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlInt(int fd, int cmd, int arg);

    [LibraryImport(Lib, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlInt(int fd, nuint request, int* arg);

    [LibraryImport(Lib, EntryPoint = "statx", SetLastError = true)]
    public static partial int Statx(int dirfd, byte* path, int flags, uint mask, StatxBuffer* buffer);

    [LibraryImport(Lib, EntryPoint = "mkdirat", SetLastError = true)]
    public static partial int MkdirAt(int dirfd, byte* path, uint mode);

    [LibraryImport(Lib, EntryPoint = "unlinkat", SetLastError = true)]
    public static partial int UnlinkAt(int dirfd, byte* path, int flags);

    [LibraryImport(Lib, EntryPoint = "renameat", SetLastError = true)]
    public static partial int RenameAt(int olddirfd, byte* oldpath, int newdirfd, byte* newpath);

    [LibraryImport(Lib, EntryPoint = "linkat", SetLastError = true)]
    public static partial int LinkAt(int olddirfd, byte* oldpath, int newdirfd, byte* newpath, int flags);

    [LibraryImport(Lib, EntryPoint = "symlinkat", SetLastError = true)]
    public static partial int SymlinkAt(byte* target, int newdirfd, byte* linkpath);

    [LibraryImport(Lib, EntryPoint = "readlinkat", SetLastError = true)]
    public static partial nint ReadlinkAt(int dirfd, byte* path, byte* buf, nuint bufsiz);

    [LibraryImport(Lib, EntryPoint = "utimensat", SetLastError = true)]
    public static partial int UtimensAt(int dirfd, byte* path, Timespec* times, int flags);

    [LibraryImport(Lib, EntryPoint = "futimens", SetLastError = true)]
    public static partial int FUtimens(int fd, Timespec* times);

    [LibraryImport(Lib, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int fd);

    [LibraryImport(Lib, EntryPoint = "readdir", SetLastError = true)]
    public static partial nint ReadDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "rewinddir")]
    public static partial void RewindDir(nint dir);

    [LibraryImport(Lib, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport(Lib, EntryPoint = "clock_gettime", SetLastError = true)]
    public static partial int ClockGetTime(int clock, Timespec* time);

    [LibraryImport(Lib, EntryPoint = "clock_getres", SetLastError = true)]
    public static partial int ClockGetRes(int clock, Timespec* time);
}

/// <summary>struct iovec: a guest buffer handed to readv/writev without copying.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeIoVec
{
    public byte* Base;
    public nuint Length;

    public NativeIoVec(byte* start, nuint length)
    {
        Base = start;
        Length = length;
    }

    public readonly Span<byte> AsSpan() => new(Base, checked((int)Length));
}

/// <summary>struct timespec on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    public readonly ulong ToWasiTimestamp() => (ulong)Seconds * 1_000_000_000UL + (ulong)Nanoseconds;

    public static Timespec FromWasiTimestamp(ulong ns) =>
        new() { Seconds = (long)(ns / 1_000_000_000UL), Nanoseconds = (long)(ns % 1_000_000_000UL) };
}

/// <summary>struct pollfd.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short REvents;
}

/// <summary>struct statx (its layout is the same on every Linux architecture, unlike struct stat).</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(0)] public uint Mask;
    [FieldOffset(16)] public uint Nlink;
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Ino;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(64)] public long AtimeSeconds;
    [FieldOffset(72)] public uint AtimeNanoseconds;
    [FieldOffset(96)] public long CtimeSeconds;
    [FieldOffset(104)] public uint CtimeNanoseconds;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;

    public const int S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000,
        S_IFBLK = 0x6000, S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

    public readonly int FileType => Mode & S_IFMT;

    /// <summary>glibc's makedev encoding, so the value equals struct stat's st_dev.</summary>
    public readonly ulong Device =>
        ((ulong)(DevMajor & 0xfffff000) << 32) | ((ulong)(DevMajor & 0xfff) << 8)
        | ((ulong)(DevMinor & 0xffffff00) << 12) | (DevMinor & 0xff);

    public readonly ulong Atime => (ulong)AtimeSeconds * 1_000_000_000UL + AtimeNanoseconds;
    public readonly ulong Mtime => (ulong)MtimeSeconds * 1_000_000_000UL + MtimeNanoseconds;
    public readonly ulong Ctime => (ulong)CtimeSeconds * 1_000_000_000UL + CtimeNanoseconds;
}
