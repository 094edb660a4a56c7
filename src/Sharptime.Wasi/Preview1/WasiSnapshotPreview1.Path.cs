using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.FileSystem;
using Sharptime.Wasi.Native;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// path_*: every path is resolved by PathResolver under the directory fd given, then one *at()
// call that never follows a symlink acts on the final component.
internal sealed unsafe partial class WasiSnapshotPreview1
{
    /// <summary>The directory <paramref name="fd"/>, if open, a directory, and allowed <paramref name="required"/>.</summary>
    private Errno LookupDirectory(Fd fd, Rights required, out HostDirectory directory)
    {
        directory = null!;
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        if (d is not HostDirectory dir) return Errno.Notdir;
        e = Check(dir, required);
        if (e != Errno.Success) return e;
        directory = dir;
        return Errno.Success;
    }

    /// <summary>For a path that ended with a slash: ENOTDIR if what it names exists and is not a directory.</summary>
    private static Errno CheckTrailingSlash(ResolvedPath path)
    {
        if (!path.MustBeDirectory) return Errno.Success;
        var e = HostStat.OfName(path.DirFd, path.Name, out var stat);
        if (e == Errno.Noent) return Errno.Success;
        if (e != Errno.Success) return e;
        return stat.FileType == StatxBuffer.S_IFDIR ? Errno.Success : Errno.Notdir;
    }

    public Errno PathOpen(GuestMemory memory, Fd fd, Lookupflags dirflags, string path, Oflags oflags, Rights fsRightsBase,
        Rights fsRightsInheriting, Fdflags fdflags, out Fd result)
    {
        result = default;
        var required = Rights.PathOpen;
        if ((oflags & Oflags.Creat) != 0) required |= Rights.PathCreateFile;
        if ((oflags & Oflags.Trunc) != 0) required |= Rights.PathFilestatSetSize;
        var e = LookupDirectory(fd, required, out var dir);
        if (e != Errno.Success) return e;
        if ((oflags & Oflags.Directory) != 0 && (oflags & (Oflags.Creat | Oflags.Excl | Oflags.Trunc)) != 0) return Errno.Inval;

        // What is opened gets at most what the directory hands down.
        var rightsBase = fsRightsBase & dir.RightsInheriting;
        var rightsInheriting = fsRightsInheriting & dir.RightsInheriting;
        bool read = (rightsBase & WasiRights.ReadAccess) != 0;
        bool write = (rightsBase & WasiRights.WriteAccess) != 0;
        int flags = (write ? read ? OpenFlags.O_RDWR : OpenFlags.O_WRONLY : OpenFlags.O_RDONLY)
            | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC | OpenFlags.O_NOCTTY;
        if ((oflags & Oflags.Creat) != 0) flags |= OpenFlags.O_CREAT;
        if ((oflags & Oflags.Excl) != 0) flags |= OpenFlags.O_EXCL;
        if ((oflags & Oflags.Trunc) != 0) flags |= OpenFlags.O_TRUNC;
        if ((oflags & Oflags.Directory) != 0) flags |= OpenFlags.O_DIRECTORY;
        if ((fdflags & Fdflags.Append) != 0) flags |= OpenFlags.O_APPEND;
        if ((fdflags & Fdflags.Nonblock) != 0) flags |= OpenFlags.O_NONBLOCK;
        if ((fdflags & Fdflags.Dsync) != 0) flags |= OpenFlags.O_DSYNC;
        if ((fdflags & (Fdflags.Sync | Fdflags.Rsync)) != 0) flags |= OpenFlags.O_SYNC;

        e = PathResolver.Resolve(dir.Fd, path, (dirflags & Lookupflags.SymlinkFollow) != 0, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            if (resolved.MustBeDirectory) flags |= OpenFlags.O_DIRECTORY;
            int hostFd;
            fixed (byte* name = resolved.Name)
            {
                hostFd = Libc.OpenAt(resolved.DirFd, name, flags, 0x1b6 /* 0666 */);
                // Write access came from the rights (which also cover the files to be opened through
                // the directory), not from the guest asking to write a directory it named with
                // O_DIRECTORY: open it read-only, as the directory descriptor cannot write anyway.
                if (hostFd < 0 && Libc.Errno == 21 /* EISDIR */ && (flags & OpenFlags.O_DIRECTORY) != 0 && write)
                    hostFd = Libc.OpenAt(resolved.DirFd, name, (flags & ~(OpenFlags.O_WRONLY | OpenFlags.O_RDWR)) | OpenFlags.O_RDONLY, 0);
            }
            if (hostFd < 0) return ErrnoMapping.Last();
            e = HostStat.OfFd(hostFd, out var stat);
            if (e != Errno.Success)
            {
                Libc.Close(hostFd);
                return e;
            }
            var type = HostStat.FiletypeOf(stat.FileType);
            Descriptor opened = type == Filetype.Directory
                ? new HostDirectory(hostFd, null, rightsBase, rightsInheriting)
                : new HostFile(hostFd, ownsFd: true, type, fdflags, rightsBase, rightsInheriting);
            result = new Fd(Fds.Add(opened));
            return Errno.Success;
        }
    }

    public Errno PathCreateDirectory(GuestMemory memory, Fd fd, string path)
    {
        var e = LookupDirectory(fd, Rights.PathCreateDirectory, out var dir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(dir.Fd, path, followFinal: false, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            if (resolved.IsSelf) return Errno.Exist;
            fixed (byte* name = resolved.Name)
                return Libc.MkdirAt(resolved.DirFd, name, 0x1ff /* 0777 */) == 0 ? Errno.Success : ErrnoMapping.Last();
        }
    }

    public Errno PathFilestatGet(GuestMemory memory, Fd fd, Lookupflags flags, string path, out Filestat result)
    {
        result = default;
        var e = LookupDirectory(fd, Rights.PathFilestatGet, out var dir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(dir.Fd, path, (flags & Lookupflags.SymlinkFollow) != 0, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            e = HostStat.OfName(resolved.DirFd, resolved.Name, out var stat);
            if (e != Errno.Success) return e;
            if (resolved.MustBeDirectory && stat.FileType != StatxBuffer.S_IFDIR) return Errno.Notdir;
            result = HostStat.ToFilestat(stat);
            return Errno.Success;
        }
    }

    public Errno PathFilestatSetTimes(GuestMemory memory, Fd fd, Lookupflags flags, string path, ulong atim, ulong mtim, Fstflags fstFlags)
    {
        var e = LookupDirectory(fd, Rights.PathFilestatSetTimes, out var dir);
        if (e != Errno.Success) return e;
        Span<Timespec> times = stackalloc Timespec[2];
        e = HostStat.ToTimespecs(atim, mtim, fstFlags, times);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(dir.Fd, path, (flags & Lookupflags.SymlinkFollow) != 0, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            e = CheckTrailingSlash(resolved);
            if (e != Errno.Success) return e;
            fixed (byte* name = resolved.Name)
            fixed (Timespec* t = times)
                return Libc.UtimensAt(resolved.DirFd, name, t, Libc.AT_SYMLINK_NOFOLLOW) == 0 ? Errno.Success : ErrnoMapping.Last();
        }
    }

    public Errno PathLink(GuestMemory memory, Fd oldFd, Lookupflags oldFlags, string oldPath, Fd newFd, string newPath)
    {
        var e = LookupDirectory(oldFd, Rights.PathLinkSource, out var oldDir);
        if (e != Errno.Success) return e;
        e = LookupDirectory(newFd, Rights.PathLinkTarget, out var newDir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(oldDir.Fd, oldPath, (oldFlags & Lookupflags.SymlinkFollow) != 0, out var source);
        if (e != Errno.Success) return e;
        using (source)
        {
            e = PathResolver.Resolve(newDir.Fd, newPath, followFinal: false, out var target);
            if (e != Errno.Success) return e;
            using (target)
            {
                e = CheckTrailingSlash(source);
                if (e != Errno.Success) return e;
                if (target.MustBeDirectory) return Errno.Noent;
                fixed (byte* from = source.Name)
                fixed (byte* to = target.Name)
                    return Libc.LinkAt(source.DirFd, from, target.DirFd, to, 0) == 0 ? Errno.Success : ErrnoMapping.Last();
            }
        }
    }

    public Errno PathReadlink(GuestMemory memory, Fd fd, string path, GuestPtr<byte> buf, uint bufLen, out uint result)
    {
        result = 0;
        var e = LookupDirectory(fd, Rights.PathReadlink, out var dir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(dir.Fd, path, followFinal: false, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            e = PathResolver.ReadLinkBytes(resolved.DirFd, resolved.Name, out var target);
            if (e != Errno.Success) return e;
            // Like Wasmtime (and readlink(2)), a target longer than the buffer is cut.
            int n = (int)Math.Min((uint)target.Length, bufLen);
            memory.Write(buf.Offset, target.AsSpan(0, n));
            result = (uint)n;
            return Errno.Success;
        }
    }

    public Errno PathRemoveDirectory(GuestMemory memory, Fd fd, string path)
    {
        var e = LookupDirectory(fd, Rights.PathRemoveDirectory, out var dir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(dir.Fd, path, followFinal: false, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            fixed (byte* name = resolved.Name)
                return Libc.UnlinkAt(resolved.DirFd, name, Libc.AT_REMOVEDIR) == 0 ? Errno.Success : ErrnoMapping.Last();
        }
    }

    public Errno PathRename(GuestMemory memory, Fd fd, string oldPath, Fd newFd, string newPath)
    {
        var e = LookupDirectory(fd, Rights.PathRenameSource, out var oldDir);
        if (e != Errno.Success) return e;
        e = LookupDirectory(newFd, Rights.PathRenameTarget, out var newDir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(oldDir.Fd, oldPath, followFinal: false, out var source);
        if (e != Errno.Success) return e;
        using (source)
        {
            e = PathResolver.Resolve(newDir.Fd, newPath, followFinal: false, out var target);
            if (e != Errno.Success) return e;
            using (target)
            {
                e = CheckTrailingSlash(source);
                if (e == Errno.Success) e = CheckTrailingSlash(target);
                if (e != Errno.Success) return e;
                if (target.MustBeDirectory && !source.MustBeDirectory
                    && HostStat.OfName(source.DirFd, source.Name, out var s) == Errno.Success && s.FileType != StatxBuffer.S_IFDIR)
                    return Errno.Notdir;
                fixed (byte* from = source.Name)
                fixed (byte* to = target.Name)
                    return Libc.RenameAt(source.DirFd, from, target.DirFd, to) == 0 ? Errno.Success : ErrnoMapping.Last();
            }
        }
    }

    public Errno PathSymlink(GuestMemory memory, string oldPath, Fd fd, string newPath)
    {
        var e = LookupDirectory(fd, Rights.PathSymlink, out var dir);
        if (e != Errno.Success) return e;
        // A link's text is only read when it is followed, and following it is checked then; an
        // absolute target can never be followed inside a sandbox, so it is refused outright.
        if (oldPath.StartsWith('/')) return Errno.Notcapable;
        if (oldPath.Contains('\0')) return Errno.Inval;
        e = PathResolver.Resolve(dir.Fd, newPath, followFinal: false, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            if (resolved.MustBeDirectory) return Errno.Noent;
            var target = PathResolver.ToNative(oldPath);
            fixed (byte* t = target)
            fixed (byte* name = resolved.Name)
                return Libc.SymlinkAt(t, resolved.DirFd, name) == 0 ? Errno.Success : ErrnoMapping.Last();
        }
    }

    public Errno PathUnlinkFile(GuestMemory memory, Fd fd, string path)
    {
        var e = LookupDirectory(fd, Rights.PathUnlinkFile, out var dir);
        if (e != Errno.Success) return e;
        e = PathResolver.Resolve(dir.Fd, path, followFinal: false, out var resolved);
        if (e != Errno.Success) return e;
        using (resolved)
        {
            e = CheckTrailingSlash(resolved);
            if (e != Errno.Success) return e;
            fixed (byte* name = resolved.Name)
                return Libc.UnlinkAt(resolved.DirFd, name, 0) == 0 ? Errno.Success : ErrnoMapping.Last();
        }
    }
}
