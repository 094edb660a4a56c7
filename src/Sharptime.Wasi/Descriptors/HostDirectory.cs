using Sharptime.Wasi.FileSystem;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>One directory entry as fd_readdir reports it: the name as the host's bytes.</summary>
internal readonly record struct DirectoryEntry(byte[] Name, ulong Inode, Filetype Type);

/// <summary>
/// An open host directory: a preopen or a directory opened by path_open. Every path operation of
/// the guest starts here and is resolved by <see cref="PathResolver"/>, with this directory as its
/// root: <c>..</c> never leaves it.
/// </summary>
internal sealed unsafe class HostDirectory : Descriptor
{
    private readonly HostFdHandle _handle;
    private List<DirectoryEntry>? _entries;

    public HostDirectory(int fd, string? preopenName, Rights rightsBase, Rights rightsInheriting)
        : base(rightsBase & WasiRights.Directory, rightsInheriting)
    {
        _handle = new HostFdHandle(fd, ownsFd: true);
        PreopenName = preopenName;
    }

    public int Fd => _handle.Fd;

    public override Filetype Filetype => Filetype.Directory;

    public override Rights SupportedRights => WasiRights.Directory;

    public override string? PreopenName { get; }

    public override Errno SetFlags(Fdflags flags) => flags == 0 ? Errno.Success : Errno.Inval;

    public override Errno Seek(long offset, Whence whence, out ulong position) { position = 0; return Errno.Badf; }
    public override Errno Tell(out ulong position) { position = 0; return Errno.Badf; }
    public override Errno ReadAt(ReadOnlySpan<NativeIoVec> buffers, ulong offset, out ulong count) { count = 0; return Errno.Badf; }
    public override Errno WriteAt(ReadOnlySpan<NativeIoVec> buffers, ulong offset, out ulong count) { count = 0; return Errno.Badf; }
    public override Errno Advise(ulong offset, ulong length, Advice advice) => Errno.Badf;
    public override Errno SetSize(ulong size) => Errno.Badf;

    public override Errno GetFilestat(out Filestat stat) => HostFdOperations.GetFilestat(Fd, out stat);

    public override Errno SetTimes(ulong atim, ulong mtim, Fstflags flags) => HostFdOperations.SetTimes(Fd, atim, mtim, flags);

    public override Errno Sync() => HostFdOperations.Sync(Fd);

    public override Errno DataSync() => HostFdOperations.DataSync(Fd);

    /// <summary>
    /// The entries from position <paramref name="cookie"/> on. Cookie 0 reads the directory again;
    /// a later cookie continues the listing read then, so the positions stay stable across calls
    /// (a directory's own stream offsets are not, once entries are added or removed).
    /// </summary>
    public Errno GetEntries(ulong cookie, out IReadOnlyList<DirectoryEntry> entries)
    {
        if (cookie == 0 || _entries is null)
        {
            var e = ReadAll(out var fresh);
            if (e != Errno.Success)
            {
                entries = [];
                return e;
            }
            _entries = fresh;
        }
        entries = _entries;
        return Errno.Success;
    }

    private Errno ReadAll(out List<DirectoryEntry> entries)
    {
        entries = [];
        // fdopendir takes ownership of its fd, and a dup shares the position, hence the rewind.
        int copy = Libc.Dup(Fd);
        if (copy < 0) return ErrnoMapping.Last();
        nint dir = Libc.FdOpenDir(copy);
        if (dir == 0)
        {
            var e = ErrnoMapping.Last();
            Libc.Close(copy);
            return e;
        }
        try
        {
            Libc.RewindDir(dir);
            var dots = new List<DirectoryEntry>(2);
            while (true)
            {
                nint d = Libc.ReadDir(dir);
                if (d == 0) break;
                // struct dirent (glibc, 64-bit): d_ino at 0, d_type at 18, d_name at 19.
                byte* p = (byte*)d;
                ulong ino = *(ulong*)p;
                byte type = p[18];
                var name = new ReadOnlySpan<byte>(p + 19, 256);
                name = name[..name.IndexOf((byte)0)];
                var filetype = HostStat.FiletypeOfDirentType(type) ?? StatType(name);
                var entry = new DirectoryEntry(name.ToArray(), ino, filetype);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)) dots.Add(entry);
                else entries.Add(entry);
            }
            // `.` then `..` first, as Wasmtime lists them.
            dots.Sort((a, b) => a.Name.Length - b.Name.Length);
            entries.InsertRange(0, dots);
            return Errno.Success;
        }
        finally
        {
            Libc.CloseDir(dir);
        }
    }

    private Filetype StatType(ReadOnlySpan<byte> name)
    {
        Span<byte> z = stackalloc byte[name.Length + 1];
        name.CopyTo(z);
        z[^1] = 0;
        return HostStat.OfName(Fd, z, out var s) == Errno.Success ? HostStat.FiletypeOf(s.FileType) : Filetype.Unknown;
    }

    public override PollSource GetPollSource(bool write) => PollSource.Failed(Errno.Badf);

    public override void Dispose() => _handle.Dispose();
}
