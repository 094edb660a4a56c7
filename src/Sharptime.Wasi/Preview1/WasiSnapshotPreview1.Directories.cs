using System.Buffers.Binary;
using Sharptime.Wasi.Descriptors;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// fd_readdir: dirents (24-byte header, then the name without NUL) packed into the guest buffer;
// the last one is cut off when the buffer is full, which tells the guest to call again from its cookie.
internal sealed partial class WasiSnapshotPreview1
{
    public Errno FdReaddir(GuestMemory memory, Fd fd, GuestPtr<byte> buf, uint bufLen, ulong cookie, out uint result)
    {
        result = 0;
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        if (d is not HostDirectory dir) return Errno.Badf;
        e = Check(dir, Rights.FdReaddir);
        if (e != Errno.Success) return e;
        e = dir.GetEntries(cookie, out var entries);
        if (e != Errno.Success) return e;

        var output = memory.Slice(buf.Offset, bufLen);
        Span<byte> header = stackalloc byte[(int)Dirent.GuestSize];
        int used = 0;
        for (ulong i = cookie; i < (ulong)entries.Count && used < output.Length; i++)
        {
            var entry = entries[(int)i];
            header.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(header[(int)Dirent.DNextOffset..], i + 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header[(int)Dirent.DInoOffset..], entry.Inode);
            BinaryPrimitives.WriteUInt32LittleEndian(header[(int)Dirent.DNamlenOffset..], (uint)entry.Name.Length);
            header[(int)Dirent.DTypeOffset] = (byte)entry.Type;
            used += CopyCut(header, output[used..]);
            used += CopyCut(entry.Name, output[used..]);
        }
        result = (uint)used;
        return Errno.Success;
    }

    private static int CopyCut(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }
}
