using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>
/// What a guest file descriptor refers to: a host file or directory, a .NET stream (stdio given
/// by the embedder) or a socket. Each operation has a default that says "this kind of descriptor
/// cannot do that" with the errno POSIX gives (EBADF for the wrong kind of object, ESPIPE for
/// positioning a stream); subclasses override what they support.
/// </summary>
internal abstract class Descriptor : IDisposable
{
    protected Descriptor(Rights rightsBase, Rights rightsInheriting)
    {
        // Subclasses pass rights already limited to what their kind supports (no virtual call here).
        RightsBase = rightsBase;
        RightsInheriting = rightsInheriting;
    }

    public abstract Filetype Filetype { get; }

    /// <summary>The rights this kind of descriptor can have at all; a descriptor's rights are a subset.</summary>
    public abstract Rights SupportedRights { get; }

    public Rights RightsBase { get; set; }
    public Rights RightsInheriting { get; set; }

    /// <summary>The guest name of a preopened directory (fd_prestat_get), null otherwise.</summary>
    public virtual string? PreopenName => null;

    public virtual Fdflags Flags => 0;

    /// <summary>Whether the host object was opened for reading / writing (what POSIX checks: EBADF otherwise).</summary>
    public virtual bool CanRead => false;
    public virtual bool CanWrite => false;

    public virtual Errno SetFlags(Fdflags flags) => Errno.Badf;

    public virtual Errno Read(ReadOnlySpan<NativeIoVec> buffers, out ulong count) { count = 0; return Errno.Badf; }
    public virtual Errno Write(ReadOnlySpan<NativeIoVec> buffers, out ulong count) { count = 0; return Errno.Badf; }
    public virtual Errno ReadAt(ReadOnlySpan<NativeIoVec> buffers, ulong offset, out ulong count) { count = 0; return Errno.Spipe; }
    public virtual Errno WriteAt(ReadOnlySpan<NativeIoVec> buffers, ulong offset, out ulong count) { count = 0; return Errno.Spipe; }
    public virtual Errno Seek(long offset, Whence whence, out ulong position) { position = 0; return Errno.Spipe; }
    public virtual Errno Tell(out ulong position) { position = 0; return Errno.Spipe; }

    public virtual Errno GetFilestat(out Filestat stat)
    {
        stat = new Filestat { Filetype = Filetype };
        return Errno.Success;
    }

    public virtual Errno SetSize(ulong size) => Errno.Inval;
    public virtual Errno SetTimes(ulong atim, ulong mtim, Fstflags flags) => Errno.Badf;
    public virtual Errno Sync() => Errno.Inval;
    public virtual Errno DataSync() => Errno.Inval;
    public virtual Errno Advise(ulong offset, ulong length, Advice advice) => Errno.Spipe;
    public virtual Errno Allocate(ulong offset, ulong length) => Errno.Badf;

    /// <summary>How poll_oneoff waits on this descriptor.</summary>
    public virtual PollSource GetPollSource(bool write) => PollSource.ReadyNow(0);

    public virtual void Dispose()
    {
    }
}

/// <summary>
/// Whether a descriptor is ready for reading or writing without waiting (regular files, memory
/// streams), must be waited for with poll(2) on a host fd (pipes, terminals, sockets), or cannot
/// be polled (an errno for the event).
/// </summary>
internal readonly record struct PollSource(bool Ready, ulong Bytes, int HostFd, Errno Error)
{
    public static PollSource ReadyNow(ulong bytes) => new(true, bytes, -1, Errno.Success);
    public static PollSource HostPoll(int fd) => new(false, 0, fd, Errno.Success);
    public static PollSource Failed(Errno error) => new(true, 0, -1, error);
}
