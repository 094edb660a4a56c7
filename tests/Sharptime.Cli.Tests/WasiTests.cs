namespace Sharptime.Cli.Tests;

/// <summary>WASI through the command: the README's hello world, stdio passthrough at volume, exit codes.</summary>
[Collection(CliCollection.Name)]
public sealed class WasiTests(PublishedCli cli)
{
    private const string WasiImports = """
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
        """;

    [WasiFact]
    public void HelloWorldExamplePrintsHello()
    {
        var result = cli.Run(Path.Combine(cli.Examples, "hello.wat"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Hello, world!\n", result.Stdout);
    }

    [WasiFact]
    public void MegabytesOfStdoutArriveWhole()
    {
        // 128 writes of a 64 KiB block whose bytes are their offset mod 251: 8 MiB in all.
        var module = cli.WriteFile("bulk.wat", $$"""
            (module
            {{WasiImports}}
              (memory (export "memory") 2)
              (func (export "_start") (local $i i32)
                (loop $fill
                  (i32.store8 offset=1024 (local.get $i) (i32.rem_u (local.get $i) (i32.const 251)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $fill (i32.lt_u (local.get $i) (i32.const 65536))))
                (i32.store (i32.const 0) (i32.const 1024))
                (i32.store (i32.const 4) (i32.const 65536))
                (local.set $i (i32.const 0))
                (loop $write
                  (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
                  (if (i32.ne (i32.load (i32.const 8)) (i32.const 65536)) (then unreachable))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $write (i32.lt_u (local.get $i) (i32.const 128))))))
            """);
        var result = cli.Run(module);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(128 * 65536, result.StdoutBytes.Length);
        for (int i = 0; i < result.StdoutBytes.Length; i += 4099)
            Assert.Equal((byte)(i % 65536 % 251), result.StdoutBytes[i]);
    }

    [WasiFact]
    public void StdinIsCopiedToStdoutWithoutLoss()
    {
        var module = cli.WriteFile("cat.wat", $$"""
            (module
            {{WasiImports}}
              (memory (export "memory") 2)
              (func (export "_start") (local $n i32)
                (loop $copy
                  (i32.store (i32.const 0) (i32.const 1024))
                  (i32.store (i32.const 4) (i32.const 65536))
                  (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
                  (local.set $n (i32.load (i32.const 8)))
                  (if (i32.eqz (local.get $n)) (then return))
                  (i32.store (i32.const 4) (local.get $n))
                  (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable))
                  (br $copy))))
            """);
        var input = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(input);
        var result = cli.Run(new CliRun { Arguments = [module], Stdin = input });
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(input.Length, result.StdoutBytes.Length);
        Assert.True(input.AsSpan().SequenceEqual(result.StdoutBytes), "stdout differs from stdin");
    }

    [WasiFact]
    public void OutputWrittenBeforeATrapIsKeptAndComesFirst()
    {
        var module = cli.WriteFile("late-trap.wat", $$"""
            (module
            {{WasiImports}}
              (memory (export "memory") 1)
              (data (i32.const 16) "written before the trap\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 24))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (drop (call $fd_write (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8)))
                unreachable))
            """);
        var result = cli.Run(module);
        Assert.Equal(134, result.ExitCode);
        Assert.Equal("written before the trap\n", result.Stdout);
        Assert.StartsWith("written before the trap\nError: failed to run main module", result.Stderr);
        Assert.Contains("wasm trap: unreachable", result.Stderr);
    }

    [WasiFact]
    public void ProcExitCodesBecomeTheProcessExitCode()
    {
        foreach (var code in new[] { 0, 1, 3, 42, 125 })
        {
            var module = cli.WriteFile("exit.wat", $$"""
                (module
                {{WasiImports}}
                  (memory (export "memory") 1)
                  (func (export "_start") (call $proc_exit (i32.const {{code}})) unreachable))
                """);
            var result = cli.Run(module);
            Assert.True(result.ExitCode == code, $"proc_exit({code}): {result}");
            Assert.Equal("", result.Stderr);
        }
    }

    [WasiFact]
    public void TheGuestSeesOnlyTheEnvironmentItIsGiven()
    {
        // environ_sizes_get's count is returned as the result of the invoked function.
        var module = cli.WriteFile("envcount.wat", """
            (module
              (import "wasi_snapshot_preview1" "environ_sizes_get" (func $sizes (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "count") (result i32)
                (drop (call $sizes (i32.const 0) (i32.const 4)))
                (i32.load (i32.const 0))))
            """);
        var none = cli.Run("--invoke", "count", module);
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal("0\n", none.Stdout);
        var two = cli.Run(new CliRun
        {
            Arguments = ["--env", "A=1", "--env", "HOST_VALUE", "--env", "NOT_ON_HOST", "--invoke", "count", module],
            Environment = new Dictionary<string, string?> { ["HOST_VALUE"] = "x", ["NOT_ON_HOST"] = null },
        });
        Assert.Equal("2\n", two.Stdout);
    }
}
