using System.Text.Json;

namespace Sharptime.Wasi.Tests.Programs;

/// <summary>
/// One expectation file of tests/wasi-programs/expect (the format run-node.mjs reads): the module,
/// its args, env, preopened dirs, files to set up, stdin, and the expected stdout, exit code,
/// stderr fragment and host-side checks after the run.
/// </summary>
internal sealed class ProgramCase
{
    public required string Name { get; init; }
    public required string Wasm { get; init; }
    public List<string> Args { get; init; } = [];
    public List<KeyValuePair<string, string>> Env { get; init; } = [];
    public List<(string Host, string Guest)> Dirs { get; init; } = [];
    public List<JsonElement> Setup { get; init; } = [];
    public string? Stdin { get; init; }
    public string? ExpectStdout { get; init; }
    public int ExpectExit { get; init; }
    public string? ExpectStderrContains { get; init; }
    public List<JsonElement> CheckAfter { get; init; } = [];

    /// <summary>The sockets case: what a client sends to the preopened listener, and the reply it must read.</summary>
    public (string Send, string ExpectReply)? Tcp { get; init; }

    public static ProgramCase Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        List<JsonElement> Array(string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.Clone()).ToList() : [];
        return new ProgramCase
        {
            Name = Path.GetFileNameWithoutExtension(path),
            Wasm = Str("wasm") ?? throw new InvalidDataException($"{path}: no \"wasm\""),
            Args = Array("args").Select(a => a.GetString()!).ToList(),
            Env = root.TryGetProperty("env", out var env)
                ? env.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList()
                : [],
            Dirs = Array("dirs").Select(d => (d.GetProperty("host").GetString()!, d.GetProperty("guest").GetString()!)).ToList(),
            Setup = Array("setup"),
            Stdin = Str("stdin"),
            ExpectStdout = Str("expect_stdout"),
            ExpectExit = root.TryGetProperty("expect_exit", out var exit) ? exit.GetInt32() : 0,
            ExpectStderrContains = Str("expect_stderr_contains"),
            CheckAfter = Array("check_after"),
            Tcp = root.TryGetProperty("tcp", out var tcp)
                ? (tcp.GetProperty("send").GetString()!, tcp.GetProperty("expect_reply").GetString()!)
                : null,
        };
    }

    /// <summary>Makes the directories and files the case needs under <paramref name="root"/>.</summary>
    public void SetUp(string root)
    {
        foreach (var (host, _) in Dirs) Directory.CreateDirectory(Path.Combine(root, host));
        foreach (var op in Setup)
        {
            var path = Path.Combine(root, op.GetProperty("path").GetString()!);
            switch (op.GetProperty("op").GetString())
            {
                case "mkdir":
                    Directory.CreateDirectory(path);
                    break;
                case "write":
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, op.TryGetProperty("content", out var c) ? c.GetString() : "");
                    break;
                case "symlink":
                    var target = op.GetProperty("target").GetString()!;
                    bool absolute = op.TryGetProperty("absolute", out var a) && a.GetBoolean();
                    File.CreateSymbolicLink(path, absolute ? Path.Combine(root, target) : target);
                    break;
                default:
                    throw new InvalidDataException($"{Name}: unknown setup op {op}");
            }
        }
    }

    /// <summary>The after-run checks that fail, as messages.</summary>
    public IEnumerable<string> FailedChecks(string root)
    {
        foreach (var op in CheckAfter)
        {
            var relative = op.GetProperty("path").GetString()!;
            var info = new FileInfo(Path.Combine(root, relative));
            bool exists = info.Exists || Directory.Exists(info.FullName) || info.LinkTarget is not null;
            switch (op.GetProperty("op").GetString())
            {
                case "absent":
                    if (exists) yield return $"{relative} exists";
                    break;
                case "exists":
                    if (!exists) { yield return $"{relative} missing"; break; }
                    var type = info.LinkTarget is not null ? "symlink" : Directory.Exists(info.FullName) ? "dir" : "file";
                    if (op.TryGetProperty("type", out var t) && t.GetString() != type) yield return $"{relative} is {type}, expected {t.GetString()}";
                    break;
                case "content":
                    if (!exists) { yield return $"{relative} missing"; break; }
                    var content = File.ReadAllText(info.FullName);
                    if (content != op.GetProperty("content").GetString()) yield return $"{relative} has content \"{content}\"";
                    break;
                default:
                    yield return $"unknown check op {op}";
                    break;
            }
        }
    }
}
