using System.Net;
using System.Net.Sockets;
using System.Text;
using Sharptime.Wasi.Tests.Support;
using Xunit.Abstractions;

namespace Sharptime.Wasi.Tests.Programs;

/// <summary>
/// Runs every expectation file of tests/wasi-programs/expect in-process through
/// <see cref="WasiLinkerExtensions.DefineWasi"/> and the engine, in a scratch directory set up as
/// the file says, and compares stdout (bytes), the exit code, stderr and the host-side checks.
/// (The CLI's own tests run the same files through the sharptime binary.)
/// </summary>
public class WasiProgramsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(RepositoryFiles.WasiPrograms, "expect");
        foreach (var file in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    /// <summary>The client of the sockets case: connects, sends, reads until the guest closes, returns what it read.</summary>
    private static string TalkTo(IPEndPoint endpoint, string send)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endpoint);
        socket.Send(Encoding.UTF8.GetBytes(send));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        socket.ReceiveTimeout = 10_000;
        int n;
        while ((n = socket.Receive(buffer)) > 0) received.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Program(string name) => Run(name, trace: null);

    /// <summary>With SHARPTIME_LOG=wasi=trace the programs behave the same, and every call is traced with its result.</summary>
    [Theory]
    [InlineData("files")]
    [InlineData("dirs")]
    [InlineData("sandbox_escape")]
    [InlineData("unstable_filestat")]
    [InlineData("rust_std")]
    public void ProgramTraced(string name)
    {
        var trace = new StringWriter();
        Run(name, trace);
        var lines = trace.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("TRACE wasi > path_open(", StringComparison.Ordinal));
        int calls = lines.Count(l => !l.StartsWith("TRACE wasi > ->", StringComparison.Ordinal) && !l.StartsWith("TRACE wasi >      |", StringComparison.Ordinal));
        int results = lines.Count(l => l.StartsWith("TRACE wasi > ->", StringComparison.Ordinal));
        // Every call but a final proc_exit reports its result.
        Assert.InRange(calls - results, 0, 1);
    }

    private void Run(string name, TextWriter? trace)
    {
        var c = ProgramCase.Load(Path.Combine(RepositoryFiles.WasiPrograms, "expect", name + ".json"));
        var root = Directory.CreateTempSubdirectory($"wasi-{name}-").FullName;
        try
        {
            c.SetUp(root);
            var module = GuestRun.Load(Path.Combine(RepositoryFiles.WasiPrograms, c.Wasm));
            // The sockets case: a listener preopened after the directories (like --tcplisten) and a client.
            Socket? listener = null;
            Thread? client = null;
            string? reply = null;
            if (c.Tcp is { } tcp)
            {
                listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                listener.Listen(1);
                // A thread, not a task: the guest blocks this one in sock_accept until the client connects.
                client = new Thread(() => reply = TalkTo((IPEndPoint)listener.LocalEndPoint!, tcp.Send)) { IsBackground = true };
                client.Start();
            }
            using var logging = trace is null ? null : WasiLogging.CreateLoggerFactory("wasi=trace", trace);
            var result = GuestRun.Run(module, wasi =>
            {
                wasi.WithArgs([Path.GetFileName(c.Wasm), .. c.Args]);
                foreach (var (k, v) in c.Env) wasi.WithEnvironment(k, v);
                foreach (var (host, guest) in c.Dirs) wasi.WithPreopenedDirectory(Path.Combine(root, host), guest);
                if (listener is not null) wasi.WithListeningSocket(listener);
                wasi.WithStdin(new MemoryStream(Encoding.UTF8.GetBytes(c.Stdin ?? "")));
            }, logging);
            output.WriteLine($"exit {result.ExitCode}\nstdout:\n{result.StdoutText}\nstderr:\n{result.StderrText}");
            if (client is not null)
            {
                Assert.True(client.Join(TimeSpan.FromSeconds(10)), "the client did not finish");
                Assert.Equal(c.Tcp!.Value.ExpectReply, reply);
            }
            if (c.ExpectStdout is not null) Assert.Equal(c.ExpectStdout, result.StdoutText);
            Assert.Equal(c.ExpectExit, result.ExitCode);
            if (c.ExpectStderrContains is { Length: > 0 } fragment) Assert.Contains(fragment, result.StderrText);
            Assert.Empty(c.FailedChecks(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
