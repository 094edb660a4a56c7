using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi.Descriptors;

/// <summary>
/// A .NET <see cref="Stream"/> given by the embedder as stdin, stdout or stderr: a file of
/// unknown type to the guest (not a terminal, so wasi-libc buffers stdout fully, as for a pipe),
/// readable or writable (the other direction is EBADF), not seekable
/// (ESPIPE). Every write is flushed before the call returns, so nothing is lost when the guest
/// later traps or exits.
/// </summary>
internal sealed class StreamDescriptor : Descriptor
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly bool _readable;

    public StreamDescriptor(Stream stream, bool readable, bool ownsStream)
        : base(WasiRights.Stream & (readable ? ~Rights.FdWrite : ~Rights.FdRead), 0)
    {
        _stream = stream;
        _readable = readable;
        _ownsStream = ownsStream;
    }

    public override Filetype Filetype => Filetype.Unknown;

    public override Rights SupportedRights => WasiRights.Stream;

    public override bool CanRead => _readable;
    public override bool CanWrite => !_readable;

    public override Errno SetFlags(Fdflags flags) =>
        (flags & (Fdflags.Dsync | Fdflags.Rsync | Fdflags.Sync)) != 0 ? Errno.Inval : Errno.Success;

    public override Errno Read(ReadOnlySpan<NativeIoVec> buffers, out ulong count)
    {
        count = 0;
        if (!_readable) return Errno.Badf;
        try
        {
            foreach (var buffer in buffers)
            {
                if (buffer.Length == 0) continue;
                var span = buffer.AsSpan();
                int n = _stream.Read(span);
                count += (ulong)n;
                // A short read ends the call; so does the first read of a stream that may block
                // (a terminal or pipe), which must not wait for more than the guest has asked once.
                if (n < span.Length || !_stream.CanSeek) break;
            }
            return Errno.Success;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            return count > 0 ? Errno.Success : ErrnoMapping.FromException(e);
        }
    }

    public override Errno Write(ReadOnlySpan<NativeIoVec> buffers, out ulong count)
    {
        count = 0;
        if (_readable) return Errno.Badf;
        try
        {
            foreach (var buffer in buffers)
            {
                if (buffer.Length == 0) continue;
                _stream.Write(buffer.AsSpan());
                count += buffer.Length;
            }
            _stream.Flush();
            return Errno.Success;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            return count > 0 ? Errno.Success : ErrnoMapping.FromException(e);
        }
    }

    public override Errno Sync() => Errno.Success;

    public override Errno DataSync() => Errno.Success;

    public override PollSource GetPollSource(bool write)
    {
        if (write) return _readable ? PollSource.Failed(Errno.Badf) : PollSource.ReadyNow(1);
        if (!_readable) return PollSource.Failed(Errno.Badf);
        // A seekable stream (a MemoryStream of test input, a file) knows how much is left; any
        // other stream is taken to be readable, and a read blocks until it has data.
        try
        {
            return PollSource.ReadyNow(_stream.CanSeek ? (ulong)Math.Max(1, _stream.Length - _stream.Position) : 1);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            return PollSource.Failed(ErrnoMapping.FromException(e));
        }
    }

    public override void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }
}
