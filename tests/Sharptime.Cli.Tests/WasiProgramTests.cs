using System.Text;
using System.Text.Json;
using Sharptime.Cli.Run;

namespace Sharptime.Cli.Tests;

/// <summary>
/// The WASI fixture programs of tests/wasi-programs (C compiled to wasm32-wasi; expectations in
/// expect/*.json, the same files run-node.mjs checks node against): each runs through the published
/// command with its arguments, environment, preopened folders and stdin, and its stdout, exit code,
/// stderr and the files it leaves must match. A case failing because of a gap still being worked
/// on is skipped by name with the reason (<see cref="KnownGaps"/>), never passed silently.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class WasiProgramTests(PublishedCli cli)
{
    /// <summary>Cases that fail for a known reason in the engine or WASI, and the reason. Empty the list as gaps close.</summary>
    internal static readonly Dictionary<string, string> KnownGaps = new(StringComparer.Ordinal)
    {
    };

    /// <summary>Every expect/*.json, found when tests are discovered: a new fixture is a new case without editing this file.</summary>
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(PublishedCli.FindRepositoryRoot(), "tests", "wasi-programs", "expect");
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileNameWithoutExtension(file));
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void RunsAsExpected(string name)
    {
        Skip.IfNot(WasiBinding.IsAvailable, $"{name}: {WasiFactAttribute.Unavailable}");
        Skip.If(KnownGaps.TryGetValue(name, out var gap), $"{name}: {gap}");
        var folder = Path.Combine(cli.RepositoryRoot, "tests", "wasi-programs");
        using var expectation = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "expect", name + ".json")));
        var c = expectation.RootElement;
        var scratch = cli.NewFolder("wasi-" + name);

        var arguments = new List<string>();
        if (c.TryGetProperty("dirs", out var dirs))
        {
            foreach (var dir in dirs.EnumerateArray())
            {
                var host = dir.GetProperty("host").GetString()!;
                Directory.CreateDirectory(Path.Combine(scratch, host));
                arguments.AddRange(["--dir", $"{host}::{dir.GetProperty("guest").GetString()}"]);
            }
        }
        if (c.TryGetProperty("env", out var env))
            foreach (var variable in env.EnumerateObject()) arguments.AddRange(["--env", $"{variable.Name}={variable.Value.GetString()}"]);
        if (c.TryGetProperty("setup", out var setup))
            foreach (var op in setup.EnumerateArray()) Setup(scratch, op);
        arguments.Add(Path.Combine(folder, c.GetProperty("wasm").GetString()!));
        if (c.TryGetProperty("args", out var args))
            foreach (var a in args.EnumerateArray()) arguments.Add(a.GetString()!);
        byte[]? stdin = c.TryGetProperty("stdin", out var input) ? Encoding.UTF8.GetBytes(input.GetString()!) : null;

        Func<Task>? interaction = null;
        TcpExchange? exchange = null;
        if (c.TryGetProperty("tcp", out var tcp))
        {
            exchange = new TcpExchange(FreePort(), Encoding.UTF8.GetBytes(tcp.GetProperty("send").GetString()!));
            arguments.InsertRange(0, ["--tcplisten", $"127.0.0.1:{exchange.Port}"]);
            interaction = exchange.RunAsync;
        }

        var result = cli.Run(new CliRun { Arguments = arguments, Stdin = stdin, WorkingDirectory = scratch, Interaction = interaction });

        if (c.TryGetProperty("expect_stdout", out var stdout))
        {
            // Compared as bytes: outputs may hold NULs or bytes that are not UTF-8.
            var expected = Encoding.UTF8.GetBytes(stdout.GetString()!);
            Assert.True(expected.AsSpan().SequenceEqual(result.StdoutBytes), $"{name}: stdout differs\n{FirstDifference(stdout.GetString()!, result.Stdout)}\n{result}");
        }
        if (exchange is not null)
            Assert.Equal(tcp.GetProperty("expect_reply").GetString(), Encoding.UTF8.GetString(exchange.Reply ?? []));
        int expectedExit = c.TryGetProperty("expect_exit", out var exit) ? exit.GetInt32() : 0;
        Assert.True(expectedExit == result.ExitCode, $"{name}: exit {result.ExitCode}, expected {expectedExit}\n{result}");
        if (c.TryGetProperty("expect_stderr_contains", out var stderr))
            Assert.True(result.Stderr.Contains(stderr.GetString()!, StringComparison.Ordinal), $"{name}: stderr lacks {stderr.GetString()}\n{result}");
        if (c.TryGetProperty("check_after", out var checks))
            foreach (var op in checks.EnumerateArray()) Check(scratch, op, name);
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The client side of the sockets case: connect once the guest listens, send, read to EOF.</summary>
    private sealed class TcpExchange(int port, byte[] send)
    {
        public int Port { get; } = port;
        public byte[]? Reply { get; private set; }

        public async Task RunAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                using var client = new System.Net.Sockets.TcpClient();
                try
                {
                    await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                }
                catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                    continue;
                }
                var stream = client.GetStream();
                await stream.WriteAsync(send);
                var reply = new MemoryStream();
                await stream.CopyToAsync(reply);
                Reply = reply.ToArray();
                return;
            }
        }
    }

    private static void Setup(string root, JsonElement op)
    {
        var path = Path.Combine(root, op.GetProperty("path").GetString()!);
        switch (op.GetProperty("op").GetString())
        {
            case "mkdir":
                Directory.CreateDirectory(path);
                break;
            case "write":
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, op.TryGetProperty("content", out var content) ? content.GetString() : "");
                break;
            case "symlink":
                var target = op.GetProperty("target").GetString()!;
                bool absolute = op.TryGetProperty("absolute", out var a) && a.GetBoolean();
                File.CreateSymbolicLink(path, absolute ? Path.Combine(root, target) : target);
                break;
            default:
                throw new InvalidOperationException($"unknown setup op {op}");
        }
    }

    private static void Check(string root, JsonElement op, string name)
    {
        var relative = op.GetProperty("path").GetString()!;
        var path = Path.Combine(root, relative);
        var info = new FileInfo(path);
        bool exists = info.Exists || Directory.Exists(path) || info.LinkTarget is not null;
        switch (op.GetProperty("op").GetString())
        {
            case "absent":
                Assert.False(exists, $"{name}: {relative} should not exist");
                break;
            case "exists":
                Assert.True(exists, $"{name}: {relative} should exist");
                if (op.TryGetProperty("type", out var type))
                {
                    var actual = info.LinkTarget is not null ? "symlink" : Directory.Exists(path) ? "dir" : "file";
                    Assert.True(type.GetString() == actual, $"{name}: {relative} is a {actual}, expected {type.GetString()}");
                }
                break;
            case "content":
                Assert.True(info.Exists, $"{name}: {relative} should exist");
                Assert.Equal(op.GetProperty("content").GetString(), File.ReadAllText(path));
                break;
            default:
                throw new InvalidOperationException($"unknown check op {op}");
        }
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : "(end)";
            var y = i < a.Length ? a[i] : "(end)";
            if (x != y) return $"line {i + 1}: expected {JsonSerializer.Serialize(x)}, got {JsonSerializer.Serialize(y)}";
        }
        return "";
    }
}
