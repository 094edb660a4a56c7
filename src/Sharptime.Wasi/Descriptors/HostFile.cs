using Sharptime.Wasi.FileSystem;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>
/// A host fd that is not a directory: a regular file opened by path_open, or an inherited stdio fd
/// (terminal, pipe). Reads and writes go straight from and to guest memory with readv/writev.
/// </summary>
internal sealed unsafe class HostFile : Descriptor
{
    /// <summary>Linux's IOV_MAX: longer iovec lists are cut (a short read or write, which POSIX allows).</summary>
    private const int MaxIoVecs = 1024;

    private readonly HostFdHandle _handle;
    private Fdflags _flags;

    public HostFile(int fd, bool ownsFd, Filetype filetype, Fdflags flags, Rights rightsBase, Rights rightsInheriting)
        : base(rightsBase & SupportedRightsOf(filetype), rightsInheriting)
    {
        _handle = new HostFdHandle(fd, ownsFd);
        Filetype = filetype;
        _flags = flags;
        int mode = Libc.FcntlInt(fd, Libc.F_GETFL, 0) & 3;
        CanRead = mode is OpenFlags.O_RDONLY or OpenFlags.O_RDWR;
        CanWrite = mode is OpenFlags.O_WRONLY or OpenFlags.O_RDWR;
    }

    public override bool CanRead { get; }
    public override bool CanWrite { get; }

    public int Fd => _handle.Fd;

    public override Filetype Filetype { get; }

    public override Rights SupportedRights => SupportedRightsOf(Filetype);

    private static Rights SupportedRightsOf(Filetype type) =>
        type is Filetype.RegularFile or Filetype.BlockDevice ? WasiRights.RegularFile : WasiRights.Stream;

    public override Fdflags Flags => _flags;

    public override Errno SetFlags(Fdflags flags)
    {
        // Like Wasmtime: the synchronized-I/O flags can only be chosen at open time.
        if ((flags & (Fdflags.Dsync | Fdflags.Rsync | Fdflags.Sync)) != 0) return Errno.Inval;
        int current = Libc.FcntlInt(Fd, Libc.F_GETFL, 0);
        if (current < 0) return ErrnoMapping.Last();
        int wanted = current & ~(OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK);
        if ((flags & Fdflags.Append) != 0) wanted |= OpenFlags.O_APPEND;
        if ((flags & Fdflags.Nonblock) != 0) wanted |= OpenFlags.O_NONBLOCK;
        if (Libc.FcntlInt(Fd, Libc.F_SETFL, wanted) != 0) return ErrnoMapping.Last();
        _flags = (_flags & (Fdflags.Dsync | Fdflags.Rsync | Fdflags.Sync)) | (flags & (Fdflags.Append | Fdflags.Nonblock));
        return Errno.Success;
    }

    public override Errno Read(ReadOnlySpan<NativeIoVec> buffers, out ulong count)
    {
        fixed (NativeIoVec* v = buffers)
            return Done(Libc.ReadV(Fd, v, Math.Min(buffers.Length, MaxIoVecs)), out count);
    }

    public override Errno Write(ReadOnlySpan<NativeIoVec> buffers, out ulong count)
    {
        fixed (NativeIoVec* v = buffers)
            return Done(Libc.WriteV(Fd, v, Math.Min(buffers.Length, MaxIoVecs)), out count);
    }

    public override Errno ReadAt(ReadOnlySpan<NativeIoVec> buffers, ulong offset, out ulong count)
    {
        if (offset > long.MaxValue) { count = 0; return Errno.Inval; }
        fixed (NativeIoVec* v = buffers)
            return Done(Libc.PReadV(Fd, v, Math.Min(buffers.Length, MaxIoVecs), (long)offset), out count);
    }

    public override Errno WriteAt(ReadOnlySpan<NativeIoVec> buffers, ulong offset, out ulong count)
    {
        if (offset > long.MaxValue) { count = 0; return Errno.Inval; }
        fixed (NativeIoVec* v = buffers)
            return Done(Libc.PWriteV(Fd, v, Math.Min(buffers.Length, MaxIoVecs), (long)offset), out count);
    }

    private static Errno Done(nint result, out ulong count)
    {
        if (result < 0)
        {
            count = 0;
            return ErrnoMapping.Last();
        }
        count = (ulong)result;
        return Errno.Success;
    }

    public override Errno Seek(long offset, Whence whence, out ulong position)
    {
        int how = whence switch { Whence.Set => Libc.SEEK_SET, Whence.Cur => Libc.SEEK_CUR, _ => Libc.SEEK_END };
        long result = Libc.LSeek(Fd, offset, how);
        position = result < 0 ? 0 : (ulong)result;
        return result < 0 ? ErrnoMapping.Last() : Errno.Success;
    }

    public override Errno Tell(out ulong position) => Seek(0, Whence.Cur, out position);

    public override Errno GetFilestat(out Filestat stat) => HostFdOperations.GetFilestat(Fd, out stat);

    public override Errno SetSize(ulong size)
    {
        if (size > long.MaxValue) return Errno.Inval;
        return Libc.FTruncate(Fd, (long)size) == 0 ? Errno.Success : ErrnoMapping.Last();
    }

    public override Errno SetTimes(ulong atim, ulong mtim, Fstflags flags) => HostFdOperations.SetTimes(Fd, atim, mtim, flags);

    public override Errno Sync() => HostFdOperations.Sync(Fd);

    public override Errno DataSync() => HostFdOperations.DataSync(Fd);

    public override Errno Advise(ulong offset, ulong length, Advice advice)
    {
        if (offset > long.MaxValue || length > long.MaxValue) return Errno.Inval;
        // WASI orders sequential before random; Linux's POSIX_FADV_* the other way round.
        int posix = advice switch { Advice.Sequential => 2, Advice.Random => 1, _ => (int)advice };
        return ErrnoMapping.FromLinux(Libc.PosixFAdvise(Fd, (long)offset, (long)length, posix));
    }

    public override Errno Allocate(ulong offset, ulong length)
    {
        if (offset > long.MaxValue || length > long.MaxValue || offset + length > long.MaxValue) return Errno.Inval;
        if (length == 0) return Errno.Inval;
        return ErrnoMapping.FromLinux(Libc.PosixFAllocate(Fd, (long)offset, (long)length));
    }

    public override PollSource GetPollSource(bool write)
    {
        if (Filetype != Filetype.RegularFile) return PollSource.HostPoll(Fd);
        // A regular file never blocks. Like Wasmtime, report what is left after the position for
        // reading, and at least one byte either way.
        if (write) return PollSource.ReadyNow(1);
        if (HostStat.OfFd(Fd, out var s) != Errno.Success) return PollSource.ReadyNow(1);
        long position = Libc.LSeek(Fd, 0, Libc.SEEK_CUR);
        return PollSource.ReadyNow(position >= 0 && (ulong)position < s.Size ? s.Size - (ulong)position : 1);
    }

    public override void Dispose() => _handle.Dispose();
}
