namespace Sharptime.Wasi.Tests.Sandbox;

/// <summary>
/// What a host directory tree looks like, seen from the host: every entry's relative path, kind,
/// size, modification time and symlink target, without following symlinks. Two snapshots are
/// equal when nothing in the tree was created, deleted, renamed, written, touched or re-linked.
/// </summary>
internal static class HostTreeSnapshot
{
    public static List<string> Take(string root, string? exclude = null)
    {
        var entries = new List<string>();
        Walk(new DirectoryInfo(root), root, exclude, entries);
        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    private static void Walk(DirectoryInfo dir, string root, string? exclude, List<string> entries)
    {
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            var relative = Path.GetRelativePath(root, entry.FullName);
            if (exclude is not null && entry.FullName == exclude) continue;
            var kind = entry.LinkTarget is not null ? "link->" + entry.LinkTarget
                : entry is DirectoryInfo ? "dir"
                : "file " + ((FileInfo)entry).Length;
            entries.Add($"{relative} {kind} mtime={entry.LastWriteTimeUtc.Ticks}");
            if (entry is DirectoryInfo d && entry.LinkTarget is null) Walk(d, root, exclude, entries);
        }
    }
}
