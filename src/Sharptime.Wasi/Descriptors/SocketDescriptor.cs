using System.Net.Sockets;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>
/// A socket: a listening socket preopened by the embedder (<c>--tcplisten</c>), or a connection
/// accepted from one. fd_read/fd_write and sock_recv/sock_send move bytes; sock_accept makes new
/// descriptors; poll_oneoff waits on the host socket with poll(2).
/// </summary>
internal sealed class SocketDescriptor : Descriptor
{
    private Fdflags _flags;

    public SocketDescriptor(Socket socket, bool listening, Rights rightsBase, Rights rightsInheriting)
        : base(rightsBase & WasiRights.Socket, rightsInheriting)
    {
        Socket = socket;
        IsListening = listening;
        _flags = socket.Blocking ? 0 : Fdflags.Nonblock;
    }

    public Socket Socket { get; }

    /// <summary>A listening socket accepts; a connection reads and writes.</summary>
    public bool IsListening { get; }

    public override Filetype Filetype => Socket.SocketType == SocketType.Dgram ? Filetype.SocketDgram : Filetype.SocketStream;

    public override Rights SupportedRights => WasiRights.Socket;

    public override bool CanRead => !IsListening;
    public override bool CanWrite => !IsListening;

    public override Fdflags Flags => _flags;

    public override Errno SetFlags(Fdflags flags)
    {
        if ((flags & ~Fdflags.Nonblock) != 0) return Errno.Inval;
        try
        {
            Socket.Blocking = (flags & Fdflags.Nonblock) == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return ErrnoMapping.FromException(e);
        }
        _flags = flags;
        return Errno.Success;
    }

    public override Errno Read(ReadOnlySpan<NativeIoVec> buffers, out ulong count) =>
        Receive(buffers, SocketFlags.None, waitAll: false, out count, out _);

    public override Errno Write(ReadOnlySpan<NativeIoVec> buffers, out ulong count) => Send(buffers, out count);

    /// <summary>
    /// Receives into the buffers in turn until one is not filled; with <paramref name="waitAll"/>
    /// (RECV_WAITALL), until all are filled or the peer closes.
    /// </summary>
    public Errno Receive(ReadOnlySpan<NativeIoVec> buffers, SocketFlags flags, bool waitAll, out ulong count, out bool truncated)
    {
        count = 0;
        truncated = false;
        if (IsListening) return Errno.Notconn;
        try
        {
            foreach (var buffer in buffers)
            {
                if (buffer.Length == 0) continue;
                var span = buffer.AsSpan();
                int n = Socket.Receive(span, flags);
                count += (ulong)n;
                while (waitAll && n > 0 && n < span.Length && (flags & SocketFlags.Peek) == 0)
                {
                    span = span[n..];
                    n = Socket.Receive(span, flags);
                    count += (ulong)n;
                }
                if (n == 0 || n < span.Length || (!waitAll && Socket.Available == 0) || (flags & SocketFlags.Peek) != 0) break;
            }
            return Errno.Success;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return count > 0 ? Errno.Success : ErrnoMapping.FromException(e);
        }
    }

    public Errno Send(ReadOnlySpan<NativeIoVec> buffers, out ulong count)
    {
        count = 0;
        if (IsListening) return Errno.Notconn;
        try
        {
            foreach (var buffer in buffers)
            {
                if (buffer.Length == 0) continue;
                var span = buffer.AsSpan();
                int n = Socket.Send(span, SocketFlags.None);
                count += (ulong)n;
                if (n < span.Length) break;
            }
            return Errno.Success;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return count > 0 ? Errno.Success : ErrnoMapping.FromException(e);
        }
    }

    public Errno Shutdown(Sdflags how)
    {
        var mode = (how & (Sdflags.Rd | Sdflags.Wr)) switch
        {
            Sdflags.Rd => SocketShutdown.Receive,
            Sdflags.Wr => SocketShutdown.Send,
            Sdflags.Rd | Sdflags.Wr => SocketShutdown.Both,
            _ => (SocketShutdown?)null,
        };
        if (mode is null) return Errno.Inval;
        try
        {
            Socket.Shutdown(mode.Value);
            return Errno.Success;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return ErrnoMapping.FromException(e);
        }
    }

    public Errno Accept(Fdflags flags, out Socket? accepted)
    {
        accepted = null;
        if ((flags & ~Fdflags.Nonblock) != 0) return Errno.Inval;
        if (!IsListening) return Errno.Inval;
        try
        {
            accepted = Socket.Accept();
            accepted.Blocking = (flags & Fdflags.Nonblock) == 0;
            return Errno.Success;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
        {
            return e is InvalidOperationException ? Errno.Inval : ErrnoMapping.FromException(e);
        }
    }

    public override PollSource GetPollSource(bool write) => PollSource.HostPoll((int)Socket.Handle);

    public override void Dispose() => Socket.Dispose();
}
