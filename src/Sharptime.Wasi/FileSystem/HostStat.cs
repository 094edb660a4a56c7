using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.FileSystem;

/// <summary>statx on host fds and names, converted to WASI's filestat and filetype.</summary>
internal static unsafe class HostStat
{
    /// <summary>statx of an open fd.</summary>
    public static Errno OfFd(int fd, out StatxBuffer stat)
    {
        byte empty = 0;
        StatxBuffer buffer;
        if (Libc.Statx(fd, &empty, Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &buffer) != 0)
        {
            stat = default;
            return ErrnoMapping.Last();
        }
        stat = buffer;
        return Errno.Success;
    }

    /// <summary>statx of <paramref name="name"/> (one NUL-terminated component) in the directory <paramref name="dirFd"/>, never following a symlink.</summary>
    public static Errno OfName(int dirFd, ReadOnlySpan<byte> name, out StatxBuffer stat)
    {
        StatxBuffer buffer;
        fixed (byte* p = name)
        {
            if (Libc.Statx(dirFd, p, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, &buffer) != 0)
            {
                stat = default;
                return ErrnoMapping.Last();
            }
        }
        stat = buffer;
        return Errno.Success;
    }

    public static Filestat ToFilestat(in StatxBuffer s) => new()
    {
        Dev = s.Device,
        Ino = s.Ino,
        Filetype = FiletypeOf(s.FileType),
        Nlink = s.Nlink,
        Size = s.Size,
        Atim = s.Atime,
        Mtim = s.Mtime,
        Ctim = s.Ctime,
    };

    /// <summary>The WASI filetype of an S_IFMT value (FIFOs have none: unknown, as in Wasmtime).</summary>
    public static Filetype FiletypeOf(int mode) => mode switch
    {
        StatxBuffer.S_IFREG => Filetype.RegularFile,
        StatxBuffer.S_IFDIR => Filetype.Directory,
        StatxBuffer.S_IFLNK => Filetype.SymbolicLink,
        StatxBuffer.S_IFCHR => Filetype.CharacterDevice,
        StatxBuffer.S_IFBLK => Filetype.BlockDevice,
        StatxBuffer.S_IFSOCK => Filetype.SocketStream,
        _ => Filetype.Unknown,
    };

    /// <summary>The WASI filetype of a dirent d_type; null for DT_UNKNOWN (the caller stats the entry).</summary>
    public static Filetype? FiletypeOfDirentType(byte type) => type switch
    {
        8 => Filetype.RegularFile,
        4 => Filetype.Directory,
        10 => Filetype.SymbolicLink,
        2 => Filetype.CharacterDevice,
        6 => Filetype.BlockDevice,
        12 => Filetype.SocketStream,
        1 => Filetype.Unknown,
        _ => null,
    };

    /// <summary>
    /// The two timespecs of utimensat/futimens for WASI's (atim, mtim, fst_flags): a time, now, or
    /// unchanged. Setting a time and "now" for the same timestamp is EINVAL.
    /// </summary>
    public static Errno ToTimespecs(ulong atim, ulong mtim, Fstflags flags, Span<Timespec> times)
    {
        if ((flags & (Fstflags.Atim | Fstflags.AtimNow)) == (Fstflags.Atim | Fstflags.AtimNow)
            || (flags & (Fstflags.Mtim | Fstflags.MtimNow)) == (Fstflags.Mtim | Fstflags.MtimNow))
            return Errno.Inval;
        times[0] = One(atim, (flags & Fstflags.Atim) != 0, (flags & Fstflags.AtimNow) != 0);
        times[1] = One(mtim, (flags & Fstflags.Mtim) != 0, (flags & Fstflags.MtimNow) != 0);
        return Errno.Success;

        static Timespec One(ulong value, bool set, bool now) =>
            now ? new Timespec { Nanoseconds = Libc.UTIME_NOW }
            : set ? Timespec.FromWasiTimestamp(value)
            : new Timespec { Nanoseconds = Libc.UTIME_OMIT };
    }
}
