using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sharptime.Wasi.Context;
using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.Native;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

/// <summary>
/// <c>wasi_snapshot_preview1</c> on a <see cref="WasiContext"/>: the one implementation of WASI
/// 0.1 (<c>wasi_unstable</c> adapts to it, see Preview0/). Split by concern: environment, clocks
/// and process, file descriptors, directories, paths, poll, sockets.
/// </summary>
internal sealed unsafe partial class WasiSnapshotPreview1(WasiContext context) : IWasiSnapshotPreview1
{
    /// <summary>iovec lists longer than this are cut, as readv/writev cut at IOV_MAX (a short transfer).</summary>
    private const int MaxIoVecs = 1024;

    /// <summary>Linux's largest single read or write (MAX_RW_COUNT), which also fits a span.</summary>
    private const uint MaxTransfer = 0x7ffff000;

    public WasiContext Context { get; } = context;

    private FdTable Fds => Context.Fds;

    /// <summary>
    /// Whether <paramref name="descriptor"/> may do what <paramref name="required"/> allows.
    /// Rights are honored as Wasmtime does: a right the guest dropped (through path_open or
    /// fd_fdstat_set_rights) is ENOTCAPABLE, except reading or writing a descriptor the host opened
    /// the other way, which is POSIX's EBADF; a right the kind of descriptor never has is left to
    /// the operation itself, which fails with POSIX's errno (ESPIPE for seeking a stream, EBADF for
    /// reading a directory).
    /// </summary>
    private static Errno Check(Descriptor descriptor, Rights required)
    {
        var missing = required & ~descriptor.RightsBase & descriptor.SupportedRights;
        if (missing == 0) return Errno.Success;
        // A file opened read-only cannot be written whatever its rights say: that is POSIX's EBADF.
        if ((missing & Rights.FdRead) != 0 && !descriptor.CanRead) return Errno.Badf;
        if ((missing & Rights.FdWrite) != 0 && !descriptor.CanWrite) return Errno.Badf;
        return Errno.Notcapable;
    }

    /// <summary>The descriptor <paramref name="fd"/> if it is open and may do <paramref name="required"/>.</summary>
    private Errno Lookup(Fd fd, Rights required, out Descriptor descriptor)
    {
        var e = Fds.Get(fd.Value, out descriptor);
        return e != Errno.Success ? e : Check(descriptor, required);
    }

    /// <summary>How many iovecs fit the stack buffer the fd_read/fd_write family uses (more: one array).</summary>
    private const int StackIoVecs = 16;

    /// <summary>
    /// The guest buffers of an iovec list as native iovecs pointing into linear memory (bounds
    /// checked: a trap), written to <paramref name="scratch"/> when they fit.
    /// </summary>
    private static ReadOnlySpan<NativeIoVec> ToNative(GuestMemory memory, GuestList<Iovec> list, Span<NativeIoVec> scratch)
    {
        int count = (int)Math.Min(list.Length, MaxIoVecs);
        var result = count <= scratch.Length ? scratch[..count] : new NativeIoVec[count];
        for (uint i = 0; i < count; i++)
        {
            var v = list.Get(memory, i);
            result[(int)i] = Slice(memory, v.Buf.Offset, v.BufLen);
        }
        return result;
    }

    private static ReadOnlySpan<NativeIoVec> ToNative(GuestMemory memory, GuestList<Ciovec> list, Span<NativeIoVec> scratch)
    {
        int count = (int)Math.Min(list.Length, MaxIoVecs);
        var result = count <= scratch.Length ? scratch[..count] : new NativeIoVec[count];
        for (uint i = 0; i < count; i++)
        {
            var v = list.Get(memory, i);
            result[(int)i] = Slice(memory, v.Buf.Offset, v.BufLen);
        }
        return result;
    }

    private static NativeIoVec Slice(GuestMemory memory, uint offset, uint length)
    {
        // A buffer past 2 GiB is used in part (a short transfer, which POSIX allows), not refused.
        memory.CheckBounds(offset, length);
        var span = memory.Slice(offset, Math.Min(length, MaxTransfer));
        return new NativeIoVec((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span)), (nuint)span.Length);
    }
}
