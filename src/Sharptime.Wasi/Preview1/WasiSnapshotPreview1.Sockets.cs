using System.Net.Sockets;
using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.Native;
using Sharptime.Witx.Runtime;

namespace Sharptime.Wasi.Preview1;

// sock_*: on preopened listening sockets and the connections accepted from them.
internal sealed partial class WasiSnapshotPreview1
{
    private Errno LookupSocket(Fd fd, Rights required, out SocketDescriptor socket)
    {
        socket = null!;
        var e = Fds.Get(fd.Value, out var d);
        if (e != Errno.Success) return e;
        if (d is not SocketDescriptor s) return Errno.Notsock;
        e = Check(s, required);
        if (e != Errno.Success) return e;
        socket = s;
        return Errno.Success;
    }

    public Errno SockAccept(GuestMemory memory, Fd fd, Fdflags flags, out Fd result)
    {
        result = default;
        var e = LookupSocket(fd, Rights.SockAccept, out var listener);
        if (e != Errno.Success) return e;
        e = listener.Accept(flags, out var accepted);
        if (e != Errno.Success) return e;
        var connection = new SocketDescriptor(accepted!, listening: false, WasiRights.Socket & ~Rights.SockAccept, 0);
        result = new Fd(Fds.Add(connection));
        return Errno.Success;
    }

    public Errno SockRecv(GuestMemory memory, Fd fd, GuestList<Iovec> riData, Riflags riFlags, out uint result0, out Roflags result1)
    {
        result0 = 0;
        result1 = 0;
        var e = LookupSocket(fd, Rights.FdRead, out var socket);
        if (e != Errno.Success) return e;
        var flags = (riFlags & Riflags.RecvPeek) != 0 ? SocketFlags.Peek : SocketFlags.None;
        bool waitAll = (riFlags & Riflags.RecvWaitall) != 0;
        e = socket.Receive(ToNative(memory, riData, stackalloc NativeIoVec[StackIoVecs]), flags, waitAll, out ulong n, out bool truncated);
        result0 = (uint)n;
        result1 = truncated ? Roflags.RecvDataTruncated : 0;
        return e;
    }

    public Errno SockSend(GuestMemory memory, Fd fd, GuestList<Ciovec> siData, ushort siFlags, out uint result)
    {
        result = 0;
        var e = LookupSocket(fd, Rights.FdWrite, out var socket);
        if (e != Errno.Success) return e;
        e = socket.Send(ToNative(memory, siData, stackalloc NativeIoVec[StackIoVecs]), out ulong n);
        result = (uint)n;
        return e;
    }

    public Errno SockShutdown(GuestMemory memory, Fd fd, Sdflags how)
    {
        var e = LookupSocket(fd, Rights.SockShutdown, out var socket);
        return e != Errno.Success ? e : socket.Shutdown(how);
    }
}
