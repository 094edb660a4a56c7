using Sharptime.Wasi.Native;

namespace Sharptime.Wasi.Descriptors;

/// <summary>Owns (or borrows, for inherited stdio) one host fd.</summary>
internal sealed class HostFdHandle(int fd, bool ownsFd) : IDisposable
{
    public int Fd { get; private set; } = fd;

    public void Dispose()
    {
        if (Fd >= 0 && ownsFd) Libc.Close(Fd);
        Fd = -1;
    }
}
