using System.Net;
using System.Net.Sockets;

namespace Sharptime.Wasi;

/// <summary>
/// What a guest may reach through WASI: its arguments, an environment given explicitly, stdio, the
/// preopened directories (fds 3, 4, ... in the order given) and preopened listening sockets
/// (after the directories). Nothing else: by default stdin is empty, stdout and stderr are
/// discarded and no directory is visible.
/// <code>
/// var wasi = new WasiConfiguration()
///     .WithArgs("prog.wasm", "--verbose")
///     .WithEnvironment("HOME", "/sandbox")
///     .WithPreopenedDirectory("/tmp/data", "/sandbox")
///     .WithInheritedStdio();
/// linker.DefineWasi(store, wasi);
/// </code>
/// </summary>
public sealed class WasiConfiguration
{
    internal List<string> Args { get; } = [];
    internal List<KeyValuePair<string, string>> Environment { get; } = [];
    internal List<(string HostPath, string GuestPath)> Preopens { get; } = [];
    internal List<Socket> Listeners { get; } = [];
    internal StdioSource Stdin { get; private set; } = StdioSource.Empty;
    internal StdioSource Stdout { get; private set; } = StdioSource.Empty;
    internal StdioSource Stderr { get; private set; } = StdioSource.Empty;

    /// <summary>Appends command-line arguments; the first one is argv[0], the program's name.</summary>
    public WasiConfiguration WithArgs(params IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Args.AddRange(args);
        return this;
    }

    /// <summary>Adds one environment variable (in the order given; a later one with the same name is kept too, as in POSIX).</summary>
    public WasiConfiguration WithEnvironment(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Contains('=')) throw new ArgumentException("an environment variable's name cannot contain '='", nameof(name));
        Environment.Add(new(name, value));
        return this;
    }

    /// <summary>Gives the guest the host process's whole environment.</summary>
    public WasiConfiguration WithInheritedEnvironment()
    {
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            Environment.Add(new((string)e.Key, (string?)e.Value ?? ""));
        return this;
    }

    /// <summary>
    /// Makes the host directory <paramref name="hostPath"/> visible to the guest as
    /// <paramref name="guestPath"/> (default: <paramref name="hostPath"/> as given, like
    /// <c>--dir HOST</c>). The guest reaches nothing outside it.
    /// </summary>
    public WasiConfiguration WithPreopenedDirectory(string hostPath, string? guestPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostPath);
        Preopens.Add((hostPath, guestPath ?? hostPath));
        return this;
    }

    /// <summary>Reads stdin from <paramref name="stream"/> (not disposed by the runtime).</summary>
    public WasiConfiguration WithStdin(Stream stream) { Stdin = StdioSource.FromStream(stream); return this; }

    /// <summary>Writes stdout to <paramref name="stream"/>, flushed after every write.</summary>
    public WasiConfiguration WithStdout(Stream stream) { Stdout = StdioSource.FromStream(stream); return this; }

    /// <summary>Writes stderr to <paramref name="stream"/>, flushed after every write.</summary>
    public WasiConfiguration WithStderr(Stream stream) { Stderr = StdioSource.FromStream(stream); return this; }

    public WasiConfiguration WithInheritedStdin() { Stdin = StdioSource.Inherit; return this; }
    public WasiConfiguration WithInheritedStdout() { Stdout = StdioSource.Inherit; return this; }
    public WasiConfiguration WithInheritedStderr() { Stderr = StdioSource.Inherit; return this; }

    /// <summary>The host process's stdin, stdout and stderr, as the <c>sharptime</c> command gives them.</summary>
    public WasiConfiguration WithInheritedStdio() => WithInheritedStdin().WithInheritedStdout().WithInheritedStderr();

    /// <summary>Preopens a listening socket (the runtime owns it from then on and closes it with the context): the guest accepts connections on it with sock_accept.</summary>
    public WasiConfiguration WithListeningSocket(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Listeners.Add(socket);
        return this;
    }

    /// <summary>Listens on <paramref name="address"/> (<c>HOST:PORT</c>, like <c>--tcplisten</c>) and preopens the socket.</summary>
    public WasiConfiguration WithTcpListener(string address)
    {
        var endpoint = IPEndPoint.TryParse(address, out var parsed) ? parsed : ResolveEndpoint(address);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return WithListeningSocket(socket);
    }

    private static IPEndPoint ResolveEndpoint(string address)
    {
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out int port) || port is < 0 or > 65535)
            throw new FormatException($"'{address}' is not HOST:PORT");
        var host = address[..colon];
        var ip = Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new FormatException($"cannot resolve '{host}'");
        return new IPEndPoint(ip, port);
    }
}

/// <summary>Where one of stdin, stdout, stderr comes from.</summary>
internal sealed record StdioSource(Stream? Stream, bool Inherited)
{
    public static readonly StdioSource Empty = new(null, false);
    public static readonly StdioSource Inherit = new(null, true);

    public static StdioSource FromStream(Stream stream) => new(stream ?? throw new ArgumentNullException(nameof(stream)), false);
}
