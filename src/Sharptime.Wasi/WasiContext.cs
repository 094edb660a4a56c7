using System.Text;
using Sharptime.Wasi.Context;
using Sharptime.Wasi.Descriptors;
using Sharptime.Wasi.FileSystem;
using Sharptime.Wasi.Native;
using Sharptime.Wasi.Preview1;

namespace Sharptime.Wasi;

/// <summary>
/// The state of one WASI guest: its arguments, environment and open file descriptors (stdio 0-2,
/// then the preopened directories and sockets of the <see cref="WasiConfiguration"/>). Made by
/// <see cref="WasiLinkerExtensions.DefineWasi"/>; dispose it to close the host fds it holds.
/// </summary>
public sealed class WasiContext : IDisposable
{
    internal WasiContext(WasiConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Arguments = configuration.Args.Select(EncodeNulTerminated).ToArray();
        // A loop, not Select: Select over KeyValuePair (a struct) is JIT-compiled at every start.
        Environment = new byte[configuration.Environment.Count][];
        for (int i = 0; i < Environment.Length; i++)
        {
            var (name, value) = configuration.Environment[i];
            Environment[i] = EncodeNulTerminated(name + "=" + value);
        }
        try
        {
            Fds.Add(OpenStdio(configuration.Stdin, 0, readable: true));
            Fds.Add(OpenStdio(configuration.Stdout, 1, readable: false));
            Fds.Add(OpenStdio(configuration.Stderr, 2, readable: false));
            foreach (var (host, guest) in configuration.Preopens) Fds.Add(OpenPreopen(host, guest));
            foreach (var socket in configuration.Listeners)
                Fds.Add(new SocketDescriptor(socket, listening: true, WasiRights.Socket, 0));
        }
        catch
        {
            Fds.Dispose();
            throw;
        }
    }

    /// <summary>argv, each UTF-8 and NUL-terminated, as args_get lays them out.</summary>
    internal byte[][] Arguments { get; }

    /// <summary>NAME=VALUE strings, UTF-8 and NUL-terminated.</summary>
    internal byte[][] Environment { get; }

    internal FdTable Fds { get; } = new();

    /// <summary>
    /// Runs a WASI command: calls the instance's <c>_start</c> export and returns the exit code,
    /// 0 when it returns and the code given to proc_exit when it exits. Traps propagate as
    /// <see cref="TrapException"/>.
    /// </summary>
    public static int RunCommand(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var start = instance.GetFunction("_start") ?? throw new WasiException("the module exports no _start function");
        try
        {
            start.Invoke();
            return 0;
        }
        catch (WasiExitException exit)
        {
            return exit.ExitCode;
        }
    }

    public void Dispose() => Fds.Dispose();

    private static byte[] EncodeNulTerminated(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    private static Descriptor OpenStdio(StdioSource source, int hostFd, bool readable)
    {
        if (source.Stream is { } stream) return new StreamDescriptor(stream, readable, ownsStream: false);
        if (!source.Inherited)
            return new StreamDescriptor(readable ? new MemoryStream([], writable: false) : Stream.Null, readable, ownsStream: true);
        if (OperatingSystem.IsLinux() && HostStat.OfFd(hostFd, out var stat) == Errno.Success)
        {
            var type = HostStat.FiletypeOf(stat.FileType);
            int flags = Libc.FcntlInt(hostFd, Libc.F_GETFL, 0);
            var fdflags = flags >= 0 && (flags & OpenFlags.O_APPEND) != 0 ? Fdflags.Append : 0;
            var rights = (type == Filetype.RegularFile ? WasiRights.RegularFile : WasiRights.Stream)
                & (readable ? ~(Rights.FdWrite | Rights.FdAllocate | Rights.FdFilestatSetSize | Rights.FdDatasync) : ~Rights.FdRead);
            return new HostFile(hostFd, ownsFd: false, type, fdflags, rights, 0);
        }
        var console = readable ? Console.OpenStandardInput() : hostFd == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError();
        return new StreamDescriptor(console, readable, ownsStream: true);
    }

    private static unsafe HostDirectory OpenPreopen(string hostPath, string guestPath)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("preopened directories are supported on Linux only");
        var native = PathResolver.ToNative(Path.GetFullPath(hostPath));
        int fd;
        fixed (byte* p = native)
            fd = Libc.OpenAt(Libc.AT_FDCWD, p, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY | OpenFlags.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var e = ErrnoMapping.Last();
            throw new WasiException($"cannot open the directory '{hostPath}' to preopen it: {GuestCodec.TraceName(e)}");
        }
        return new HostDirectory(fd, guestPath, WasiRights.Directory, WasiRights.DirectoryInheriting);
    }
}
