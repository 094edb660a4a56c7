using System.Text;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.FileSystem;

/// <summary>
/// Resolves a guest path relative to an open directory the way cap-std does, whatever the host's
/// file system looks like: one component at a time, each intermediate directory opened with
/// O_NOFOLLOW relative to the previous one, symlinks read and expanded here (never by the kernel).
/// <c>..</c> above the starting directory, an absolute path and a symlink whose target is absolute
/// or climbs out fail with ENOTCAPABLE; more than <see cref="MaxSymlinks"/> expansions is ELOOP.
/// The result is a directory fd and one final name, on which the caller runs a single *at() call
/// that does not follow symlinks either, so nothing outside the sandbox is ever opened, created,
/// stat'ed or deleted, even if the tree changes between the check and the call.
/// </summary>
internal static unsafe class PathResolver
{
    /// <summary>Linux's limit on symlink expansions in one lookup.</summary>
    public const int MaxSymlinks = 40;

    /// <summary>
    /// Resolves <paramref name="path"/> under <paramref name="rootFd"/>. With
    /// <paramref name="followFinal"/>, a symlink in the last position is expanded too (and its
    /// target resolved under the same rules); otherwise the last component is returned as it is.
    /// A trailing slash means "a directory" (<see cref="ResolvedPath.MustBeDirectory"/>); the caller checks it.
    /// </summary>
    public static Errno Resolve(int rootFd, string path, bool followFinal, out ResolvedPath resolved)
    {
        resolved = null!;
        if (path.Length == 0) return Errno.Noent;
        if (path[0] == '/') return Errno.Notcapable;
        if (path.Contains('\0')) return Errno.Inval;

        var result = new ResolvedPath(rootFd);
        var pending = new LinkedList<string>();
        bool mustBeDirectory = SplitInto(path, pending, atFront: false);
        int expansions = 0;
        try
        {
            while (pending.First is { } node)
            {
                string component = node.Value;
                pending.RemoveFirst();
                bool isLast = pending.First is null;
                if (component == ".")
                {
                    if (isLast) return result.Finish(".", mustBeDirectory, out resolved);
                    continue;
                }
                if (component == "..")
                {
                    if (!result.Pop()) return Errno.Notcapable;
                    if (isLast) return result.Finish(".", mustBeDirectory, out resolved);
                    continue;
                }
                if (isLast && !followFinal) return result.Finish(component, mustBeDirectory, out resolved);

                var name = ToNative(component);
                var e = HostStat.OfName(result.DirFd, name, out var stat);
                if (e == Errno.Noent && isLast) return result.Finish(component, mustBeDirectory, out resolved);
                if (e != Errno.Success) return e;

                if (stat.FileType == StatxBuffer.S_IFLNK)
                {
                    if (++expansions > MaxSymlinks) return Errno.Loop;
                    e = ReadLink(result.DirFd, name, out var target);
                    if (e != Errno.Success) return e;
                    if (target.Length == 0) return Errno.Noent;
                    if (target[0] == '/') return Errno.Notcapable;
                    if (target.Contains('\0')) return Errno.Inval;
                    bool targetIsDirectory = SplitInto(target, pending, atFront: true);
                    if (isLast && targetIsDirectory) mustBeDirectory = true;
                    continue;
                }
                if (isLast) return result.Finish(component, mustBeDirectory, out resolved);

                fixed (byte* p = name)
                {
                    int fd = Libc.OpenAt(result.DirFd, p, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY | OpenFlags.O_NOFOLLOW | OpenFlags.O_CLOEXEC, 0);
                    if (fd < 0) return ErrnoMapping.Last();
                    result.Push(fd);
                }
            }
            // Only reachable for a path of empty components, which the checks above exclude.
            return Errno.Noent;
        }
        finally
        {
            if (resolved is null) result.Dispose();
        }
    }

    /// <summary>
    /// Appends (or prepends) the components of <paramref name="path"/>; returns whether it ends with
    /// a slash. Empty components (<c>a//b</c>) are dropped.
    /// </summary>
    private static bool SplitInto(string path, LinkedList<string> pending, bool atFront)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (atFront)
        {
            for (int i = parts.Length - 1; i >= 0; i--) pending.AddFirst(parts[i]);
        }
        else
        {
            foreach (var part in parts) pending.AddLast(part);
        }
        if (parts.Length == 0) pending.AddFirst(".");
        return path.EndsWith('/');
    }

    /// <summary>A component as the NUL-terminated UTF-8 the *at() calls take.</summary>
    public static byte[] ToNative(string component)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(component) + 1];
        Encoding.UTF8.GetBytes(component, bytes);
        return bytes;
    }

    /// <summary>readlinkat of one name, growing the buffer until the whole target fits.</summary>
    public static Errno ReadLink(int dirFd, byte[] name, out string target)
    {
        var e = ReadLinkBytes(dirFd, name, out var bytes);
        target = e == Errno.Success ? Encoding.UTF8.GetString(bytes) : "";
        return e;
    }

    public static Errno ReadLinkBytes(int dirFd, byte[] name, out byte[] target)
    {
        for (int size = 256; ; size *= 2)
        {
            var buffer = new byte[size];
            nint n;
            fixed (byte* p = name)
            fixed (byte* b = buffer)
                n = Libc.ReadlinkAt(dirFd, p, b, (nuint)size);
            if (n < 0)
            {
                target = [];
                return ErrnoMapping.Last();
            }
            if (n < size)
            {
                target = buffer.AsSpan(0, (int)n).ToArray();
                return Errno.Success;
            }
            if (size >= 1 << 20)
            {
                target = [];
                return Errno.Nametoolong;
            }
        }
    }
}

/// <summary>
/// The outcome of <see cref="PathResolver.Resolve"/>: the directory that holds the final
/// component and that component's name. Owns the directories opened on the way (dispose it).
/// </summary>
internal sealed class ResolvedPath(int rootFd) : IDisposable
{
    private readonly List<int> _opened = [];

    /// <summary>The directory in which <see cref="Name"/> lives.</summary>
    public int DirFd => _opened.Count > 0 ? _opened[^1] : rootFd;

    /// <summary>The final component, NUL-terminated UTF-8 (<c>.</c> for the directory itself).</summary>
    public byte[] Name { get; private set; } = [];

    /// <summary>The final component as a string.</summary>
    public string NameText { get; private set; } = "";

    /// <summary>The path ended with a slash (or a followed symlink's target did): the final must be a directory.</summary>
    public bool MustBeDirectory { get; private set; }

    /// <summary>Whether the final component names the directory <see cref="DirFd"/> itself.</summary>
    public bool IsSelf => NameText == ".";

    internal void Push(int fd) => _opened.Add(fd);

    /// <summary>Goes up one directory; false at the root (an escape).</summary>
    internal bool Pop()
    {
        if (_opened.Count == 0) return false;
        Libc.Close(_opened[^1]);
        _opened.RemoveAt(_opened.Count - 1);
        return true;
    }

    internal Errno Finish(string name, bool mustBeDirectory, out ResolvedPath resolved)
    {
        NameText = name;
        Name = PathResolver.ToNative(name);
        MustBeDirectory = mustBeDirectory;
        resolved = this;
        return Errno.Success;
    }

    public void Dispose()
    {
        foreach (var fd in _opened) Libc.Close(fd);
        _opened.Clear();
    }
}
